using System.Net;

namespace Nvr.Rtsp.Client;

/// <summary>A received datagram's length and source.</summary>
public readonly record struct RtpUdpReceiveResult(int Length, IPEndPoint Source);
