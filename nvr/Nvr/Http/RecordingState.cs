namespace Nvr.Http;

public sealed record RecordingState(string Camera, bool Enabled);
