namespace Nvr.Testing;

/// <summary>
/// What a <see cref="FakeCamera"/> serves. Defaults are cheap on a 2-core box: 640x360 at
/// 15 fps, a key frame every second, H.264 + AAC, no authentication, one mount <c>/cam</c>.
/// </summary>
public sealed record FakeCameraOptions
{
    /// <summary>Video codec.</summary>
    public CameraCodec Codec { get; init; } = CameraCodec.H264;

    /// <summary>Audio track.</summary>
    public CameraAudio Audio { get; init; } = CameraAudio.Aac;

    /// <summary>Frame width of the first mount.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height of the first mount.</summary>
    public int Height { get; init; } = 360;

    /// <summary>Frame width of the other mounts; the main size when 0.</summary>
    public int SubWidth { get; init; }

    /// <summary>Frame height of the other mounts; the main size when 0.</summary>
    public int SubHeight { get; init; }

    /// <summary>Frames per second.</summary>
    public int Fps { get; init; } = 15;

    /// <summary>Maximum distance between key frames, in frames (key-int-max).</summary>
    public int Gop { get; init; } = 15;

    /// <summary>Video bit rate, kbit/s.</summary>
    public int BitrateKbps { get; init; } = 800;

    /// <summary>Slices per frame (live H.264/H.265); more than 1 reproduces multi-slice cameras.</summary>
    public int Slices { get; init; } = 1;

    /// <summary>Authentication scheme.</summary>
    public CameraAuth Auth { get; init; } = CameraAuth.None;

    /// <summary>User name when <see cref="Auth"/> is not <see cref="CameraAuth.None"/>.</summary>
    public string User { get; init; } = "admin";

    /// <summary>Password when <see cref="Auth"/> is not <see cref="CameraAuth.None"/>.</summary>
    public string Password { get; init; } = "secret";

    /// <summary>Mount paths, each starting with '/'; the first is the main stream.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = ["/cam"];

    /// <summary>Port to listen on; 0 lets the kernel choose (read it from <see cref="FakeCamera.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// A pre-encoded file (see <see cref="ClipFactory"/>) to replay in a loop instead of encoding
    /// live — the cheap mode for load tests. Codec/audio/size options are then ignored.
    /// </summary>
    public string? ClipPath { get; init; }

    /// <summary>Offer multicast transport from 224.3.0.0/24 (tests in a network namespace: the server disables multicast loopback).</summary>
    public bool Multicast { get; init; }

    /// <summary>Media latency in milliseconds (the server default when null).</summary>
    public int? LatencyMs { get; init; }

    /// <summary>One pipeline shared by all clients (true) or one per client.</summary>
    public bool Shared { get; init; } = true;

    /// <summary>videotestsrc pattern (ball, smpte, snow, …).</summary>
    public string Pattern { get; init; } = "ball";

    /// <summary>How long to wait for the server to listen.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Extra fake_camera.py arguments.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Receives every output line of the camera process (e.g. an ITestOutputHelper).</summary>
    public Action<OutputLine>? Log { get; init; }
}
