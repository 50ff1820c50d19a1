using System.Buffers;
using Nvr.Rtmp.Chunks;

namespace Nvr.Rtmp.Tests;

public class RtmpChunkTests
{
    private static List<RtmpMessage> ReadAll(RtmpChunkReader reader, byte[] bytes, int segment = int.MaxValue)
    {
        var messages = new List<RtmpMessage>();
        var leftover = Array.Empty<byte>();
        for (var offset = 0; offset < bytes.Length; offset += segment)
        {
            byte[] window = [.. leftover, .. bytes.AsSpan(offset, Math.Min(segment, bytes.Length - offset))];
            var seq = new SequenceReader<byte>(new ReadOnlySequence<byte>(window));
            RtmpChunkReadStatus status;
            while ((status = reader.Read(ref seq, out var m)) == RtmpChunkReadStatus.Message) messages.Add(m);
            Assert.NotEqual(RtmpChunkReadStatus.Error, status);
            leftover = window[^(int)seq.Remaining..];
            if (segment == int.MaxValue) break;
        }
        return messages;
    }

    [Theory]
    [InlineData(128, int.MaxValue)]
    [InlineData(128, 5)]
    [InlineData(4096, 1)]
    [InlineData(60, 17)]
    public void Writer_output_reads_back_exactly(int chunkSize, int segment)
    {
        var writer = new RtmpChunkWriter { ChunkSize = chunkSize };
        var output = new ArrayBufferWriter<byte>();
        var sent = new List<RtmpMessage>();
        var rng = new Random(7);
        uint ts = 0;
        for (var i = 0; i < 40; i++)
        {
            var payload = new byte[rng.Next(0, 1000)];
            rng.NextBytes(payload);
            var csid = (uint)(i % 3 == 0 ? 4 : i % 3 == 1 ? 6 : 400);
            ts += (uint)rng.Next(0, 50);
            if (i == 20) ts = 0x01000005; // extended timestamps from here on
            var m = new RtmpMessage(csid, i % 2 == 0 ? RtmpMessageType.Audio : RtmpMessageType.Video, 1, ts, payload);
            sent.Add(m);
            writer.Write(output, csid, m.Type, m.StreamId, m.Timestamp, payload.AsSpan(0, Math.Min(3, payload.Length)), payload.AsSpan(Math.Min(3, payload.Length)));
        }
        var reader = new RtmpChunkReader { ChunkSize = chunkSize };

        var received = ReadAll(reader, output.WrittenSpan.ToArray(), segment);

        Assert.Equal(sent.Count, received.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].ChunkStreamId, received[i].ChunkStreamId);
            Assert.Equal(sent[i].Type, received[i].Type);
            Assert.Equal(sent[i].Timestamp, received[i].Timestamp);
            Assert.Equal(sent[i].StreamId, received[i].StreamId);
            Assert.Equal(sent[i].Payload.ToArray(), received[i].Payload.ToArray());
        }
        Assert.Equal(0, reader.PendingBytes);
    }

    [Fact]
    public void Fmt_1_2_3_deltas_accumulate_like_ffmpeg_and_nginx()
    {
        byte[] bytes =
        [
            0x04, 0, 0, 100, 0, 0, 2, 8, 1, 0, 0, 0, 0xAA, 0xBB,   // fmt 0: ts 100, len 2, audio, stream 1
            0x44, 0, 0, 20, 0, 0, 1, 8, 0xCC,                     // fmt 1: +20 → 120, len 1
            0x84, 0, 0, 23, 0xDD,                                 // fmt 2: +23 → 143
            0xC4, 0xEE,                                           // fmt 3 new message: +23 → 166
        ];

        var messages = ReadAll(new RtmpChunkReader(), bytes);

        Assert.Equal([100u, 120u, 143u, 166u], messages.Select(m => m.Timestamp));
        Assert.Equal([2, 1, 1, 1], messages.Select(m => m.Payload.Length));
        Assert.All(messages, m => Assert.Equal(1u, m.StreamId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // librtmp: no extended timestamp on continuation chunks
    public void Extended_timestamp_on_continuations_is_read_or_tolerated(bool withContinuationTimestamp)
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var o = new List<byte> { 0x06, 0xFF, 0xFF, 0xFF, 0, 0x01, 0x2C, 0x09, 1, 0, 0, 0, 0x01, 0, 0, 0 };
        o.AddRange(payload[..128]);
        o.Add(0xC6);
        if (withContinuationTimestamp) o.AddRange([0x01, 0, 0, 0]);
        o.AddRange(payload[128..256]);
        o.Add(0xC6);
        if (withContinuationTimestamp) o.AddRange([0x01, 0, 0, 0]);
        o.AddRange(payload[256..]);
        var reader = new RtmpChunkReader();

        var m = Assert.Single(ReadAll(reader, [.. o]));

        Assert.Equal(0x01000000u, m.Timestamp);
        Assert.Equal(payload, m.Payload.ToArray());
        Assert.Equal(withContinuationTimestamp ? 0 : 2, reader.MissingExtendedTimestamps);
    }

    [Fact]
    public void Declared_length_costs_memory_only_as_bytes_arrive()
    {
        var reader = new RtmpChunkReader(maxMessageSize: 8 * 1024 * 1024) { ChunkSize = 0xFFFFFF };
        byte[] header = [0x06, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0x09, 1, 0, 0, 0];

        ReadAll(reader, [.. header, .. new byte[1000]]);

        Assert.InRange(reader.PendingBytes, 1000, 4096);
    }

    [Fact]
    public void Limits_fail_the_reader()
    {
        var tooLong = new RtmpChunkReader(maxMessageSize: 1000);
        var seq = new SequenceReader<byte>(new ReadOnlySequence<byte>([0x06, 0, 0, 0, 0, 0x03, 0xE9, 0x09, 1, 0, 0, 0]));
        Assert.Equal(RtmpChunkReadStatus.Error, tooLong.Read(ref seq, out _));
        Assert.Contains("1001", tooLong.Error, StringComparison.Ordinal);

        var fresh = new RtmpChunkReader();
        seq = new SequenceReader<byte>(new ReadOnlySequence<byte>([0xC5, 0, 0]));
        Assert.Equal(RtmpChunkReadStatus.Error, fresh.Read(ref seq, out _));

        var many = new RtmpChunkReader(maxChunkStreams: 4);
        var bytes = new List<byte>();
        for (byte csid = 3; csid < 9; csid++) bytes.AddRange([csid, 0, 0, 0, 0, 0, 1, 9, 1, 0, 0, 0, 0xAA]);
        seq = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes.ToArray()));
        var read = 0;
        RtmpChunkReadStatus status;
        while ((status = many.Read(ref seq, out _)) == RtmpChunkReadStatus.Message) read++;
        Assert.Equal(RtmpChunkReadStatus.Error, status);
        Assert.Equal(4, read);
    }

    [Fact]
    public void Abort_drops_the_partial_message()
    {
        var reader = new RtmpChunkReader();
        ReadAll(reader, [0x04, 0, 0, 0, 0, 0x01, 0x00, 0x08, 1, 0, 0, 0, .. new byte[128]]); // 128 of 256 bytes
        Assert.True(reader.PendingBytes > 0);

        reader.Abort(4);

        Assert.Equal(0, reader.PendingBytes);
        Assert.Equal(1, reader.AbortedMessages);
    }
}
