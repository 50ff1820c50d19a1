namespace Nvr.Http;

public sealed record VideoInfo(string Codec, int Width, int Height, int Profile, int Level);
