namespace Nvr.Hls.Tests.Support;

/// <summary>
/// A test-side MPEG-TS reader (ISO/IEC 13818-1) that checks what a player relies on in an HLS
/// segment: 188-byte packets with sync bytes, continuity counters per PID (also across segments,
/// via <see cref="TsReport.Continuity"/>), PAT then PMT first with valid CRC_32, PCR on the PCR
/// PID, PES headers with PTS (and DTS), an AUD opening every video access unit, ADTS frames in
/// audio PES. Bounded (PES reassembly ≤ <see cref="MaxPesBytes"/>) and never throws: every
/// problem is a line in <see cref="TsReport.Errors"/>.
/// </summary>
public static class TsChecker
{
    public const int MaxPesBytes = 4 * 1024 * 1024;
    public const int MaxErrors = 100;

    public sealed class TsReport
    {
        public int Packets { get; set; }
        public List<string> Errors { get; } = [];
        /// <summary>Last continuity counter per PID: pass to the next segment's check.</summary>
        public Dictionary<int, int> Continuity { get; init; } = [];
        public bool StartsWithTables { get; set; }
        public int? PmtPid { get; set; }
        public int? PcrPid { get; set; }
        public Dictionary<int, byte> StreamTypes { get; } = [];
        public List<long> Pcrs { get; } = [];
        public int VideoPes { get; set; }
        public int VideoPesWithAud { get; set; }
        public int RandomAccessPes { get; set; }
        public int RandomAccessPesWithSps { get; set; }
        public int AudioPes { get; set; }
        public int AudioPesWithAdts { get; set; }
        public List<long> VideoDts { get; } = [];
        /// <summary>Elementary-stream bytes of each video / audio PES (after the PES header).</summary>
        public List<int> VideoEsLengths { get; } = [];
        public List<int> AudioEsLengths { get; } = [];
        public List<long> AudioPts { get; } = [];

        public void Error(string message)
        {
            if (Errors.Count < MaxErrors) Errors.Add(message);
        }
    }

    private sealed class Pes
    {
        public readonly List<byte> Data = [];
        public bool RandomAccess;
        public bool Overflow;
    }

    public static TsReport Check(ReadOnlySpan<byte> data, IReadOnlyDictionary<int, int>? continuity = null)
    {
        var r = new TsReport { Continuity = continuity is null ? [] : new Dictionary<int, int>(continuity) };
        if (data.Length % 188 != 0) r.Error($"length {data.Length} is not a multiple of 188");
        var pes = new Dictionary<int, Pes>();
        for (int offset = 0; offset + 188 <= data.Length; offset += 188)
        {
            var p = data.Slice(offset, 188);
            int index = r.Packets++;
            if (p[0] != 0x47)
            {
                r.Error($"packet {index}: sync byte 0x{p[0]:X2}");
                continue;
            }
            bool pusi = (p[1] & 0x40) != 0;
            int pid = ((p[1] & 0x1F) << 8) | p[2];
            int afc = (p[3] >> 4) & 3;
            int cc = p[3] & 0x0F;
            if (afc == 0)
            {
                r.Error($"packet {index}: adaptation_field_control 0");
                continue;
            }
            bool hasPayload = (afc & 1) != 0;
            if (hasPayload)
            {
                if (r.Continuity.TryGetValue(pid, out int last) && cc != ((last + 1) & 0x0F)) r.Error($"packet {index} PID 0x{pid:X}: continuity {last} → {cc}");
                r.Continuity[pid] = cc;
            }
            int at = 4;
            bool randomAccess = false;
            if ((afc & 2) != 0)
            {
                int length = p[4];
                if (5 + length > 188 || (afc == 2 && length != 183))
                {
                    r.Error($"packet {index}: adaptation field length {length}");
                    continue;
                }
                if (length > 0)
                {
                    byte flags = p[5];
                    randomAccess = (flags & 0x40) != 0;
                    if ((flags & 0x10) != 0)
                    {
                        if (length < 7)
                        {
                            r.Error($"packet {index}: PCR flag in a {length}-byte adaptation field");
                        }
                        else
                        {
                            long pcrBase = ((long)p[6] << 25) | ((long)p[7] << 17) | ((long)p[8] << 9) | ((long)p[9] << 1) | ((long)p[10] >> 7);
                            if (pid != r.PcrPid) r.Error($"packet {index}: PCR on PID 0x{pid:X}, PCR_PID is {r.PcrPid}");
                            r.Pcrs.Add(pcrBase);
                        }
                    }
                }
                at = 5 + length;
            }
            if (!hasPayload) continue;
            var payload = p[at..];

            if (index == 0 && pid != 0) r.Error("the segment does not start with a PAT");
            if (pid == 0)
            {
                ReadPat(payload, pusi, r, index);
                continue;
            }
            if (pid == r.PmtPid)
            {
                ReadPmt(payload, pusi, r, index);
                if (index == 1) r.StartsWithTables = true;
                continue;
            }
            if (!r.StreamTypes.ContainsKey(pid))
            {
                r.Error($"packet {index}: PID 0x{pid:X} not in the PMT");
                continue;
            }
            if (pusi)
            {
                if (pes.Remove(pid, out var done)) Finish(pid, done, r);
                pes[pid] = new Pes { RandomAccess = randomAccess };
            }
            if (!pes.TryGetValue(pid, out var current)) continue; // continuation of a PES that started in an earlier segment
            if (current.Data.Count + payload.Length > MaxPesBytes) current.Overflow = true;
            else foreach (byte b in payload) current.Data.Add(b);
        }
        foreach (var (pid, done) in pes) Finish(pid, done, r);
        for (int i = 1; i < r.Pcrs.Count; i++)
        {
            if (r.Pcrs[i] < r.Pcrs[i - 1]) r.Error($"PCR went back {r.Pcrs[i - 1]} → {r.Pcrs[i]}");
        }
        return r;
    }

    private static void ReadPat(ReadOnlySpan<byte> payload, bool pusi, TsReport r, int index)
    {
        if (!TrySection(payload, pusi, 0x00, r, index, out var body)) return;
        // body: tsid(2) version(1) section(1) last(1) then program entries of 4 bytes.
        for (int i = 5; i + 4 <= body.Length; i += 4)
        {
            int program = (body[i] << 8) | body[i + 1];
            int pid = ((body[i + 2] & 0x1F) << 8) | body[i + 3];
            if (program != 0) r.PmtPid = pid;
        }
        if (r.PmtPid is null) r.Error($"packet {index}: PAT without a program");
    }

    private static void ReadPmt(ReadOnlySpan<byte> payload, bool pusi, TsReport r, int index)
    {
        if (!TrySection(payload, pusi, 0x02, r, index, out var body)) return;
        if (body.Length < 9)
        {
            r.Error($"packet {index}: short PMT");
            return;
        }
        r.PcrPid = ((body[5] & 0x1F) << 8) | body[6];
        int infoLength = ((body[7] & 0x0F) << 8) | body[8];
        for (int i = 9 + infoLength; i + 5 <= body.Length;)
        {
            byte type = body[i];
            int pid = ((body[i + 1] & 0x1F) << 8) | body[i + 2];
            int esInfo = ((body[i + 3] & 0x0F) << 8) | body[i + 4];
            r.StreamTypes[pid] = type;
            i += 5 + esInfo;
        }
    }

    /// <summary>The section body between section_length and CRC_32 (CRC checked).</summary>
    private static bool TrySection(ReadOnlySpan<byte> payload, bool pusi, byte tableId, TsReport r, int index, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!pusi || payload.Length < 1)
        {
            r.Error($"packet {index}: table without payload_unit_start");
            return false;
        }
        int pointer = payload[0];
        if (1 + pointer + 3 > payload.Length)
        {
            r.Error($"packet {index}: bad pointer_field");
            return false;
        }
        var section = payload[(1 + pointer)..];
        if (section[0] != tableId) r.Error($"packet {index}: table_id {section[0]}, want {tableId}");
        int length = ((section[1] & 0x0F) << 8) | section[2];
        if (length < 9 || 3 + length > section.Length)
        {
            r.Error($"packet {index}: section_length {length}");
            return false;
        }
        var whole = section[..(3 + length)];
        if (Crc(whole) != 0) r.Error($"packet {index}: CRC_32 mismatch");
        body = whole[3..^4];
        return true;
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= (uint)b << 24;
            for (int i = 0; i < 8; i++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        return crc;
    }

    private static void Finish(int pid, Pes pes, TsReport r)
    {
        var d = pes.Data;
        if (pes.Overflow)
        {
            r.Error($"PID 0x{pid:X}: PES larger than {MaxPesBytes} bytes");
            return;
        }
        if (d.Count < 9 || d[0] != 0 || d[1] != 0 || d[2] != 1)
        {
            r.Error($"PID 0x{pid:X}: PES without start code");
            return;
        }
        byte streamId = d[3];
        int flags = d[7];
        int headerLength = d[8];
        if (9 + headerLength > d.Count || (flags & 0x80) == 0 || headerLength < 5)
        {
            r.Error($"PID 0x{pid:X}: PES header without PTS");
            return;
        }
        long pts = Timestamp(d, 9);
        long dts = (flags & 0x40) != 0 && headerLength >= 10 ? Timestamp(d, 14) : pts;
        int es = 9 + headerLength;
        int pesLength = (d[4] << 8) | d[5];
        if (pesLength != 0 && pesLength != d.Count - 6) r.Error($"PID 0x{pid:X}: PES_packet_length {pesLength}, carried {d.Count - 6}");
        byte type = r.StreamTypes.GetValueOrDefault(pid);
        if (streamId is >= 0xE0 and <= 0xEF)
        {
            r.VideoPes++;
            r.VideoDts.Add(dts);
            r.VideoEsLengths.Add(d.Count - es);
            bool h264 = type == 0x1B;
            int nal = StartCodeEnd(d, es);
            bool aud = nal >= 0 && nal < d.Count && (h264 ? (d[nal] & 0x1F) == 9 : ((d[nal] >> 1) & 0x3F) == 35);
            if (aud) r.VideoPesWithAud++;
            if (pes.RandomAccess)
            {
                r.RandomAccessPes++;
                if (ContainsNal(d, es, h264 ? 7 : 33, h264)) r.RandomAccessPesWithSps++;
            }
        }
        else if (streamId is >= 0xC0 and <= 0xDF)
        {
            r.AudioPes++;
            r.AudioPts.Add(pts);
            r.AudioEsLengths.Add(d.Count - es);
            if (es + 1 < d.Count && d[es] == 0xFF && (d[es + 1] & 0xF6) == 0xF0) r.AudioPesWithAdts++;
        }
        else
        {
            r.Error($"PID 0x{pid:X}: stream_id 0x{streamId:X2}");
        }
    }

    private static long Timestamp(List<byte> d, int i) =>
        ((long)(d[i] >> 1 & 0x07) << 30) | ((long)d[i + 1] << 22) | ((long)(d[i + 2] >> 1) << 15) | ((long)d[i + 3] << 7) | ((long)d[i + 4] >> 1);

    /// <summary>Index of the first byte after a start code at <paramref name="i"/>, or -1.</summary>
    private static int StartCodeEnd(List<byte> d, int i)
    {
        if (i + 4 < d.Count && d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 0 && d[i + 3] == 1) return i + 4;
        if (i + 3 < d.Count && d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i + 3;
        return -1;
    }

    private static bool ContainsNal(List<byte> d, int from, int type, bool h264)
    {
        for (int i = from; i + 3 < d.Count; i++)
        {
            if (d[i] != 0 || d[i + 1] != 0 || d[i + 2] != 1) continue;
            int t = h264 ? d[i + 3] & 0x1F : (d[i + 3] >> 1) & 0x3F;
            if (t == type) return true;
        }
        return false;
    }
}
