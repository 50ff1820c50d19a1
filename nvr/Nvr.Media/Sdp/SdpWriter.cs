using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nvr.Media.Sdp;

/// <summary>
/// Writes the SDP an RTSP server returns from DESCRIBE (RFC 8866 §5, RFC 2326 §C) for a list of
/// tracks: one <c>m=</c> section per track with rtpmap, fmtp (RFC 6184 §8.2.1, RFC 7798 §7.2.1,
/// RFC 3640 §4.1) and a relative <c>a=control:trackID=&lt;id&gt;</c>, and <c>a=control:*</c> at session level.
/// </summary>
/// <remarks>
/// <code>
/// v=0
/// o=- 0 0 IN IP4 127.0.0.1
/// s=Nvr
/// c=IN IP4 0.0.0.0
/// t=0 0
/// a=tool:Nvr
/// a=control:*
/// a=range:npt=0-
/// m=video 0 RTP/AVP 96
/// a=rtpmap:96 H264/90000
/// a=fmtp:96 packetization-mode=1;profile-level-id=64001F;sprop-parameter-sets=Z2QAH6zZ…,aOvjyyLA
/// a=control:trackID=0
/// </code>
/// </remarks>
public static class SdpWriter
{
    /// <summary>The RTP payload type used for the track at <paramref name="index"/>: static for G.711/JPEG (RFC 3551), else 96+index.</summary>
    public static int PayloadTypeFor(TrackDescription track, int index) => track.Codec switch
    {
        MediaCodec.Pcmu => 0,
        MediaCodec.Pcma => 8,
        MediaCodec.Mjpeg => 26,
        _ => Math.Min(96 + index, 127),
    };

    /// <summary>The relative control URL written for <paramref name="track"/>.</summary>
    public static string ControlFor(TrackDescription track) => "trackID=" + track.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the description as UTF-8 with CRLF line endings.</summary>
    /// <exception cref="ArgumentException">A track's codec is <see cref="MediaCodec.Unknown"/>.</exception>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TrackDescription> tracks, SdpWriterOptions? options = null)
    {
        var text = ToText(tracks, options);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var span = output.GetSpan(max);
        int n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }

    /// <summary>The description as a string (see <see cref="Write"/>).</summary>
    public static string ToText(IReadOnlyList<TrackDescription> tracks, SdpWriterOptions? options = null)
    {
        var o = options ?? new SdpWriterOptions();
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(512);
        string ipType = o.OriginAddress.Contains(':') ? "IP6" : "IP4";
        sb.Append("v=0\r\n");
        sb.Append(ci, $"o=- {o.SessionId} {o.SessionVersion} IN {ipType} {o.OriginAddress}\r\n");
        sb.Append("s=").Append(string.IsNullOrEmpty(o.SessionName) ? " " : Clean(o.SessionName)).Append("\r\n");
        sb.Append("c=IN IP4 0.0.0.0\r\n");
        sb.Append("t=0 0\r\n");
        if (o.Tool is not null) sb.Append("a=tool:").Append(Clean(o.Tool)).Append("\r\n");
        sb.Append("a=control:*\r\n");
        if (o.Range is not null) sb.Append("a=range:").Append(Clean(o.Range)).Append("\r\n");
        for (int i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i];
            int pt = PayloadTypeFor(t, i);
            string kind = t.Kind == TrackKind.Video ? "video" : "audio";
            sb.Append(ci, $"m={kind} 0 RTP/AVP {pt}\r\n");
            switch (t.Codec)
            {
                case MediaCodec.H264:
                    sb.Append(ci, $"a=rtpmap:{pt} H264/{t.ClockRate}\r\n");
                    sb.Append(ci, $"a=fmtp:{pt} packetization-mode=1");
                    if (t.Sps is { Length: >= 4 } sps) sb.Append(ci, $";profile-level-id={sps[1]:X2}{sps[2]:X2}{sps[3]:X2}");
                    else if (t.Profile != 0) sb.Append(ci, $";profile-level-id={t.Profile:X2}00{t.Level:X2}");
                    if (t.Sps is not null && t.Pps is not null)
                    {
                        sb.Append(";sprop-parameter-sets=").Append(SdpBase64.Encode(t.Sps)).Append(',').Append(SdpBase64.Encode(t.Pps));
                    }
                    sb.Append("\r\n");
                    break;
                case MediaCodec.H265:
                    sb.Append(ci, $"a=rtpmap:{pt} H265/{t.ClockRate}\r\n");
                    if (t.Vps is not null && t.Sps is not null && t.Pps is not null)
                    {
                        sb.Append(ci, $"a=fmtp:{pt} sprop-vps=").Append(SdpBase64.Encode(t.Vps))
                          .Append(";sprop-sps=").Append(SdpBase64.Encode(t.Sps))
                          .Append(";sprop-pps=").Append(SdpBase64.Encode(t.Pps)).Append("\r\n");
                    }
                    break;
                case MediaCodec.Aac:
                    {
                        int rate = t.SampleRate != 0 ? t.SampleRate : t.ClockRate;
                        int ch = t.Channels != 0 ? t.Channels : 1;
                        sb.Append(ci, $"a=rtpmap:{pt} MPEG4-GENERIC/{rate}/{ch}\r\n");
                        sb.Append(ci, $"a=fmtp:{pt} streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3");
                        if (t.AudioSpecificConfig is not null) sb.Append(";config=").Append(Convert.ToHexStringLower(t.AudioSpecificConfig));
                        sb.Append("\r\n");
                        break;
                    }
                case MediaCodec.Pcma:
                case MediaCodec.Pcmu:
                    {
                        int ch = t.Channels != 0 ? t.Channels : 1;
                        string name = t.Codec == MediaCodec.Pcma ? "PCMA" : "PCMU";
                        int rate = t.ClockRate != 0 ? t.ClockRate : 8000;
                        sb.Append(ci, $"a=rtpmap:{pt} {name}/{rate}");
                        if (ch != 1) sb.Append(ci, $"/{ch}");
                        sb.Append("\r\n");
                        break;
                    }
                case MediaCodec.Mjpeg:
                    sb.Append(ci, $"a=rtpmap:{pt} JPEG/90000\r\n");
                    break;
                default:
                    throw new ArgumentException($"track {t.Id}: codec {t.Codec} cannot be described", nameof(tracks));
            }
            sb.Append("a=control:").Append(ControlFor(t)).Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Clean(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
}
