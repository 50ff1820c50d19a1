using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Hls;
using Nvr.HlsGlue;
using Nvr.Media;
using Nvr.Rtmp.Flv;
using Nvr.Streaming;

namespace Nvr.Http;

/// <summary>
/// The live outputs of a stream and which of them carry its audio. Browsers cannot decode G.711
/// (Media Source Extensions and Safari's HLS have no A-law/µ-law): RTSP and RTMP pass it through
/// for players like VLC and ffmpeg, HTTP-FLV and HLS — the browser outputs — leave it out and are
/// video only until a transcoder is configured.
/// </summary>
public sealed record StreamOutputs(OutputInfo Rtsp, OutputInfo Rtmp, OutputInfo HttpFlv, OutputInfo HlsFmp4, OutputInfo HlsTs)
{
    public static StreamOutputs For(string camera, string stream, StreamDescription? description, NvrOptions options)
    {
        var feed = CameraStream.FeedPath(camera, stream);
        var audio = description?.Audio?.Codec;
        bool? Carried(Func<MediaCodec, bool> carries) => description is null ? null : audio is { } c && carries(c);
        bool? hls = description is null ? null : HlsMuxer.PredictAudioMode(description, transcoderAvailable: false) is HlsAudioMode.Passthrough or HlsAudioMode.Transcoded;
        int http = options.Http.Port;
        return new StreamOutputs(
            new OutputInfo($"/{feed}", options.Rtsp.Port, Carried(_ => true)),
            new OutputInfo($"/live/{feed}", options.Rtmp.Port, Carried(FlvMuxer.CanCarry)),
            new OutputInfo($"/live/{feed}.flv", http, Carried(FlvMuxer.IsBrowserPlayable)),
            new OutputInfo(HlsEndpoints.PlaylistPath(camera, stream, HlsFormat.Fmp4), http, hls),
            new OutputInfo(HlsEndpoints.PlaylistPath(camera, stream, HlsFormat.MpegTs), http, hls));
    }
}
