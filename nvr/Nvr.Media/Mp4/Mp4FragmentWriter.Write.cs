using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

public sealed partial class Mp4FragmentWriter
{
    private const uint TfhdDefaultBaseIsMoof = 0x020000;
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunSampleDuration = 0x000100;
    private const uint TrunSampleSize = 0x000200;
    private const uint TrunSampleFlags = 0x000400;
    private const uint TrunCompositionOffset = 0x000800;
    private const byte PrftVersion = 1;
    private const uint PrftFlags = 0; // ntp_timestamp = capture/encoder-input time of the sample presented at media_time

    /// <summary>
    /// Writes the committed units as one fragment ('prft' when a wallclock is known, 'moof',
    /// 'mdat'). Returns its description, or null when nothing is committed.
    /// </summary>
    public Mp4Fragment? WriteFragment(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Emit(output);
    }

    /// <summary>
    /// Ends a run: commits the held-back units with estimated durations, writes everything as a
    /// fragment, and waits for a keyframe before accepting units again. Null when nothing was pending.
    /// </summary>
    public Mp4Fragment? WriteFinalFragment(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var t in _tracks)
        {
            if (t.Held is { } held)
            {
                Commit(t, held, EstimateDuration(t, held));
                t.Held = null;
            }
        }
        _waitingForKeyframe = _options.StartOnKeyframe && _reference.IsVideo;
        foreach (var t in _tracks)
        {
            t.PreRoll = null;
            t.RunStart = null;
        }
        return Emit(output);
    }

    private uint EstimateDuration(TrackState t, MediaUnit unit)
    {
        var d = t.Description;
        if (IsSplittablePcm(d)) return (uint)Math.Clamp((long)unit.Payload.Length / Math.Max(d.Channels, 1), 1, uint.MaxValue); // PCM: exact
        if (t.LastDuration > 0) return t.LastDuration;
        long rate = d.SampleRate > 0 ? d.SampleRate : d.ClockRate;
        long ticks = d.Codec switch
        {
            MediaCodec.Aac => 1024L * d.ClockRate / rate, // ISO/IEC 14496-3: 1024 samples per AAC-LC frame
            MediaCodec.Pcma or MediaCodec.Pcmu => (long)unit.Payload.Length / Math.Max(d.Channels, 1) * d.ClockRate / rate,
            _ => d.ClockRate / _options.DefaultVideoFrameRate,
        };
        return (uint)Math.Clamp(ticks, 1, uint.MaxValue);
    }

    private Mp4Fragment? Emit(IBufferWriter<byte> output)
    {
        if (_committedSamples == 0) return null;
        if (!_originKnown) FixOrigin();
        uint sequence = ++_sequenceNumber;
        long fragmentOffset = _fileOffset;
        _box.Reset();

        // prft: wallclock of the reference track's first sample that has one (else any track's).
        DateTime? wallClock = null;
        int wallClockTrack = 0;
        long wallClockMediaTime = 0;
        if (FindWallClock(out var clockTrack, out var clockUnit))
        {
            wallClock = Mp4Ntp.AsUtc(clockUnit.WallClock!.Value);
            wallClockTrack = clockTrack.Mp4TrackId;
            wallClockMediaTime = clockUnit.Pts - clockTrack.Origin;
            int prft = _box.StartFullBox(Mp4BoxType.Prft, PrftVersion, PrftFlags);
            _box.WriteUInt32((uint)wallClockTrack);
            _box.WriteUInt64(Mp4Ntp.FromDateTime(wallClock.Value));
            _box.WriteUInt64((ulong)wallClockMediaTime);
            _box.EndBox(prft);
        }

        int moofStart = _box.Length;
        int moof = _box.StartBox(Mp4BoxType.Moof);
        int mfhd = _box.StartFullBox(Mp4BoxType.Mfhd, 0, 0);
        _box.WriteUInt32(sequence);
        _box.EndBox(mfhd);

        Span<int> dataOffsetFields = stackalloc int[_tracks.Length];
        for (int i = 0; i < _tracks.Length; i++)
        {
            var t = _tracks[i];
            dataOffsetFields[i] = -1;
            if (t.Committed.Count == 0) continue;
            dataOffsetFields[i] = WriteTraf(t);
        }
        _box.EndBox(moof);

        // Patch data_offset (relative to the moof start, default-base-is-moof) now that the moof size is known.
        long dataStart = _box.Length - moofStart + 8; // + mdat header
        long trackData = dataStart;
        var trackFragments = new List<Mp4TrackFragment>(_tracks.Length);
        for (int i = 0; i < _tracks.Length; i++)
        {
            var t = _tracks[i];
            if (dataOffsetFields[i] < 0) continue;
            _box.PatchUInt32(dataOffsetFields[i], (uint)trackData);
            var samples = new Mp4Sample[t.Committed.Count];
            long absolute = fragmentOffset + moofStart + trackData;
            for (int s = 0; s < samples.Length; s++)
            {
                var p = t.Committed[s];
                samples[s] = new Mp4Sample(absolute, p.Unit.Payload.Length, p.Unit.Dts - t.Origin, p.Duration,
                    (int)(p.Unit.Pts - p.Unit.Dts), SampleFlags(t, p.Unit));
                absolute += p.Unit.Payload.Length;
                trackData += p.Unit.Payload.Length;
            }
            trackFragments.Add(new Mp4TrackFragment(t.Mp4TrackId, t.Description.ClockRate, samples[0].DecodeTime, samples));
        }

        _box.CopyTo(output);
        var header = output.GetSpan(8);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(8 + _committedBytes));
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], Mp4BoxType.Mdat);
        output.Advance(8);
        foreach (var t in _tracks)
        {
            foreach (var p in t.Committed) output.Write(p.Unit.Payload.Span);
            t.Committed.Clear();
        }

        long size = _box.Length + 8 + _committedBytes;
        _fileOffset += size;
        _committedSamples = 0;
        _committedBytes = 0;
        foreach (var t in _tracks)
        {
            foreach (var p in t.CarryOver) Commit(t, p.Unit, p.Duration);
            t.CarryOver.Clear();
        }
        return new Mp4Fragment(fragmentOffset, size, sequence, _reference.Mp4TrackId, trackFragments,
            wallClock, wallClockTrack, wallClockMediaTime);
    }

    /// <summary>Writes one 'traf'; returns the position of its trun data_offset field.</summary>
    private int WriteTraf(TrackState t)
    {
        bool withCto = false;
        foreach (var p in t.Committed)
        {
            if (p.Unit.Pts != p.Unit.Dts)
            {
                withCto = true;
                break;
            }
        }
        int traf = _box.StartBox(Mp4BoxType.Traf);
        int tfhd = _box.StartFullBox(Mp4BoxType.Tfhd, 0, TfhdDefaultBaseIsMoof);
        _box.WriteUInt32((uint)t.Mp4TrackId);
        _box.EndBox(tfhd);

        int tfdt = _box.StartFullBox(Mp4BoxType.Tfdt, 1, 0);
        _box.WriteUInt64((ulong)(t.Committed[0].Unit.Dts - t.Origin));
        _box.EndBox(tfdt);

        uint flags = TrunDataOffset | TrunSampleDuration | TrunSampleSize | TrunSampleFlags | (withCto ? TrunCompositionOffset : 0);
        int trun = _box.StartFullBox(Mp4BoxType.Trun, withCto ? (byte)1 : (byte)0, flags);
        _box.WriteUInt32((uint)t.Committed.Count);
        int dataOffsetField = _box.Length;
        _box.WriteInt32(0); // data_offset, patched in Emit
        foreach (var p in t.Committed)
        {
            _box.WriteUInt32(p.Duration);
            _box.WriteUInt32((uint)p.Unit.Payload.Length);
            _box.WriteUInt32(SampleFlags(t, p.Unit));
            if (withCto) _box.WriteInt32((int)(p.Unit.Pts - p.Unit.Dts));
        }
        _box.EndBox(trun);
        _box.EndBox(traf);
        return dataOffsetField;
    }

    private static uint SampleFlags(TrackState t, MediaUnit unit) =>
        !t.IsVideo ? Mp4SampleFlags.Audio : unit.IsKeyframe ? Mp4SampleFlags.Sync : Mp4SampleFlags.NonSync;

    /// <summary>
    /// Fixes the file origin from the first fragment: the earliest DTS pending (committed or
    /// held back) over the tracks, compared in seconds, converted to each track's clock and
    /// rounded down so no time in the file is negative. Units appended later are checked
    /// against it in <see cref="Append"/>.
    /// </summary>
    private void FixOrigin()
    {
        TrackState? first = null;
        long firstDts = 0;
        foreach (var t in _tracks)
        {
            MediaUnit? earliest = t.Committed.Count > 0 ? t.Committed[0].Unit : t.Held;
            if (earliest is null) continue;
            if (first is null || (Int128)earliest.Dts * first.Description.ClockRate < (Int128)firstDts * t.Description.ClockRate)
            {
                first = t;
                firstDts = earliest.Dts;
            }
        }
        if (first is null) return; // nothing pending: Emit never calls this then
        long dts = firstDts;
        foreach (var t in _tracks)
        {
            t.Origin = t == first ? dts : FloorDiv((Int128)dts * t.Description.ClockRate, first.Description.ClockRate);
        }
        _originKnown = true;
    }

    private static long FloorDiv(Int128 a, long b)
    {
        var q = a / b;
        if (a % b != 0 && a < 0) q--;
        return (long)q;
    }

    private bool FindWallClock(out TrackState track, out MediaUnit unit)
    {
        if (FirstWithWallClock(_reference, out unit))
        {
            track = _reference;
            return true;
        }
        foreach (var t in _tracks)
        {
            if (t != _reference && FirstWithWallClock(t, out unit))
            {
                track = t;
                return true;
            }
        }
        track = _reference;
        unit = null!;
        return false;
    }

    private static bool FirstWithWallClock(TrackState t, out MediaUnit unit)
    {
        foreach (var p in t.Committed)
        {
            if (p.Unit.WallClock is not null && p.Unit.Pts >= t.Origin)
            {
                unit = p.Unit;
                return true;
            }
        }
        unit = null!;
        return false;
    }
}
