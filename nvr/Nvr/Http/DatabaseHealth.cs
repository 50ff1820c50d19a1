namespace Nvr.Http;

public sealed record DatabaseHealth(int SchemaVersion, long Boots);
