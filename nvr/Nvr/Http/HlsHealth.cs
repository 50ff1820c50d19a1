using Nvr.Hls;

namespace Nvr.Http;

/// <summary>The live HLS muxers in <c>GET /api/health</c>: one per watched stream, created by the first playlist request, closed when idle.</summary>
public sealed record HlsHealth(int Muxers, HlsMuxerHealth[] Streams)
{
    public static HlsHealth From(IReadOnlyList<HlsMuxerStatus> status) => new(status.Count, status.Select(m => new HlsMuxerHealth(
        m.Feed,
        m.Instance,
        m.AudioMode.ToString().ToLowerInvariant(),
        m.Outputs.Select(o => new HlsOutputHealth(
            o.Format == HlsFormat.MpegTs ? "ts" : "fmp4", o.LowLatency, o.CarriesAudio, o.Codecs, o.TargetDuration, o.Segments, o.LastMsn, o.Bytes, o.PeakBitrate)).ToArray())).ToArray());
}
