using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// A real x264 clip (50 frames, GOP 10, B-frames, AUDs) through our packetizer (FU-A above 1200
/// bytes, STAP-A for small NAL units) and depacketizer, back to Annex-B, decoded by ffmpeg.
/// </summary>
public sealed class H264RoundTripTests : IDisposable
{
    private const int Frames = 50;
    private readonly string _directory = Directory.CreateTempSubdirectory("nvr-h264-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static RtpRoundTrip CreateRoundTrip(byte[] clip, int maxPayloadSize = H264Packetizer.DefaultMaxPayloadSize)
    {
        var units = VideoClips.SplitAccessUnits(clip, hevc: false);
        var packetizer = new H264Packetizer(maxPayloadSize);
        return new RtpRoundTrip(
            units,
            unit =>
            {
                var payloads = new List<byte[]>();
                Assert.True(packetizer.Packetize(unit, payloads));
                return payloads;
            },
            Inspect,
            nal => H264NalUnit.TypeOf(nal) == H264NalUnitType.AccessUnitDelimiter);
    }

    internal static (int Starts, bool HasVcl, bool IsFragment) Inspect(byte[] payload)
    {
        var type = H264NalUnit.TypeOf(payload[0]);
        switch (type)
        {
            case H264NalUnitType.StapA:
                int count = 0;
                bool vcl = false;
                for (int offset = 1; offset < payload.Length; offset += 2 + ((payload[offset] << 8) | payload[offset + 1]))
                {
                    count++;
                    vcl |= H264NalUnit.IsVcl(H264NalUnit.TypeOf(payload[offset + 2]));
                }
                return (count, vcl, false);
            case H264NalUnitType.FuA:
                return ((payload[1] & 0x80) != 0 ? 1 : 0, H264NalUnit.IsVcl(H264NalUnit.TypeOf(payload[1])), true);
            default:
                return (1, H264NalUnit.IsVcl(type), false);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a camera that never sets the marker bit
    public void ClipSurvivesPacketizationAndDecodes(bool setMarker)
    {
        var clip = VideoClips.Encode(hevc: false, _directory, Frames);
        var roundTrip = CreateRoundTrip(clip);
        Assert.Equal(Frames, roundTrip.AccessUnits.Count);
        var payloads = roundTrip.Payloads.ToList();
        Assert.Contains(payloads, p => H264NalUnit.TypeOf(p[0]) == H264NalUnitType.FuA);
        Assert.Contains(payloads, p => H264NalUnit.TypeOf(p[0]) == H264NalUnitType.StapA);
        Assert.All(payloads, p => Assert.True(p.Length <= H264Packetizer.DefaultMaxPayloadSize));

        var depacketizer = new H264Depacketizer();
        var units = roundTrip.Replay(depacketizer, setMarker);

        Assert.Equal(Frames, units.Count);
        for (int i = 0; i < Frames; i++)
        {
            Assert.Equal(1_000_000 + i * RtpRoundTrip.TimestampStep, units[i].Timestamp);
            Assert.Equal(roundTrip.ExpectedPayload(i), units[i].Payload);
            Assert.Equal(H264NalUnit.ContainsIdr(units[i].Payload), units[i].IsKeyframe);
        }
        Assert.Equal(Frames / 10, units.Count(u => u.IsKeyframe)); // GOP 10
        Assert.Equal(0, depacketizer.UnitsDroppedForLoss + depacketizer.UnitsDroppedOversize + depacketizer.PacketsMalformed);
        Assert.Equal(1, depacketizer.ParameterSetsVersion);
        Assert.True(H264Sps.TryParse(depacketizer.CurrentSps, out var sps));
        Assert.Equal((320, 240), (sps.Width, sps.Height));

        var path = Path.Combine(_directory, "out.h264");
        File.WriteAllBytes(path, units.SelectMany(u => AnnexB.FromLengthPrefixed(u.Payload)!).ToArray());
        var (errors, frames) = VideoClips.Decode(path, hevc: false);
        Assert.Equal("", errors);
        Assert.Equal(Frames, frames);
    }

    [Theory]
    [InlineData(true, 37)]
    [InlineData(false, 37)]
    [InlineData(true, 5)]
    [InlineData(false, 11)]
    public void LossDropsExactlyTheDamagedUnits(bool setMarker, int lossPeriod)
    {
        var clip = VideoClips.Encode(hevc: false, _directory, Frames);
        var roundTrip = CreateRoundTrip(clip);
        bool Lose(int i) => i % lossPeriod == lossPeriod - 1;

        var depacketizer = new H264Depacketizer();
        var units = roundTrip.Replay(depacketizer, setMarker, Lose);
        var (expected, dropped) = roundTrip.Expect(setMarker, Lose);

        Assert.True(dropped > 0);
        Assert.Equal(expected.Keys.Order(), units.Select(u => u.Timestamp));
        foreach (var unit in units) Assert.Equal(expected[unit.Timestamp], unit.Payload);
        Assert.Equal(dropped, depacketizer.UnitsDroppedForLoss);
        Assert.Equal(0, depacketizer.PacketsMalformed);
    }
}
