using System.Buffers;
using Nvr.Rtmp.Amf;

namespace Nvr.Rtmp.Tests;

public class Amf0Tests
{
    [Fact]
    public void Ffmpeg_connect_command_decodes()
    {
        // Captured from `ffmpeg -i clip -f flv rtmp://127.0.0.1:port/live/pub?key=k` (corpus seed).
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "amf0", "ffmpeg-publish-00-connect.bin"));
        var values = new List<Amf0Value>();

        Assert.True(Amf0Reader.TryReadAll(bytes, values));

        Assert.Equal("connect", values[0].AsString());
        Assert.Equal(1.0, values[1].AsNumber());
        var command = values[2];
        Assert.Equal(Amf0Type.Object, command.Type);
        Assert.Equal("live", command["app"]?.AsString());
        Assert.StartsWith("rtmp://127.0.0.1:", command["tcUrl"]?.AsString(), StringComparison.Ordinal);
        Assert.Equal("nonprivate", command["type"]?.AsString());
    }

    [Fact]
    public void Every_type_round_trips()
    {
        var original = Amf0Value.StrictArray(
            Amf0Value.FromNumber(-2.5),
            Amf0Value.True,
            Amf0Value.FromString("héllo"),
            Amf0Value.FromString(new string('x', 70_000)), // long string
            Amf0Value.Null,
            Amf0Value.Undefined,
            Amf0Value.FromDate(1_700_000_000_000),
            Amf0Value.Object(new KeyValuePair<string, Amf0Value>("a", Amf0Value.FromNumber(1)), new("b", Amf0Value.EcmaArray(new KeyValuePair<string, Amf0Value>("c", Amf0Value.False)))));
        var writer = new ArrayBufferWriter<byte>();
        Amf0Writer.Write(writer, original);

        var reader = new Amf0Reader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var decoded));
        Assert.True(reader.End);

        Assert.Equal(original.ToString(), decoded.ToString());
        Assert.Equal(Amf0Type.LongString, decoded.Items[3].Type);
        Assert.Equal(Amf0Type.Date, decoded.Items[6].Type);
        Assert.False(decoded.Items[7]["b"]!["c"]!.Boolean);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x00, 0x05, 0x61 })]                    // string longer than input
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05 })]        // strict array count beyond input
    [InlineData(new byte[] { 0x03, 0x00, 0x01, 0x61, 0x05 })]              // object without end marker
    [InlineData(new byte[] { 0x11, 0x01 })]                                // AMF3 switch
    [InlineData(new byte[] { 0x00, 0x01, 0x02 })]                          // truncated number
    public void Malformed_input_is_reported_not_thrown(byte[] bytes)
    {
        var reader = new Amf0Reader(bytes);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Nesting_deeper_than_the_bound_is_malformed()
    {
        var bytes = new List<byte>();
        for (var i = 0; i <= Amf0Reader.MaxDepth + 1; i++) bytes.AddRange([0x0A, 0, 0, 0, 1]);
        bytes.Add(0x05);
        var reader = new Amf0Reader(bytes.ToArray());
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Ecma_array_count_is_advisory()
    {
        // OBS and FFmpeg write the real count; some encoders write 0. The end marker decides.
        byte[] bytes = [0x08, 0, 0, 0, 0, 0x00, 0x01, 0x77, 0x00, 0x40, 0x84, 0, 0, 0, 0, 0, 0, 0, 0, 0x09];
        var reader = new Amf0Reader(bytes);
        Assert.True(reader.TryRead(out var value));
        Assert.Equal(640.0, value["w"]?.AsNumber());
    }
}
