namespace Nvr.Http;

public sealed record RecordingRequest(bool Enabled);
