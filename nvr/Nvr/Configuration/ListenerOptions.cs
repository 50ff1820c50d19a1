namespace Nvr.Configuration;

/// <summary>One TCP listener: <c>Http</c>, <c>Rtsp</c> (extended by <see cref="RtspSection"/>), <c>Rtmp</c> sections.</summary>
public class ListenerOptions
{
    public int Port { get; set; }

    /// <summary>Address to bind. Default: every interface (it is an appliance); tests use 127.0.0.1.</summary>
    public string Address { get; set; } = "0.0.0.0";
}
