namespace Nvr.Media.Mp4;

public sealed partial class Mp4FragmentWriter
{
    /// <summary>
    /// Prepares a file cut at the held-back reference keyframe: on every PCM (G.711) track, the
    /// sample that straddles the keyframe's time is split there, and what lies at or after it is
    /// kept for the next fragment. Call it right before the <see cref="WriteFragment"/> that ends a
    /// file. Returns the number of samples split.
    /// </summary>
    /// <remarks>
    /// Why: FFmpeg (5.1) reports a fragmented file's stream duration as its absolute end and adds
    /// the stream's start time again when it computes the file duration; <c>-f concat</c> places
    /// the next file after that duration. A file whose audio starts before its first video frame
    /// (the G.711 frame of up to 128 ms that was playing when the keyframe came) makes the video
    /// start late by up to a frame of audio, and the seam after it late by twice that. Cutting the
    /// PCM track at the keyframe (ITU-T G.711: one byte per sample per channel, so any sample
    /// boundary is a valid cut) makes every track of the next file start at its origin and every
    /// track of this one end at the cut: consecutive files join exactly in any player's model.
    /// AAC frames cannot be split; their offset stays below one 1024-sample frame (21 ms at 48 kHz).
    /// The held audio unit is only split when it has arrived past the cut; audio lagging the
    /// keyframe starts the next file a little after its origin, as before.
    /// </remarks>
    public int SplitAtReferenceCut()
    {
        if (_reference.Held is not { IsKeyframe: true } key || !_reference.IsVideo) return 0;
        int split = 0;
        foreach (var t in _tracks)
        {
            if (t == _reference || !IsSplittablePcm(t.Description)) continue;
            int channels = Math.Max(t.Description.Channels, 1);
            long cut = FloorDiv((Int128)key.Dts * t.Description.ClockRate, _reference.Description.ClockRate);
            // Committed samples: the one across the cut is split, the ones after it carried over.
            int keep = t.Committed.Count;
            for (int i = 0; i < t.Committed.Count; i++)
            {
                var p = t.Committed[i];
                long end = p.Unit.Dts + p.Duration;
                if (end <= cut) continue;
                if (p.Unit.Dts < cut)
                {
                    var (head, tail) = Split(p.Unit, cut - p.Unit.Dts, channels, t.Description.ClockRate);
                    t.Committed[i] = new PendingSample(head, (uint)(cut - p.Unit.Dts));
                    _committedBytes -= tail.Payload.Length;
                    t.CarryOver.Add(new PendingSample(tail, (uint)(end - cut)));
                    keep = i + 1;
                    split++;
                }
                else
                {
                    keep = Math.Min(keep, i);
                    t.CarryOver.Add(p);
                    _committedBytes -= p.Unit.Payload.Length;
                    _committedSamples--;
                }
            }
            if (keep < t.Committed.Count) t.Committed.RemoveRange(keep, t.Committed.Count - keep);
            // The held sample (duration from its own length: exact for PCM) across the cut.
            if (t.Held is { } held && t.CarryOver.Count == 0 && held.Dts < cut)
            {
                long length = held.Payload.Length / channels;
                if (held.Dts + length > cut)
                {
                    var (head, tail) = Split(held, cut - held.Dts, channels, t.Description.ClockRate);
                    Commit(t, head, (uint)(cut - held.Dts));
                    t.Held = tail;
                    split++;
                }
            }
        }
        return split;
    }

    /// <summary>
    /// A run starts at the reference keyframe <paramref name="key"/>: each PCM track's first
    /// sample is cut at the keyframe's time too (the one that was playing when it came, whether it
    /// arrived before it — <see cref="TrackState.PreRoll"/> — or after it), so the run's first
    /// file also starts every track at its origin.
    /// </summary>
    private void StartRun(MediaUnit key)
    {
        foreach (var t in _tracks)
        {
            var preRoll = t.PreRoll;
            t.PreRoll = null;
            t.RunStart = null;
            if (t == _reference || !_reference.IsVideo || !IsSplittablePcm(t.Description) || t.Held is not null || t.Committed.Count > 0) continue;
            long cut = FloorDiv((Int128)key.Dts * t.Description.ClockRate, _reference.Description.ClockRate);
            t.RunStart = cut;
            if (preRoll is not null && TrimToRunStart(t, preRoll, cut) is { } tail)
            {
                t.Held = tail;
                t.RunStart = null;
            }
        }
    }

    /// <summary>The part of a PCM unit from <paramref name="cut"/> on (the whole unit when it starts there or later), or null.</summary>
    private static MediaUnit? TrimToRunStart(TrackState t, MediaUnit unit, long cut)
    {
        if (unit.Dts >= cut) return unit;
        int channels = Math.Max(t.Description.Channels, 1);
        long length = unit.Payload.Length / channels;
        if (unit.Dts + length <= cut) return null; // entirely before the run: not recorded
        return Split(unit, cut - unit.Dts, channels, t.Description.ClockRate).Tail;
    }

    /// <summary>G.711: one byte per sample and channel, RTP clock = sample rate (RFC 3551 §4.5.14).</summary>
    private static bool IsSplittablePcm(TrackDescription d) =>
        d.Codec is MediaCodec.Pcma or MediaCodec.Pcmu && (d.SampleRate == 0 || d.SampleRate == d.ClockRate);

    private static (MediaUnit Head, MediaUnit Tail) Split(MediaUnit unit, long samples, int channels, int clockRate)
    {
        int bytes = (int)Math.Min(samples * channels, unit.Payload.Length);
        var head = new MediaUnit(unit.TrackId, unit.Pts, unit.Dts, unit.IsKeyframe, unit.Payload[..bytes], unit.WallClock);
        var tail = new MediaUnit(unit.TrackId, unit.Pts + samples, unit.Dts + samples, unit.IsKeyframe, unit.Payload[bytes..],
            unit.WallClock?.AddTicks(samples * TimeSpan.TicksPerSecond / clockRate));
        return (head, tail);
    }
}
