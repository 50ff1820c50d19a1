using System.Buffers;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

public sealed class Mp4BoxWriterTests
{
    [Fact]
    public void NestedBoxes_GetTheirSizesPatched_AndFullBoxesTheirVersionAndFlags()
    {
        var w = new Mp4BoxWriter(8); // small start: forces growth
        int outer = w.StartBox(Mp4BoxType.Moof);
        int inner = w.StartFullBox(Mp4BoxType.Mfhd, 1, 0x020001);
        w.WriteUInt32(7);
        w.EndBox(inner);
        w.WriteUInt24(0xABCDEF);
        w.WriteUInt64(0x0102030405060708);
        w.EndBox(outer);
        Assert.Equal(
            "00000023" + "6d6f6f66" +                       // moof, 35 bytes
            "00000010" + "6d666864" + "01020001" + "00000007" + // mfhd v1 flags 0x020001, 16 bytes
            "abcdef" + "0102030405060708",
            Convert.ToHexStringLower(w.WrittenSpan));
        w.PatchUInt32(16, 9);
        Assert.Equal(9, w.WrittenSpan[19]);
        var output = new ArrayBufferWriter<byte>();
        w.CopyTo(output);
        Assert.Equal(35, output.WrittenCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.EndBox(w.Length));
        w.Reset();
        Assert.Equal(0, w.Length);
    }

    [Fact]
    public void FourCC_RoundTrips()
    {
        Assert.Equal(Mp4BoxType.Moov, Mp4BoxType.FromString("moov"));
        Assert.Equal("url ", Mp4BoxType.ToString(Mp4BoxType.Url));
        Assert.Equal("....", Mp4BoxType.ToString(0x00017F80));
    }

    [Theory]
    [InlineData("1900-01-01T00:00:00Z", 0UL)]
    [InlineData("1970-01-01T00:00:00Z", 2208988800UL << 32)]            // RFC 5905 §6: the Unix epoch
    [InlineData("2024-05-01T12:00:00.5Z", (3923553600UL << 32) | 0x80000000UL)]
    public void Ntp_MatchesRfc5905(string utc, ulong ntp)
    {
        var time = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(ntp, Mp4Ntp.FromDateTime(time));
        Assert.Equal(time, Mp4Ntp.ToDateTime(ntp));
        Assert.Equal(DateTimeKind.Utc, Mp4Ntp.ToDateTime(ntp).Kind);
    }

    [Fact]
    public void Ntp_RoundTripsWithin100ns()
    {
        var t = new DateTime(2031, 7, 9, 1, 2, 3, DateTimeKind.Utc).AddTicks(1234567);
        Assert.Equal(t, Mp4Ntp.ToDateTime(Mp4Ntp.FromDateTime(t)));
        Assert.Equal(Mp4Ntp.FromDateTime(t), Mp4Ntp.FromDateTime(DateTime.SpecifyKind(t, DateTimeKind.Unspecified)));
    }
}
