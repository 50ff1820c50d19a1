using Nvr.Media.Codecs;

namespace Nvr.Media.Tests.H264;

public class BitReaderTests
{
    [Fact]
    public void ReadsBitsMostSignificantFirst()
    {
        var r = new BitReader([0b1010_0000, 0xFF, 0x12, 0x34, 0x56, 0x78], removeEmulationPrevention: false);
        Assert.True(r.ReadBit());
        Assert.False(r.ReadBit());
        Assert.Equal(0b10u, r.ReadBits(2));
        Assert.Equal(0x0Fu, r.ReadBits(8)); // 0000 from byte 0 + 1111 from byte 1
        Assert.Equal(0xF1234u, r.ReadBits(20));
        Assert.Equal(32, r.BitsRead);
        Assert.Equal(0x5678u, r.ReadBits(16));
        Assert.False(r.HasMoreBits);
    }

    [Theory]
    // Table 9-2 of H.264: bit strings and codeNum.
    [InlineData(new byte[] { 0b1000_0000 }, 0u)]
    [InlineData(new byte[] { 0b0100_0000 }, 1u)]
    [InlineData(new byte[] { 0b0110_0000 }, 2u)]
    [InlineData(new byte[] { 0b0010_0000 }, 3u)]
    [InlineData(new byte[] { 0b0011_1000 }, 6u)]
    [InlineData(new byte[] { 0b0001_0000 }, 7u)]
    [InlineData(new byte[] { 0x00, 0x80, 0x00 }, 255u)] // 8 zeros, 1, then 8 zero bits: 2^8 − 1 + 0
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFE }, 4294967294u)] // 31 zeros, 1, 31 ones
    public void ReadsUnsignedExpGolomb(byte[] data, uint expected)
    {
        var r = new BitReader(data, removeEmulationPrevention: false);
        Assert.Equal(expected, r.ReadUe());
    }

    [Theory]
    // Table 9-3: codeNum k → (−1)^(k+1) ⌈k/2⌉
    [InlineData(new byte[] { 0b1000_0000 }, 0)]
    [InlineData(new byte[] { 0b0100_0000 }, 1)]
    [InlineData(new byte[] { 0b0110_0000 }, -1)]
    [InlineData(new byte[] { 0b0010_0000 }, 2)]
    [InlineData(new byte[] { 0b0010_1000 }, -2)]
    [InlineData(new byte[] { 0b0011_0000 }, 3)]
    public void ReadsSignedExpGolomb(byte[] data, int expected)
    {
        var r = new BitReader(data, removeEmulationPrevention: false);
        Assert.Equal(expected, r.ReadSe());
    }

    [Fact]
    public void ExpGolombLongerThan32BitsThrows()
    {
        var data = new byte[] { 0, 0, 0, 0, 0x80, 0, 0, 0, 0 }; // 32 leading zeros
        Assert.Throws<BitstreamException>(() => new BitReader(data).ReadUe());
    }

    [Fact]
    public void RemovesEmulationPreventionBytes()
    {
        // EBSP 00 00 03 01 | 00 00 03 03 | 00 00 03 00 → RBSP 00 00 01 | 00 00 03 | 00 00 00
        byte[] ebsp = [0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x03, 0x00];
        var r = new BitReader(ebsp);
        Assert.Equal(0x000001u, r.ReadBits(24));
        Assert.Equal(0x000003u, r.ReadBits(24));
        Assert.Equal(0x000000u, r.ReadBits(24));
        Assert.False(r.HasMoreBits);
        Assert.Throws<BitstreamException>(() => new BitReader(ebsp).Skip(73));

        Assert.Equal(Convert.FromHexString("000001000003000000"), NalUnits.RemoveEmulationPrevention(ebsp));
    }

    [Fact]
    public void RawModeKeepsThreeBytes()
    {
        var r = new BitReader([0x00, 0x00, 0x03, 0x01], removeEmulationPrevention: false);
        Assert.Equal(0x00000301u, r.ReadBits(32));
    }

    [Fact]
    public void ReadingPastTheEndThrowsDeclaredException()
    {
        var r = new BitReader([0xAB]);
        Assert.Equal(0xABu, r.ReadBits(8));
        bool threw = false;
        try
        {
            r.ReadBit();
        }
        catch (BitstreamException)
        {
            threw = true;
        }
        Assert.True(threw);
        Assert.Throws<BitstreamException>(() => new BitReader([]).ReadUe());
        Assert.Throws<BitstreamException>(() => new BitReader([0x00, 0x00]).ReadUe()); // zeros run out
    }

    [Fact]
    public void TrailingEmulationPreventionByteIsNotData()
    {
        var r = new BitReader([0x00, 0x00, 0x03]);
        Assert.Equal(0u, r.ReadBits(16));
        Assert.False(r.HasMoreBits);
        Assert.Throws<BitstreamException>(() => new BitReader([0x00, 0x00, 0x03]).ReadBits(17));
    }
}
