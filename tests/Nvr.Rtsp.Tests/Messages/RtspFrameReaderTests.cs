using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Nvr.Rtsp.Tests.Support;

namespace Nvr.Rtsp.Tests.Messages;

public class RtspFrameReaderTests
{
    private static byte[] Frame(byte channel, int length, byte fill)
    {
        var b = new byte[4 + length];
        b[0] = (byte)'$';
        b[1] = channel;
        b[2] = (byte)(length >> 8);
        b[3] = (byte)length;
        b.AsSpan(4).Fill(fill);
        return b;
    }

    private static byte[] Mixed() =>
    [
        .. Frame(0, 1400, 0xAA),
        .. "RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 1234\r\n\r\n"u8,
        .. Frame(1, 28, 0xBB),
        .. "\r\n"u8,                                  // stray CRLF between frames
        .. Frame(2, 0, 0),                             // empty frame
        .. "GET_PARAMETER rtsp://client/ RTSP/1.0\r\nCSeq: 1\r\n\r\n"u8,
        .. Frame(0, 65535, 0xCC),                      // largest possible
    ];

    private static List<string> ReadAll(ref ReadOnlySequence<byte> seq)
    {
        var items = new List<string>();
        while (true)
        {
            var kind = RtspFrameReader.TryRead(ref seq, RtspParserLimits.Default, out var m, out var f, out var e);
            if (kind == RtspFrameKind.NeedMoreData) return items;
            Assert.NotEqual(RtspFrameKind.Error, kind);
            items.Add(kind == RtspFrameKind.Message
                ? m is RtspResponse r ? $"res {r.CSeq}" : $"req {((RtspRequest)m!).Method}"
                : $"${f.Channel}:{f.Payload.Length}:{(f.Payload.Length > 0 ? f.Payload.FirstSpan[0] : 0)}");
        }
    }

    private static readonly string[] Expected =
        ["$0:1400:170", "res 5", "$1:28:187", "$2:0:0", "req GET_PARAMETER", "$0:65535:204"];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(100000)]
    public void Mixed_stream_in_any_segmentation(int size)
    {
        var seq = Segments.Split(Mixed(), size);
        Assert.Equal(Expected, ReadAll(ref seq));
        Assert.Equal(0, seq.Length);
    }

    [Fact]
    public async Task Mixed_stream_fed_one_byte_at_a_time_through_a_pipe()
    {
        var pipe = new Pipe();
        var data = Mixed();
        var writer = Task.Run(async () =>
        {
            foreach (var b in data)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }
            await pipe.Writer.CompleteAsync();
        });
        var items = new List<string>();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buf = result.Buffer;
            items.AddRange(ReadAll(ref buf));
            pipe.Reader.AdvanceTo(buf.Start, buf.End);
            if (result.IsCompleted) break;
        }
        await writer;
        Assert.Equal(Expected, items);
    }

    [Fact]
    public void Junk_byte_is_an_error()
    {
        var seq = new ReadOnlySequence<byte>([0x80, 0x60, 0, 1]);
        Assert.Equal(RtspFrameKind.Error, RtspFrameReader.TryRead(ref seq, RtspParserLimits.Default, out _, out _, out var e));
        Assert.Equal(RtspParseError.UnexpectedByte, e);
    }

    [Fact]
    public void Oversized_message_inside_stream_is_an_error()
    {
        var limits = new RtspParserLimits { MaxStartLine = 64 };
        var seq = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("RTSP/1.0 200 " + new string('x', 100)));
        Assert.Equal(RtspFrameKind.Error, RtspFrameReader.TryRead(ref seq, limits, out _, out _, out var e));
        Assert.Equal(RtspParseError.StartLineTooLong, e);
    }
}
