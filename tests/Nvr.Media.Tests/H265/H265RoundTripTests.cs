using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H265;
using Nvr.Media.Tests.H264;

namespace Nvr.Media.Tests.H265;

/// <summary>
/// A real x265 clip (50 frames, keyint 10, B-frames, AUDs) through our packetizer (FU above 1200
/// bytes, AP for small NAL units) and depacketizer, back to Annex-B, decoded by ffmpeg.
/// </summary>
public sealed class H265RoundTripTests : IDisposable
{
    private const int Frames = 50;
    private readonly string _directory = Directory.CreateTempSubdirectory("nvr-h265-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static RtpRoundTrip CreateRoundTrip(byte[] clip, int maxPayloadSize = H265Packetizer.DefaultMaxPayloadSize)
    {
        var units = VideoClips.SplitAccessUnits(clip, hevc: true);
        var packetizer = new H265Packetizer(maxPayloadSize);
        return new RtpRoundTrip(
            units,
            unit =>
            {
                var payloads = new List<byte[]>();
                Assert.True(packetizer.Packetize(unit, payloads));
                return payloads;
            },
            Inspect,
            nal => H265NalUnit.TypeOf(nal) == H265NalUnitType.AccessUnitDelimiter);
    }

    internal static (int Starts, bool HasVcl, bool IsFragment) Inspect(byte[] payload)
    {
        var type = H265NalUnit.TypeOf(payload[0]);
        switch (type)
        {
            case H265NalUnitType.AggregationPacket:
                int count = 0;
                bool vcl = false;
                for (int offset = 2; offset < payload.Length; offset += 2 + ((payload[offset] << 8) | payload[offset + 1]))
                {
                    count++;
                    vcl |= H265NalUnit.IsVcl(H265NalUnit.TypeOf(payload[offset + 2]));
                }
                return (count, vcl, false);
            case H265NalUnitType.FragmentationUnit:
                return ((payload[2] & 0x80) != 0 ? 1 : 0, (payload[2] & 0x3F) < 32, true);
            default:
                return (1, H265NalUnit.IsVcl(type), false);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a camera that never sets the marker bit
    public void ClipSurvivesPacketizationAndDecodes(bool setMarker)
    {
        var clip = VideoClips.Encode(hevc: true, _directory, Frames);
        var roundTrip = CreateRoundTrip(clip);
        Assert.Equal(Frames, roundTrip.AccessUnits.Count);
        var payloads = roundTrip.Payloads.ToList();
        Assert.Contains(payloads, p => H265NalUnit.TypeOf(p[0]) == H265NalUnitType.FragmentationUnit);
        Assert.Contains(payloads, p => H265NalUnit.TypeOf(p[0]) == H265NalUnitType.AggregationPacket);
        Assert.All(payloads, p => Assert.True(p.Length <= H265Packetizer.DefaultMaxPayloadSize));

        var depacketizer = new H265Depacketizer();
        var units = roundTrip.Replay(depacketizer, setMarker);

        Assert.Equal(Frames, units.Count);
        for (int i = 0; i < Frames; i++)
        {
            Assert.Equal(1_000_000 + i * RtpRoundTrip.TimestampStep, units[i].Timestamp);
            Assert.Equal(roundTrip.ExpectedPayload(i), units[i].Payload);
            Assert.Equal(H265NalUnit.ContainsIrap(units[i].Payload), units[i].IsKeyframe);
        }
        Assert.Equal(Frames / 10, units.Count(u => u.IsKeyframe)); // keyint 10
        Assert.Equal(0, depacketizer.UnitsDroppedForLoss + depacketizer.UnitsDroppedOversize + depacketizer.PacketsMalformed);
        Assert.Equal(1, depacketizer.ParameterSetsVersion);
        Assert.True(H265Sps.TryParse(depacketizer.CurrentSps, out var sps));
        Assert.Equal((320, 240), (sps.Width, sps.Height));
        Assert.NotNull(depacketizer.CurrentVps);
        Assert.NotNull(depacketizer.CurrentPps);

        var path = Path.Combine(_directory, "out.h265");
        File.WriteAllBytes(path, units.SelectMany(u => AnnexB.FromLengthPrefixed(u.Payload)!).ToArray());
        var (errors, frames) = VideoClips.Decode(path, hevc: true);
        Assert.Equal("", errors);
        Assert.Equal(Frames, frames);
    }

    [Theory]
    [InlineData(true, 29)]
    [InlineData(false, 37)]
    [InlineData(true, 6)]
    [InlineData(false, 13)]
    public void LossDropsExactlyTheDamagedUnits(bool setMarker, int lossPeriod)
    {
        var clip = VideoClips.Encode(hevc: true, _directory, Frames);
        var roundTrip = CreateRoundTrip(clip);
        bool Lose(int i) => i % lossPeriod == lossPeriod - 1;

        var depacketizer = new H265Depacketizer();
        var units = roundTrip.Replay(depacketizer, setMarker, Lose);
        var (expected, dropped) = roundTrip.Expect(setMarker, Lose);

        Assert.True(dropped > 0);
        Assert.Equal(expected.Keys.Order(), units.Select(u => u.Timestamp));
        foreach (var unit in units) Assert.Equal(expected[unit.Timestamp], unit.Payload);
        Assert.Equal(dropped, depacketizer.UnitsDroppedForLoss);
        Assert.Equal(0, depacketizer.PacketsMalformed);
    }
}
