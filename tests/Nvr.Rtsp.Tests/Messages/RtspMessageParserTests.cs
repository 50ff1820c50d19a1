using System.Buffers;
using System.Text;
using Nvr.Rtsp.Tests.Support;

namespace Nvr.Rtsp.Tests.Messages;

public class RtspMessageParserTests
{
    private const string Describe200 =
        "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Type: application/sdp\r\nContent-Base: rtsp://10.0.0.2:554/Streaming/Channels/101/\r\n" +
        "Content-Length: 20\r\n\r\nv=0\r\ns=x\r\nt=0 0\r\nm=X";

    private static RtspParseStatus Parse(ReadOnlySequence<byte> seq, out RtspMessage? m, out RtspParseError e, out long consumed)
    {
        var buf = seq;
        var s = RtspMessageParser.TryParse(ref buf, RtspParserLimits.Default, out m, out e);
        consumed = seq.Length - buf.Length;
        return s;
    }

    [Fact]
    public void Parses_response_with_body()
    {
        var bytes = Encoding.ASCII.GetBytes(Describe200);
        Assert.Equal(RtspParseStatus.Parsed, Parse(new ReadOnlySequence<byte>(bytes), out var m, out _, out long consumed));
        var r = Assert.IsType<RtspResponse>(m);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("OK", r.Reason);
        Assert.Equal(3, r.CSeq);
        Assert.Equal("rtsp://10.0.0.2:554/Streaming/Channels/101/", r.Headers["content-base"]);
        Assert.Equal("v=0\r\ns=x\r\nt=0 0\r\nm=X", Encoding.ASCII.GetString(r.Body.Span));
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Same_result_across_segment_sizes(int size)
    {
        var bytes = Encoding.ASCII.GetBytes(Describe200 + "RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n");
        var seq = Segments.Split(bytes, size);
        Assert.Equal(RtspParseStatus.Parsed, RtspMessageParser.TryParse(ref seq, RtspParserLimits.Default, out var m1, out _));
        Assert.Equal(20, m1!.Body.Length);
        Assert.Equal(RtspParseStatus.Parsed, RtspMessageParser.TryParse(ref seq, RtspParserLimits.Default, out var m2, out _));
        Assert.Equal(4, m2!.CSeq);
        Assert.Equal(0, seq.Length);
    }

    [Fact]
    public void One_byte_at_a_time_needs_more_until_complete()
    {
        var bytes = Encoding.ASCII.GetBytes(Describe200);
        for (int n = 0; n < bytes.Length; n++)
        {
            var seq = new ReadOnlySequence<byte>(bytes, 0, n);
            var before = seq;
            Assert.Equal(RtspParseStatus.NeedMoreData, RtspMessageParser.TryParse(ref seq, RtspParserLimits.Default, out var m, out _));
            Assert.Null(m);
            Assert.Equal(before.Length, seq.Length);
        }
        var all = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(RtspParseStatus.Parsed, RtspMessageParser.TryParse(ref all, RtspParserLimits.Default, out _, out _));
    }

    [Fact]
    public void Parses_request()
    {
        var bytes = "SETUP rtsp://cam/live/trackID=1 RTSP/1.0\r\nCSeq: 5\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"u8.ToArray();
        Assert.Equal(RtspParseStatus.Parsed, Parse(new ReadOnlySequence<byte>(bytes), out var m, out _, out _));
        var r = Assert.IsType<RtspRequest>(m);
        Assert.Equal("SETUP", r.Method);
        Assert.Equal("rtsp://cam/live/trackID=1", r.Uri);
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1", r.Headers["Transport"]);
        Assert.True(r.Body.IsEmpty);
    }

    [Fact]
    public void Tolerates_lf_only_folding_leading_blank_lines_rtsp2_and_missing_reason()
    {
        var bytes = "\r\n\r\nRTSP/2.0 200\nCseq: 7\nX-Long: a\n  b\nServer : Foo\ncontent-length: 2\n\nokREST"u8.ToArray();
        Assert.Equal(RtspParseStatus.Parsed, Parse(new ReadOnlySequence<byte>(bytes), out var m, out _, out long consumed));
        var r = Assert.IsType<RtspResponse>(m);
        Assert.Equal("RTSP/2.0", r.Version);
        Assert.Equal("OK", r.Reason);
        Assert.Equal(7, r.CSeq);
        Assert.Equal("a b", r.Headers["X-Long"]);
        Assert.Equal("Foo", r.Headers["Server"]);
        Assert.Equal("ok", Encoding.ASCII.GetString(r.Body.Span));
        Assert.Equal(bytes.Length - 4, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", RtspParseError.MalformedStartLine)]
    [InlineData("RTSP/1.0 20 OK\r\n\r\n", RtspParseError.MalformedStartLine)]
    [InlineData("describe rtsp://x RTSP/1.0\r\n\r\n", RtspParseError.MalformedStartLine)]
    [InlineData("DESCRIBE rtsp://x\r\n\r\n", RtspParseError.MalformedStartLine)]
    [InlineData("RTSP/1.0 200 OK\r\nNoColon\r\n\r\n", RtspParseError.MalformedHeader)]
    [InlineData("RTSP/1.0 200 OK\r\n folded-first\r\n\r\n", RtspParseError.MalformedHeader)]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n", RtspParseError.BadContentLength)]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", RtspParseError.BadContentLength)]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", RtspParseError.BadContentLength)]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: 65537\r\n\r\n", RtspParseError.BodyTooLarge)]
    public void Rejects(string text, RtspParseError expected)
    {
        Assert.Equal(RtspParseStatus.Error, Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), out var m, out var e, out long consumed));
        Assert.Null(m);
        Assert.Equal(expected, e);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Oversized_start_line_rejected_before_its_end_arrives()
    {
        var limits = RtspParserLimits.Default;
        var bytes = Encoding.ASCII.GetBytes("DESCRIBE rtsp://cam/" + new string('a', limits.MaxStartLine));
        var seq = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(RtspParseStatus.Error, RtspMessageParser.TryParse(ref seq, limits, out _, out var e));
        Assert.Equal(RtspParseError.StartLineTooLong, e);
    }

    [Fact]
    public void Oversized_header_block_rejected_before_its_end_arrives()
    {
        var limits = new RtspParserLimits { MaxHeaderBytes = 1024 };
        var sb = new StringBuilder("RTSP/1.0 200 OK\r\n");
        while (sb.Length < 1100) sb.Append("X-Pad: 0123456789\r\n");
        var seq = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(sb.ToString()));
        Assert.Equal(RtspParseStatus.Error, RtspMessageParser.TryParse(ref seq, limits, out _, out var e));
        Assert.Equal(RtspParseError.HeadersTooLarge, e);
    }

    [Fact]
    public void Too_many_headers_rejected()
    {
        var limits = new RtspParserLimits { MaxHeaders = 4 };
        var seq = new ReadOnlySequence<byte>("RTSP/1.0 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n"u8.ToArray());
        Assert.Equal(RtspParseStatus.Error, RtspMessageParser.TryParse(ref seq, limits, out _, out var e));
        Assert.Equal(RtspParseError.TooManyHeaders, e);
        var ok = new ReadOnlySequence<byte>("RTSP/1.0 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"u8.ToArray());
        Assert.Equal(RtspParseStatus.Parsed, RtspMessageParser.TryParse(ref ok, limits, out _, out _));
    }

    [Fact]
    public void Writer_round_trips_and_rejects_header_injection()
    {
        var req = new RtspRequest("GET_PARAMETER", "rtsp://cam/live/") { Body = "position\r\n"u8.ToArray() };
        req.Headers.Add("CSeq", "9").Add("Session", "12345678").Add("Content-Length", "999");
        var bytes = RtspMessageWriter.ToBytes(req);
        Assert.Equal("GET_PARAMETER rtsp://cam/live/ RTSP/1.0\r\nCSeq: 9\r\nSession: 12345678\r\nContent-Length: 10\r\n\r\nposition\r\n", Encoding.ASCII.GetString(bytes));
        var seq = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(RtspParseStatus.Parsed, RtspMessageParser.TryParse(ref seq, RtspParserLimits.Default, out var back, out _));
        Assert.Equal("12345678", back!.Headers["Session"]);

        var evil = new RtspResponse(200);
        evil.Headers.Add("X", "a\r\nInjected: yes");
        Assert.Throws<ArgumentException>(() => RtspMessageWriter.ToBytes(evil));
        Assert.Equal("RTSP/1.0 454 Session Not Found\r\n\r\n", Encoding.ASCII.GetString(RtspMessageWriter.ToBytes(new RtspResponse(454))));
    }
}
