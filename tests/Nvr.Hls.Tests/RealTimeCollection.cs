namespace Nvr.Hls.Tests;

/// <summary>
/// Tests that play a clip in real time to third-party clients (ffprobe/ffmpeg, hls.js in
/// Chromium): one at a time, so they do not compete for the two cores they are measured on.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealTimeCollection
{
    public const string Name = "real time";
}
