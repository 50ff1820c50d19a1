using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;
using Nvr.Media.Rtp;
using Nvr.Media.Tests.H265;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// Writes the seed files of the video fuzz corpora (h264-sps, h265-sps, h264-avcc, h265-hvcc,
/// h264-rtp, h265-rtp). It is a tool, not a check: it only runs when
/// <c>NVR_WRITE_VIDEO_CORPUS</c> names the corpus folder, e.g.
/// <c>NVR_WRITE_VIDEO_CORPUS=$PWD/tests/Nvr.Media.Tests/corpus dotnet test … --filter VideoCorpusGenerator</c>.
/// The RTP seeds come from a fresh x264/x265 clip, so regenerating them changes their bytes.
/// </summary>
public sealed class VideoCorpusGenerator : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nvr-corpus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WriteSeeds()
    {
        var root = Environment.GetEnvironmentVariable("NVR_WRITE_VIDEO_CORPUS");
        if (string.IsNullOrEmpty(root)) return;

        Write(root, "h264-sps", new Dictionary<string, string>
        {
            ["x264-high-1080"] = H264SpsTests.X264High1080,
            ["x264-main-720"] = H264SpsTests.X264Main720,
            ["x264-baseline-480"] = H264SpsTests.X264Baseline480,
            ["x264-interlaced-576"] = H264SpsTests.X264Interlaced576,
            ["x264-high422"] = H264SpsTests.X264High422,
            ["x264-high444"] = H264SpsTests.X264High444,
            ["x264-high10"] = H264SpsTests.X264High10,
            ["x264-gray"] = H264SpsTests.X264Gray,
            ["hikvision-main-1080"] = H264SpsTests.HikvisionMain1080,
            ["crafted-scaling-poc1"] = H264SpsTests.CraftedScalingMatrixPocType1,
            ["x264-pps"] = "68ebe3cb22c0",
            ["hostile-truncated-size"] = H264SpsTests.X264High1080[..20],
            ["hostile-ue-overflow"] = "6764002a000000000000000001",
            ["hostile-all-ones"] = "67" + new string('F', 64),
            ["hostile-poc-cycle-255"] = "6742001ef9ff",
            ["hostile-emulation"] = "6764002800000300000300000301",
        });
        Write(root, "h265-sps", new Dictionary<string, string>
        {
            ["x265-sps-1080"] = H265SpsTests.X265Sps1080,
            ["x265-vps-1080"] = H265SpsTests.X265Vps1080,
            ["x265-pps"] = H265SpsTests.X265Pps,
            ["x265-main10"] = H265SpsTests.X265Main10At30,
            ["x265-rext444"] = H265SpsTests.X265Rext444,
            ["x265-rext422-12bit"] = H265SpsTests.X265Rext422At12Bit,
            ["x265-two-sublayers"] = H265SpsTests.X265TwoSubLayers,
            ["x265-two-sublayers-vps"] = H265SpsTests.X265TwoSubLayersVps,
            ["x265-scaling-lists"] = H265SpsTests.X265ScalingLists,
            ["dahua-704x576"] = H265SpsTests.DahuaSps704x576,
            ["hikvision-720"] = H265SpsTests.HikvisionSps720,
            ["hostile-truncated-ptl"] = H265SpsTests.X265Sps1080[..24],
            ["hostile-seven-sublayers"] = "420f01" + new string('F', 60),
            ["hostile-all-zero"] = "4201" + new string('0', 64),
        });
        var hevcRecord = HevcDecoderConfigurationRecord.Create(
            Convert.FromHexString(H265SpsTests.X265Vps1080), Convert.FromHexString(H265SpsTests.X265Sps1080), Convert.FromHexString(H265SpsTests.X265Pps));
        Write(root, "h264-avcc", new Dictionary<string, string>
        {
            ["ffmpeg-high-1080"] = "01640028FFE1001B" + H264SpsTests.X264High1080 + "01000668EBE3CB22C0FDF8F800",
            ["hikvision-main"] = Convert.ToHexString(AvcDecoderConfigurationRecord.Create(
                Convert.FromHexString(H264SpsTests.HikvisionMain1080), Convert.FromHexString(H264SpsTests.HikvisionPps)).ToArray()),
            ["hostile-counts"] = "01640028FFFF0004676400FF",
        });
        Write(root, "h265-hvcc", new Dictionary<string, string>
        {
            ["x265-1080"] = Convert.ToHexString(hevcRecord.ToArray()),
            ["with-sei-array"] = "0101600000009000000000003cf000fcfdf8f800000f01270001000506ffffff80",
            ["hostile-counts"] = "0101600000009000000000003cf000fcfdf8f800000fffa0ffff0018",
        });

        WriteRtp(root, "h264-rtp", hevc: false);
        WriteRtp(root, "h265-rtp", hevc: true);
    }

    private void WriteRtp(string root, string name, bool hevc)
    {
        var clip = VideoClips.Encode(hevc, _directory, frames: 12);
        var units = VideoClips.SplitAccessUnits(clip, hevc);
        var files = new Dictionary<string, byte[]>
        {
            ["gop-start-mtu1200"] = Packets(units.Take(3), hevc, 1200, marker: true, skip: -1),
            ["gop-start-no-marker-mtu300"] = Packets(units.Take(2), hevc, 300, marker: false, skip: -1),
            ["gop-start-loss-mtu500"] = Packets(units.Take(3), hevc, 500, marker: true, skip: 4),
        };
        var hostile = hevc
            ? new[]
            {
                ("fu-without-start", new[] { "6201" + "13AABB", "6201" + "53CCDD", "2601AF00" }),
                ("ap-bad-sizes", new[] { "6001FFFF2601", "60010000", "600100012600022601", "2601AF00" }),
                ("paci-and-unspecified", new[] { "640100002601AF", "7E01AA", "A601AF", "2600AF", "2601AF00" }),
                ("fu-never-ends", Enumerable.Repeat("6201" + "13" + new string('A', 200), 40).Prepend("6201" + "93" + new string('A', 200)).ToArray()),
            }
            : new[]
            {
                ("fu-without-start", new[] { "7C05AABB", "7C45CCDD", "65888400" }),
                ("stap-bad-sizes", new[] { "78FFFF65", "780000", "780001650002658800", "65888400" }),
                ("interleaved-types", new[] { "790001650001", "7A00010203", "7B00010203", "7D8500010203", "00AA", "1E00", "1F00", "E588", "65888400" }),
                ("fu-never-ends", Enumerable.Repeat("7C05" + new string('A', 200), 40).Prepend("7C85" + new string('A', 200)).ToArray()),
            };
        foreach (var (file, payloads) in hostile)
        {
            files["hostile-" + file] = RtpCorpusFile.Write(payloads.Select((p, i) =>
                new RtpPacket(96, i == payloads.Length - 1, (ushort)(65530 + i), 90000, 0x1234, Convert.FromHexString(p))));
        }
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, bytes) in files) File.WriteAllBytes(Path.Combine(dir, file + ".bin"), bytes);
    }

    /// <summary>Packetizes access units; <paramref name="skip"/> names a packet index to leave out (a sequence gap).</summary>
    private static byte[] Packets(IEnumerable<List<byte[]>> units, bool hevc, int mtu, bool marker, int skip)
    {
        var packets = new List<RtpPacket>();
        ushort sequence = 65500;
        uint timestamp = 4294960000; // wraps
        int index = 0;
        foreach (var unit in units)
        {
            var payloads = new List<byte[]>();
            var data = NalUnits.ToLengthPrefixed(unit.Select(n => (ReadOnlyMemory<byte>)n));
            bool ok = hevc ? new H265Packetizer(mtu).Packetize(data, payloads) : new H264Packetizer(mtu).Packetize(data, payloads);
            Assert.True(ok);
            for (int i = 0; i < payloads.Count; i++, sequence++)
            {
                if (index++ == skip) continue;
                packets.Add(new RtpPacket(96, marker && i == payloads.Count - 1, sequence, timestamp, 0xABCD, payloads[i]));
            }
            timestamp += 3600;
        }
        return RtpCorpusFile.Write(packets);
    }

    private static void Write(string root, string name, Dictionary<string, string> seeds)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, hex) in seeds) File.WriteAllBytes(Path.Combine(dir, file + ".bin"), Convert.FromHexString(hex));
    }
}
