using System.Buffers;

namespace Nvr.Media.Mp4;

/// <summary>
/// Writes a fragmented MP4 file from <see cref="MediaUnit"/>s: an init segment
/// (<see cref="WriteInitSegment"/>), then fragments of 'prft' + 'moof' + 'mdat'
/// (ISO/IEC 14496-12 §8.8, §8.16.5) whenever the caller asks (<see cref="WriteFragment"/>).
/// Pure: writes to an <see cref="IBufferWriter{T}"/>, knows nothing of files or clocks.
/// </summary>
/// <remarks>
/// <para><b>Durations.</b> A sample's duration is the next sample's DTS minus its own, so the
/// writer holds back the newest unit of each track until the next one arrives. A unit is
/// <i>committed</i> (duration known) when its successor is appended; <see cref="WriteFragment"/>
/// writes only committed units and the held-back ones open the next fragment. Hence every
/// duration is exact and, per track, tfdt of fragment N+1 = tfdt of N + the sum of N's
/// durations. Across files the same holds in stream time (file origin + tfdt): keep the same
/// writer, call <see cref="WriteInitSegment"/> for the next file, and the held-back units
/// start it.</para>
/// <para><b>Cutting on keyframes.</b> Append the keyframe first, then write the fragment: the
/// keyframe is the held-back unit, so the fragment written ends just before it and the next one
/// starts with it.
/// <code>
/// writer.Append(unit);
/// if (unit is video keyframe &amp;&amp; writer.PendingDuration &gt;= 1 s) writer.WriteFragment(output);
/// </code></para>
/// <para><b>End of a run.</b> <see cref="WriteFinalFragment"/> also writes the held-back units,
/// each with the last duration seen on its track (or a codec default: 1024 samples for AAC,
/// the payload length for G.711, 1/<see cref="Mp4FragmentWriterOptions.DefaultVideoFrameRate"/>
/// s for video), and makes the writer wait for a keyframe again.</para>
/// <para><b>Timeline.</b> Timescale = <see cref="TrackDescription.ClockRate"/>, so units' times
/// are stored unscaled; the tracks' DTS must share one time zero (as a Feed provides them),
/// since a file origin is shared by its tracks. By default
/// (<see cref="Mp4Timeline.FileStartsAtZero"/>) each file's first fragment fixes an origin per
/// track — the earliest first DTS over the tracks in that fragment, in seconds, converted to
/// each clock — and every time in the file is DTS − origin (<see cref="TryGetFileOrigin"/>);
/// with <see cref="Mp4Timeline.StreamTime"/> the DTS is stored as is. Composition offsets
/// (trun version 1, signed) are written when PTS ≠ DTS.</para>
/// <para><b>Layout.</b> One 'traf' per track with samples, in track order; one 'mdat' whose
/// data is each track's samples contiguously, in the same order (video then audio when the
/// video track is listed first). MP4 track_ID = position in the track list + 1. The 'mfhd'
/// sequence number starts at 1 and keeps increasing across files of the same writer.</para>
/// <code>
/// prft  v1 flags 0: reference_track_ID, ntp_timestamp (64) = the sample's wallclock,
///       media_time (64) = that sample's PTS in the file timeline
/// moof
///  ├ mfhd  sequence_number
///  └ traf  (per track with samples)
///    ├ tfhd  flags 0x020000 default-base-is-moof, track_ID
///    ├ tfdt  v1: baseMediaDecodeTime (64)
///    └ trun  v0|v1, flags 0x000701 [+0x000800 when PTS ≠ DTS]: sample_count, data_offset,
///            { duration, size, flags, [composition_time_offset (signed)] } per sample
/// mdat  samples of track 1, then track 2, ...
/// </code>
/// Not thread-safe: one writer per recorded stream, driven by one reader loop.
/// </remarks>
public sealed partial class Mp4FragmentWriter
{
    private readonly TrackState[] _tracks;
    private readonly TrackState _reference;
    private readonly Mp4FragmentWriterOptions _options;
    private readonly Mp4BoxWriter _box = new(16 * 1024);
    private bool _waitingForKeyframe;
    private uint _sequenceNumber;
    private long _fileOffset;
    private int _committedSamples;
    private long _committedBytes;
    private bool _originKnown;

    /// <summary>Creates a writer for <paramref name="tracks"/> (1..16 tracks: H.264/H.265 video, AAC/G.711 audio).</summary>
    /// <exception cref="ArgumentException">A track is incomplete, unsupported or duplicated.</exception>
    public Mp4FragmentWriter(IReadOnlyList<TrackDescription> tracks, Mp4FragmentWriterOptions? options = null)
    {
        Mp4InitSegmentWriter.Validate(tracks);
        _options = options ?? new Mp4FragmentWriterOptions();
        _options.Validate();
        Tracks = tracks.ToArray();
        _tracks = new TrackState[tracks.Count];
        for (int i = 0; i < tracks.Count; i++) _tracks[i] = new TrackState(tracks[i], i + 1);
        _reference = Array.Find(_tracks, t => t.IsVideo) ?? _tracks[0];
        _waitingForKeyframe = _options.StartOnKeyframe && _reference.IsVideo;
        _originKnown = _options.Timeline == Mp4Timeline.StreamTime;
    }

    public IReadOnlyList<TrackDescription> Tracks { get; }

    /// <summary>MP4 track_ID of the reference track (first video track, else first track); fragments report its timing.</summary>
    public int ReferenceTrackId => _reference.Mp4TrackId;

    /// <summary>Bytes written to the current file so far (init segment + fragments) = the offset of the next fragment.</summary>
    public long FileOffset => _fileOffset;

    /// <summary>Committed duration of the reference track not yet written (how long the pending fragment is).</summary>
    public TimeSpan PendingDuration
    {
        get
        {
            var c = _reference.Committed;
            if (c.Count == 0) return TimeSpan.Zero;
            long ticks = c[^1].Unit.Dts + c[^1].Duration - c[0].Unit.Dts;
            return TimeSpan.FromTicks((long)((Int128)ticks * TimeSpan.TicksPerSecond / _reference.Description.ClockRate));
        }
    }

    /// <summary>Committed payload bytes not yet written.</summary>
    public long PendingBytes => _committedBytes;

    /// <summary>True while units are dropped until the first video keyframe of a run.</summary>
    public bool IsWaitingForKeyframe => _waitingForKeyframe;

    /// <summary>
    /// The stream DTS that time zero of the current file stands for, on track
    /// <paramref name="trackId"/> (a <see cref="TrackDescription.Id"/>): stream time = origin +
    /// file time. Known once the file's first fragment is written (always 0 with
    /// <see cref="Mp4Timeline.StreamTime"/>).
    /// </summary>
    public bool TryGetFileOrigin(int trackId, out long origin)
    {
        var t = Find(trackId);
        origin = t?.Origin ?? 0;
        return t is not null && _originKnown;
    }

    /// <summary>The MP4 track_ID used for the track with <see cref="TrackDescription.Id"/> <paramref name="trackId"/>, or 0.</summary>
    public int GetMp4TrackId(int trackId) => Find(trackId)?.Mp4TrackId ?? 0;

    /// <summary>
    /// Writes 'ftyp' + 'moov' and starts a new file: <see cref="FileOffset"/> restarts at the init
    /// segment's size and (with <see cref="Mp4Timeline.FileStartsAtZero"/>) the next fragment
    /// fixes a new time origin. Units held back or committed stay pending and go into this file.
    /// </summary>
    public int WriteInitSegment(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _box.Reset();
        Mp4InitSegmentWriter.Write(_box, Tracks);
        _box.CopyTo(output);
        _fileOffset = _box.Length;
        if (_options.Timeline == Mp4Timeline.FileStartsAtZero) _originKnown = false;
        return _box.Length;
    }

    /// <summary>Queues one unit (in DTS order per track). Returns why it was not taken, if so.</summary>
    public Mp4AppendResult Append(MediaUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var t = Find(unit.TrackId);
        if (t is null) return Mp4AppendResult.UnknownTrack;
        bool starting = _waitingForKeyframe;
        if (_waitingForKeyframe)
        {
            if (t != _reference || !unit.IsKeyframe)
            {
                if (t != _reference && IsSplittablePcm(t.Description) && unit.Payload.Length > 0) t.PreRoll = unit;
                return Mp4AppendResult.WaitingForKeyframe;
            }
        }
        else if (t.RunStart is long start)
        {
            // The first PCM unit of a run may begin before the run's keyframe: keep only what follows it.
            var trimmed = TrimToRunStart(t, unit, start);
            if (trimmed is null) return Mp4AppendResult.WaitingForKeyframe;
            unit = trimmed;
        }
        if (unit.Payload.Length == 0) return Mp4AppendResult.EmptyPayload;
        if (unit.Payload.Length > _options.MaxSampleSize) return Mp4AppendResult.TooLarge;
        if (_originKnown && unit.Dts < t.Origin) return Mp4AppendResult.NegativeTimestamp;
        long cto = unit.Pts - unit.Dts;
        if (cto is < int.MinValue or > int.MaxValue) return Mp4AppendResult.CompositionOffsetOutOfRange;

        if (t.Held is { } held)
        {
            if (unit.Dts <= held.Dts) return Mp4AppendResult.NonMonotonicDts;
            long duration = unit.Dts - held.Dts;
            if (duration > uint.MaxValue) return Mp4AppendResult.TimestampGap;
            if (_committedSamples + 1 > _options.MaxSamplesPerFragment ||
                _committedBytes + held.Payload.Length > _options.MaxFragmentBytes)
            {
                return Mp4AppendResult.FragmentFull;
            }
            Commit(t, held, (uint)duration);
        }
        t.Held = unit;
        t.RunStart = null;
        _waitingForKeyframe = false;
        if (starting) StartRun(unit);
        return Mp4AppendResult.Accepted;
    }

    private void Commit(TrackState t, MediaUnit unit, uint duration)
    {
        t.Committed.Add(new PendingSample(unit, duration));
        t.LastDuration = duration;
        _committedSamples++;
        _committedBytes += unit.Payload.Length;
    }

    private TrackState? Find(int trackId)
    {
        foreach (var t in _tracks)
        {
            if (t.Description.Id == trackId) return t;
        }
        return null;
    }

    private readonly record struct PendingSample(MediaUnit Unit, uint Duration);

    private sealed class TrackState(TrackDescription description, int mp4TrackId)
    {
        public TrackDescription Description { get; } = description;
        public int Mp4TrackId { get; } = mp4TrackId;
        public bool IsVideo => Description.Kind == TrackKind.Video;
        public List<PendingSample> Committed { get; } = [];
        /// <summary>Committed samples at or after a file cut (<see cref="SplitAtReferenceCut"/>): they open the next fragment.</summary>
        public List<PendingSample> CarryOver { get; } = [];
        /// <summary>PCM: the newest unit seen while waiting for the run's keyframe.</summary>
        public MediaUnit? PreRoll { get; set; }
        /// <summary>PCM: the run's first keyframe time in this track's clock, until the track's first unit of the run.</summary>
        public long? RunStart { get; set; }
        public MediaUnit? Held { get; set; }
        public uint LastDuration { get; set; }
        /// <summary>Stream DTS of file time 0 (0 for <see cref="Mp4Timeline.StreamTime"/>).</summary>
        public long Origin { get; set; }
    }
}
