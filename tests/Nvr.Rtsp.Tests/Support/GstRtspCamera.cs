using System.Diagnostics;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>
/// A real RTSP camera: GStreamer's RTSP server (gst-rtsp-server via python3-gi) streaming a live
/// H.264 test pattern on an ephemeral port. Disposing stops the process.
/// </summary>
internal sealed class GstRtspCamera : IAsyncDisposable
{
    private const string Script = """
        import os, sys, threading
        import gi
        gi.require_version('Gst', '1.0')
        gi.require_version('GstRtsp', '1.0')
        gi.require_version('GstRtspServer', '1.0')
        from gi.repository import Gst, GstRtsp, GstRtspServer, GLib
        Gst.init(None)
        server = GstRtspServer.RTSPServer()
        server.set_address('127.0.0.1')
        server.set_service('0')
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch('( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 ! x264enc tune=zerolatency key-int-max=25 ! rtph264pay name=pay0 pt=96 )')
        factory.set_shared(True)
        if len(sys.argv) > 2:
            auth = GstRtspServer.RTSPAuth()
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            token = GstRtspServer.RTSPToken.new()
            token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'user')
            auth.add_digest(sys.argv[1], sys.argv[2], token)
            server.set_auth(auth)
            perm = GstRtspServer.RTSPPermissions()
            perm.add_permission_for_role('user', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
            perm.add_permission_for_role('user', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
            factory.set_permissions(perm)
        server.get_mount_points().add_factory('/cam', factory)
        server.attach(None)
        print(server.get_bound_port(), flush=True)
        def watch_stdin():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=watch_stdin, daemon=True).start()
        GLib.MainLoop().run()
        """;

    private readonly Process _process;
    private readonly string _scriptPath;

    private GstRtspCamera(Process process, string scriptPath, int port)
    {
        _process = process;
        _scriptPath = scriptPath;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"rtsp://127.0.0.1:{Port}/cam";

    /// <summary>Starts the camera; with <paramref name="user"/> and <paramref name="password"/> it requires Digest auth.</summary>
    public static async Task<GstRtspCamera> StartAsync(string? user = null, string? password = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nvr-gst-camera-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, Script);
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(path);
        if (user is not null && password is not null)
        {
            psi.ArgumentList.Add(user);
            psi.ArgumentList.Add(password);
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start python3");
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        try
        {
            line = await p.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }
        if (line is null || !int.TryParse(line.Trim(), out int port) || port == 0)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync();
            File.Delete(path);
            throw new InvalidOperationException("GStreamer RTSP server did not start (needs python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-ugly for x264enc): " + await stderr);
        }
        return new GstRtspCamera(p, path, port);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            File.Delete(_scriptPath);
        }
    }
}
