namespace Nvr.Http;

public sealed record AudioInfo(string Codec, int SampleRate, int Channels);
