namespace Nvr.Media.Mp4;

public static partial class Mp4Reader
{
    /// <summary>
    /// Copies the samples of <paramref name="fragment"/> out of <paramref name="data"/> (bytes of
    /// the file starting at absolute offset <paramref name="fileOffset"/>, e.g. exactly the
    /// fragment's range) as <see cref="MediaUnit"/>s, ordered by decode time across tracks
    /// (ties: track order). TrackId = MP4 track_ID, Pts/Dts in the track timescale, keyframe =
    /// sync sample. Units of the 'prft' reference track get a wallclock derived from the prft.
    /// Returns false, appending nothing, when a sample lies outside <paramref name="data"/> or
    /// exceeds <see cref="Mp4ReaderOptions.MaxSampleSize"/>.
    /// </summary>
    public static bool TryReadUnits(ReadOnlySpan<byte> data, long fileOffset, Mp4Fragment fragment, List<MediaUnit> output, Mp4ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        ArgumentNullException.ThrowIfNull(output);
        options ??= Mp4ReaderOptions.Default;
        var order = new List<(Mp4TrackFragment Track, int Index, int TrackOrder)>(fragment.SampleCount);
        for (int t = 0; t < fragment.Tracks.Count; t++)
        {
            var traf = fragment.Tracks[t];
            for (int i = 0; i < traf.Samples.Count; i++)
            {
                var s = traf.Samples[i];
                long start = s.DataOffset - fileOffset;
                if (start < 0 || s.Size > options.MaxSampleSize || start + s.Size > data.Length) return false;
                order.Add((traf, i, t));
            }
        }
        order.Sort(static (a, b) =>
        {
            var sa = a.Track.Samples[a.Index];
            var sb = b.Track.Samples[b.Index];
            // Compare DecodeTime / timescale without rounding (timescale 0 = unknown: raw ticks).
            Int128 left = (Int128)sa.DecodeTime * Math.Max(b.Track.Timescale, 1);
            Int128 right = (Int128)sb.DecodeTime * Math.Max(a.Track.Timescale, 1);
            int c = left.CompareTo(right);
            if (c != 0) return c;
            c = a.TrackOrder.CompareTo(b.TrackOrder);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });

        foreach (var (traf, index, _) in order)
        {
            var s = traf.Samples[index];
            var payload = data.Slice((int)(s.DataOffset - fileOffset), s.Size).ToArray();
            DateTime? wallClock = null;
            if (fragment.WallClock is { } anchor && traf.TrackId == fragment.WallClockTrackId && traf.Timescale > 0)
            {
                long ticks = (long)((Int128)(s.PresentationTime - fragment.WallClockMediaTime) * TimeSpan.TicksPerSecond / traf.Timescale);
                long result = anchor.Ticks + ticks;
                if (result >= DateTime.MinValue.Ticks && result <= DateTime.MaxValue.Ticks) wallClock = new DateTime(result, DateTimeKind.Utc);
            }
            output.Add(new MediaUnit(traf.TrackId, s.PresentationTime, s.DecodeTime, s.IsSync, payload, wallClock));
        }
        return true;
    }
}
