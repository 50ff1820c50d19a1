using System.Buffers;
using Nvr.Media;
using Nvr.Media.Codecs;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>Writes received video units as an Annex B elementary stream, so ffmpeg can check them independently.</summary>
internal static class AnnexBFile
{
    public static byte[] Build(TrackDescription video, IEnumerable<MediaUnit> units)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var unit in units)
        {
            if (unit.IsKeyframe)
            {
                if (video.Vps is { } vps) AnnexB.WriteNalUnit(vps, output);
                AnnexB.WriteNalUnit(video.Sps!, output);
                AnnexB.WriteNalUnit(video.Pps!, output);
            }
            Assert.True(AnnexB.FromLengthPrefixed(unit.Payload.Span, output), "unit is not valid length-prefixed NAL units");
        }
        return output.WrittenSpan.ToArray();
    }
}
