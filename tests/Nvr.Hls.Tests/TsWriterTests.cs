using System.Buffers;
using System.Buffers.Binary;
using Nvr.Hls.MpegTs;
using Nvr.Hls.Tests.Support;
using Nvr.Media;

namespace Nvr.Hls.Tests;

/// <summary>
/// <see cref="TsWriter"/> packetization at the edges: every payload length around the packet
/// boundaries (adaptation-field stuffing of 1, 2 and more bytes), PES longer than 65535 bytes
/// (unbounded PES_packet_length), AUD and parameter sets, PCR and continuity.
/// </summary>
public sealed class TsWriterTests
{
    private static readonly TrackDescription Video = new()
    {
        Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90_000,
        Sps = [0x67, 0x42, 0xC0, 0x1E, 0xD9, 0x00, 0xA0, 0x2F, 0xF9, 0x70, 0x11], Pps = [0x68, 0xCE, 0x3C, 0x80],
    };

    private static readonly TrackDescription Audio = new()
    {
        Id = 2, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 48_000, SampleRate = 48_000, Channels = 1,
        AudioSpecificConfig = [0x11, 0x88],
    };

    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        foreach (int n in new[] { 1, 2, 100, 65_535, 65_600, 200_000 }) data.Add(n);
        for (int n = 140; n <= 190; n++) data.Add(n);    // first packet: 184 − PES header − AUD − (AF with PCR)
        for (int n = 310; n <= 380; n++) data.Add(n);    // second packet boundary
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Video_and_audio_frames_of_any_size_become_valid_packets(int size)
    {
        var writer = new TsWriter(Video, Audio);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteTables(output);
        var nal = new byte[size];
        nal.AsSpan().Fill(0xAA);
        nal[0] = 0x65; // IDR slice
        var payload = new byte[4 + size];
        BinaryPrimitives.WriteInt32BigEndian(payload, size);
        nal.CopyTo(payload, 4);
        Assert.True(writer.WriteVideo(payload, keyframe: true, pts90: 129_000, dts90: 126_000, output));
        Assert.True(writer.WriteVideo(payload, keyframe: false, pts90: 132_000, dts90: 129_000, output));
        bool audio = size <= 8_000;
        if (audio) Assert.True(writer.WriteAudio(nal, 126_000, output));

        var r = TsChecker.Check(output.WrittenSpan);
        Assert.Empty(r.Errors);
        Assert.Equal(0, output.WrittenCount % 188);
        // AUD (6) + SPS and PPS with start codes on the keyframe (4 + 11, 4 + 4) + the slice with its start code.
        Assert.Equal([6 + 15 + 8 + 4 + size, 6 + 4 + size], r.VideoEsLengths);
        Assert.Equal(2, r.VideoPesWithAud);
        Assert.Equal(1, r.RandomAccessPesWithSps);
        Assert.Equal([126_000L, 129_000L], r.VideoDts);
        Assert.Equal([126_000L - TsWriter.PcrLead, 129_000L - TsWriter.PcrLead], r.Pcrs);
        Assert.Equal(audio ? [7 + size] : [], r.AudioEsLengths);
    }

    [Fact]
    public void Existing_auds_are_replaced_and_in_band_parameter_sets_are_not_duplicated()
    {
        var writer = new TsWriter(Video, null);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteTables(output);
        byte[][] nals = [[0x09, 0xF0], Video.Sps!, Video.Pps!, [0x65, 0x88, 0x84]];
        var payload = nals.SelectMany(n => BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(n.Length)).Concat(n)).ToArray();
        Assert.True(writer.WriteVideo(payload, keyframe: true, 0, 0, output));
        var r = TsChecker.Check(output.WrittenSpan);
        Assert.Empty(r.Errors);
        Assert.Equal([6 + (4 + 11) + (4 + 4) + (4 + 3)], r.VideoEsLengths);
        Assert.Equal(new Dictionary<int, byte> { [TsWriter.VideoPid] = TsWriter.StreamTypeH264 }, r.StreamTypes);
        Assert.False(writer.WriteVideo([0, 0, 0, 9, 0x65], keyframe: false, 0, 0, output)); // length past the end
        Assert.False(writer.WriteAudio([1, 2, 3], 0, output)); // no audio stream
    }

    [Fact]
    public void Audio_only_programs_carry_the_pcr_on_the_audio_pid()
    {
        var writer = new TsWriter(null, Audio);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteTables(output);
        for (int i = 0; i < 20; i++) Assert.True(writer.WriteAudio(new byte[200 + i], 126_000 + i * 1920, output));
        var r = TsChecker.Check(output.WrittenSpan);
        Assert.Empty(r.Errors);
        Assert.Equal(TsWriter.AudioPid, r.PcrPid);
        Assert.Equal(20, r.AudioPesWithAdts);
        Assert.Equal(20, r.Pcrs.Count);
    }

    [Fact]
    public void Continuity_counters_wrap_and_continue_across_calls()
    {
        var writer = new TsWriter(Video, Audio);
        IReadOnlyDictionary<int, int>? continuity = null;
        for (int segment = 0; segment < 3; segment++)
        {
            var output = new ArrayBufferWriter<byte>();
            writer.WriteTables(output);
            for (int i = 0; i < 40; i++) Assert.True(writer.WriteAudio(new byte[300], i * 1920, output));
            var r = TsChecker.Check(output.WrittenSpan, continuity);
            Assert.Empty(r.Errors);
            continuity = r.Continuity;
        }
    }
}
