using Nvr.Rtmp.Flv;

namespace Nvr.Rtmp.Tests;

public class FlvReaderTests
{
    [Fact]
    public void A_tag_without_its_back_pointer_yet_needs_more_data_in_a_stream()
    {
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        FlvWriter.WriteTag(w, new FlvTag(FlvTagType.Audio, 5, new byte[] { 0xAF, 1 }, new byte[10]));
        var bytes = w.WrittenSpan.ToArray();
        var offset = 0;

        Assert.Equal(FlvReadStatus.NeedMoreData, FlvReader.ReadTag(bytes.AsMemory(0, bytes.Length - 4), ref offset, out _));
        Assert.Equal(0, offset);
        Assert.Equal(FlvReadStatus.Ok, FlvReader.ReadTag(bytes.AsMemory(0, bytes.Length - 4), ref offset, out var tag, complete: true));
        Assert.Equal(5u, tag.Timestamp);
        offset = 0;
        Assert.Equal(FlvReadStatus.Ok, FlvReader.ReadTag(bytes, ref offset, out _));
        Assert.Equal(bytes.Length, offset);
    }
}
