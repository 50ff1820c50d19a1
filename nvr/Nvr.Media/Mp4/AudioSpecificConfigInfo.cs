namespace Nvr.Media.Mp4;

/// <summary>
/// The leading fields of an AAC AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): audioObjectType,
/// sampling frequency and channelConfiguration. Enough to fill an 'mp4a' sample entry and to
/// describe a track read back; anything after them (GASpecificConfig, SBR) is not interpreted.
/// </summary>
internal static class AudioSpecificConfigInfo
{
    // Table 1.18 samplingFrequencyIndex
    private static readonly int[] Frequencies = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static bool TryParse(ReadOnlySpan<byte> asc, out int objectType, out int sampleRate, out int channels)
    {
        objectType = sampleRate = channels = 0;
        var r = new BitCursor(asc);
        objectType = (int)r.Read(5);
        if (objectType == 31) objectType = 32 + (int)r.Read(6);
        int index = (int)r.Read(4);
        if (index == 15) sampleRate = (int)r.Read(24);
        else if (index < Frequencies.Length) sampleRate = Frequencies[index];
        channels = (int)r.Read(4);
        return !r.Overrun && objectType != 0 && sampleRate > 0;
    }

    private ref struct BitCursor(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _bit;

        public bool Overrun { get; private set; }

        public uint Read(int count)
        {
            uint v = 0;
            for (int i = 0; i < count; i++)
            {
                int byteIndex = _bit >> 3;
                if (byteIndex >= _data.Length)
                {
                    Overrun = true;
                    return 0;
                }
                v = (v << 1) | (uint)((_data[byteIndex] >> (7 - (_bit & 7))) & 1);
                _bit++;
            }
            return v;
        }
    }
}
