using System.Buffers;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.Aac;

namespace Nvr.Hls.MpegTs;

/// <summary>
/// Writes one MPEG-2 transport stream program (ISO/IEC 13818-1) for HLS segments (RFC 8216bis
/// §3.1.1): PAT and PMT (<see cref="WriteTables"/>, at the start of every segment), H.264/H.265
/// video as Annex-B access units, each opened by an access unit delimiter and, on keyframes, the
/// parameter sets; AAC audio as ADTS frames. Pure: writes 188-byte packets to an
/// <see cref="IBufferWriter{T}"/>; the caller maps times to the 90 kHz clock.
/// </summary>
/// <remarks>
/// <code>
/// TS packet (§2.4.3.2)  sync 0x47 | TEI 1 | PUSI 1 | priority 1 | PID 13 | scrambling 2 | adaptation_field_control 2 | continuity_counter 4
/// adaptation field (§2.4.3.4)  length 8 | discontinuity 1 | random_access 1 | ES_priority 1 | PCR_flag 1 | … | [PCR: base 33, reserved 6, extension 9] | stuffing 0xFF…
/// PES (§2.4.3.6)  00 00 01 | stream_id (E0 video, C0 audio) | PES_packet_length 16 (0 = unbounded, video only)
///                 '10' flags (data_alignment 1) | PTS_DTS_flags 2 … | header_data_length | PTS 40 bits [| DTS 40 bits]
/// PAT (§2.4.4.3)  program 1 → PMT PID 0x1000        PMT (§2.4.4.8)  PCR PID = video (else audio), streams:
///                 0x1B H.264 / 0x24 H.265 on PID 0x100, 0x0F AAC ADTS on PID 0x101
/// </code>
/// <para>Continuity counters run on across segments of one writer (players check them across
/// segment boundaries). A PCR rides in the adaptation field of every video PES (each frame;
/// ≤ 100 ms apart from 10 fps up, §2.7.2) with random_access_indicator on keyframes;
/// PCR = DTS − <see cref="PcrLead"/>. Each AAC frame is its own PES. AUD: ITU-T H.264
/// §7.3.2.4 (primary_pic_type 7), H.265 §7.3.2.5 (pic_type 2); AUDs already in the payload are
/// dropped, parameter sets are inserted on keyframes unless the payload has its own SPS.</para>
/// Not thread-safe.
/// </remarks>
public sealed class TsWriter
{
    public const int PacketSize = 188;
    public const int PatPid = 0x0000;
    public const int PmtPid = 0x1000;
    public const int VideoPid = 0x0100;
    public const int AudioPid = 0x0101;
    public const byte StreamTypeH264 = 0x1B;
    public const byte StreamTypeH265 = 0x24;
    public const byte StreamTypeAdts = 0x0F;
    /// <summary>PCR runs 0.7 s ahead of the DTS it accompanies (FFmpeg's default mux delay), so PCR ≤ DTS with room for audio.</summary>
    public const long PcrLead = 63_000;
    /// <summary>Timestamps are 33-bit (§2.4.3.7).</summary>
    public const long TimestampMask = (1L << 33) - 1;

    private static ReadOnlySpan<byte> H264Aud => [0x00, 0x00, 0x00, 0x01, 0x09, 0xF0];
    private static ReadOnlySpan<byte> H265Aud => [0x00, 0x00, 0x00, 0x01, 0x46, 0x01, 0x50];

    private readonly MediaCodec _videoCodec;
    private readonly byte[][] _parameterSets;
    private readonly AudioSpecificConfig? _aac;
    private readonly ArrayBufferWriter<byte> _au = new(64 * 1024);
    private byte _patCc, _pmtCc, _videoCc, _audioCc;

    /// <summary>
    /// A program with <paramref name="video"/> (H.264/H.265, or null) and AAC <paramref name="audio"/>
    /// (or null). Throws <see cref="ArgumentException"/> for other codecs or when both are null.
    /// </summary>
    public TsWriter(TrackDescription? video, TrackDescription? audio)
    {
        if (video is null && audio is null) throw new ArgumentException("a program needs at least one track");
        if (video is not null)
        {
            if (video.Codec is not (MediaCodec.H264 or MediaCodec.H265)) throw new ArgumentException($"video codec {video.Codec} is not supported in MPEG-TS", nameof(video));
            _videoCodec = video.Codec;
            var sets = new List<byte[]>(3);
            foreach (var ps in new[] { video.Vps, video.Sps, video.Pps })
            {
                if (ps is { Length: > 0 }) sets.Add(ps);
            }
            _parameterSets = sets.ToArray();
        }
        else
        {
            _parameterSets = [];
        }
        if (audio is not null)
        {
            if (audio.Codec != MediaCodec.Aac || !AudioSpecificConfig.TryParse(audio.AudioSpecificConfig, out _aac) || !AdtsHeader.TryWrite(stackalloc byte[AdtsHeader.Size], _aac!, 0))
            {
                throw new ArgumentException("audio must be AAC that ADTS can describe (object type 1-4, table sample rate)", nameof(audio));
            }
        }
    }

    public bool HasVideo => _videoCodec != MediaCodec.Unknown;
    public bool HasAudio => _aac is not null;

    /// <summary>Writes a PAT and a PMT packet (the start of every segment).</summary>
    public void WriteTables(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> section = stackalloc byte[64];

        // PAT: one program (number 1) whose PMT is on PmtPid.
        int n = 0;
        section[n++] = 0x00;                                 // table_id
        n += 2;                                              // section_length, below
        section[n++] = 0x00; section[n++] = 0x01;            // transport_stream_id
        section[n++] = 0xC1;                                 // reserved 11, version 0, current_next 1
        section[n++] = 0x00; section[n++] = 0x00;            // section_number, last_section_number
        section[n++] = 0x00; section[n++] = 0x01;            // program_number
        section[n++] = (byte)(0xE0 | (PmtPid >> 8)); section[n++] = PmtPid & 0xFF;
        n = FinishSection(section, n);
        WritePsi(PatPid, ref _patCc, section[..n], output);

        // PMT
        int pcrPid = HasVideo ? VideoPid : AudioPid;
        n = 0;
        section[n++] = 0x02;
        n += 2;
        section[n++] = 0x00; section[n++] = 0x01;            // program_number
        section[n++] = 0xC1;
        section[n++] = 0x00; section[n++] = 0x00;
        section[n++] = (byte)(0xE0 | (pcrPid >> 8)); section[n++] = (byte)pcrPid;
        section[n++] = 0xF0; section[n++] = 0x00;            // program_info_length 0
        if (HasVideo) n = WriteStream(section, n, _videoCodec == MediaCodec.H264 ? StreamTypeH264 : StreamTypeH265, VideoPid);
        if (HasAudio) n = WriteStream(section, n, StreamTypeAdts, AudioPid);
        n = FinishSection(section, n);
        WritePsi(PmtPid, ref _pmtCc, section[..n], output);
    }

    /// <summary>
    /// Writes one video access unit (length-prefixed NAL units, <see cref="MediaUnit.Payload"/>
    /// form) as a PES with PTS/DTS in 90 kHz (masked to 33 bits). Returns false, writing
    /// nothing, when the payload is malformed or there is no video stream.
    /// </summary>
    public bool WriteVideo(ReadOnlySpan<byte> lengthPrefixed, bool keyframe, long pts90, long dts90, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!HasVideo) return false;
        _au.ResetWrittenCount();
        bool h264 = _videoCodec == MediaCodec.H264;
        _au.Write(h264 ? H264Aud : H265Aud);
        bool hasSps = false;
        var nals = NalUnits.EnumerateLengthPrefixed(lengthPrefixed);
        while (nals.MoveNext())
        {
            if (nals.Current.IsEmpty) continue;
            int type = h264 ? nals.Current[0] & 0x1F : (nals.Current[0] >> 1) & 0x3F;
            if (type == (h264 ? 7 : 33)) hasSps = true;
        }
        if (nals.IsMalformed) return false;
        if (keyframe && !hasSps)
        {
            foreach (var ps in _parameterSets) AnnexB.WriteNalUnit(ps, _au);
        }
        nals = NalUnits.EnumerateLengthPrefixed(lengthPrefixed);
        while (nals.MoveNext())
        {
            var nal = nals.Current;
            if (nal.IsEmpty) continue;
            int type = h264 ? nal[0] & 0x1F : (nal[0] >> 1) & 0x3F;
            if (type == (h264 ? 9 : 35)) continue; // our own AUD opens the access unit
            AnnexB.WriteNalUnit(nal, _au);
        }

        pts90 &= TimestampMask;
        dts90 &= TimestampMask;
        Span<byte> header = stackalloc byte[19];
        int headerLength = PesHeader(header, 0xE0, pts90, pts90 != dts90 ? dts90 : null, _au.WrittenCount, unboundedAllowed: true);
        long pcr = (dts90 - PcrLead) & TimestampMask;
        WritePes(VideoPid, ref _videoCc, header[..headerLength], _au.WrittenSpan, pcr, keyframe, output);
        return true;
    }

    /// <summary>Writes one raw AAC frame as an ADTS frame in its own PES. False (nothing written) when it is too long for ADTS or there is no audio stream.</summary>
    public bool WriteAudio(ReadOnlySpan<byte> rawAac, long pts90, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_aac is null || rawAac.IsEmpty) return false;
        Span<byte> adts = stackalloc byte[AdtsHeader.Size];
        if (!AdtsHeader.TryWrite(adts, _aac, rawAac.Length)) return false;
        _au.ResetWrittenCount();
        _au.Write(adts);
        _au.Write(rawAac);
        Span<byte> header = stackalloc byte[19];
        int headerLength = PesHeader(header, 0xC0, pts90 & TimestampMask, null, _au.WrittenCount, unboundedAllowed: false);
        WritePes(AudioPid, ref _audioCc, header[..headerLength], _au.WrittenSpan, pcr: HasVideo ? null : (pts90 - PcrLead) & TimestampMask, randomAccess: !HasVideo, output);
        return true;
    }

    private static int WriteStream(Span<byte> section, int n, byte streamType, int pid)
    {
        section[n++] = streamType;
        section[n++] = (byte)(0xE0 | (pid >> 8)); section[n++] = (byte)pid;
        section[n++] = 0xF0; section[n++] = 0x00;            // ES_info_length 0
        return n;
    }

    /// <summary>Fills in section_length (syntax indicator set) and appends the CRC_32; returns the section length.</summary>
    private static int FinishSection(Span<byte> section, int n)
    {
        int length = n - 3 + 4;
        section[1] = (byte)(0xB0 | (length >> 8));
        section[2] = (byte)length;
        uint crc = Crc32Mpeg2.Compute(section[..n]);
        section[n++] = (byte)(crc >> 24); section[n++] = (byte)(crc >> 16); section[n++] = (byte)(crc >> 8); section[n++] = (byte)crc;
        return n;
    }

    private static void WritePsi(int pid, ref byte cc, ReadOnlySpan<byte> section, IBufferWriter<byte> output)
    {
        var packet = output.GetSpan(PacketSize)[..PacketSize];
        packet[0] = 0x47;
        packet[1] = (byte)(0x40 | (pid >> 8));
        packet[2] = (byte)pid;
        packet[3] = (byte)(0x10 | cc);
        cc = (byte)((cc + 1) & 0x0F);
        packet[4] = 0x00; // pointer_field
        section.CopyTo(packet[5..]);
        packet[(5 + section.Length)..].Fill(0xFF);
        output.Advance(PacketSize);
    }

    /// <summary>Writes a PES header; returns its length.</summary>
    private static int PesHeader(Span<byte> h, byte streamId, long pts, long? dts, int payloadLength, bool unboundedAllowed)
    {
        int headerDataLength = dts is null ? 5 : 10;
        int pesLength = 3 + headerDataLength + payloadLength;
        if (pesLength > ushort.MaxValue)
        {
            if (!unboundedAllowed) throw new InvalidOperationException("audio PES too long");
            pesLength = 0; // unbounded: allowed for video elementary streams only (§2.4.3.7)
        }
        h[0] = 0x00; h[1] = 0x00; h[2] = 0x01; h[3] = streamId;
        h[4] = (byte)(pesLength >> 8); h[5] = (byte)pesLength;
        h[6] = 0x84;                                         // '10', not scrambled, data_alignment_indicator
        h[7] = dts is null ? (byte)0x80 : (byte)0xC0;        // PTS_DTS_flags
        h[8] = (byte)headerDataLength;
        WriteTimestamp(h[9..], dts is null ? 0b0010 : 0b0011, pts);
        if (dts is { } d) WriteTimestamp(h[14..], 0b0001, d);
        return 9 + headerDataLength;
    }

    private static void WriteTimestamp(Span<byte> b, int prefix, long t)
    {
        b[0] = (byte)((prefix << 4) | (int)(((t >> 30) & 0x07) << 1) | 1);
        b[1] = (byte)(t >> 22);
        b[2] = (byte)((((t >> 15) & 0x7F) << 1) | 1);
        b[3] = (byte)(t >> 7);
        b[4] = (byte)(((t & 0x7F) << 1) | 1);
    }

    /// <summary>Splits header + payload into TS packets; the first carries PUSI and the adaptation field (PCR, RAI), the last is padded with adaptation-field stuffing.</summary>
    private static void WritePes(int pid, ref byte cc, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, long? pcr, bool randomAccess, IBufferWriter<byte> output)
    {
        int total = header.Length + payload.Length;
        int written = 0;
        bool first = true;
        Span<byte> af = stackalloc byte[PacketSize];
        while (written < total)
        {
            // Adaptation field body (after its length byte): flags [+ PCR] [+ stuffing].
            int afBody = 0;
            bool hasAf = false;
            if (first && (pcr is not null || randomAccess))
            {
                hasAf = true;
                af[afBody++] = (byte)((randomAccess ? 0x40 : 0) | (pcr is not null ? 0x10 : 0));
                if (pcr is { } p)
                {
                    af[afBody++] = (byte)(p >> 25);
                    af[afBody++] = (byte)(p >> 17);
                    af[afBody++] = (byte)(p >> 9);
                    af[afBody++] = (byte)(p >> 1);
                    af[afBody++] = (byte)(((p & 1) << 7) | 0x7E); // reserved 6 bits, extension 0
                    af[afBody++] = 0x00;
                }
            }
            int space = PacketSize - 4 - (hasAf ? 1 + afBody : 0);
            int remaining = total - written;
            if (remaining < space)
            {
                int stuffing = space - remaining;
                if (!hasAf)
                {
                    hasAf = true;
                    stuffing--;                              // the length byte itself
                    if (stuffing > 0)
                    {
                        af[afBody++] = 0x00;                 // flags
                        stuffing--;
                    }
                }
                af.Slice(afBody, stuffing).Fill(0xFF);
                afBody += stuffing;
                space = remaining;
            }

            var packet = output.GetSpan(PacketSize)[..PacketSize];
            packet[0] = 0x47;
            packet[1] = (byte)((first ? 0x40 : 0) | (pid >> 8));
            packet[2] = (byte)pid;
            packet[3] = (byte)((hasAf ? 0x30 : 0x10) | cc);
            cc = (byte)((cc + 1) & 0x0F);
            int at = 4;
            if (hasAf)
            {
                packet[at++] = (byte)afBody;
                af[..afBody].CopyTo(packet[at..]);
                at += afBody;
            }
            // Copy `space` bytes of header+payload starting at `written`.
            int left = space;
            if (written < header.Length)
            {
                int h = Math.Min(header.Length - written, left);
                header.Slice(written, h).CopyTo(packet[at..]);
                at += h;
                written += h;
                left -= h;
            }
            if (left > 0)
            {
                payload.Slice(written - header.Length, left).CopyTo(packet[at..]);
                written += left;
            }
            output.Advance(PacketSize);
            first = false;
        }
    }
}
