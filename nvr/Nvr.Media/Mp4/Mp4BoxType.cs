namespace Nvr.Media.Mp4;

/// <summary>
/// Four-character box types (ISO/IEC 14496-12 §4.2, "BoxType") as big-endian 32-bit values, the
/// form they take on the wire, so a header read with one <c>ReadUInt32BigEndian</c> compares
/// directly.
/// </summary>
public static class Mp4BoxType
{
    // File level (ISO/IEC 14496-12 §4.3, §8.1.1, §8.8.4, §8.16.5)
    public const uint Ftyp = 0x66747970; // 'ftyp'
    public const uint Styp = 0x73747970; // 'styp'
    public const uint Moov = 0x6D6F6F76; // 'moov'
    public const uint Moof = 0x6D6F6F66; // 'moof'
    public const uint Mdat = 0x6D646174; // 'mdat'
    public const uint Prft = 0x70726674; // 'prft'
    public const uint Free = 0x66726565; // 'free'
    public const uint Skip = 0x736B6970; // 'skip'
    public const uint Sidx = 0x73696478; // 'sidx'
    public const uint Uuid = 0x75756964; // 'uuid'

    // Movie (init segment)
    public const uint Mvhd = 0x6D766864;
    public const uint Trak = 0x7472616B;
    public const uint Tkhd = 0x746B6864;
    public const uint Mdia = 0x6D646961;
    public const uint Mdhd = 0x6D646864;
    public const uint Hdlr = 0x68646C72;
    public const uint Minf = 0x6D696E66;
    public const uint Vmhd = 0x766D6864;
    public const uint Smhd = 0x736D6864;
    public const uint Dinf = 0x64696E66;
    public const uint Dref = 0x64726566;
    public const uint Url = 0x75726C20; // 'url '
    public const uint Stbl = 0x7374626C;
    public const uint Stsd = 0x73747364;
    public const uint Stts = 0x73747473;
    public const uint Stsc = 0x73747363;
    public const uint Stsz = 0x7374737A;
    public const uint Stco = 0x7374636F;
    public const uint Mvex = 0x6D766578;
    public const uint Trex = 0x74726578;

    // Fragments (ISO/IEC 14496-12 §8.8)
    public const uint Mfhd = 0x6D666864;
    public const uint Traf = 0x74726166;
    public const uint Tfhd = 0x74666864;
    public const uint Tfdt = 0x74666474;
    public const uint Trun = 0x7472756E;

    // Sample entries and their configuration boxes
    public const uint Avc1 = 0x61766331; // 'avc1' ISO/IEC 14496-15 §5.4.2.1
    public const uint Avc3 = 0x61766333; // 'avc3'
    public const uint AvcC = 0x61766343; // 'avcC'
    public const uint Hvc1 = 0x68766331; // 'hvc1' ISO/IEC 14496-15 §8.4.1.1
    public const uint Hev1 = 0x68657631; // 'hev1'
    public const uint HvcC = 0x68766343; // 'hvcC'
    public const uint Mp4a = 0x6D703461; // 'mp4a' ISO/IEC 14496-14 §6.7
    public const uint Esds = 0x65736473; // 'esds'
    public const uint Alaw = 0x616C6177; // 'alaw' QuickTime File Format, "Sound sample descriptions"
    public const uint Ulaw = 0x756C6177; // 'ulaw'

    // Handler types (hdlr, ISO/IEC 14496-12 §8.4.3)
    public const uint Vide = 0x76696465;
    public const uint Soun = 0x736F756E;

    /// <summary>Packs a four-character code ("moov") into its wire value.</summary>
    public static uint FromString(string fourCC)
    {
        ArgumentNullException.ThrowIfNull(fourCC);
        if (fourCC.Length != 4) throw new ArgumentException("a four-character code has exactly 4 characters", nameof(fourCC));
        return ((uint)(byte)fourCC[0] << 24) | ((uint)(byte)fourCC[1] << 16) | ((uint)(byte)fourCC[2] << 8) | (byte)fourCC[3];
    }

    /// <summary>The printable form of a box type ("moov"); non-printable bytes become '.'.</summary>
    public static string ToString(uint type)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            byte b = (byte)(type >> (24 - 8 * i));
            c[i] = b is >= 0x20 and < 0x7F ? (char)b : '.';
        }
        return new string(c);
    }
}
