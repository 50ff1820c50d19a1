namespace Nvr.Http;

public sealed record VersionResponse(string Name, string Version, string Runtime, string Os, string Architecture);
