using System.Globalization;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// Checks a live media playlist against the rules of RFC 8216 / RFC 8216bis (draft 16) that a
/// server must keep, one message per violation (empty = compliant). Section numbers are
/// draft-pantos-hls-rfc8216bis's.
/// </summary>
public static class PlaylistRules
{
    /// <summary>Formatting slack: durations are written with 5 decimals.</summary>
    private const double Epsilon = 0.00002;

    public static List<string> Check(M3u8.MediaPlaylist p, bool fmp4, bool lowLatency)
    {
        var v = new List<string>();
        void Fail(string rule, string message) => v.Add($"{rule}: {message}");
        string S(double x) => x.ToString("0.#####", CultureInfo.InvariantCulture);

        if (p.TargetDuration is not int td) { Fail("§4.4.3.1", "no EXT-X-TARGETDURATION"); return v; }
        if (p.MediaSequence is null) Fail("§6.2.2", "live playlist without EXT-X-MEDIA-SEQUENCE");
        if (p.EndList) Fail("§6.2.1", "live playlist has EXT-X-ENDLIST");
        if (p.HasPlaylistType) Fail("§6.2.2", "a live playlist MUST NOT contain EXT-X-PLAYLIST-TYPE");
        if (p.Segments.Count == 0) Fail("§6.2.1", "no complete segment");
        foreach (var s in p.Segments)
        {
            if (Math.Round(s.Duration, MidpointRounding.AwayFromZero) > td) Fail("§4.4.3.1", $"segment {s.Msn}: EXTINF {S(s.Duration)} rounds above target duration {td}");
            if (s.Duration <= 0) Fail("§4.4.4.1", $"segment {s.Msn}: EXTINF {S(s.Duration)}");
            if (s.ProgramDateTime is null) Fail("§6.2.1", $"segment {s.Msn}: no EXT-X-PROGRAM-DATE-TIME");
            if (fmp4 && s.Map is null) Fail("§4.4.4.5", $"segment {s.Msn}: no EXT-X-MAP in scope");
        }
        for (int i = 1; i < p.Segments.Count; i++)
        {
            var (a, b) = (p.Segments[i - 1], p.Segments[i]);
            if (b.Discontinuity || a.ProgramDateTime is null || b.ProgramDateTime is null) continue;
            double gap = (b.ProgramDateTime.Value - a.ProgramDateTime.Value).TotalSeconds - a.Duration;
            // §6.2.1: only sub-second overlaps are allowed; a gap within one run means lost media.
            if (gap <= -1) Fail("§6.2.1", $"segment {b.Msn}: PROGRAM-DATE-TIME overlaps the previous segment by {S(-gap)} s");
            if (gap > 0.5) Fail("§6.2.1", $"segment {b.Msn}: PROGRAM-DATE-TIME is {S(gap)} s after the end of the previous segment without a discontinuity");
        }
        if (fmp4 && p.Version < 6) Fail("§4.4.1.2", $"EXT-X-MAP needs EXT-X-VERSION 6, got {p.Version}");

        if (!lowLatency)
        {
            if (p.PartTarget is not null || p.OpenParts.Count > 0 || p.Segments.Any(s => s.Parts.Count > 0)) Fail("§4.4.4.9", "parts in a playlist without LL-HLS");
            return v;
        }

        if (p.PartTarget is not double pt) { Fail("§4.4.3.7", "no EXT-X-PART-INF"); return v; }
        if (!p.CanBlockReload) Fail("§4.4.3.8", "LL-HLS without CAN-BLOCK-RELOAD=YES");
        if (p.PartHoldBack is not double phb || phb < 2 * pt - Epsilon) Fail("§4.4.3.8", $"PART-HOLD-BACK {p.PartHoldBack} is less than twice PART-TARGET {S(pt)}");
        var hints = p.PreloadHints.Where(h => h.Type == "PART").ToList();
        if (hints.Count != 1) Fail("§4.4.5.3", $"{hints.Count} EXT-X-PRELOAD-HINT TYPE=PART (want exactly one)");

        var allParts = new HashSet<string>(StringComparer.Ordinal);
        void CheckParts(IReadOnlyList<M3u8.Part> parts, string owner, bool complete)
        {
            for (int i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (!allParts.Add(part.Uri)) Fail("§4.4.4.9", $"{owner}: part URI {part.Uri} listed twice");
                if (part.Duration > pt + Epsilon) Fail("§4.4.4.9", $"{owner} part {i}: DURATION {S(part.Duration)} exceeds PART-TARGET {S(pt)}");
                bool last = complete && i == parts.Count - 1;
                if (!last && !part.Independent && i < parts.Count - (complete ? 1 : 0) && part.Duration < 0.85 * pt - Epsilon)
                {
                    Fail("§4.4.4.9", $"{owner} part {i}: DURATION {S(part.Duration)} is below 85 % of PART-TARGET {S(pt)}");
                }
            }
        }
        double fromEnd = p.OpenParts.Sum(x => x.Duration);
        for (int i = p.Segments.Count - 1; i >= 0; i--)
        {
            var s = p.Segments[i];
            fromEnd += s.Duration;
            if (s.Parts.Count == 0) continue;
            CheckParts(s.Parts, $"segment {s.Msn}", complete: true);
            double sum = s.Parts.Sum(x => x.Duration);
            if (Math.Abs(sum - s.Duration) > Epsilon * (s.Parts.Count + 1)) Fail("§4.4.4.9", $"segment {s.Msn}: parts add up to {S(sum)} s, EXTINF is {S(s.Duration)}");
            if (!s.Parts[0].Independent && i > 0) Fail("§4.4.4.9", $"segment {s.Msn}: first part not INDEPENDENT (segments start on keyframes here)");
            if (fromEnd > 3 * td + td + Epsilon) Fail("§6.2.2", $"segment {s.Msn}: parts listed {S(fromEnd)} s from the end (> 3 target durations)");
        }
        CheckParts(p.OpenParts, "open segment", complete: false);
        foreach (var (_, uri) in hints)
        {
            if (allParts.Contains(uri)) Fail("§4.4.5.3", $"preload hint {uri} names a part already listed");
        }
        return v;
    }

    /// <summary>Rules between two successive versions of the same live playlist (§6.2.1: only append and remove from the start).</summary>
    public static List<string> CheckUpdate(M3u8.MediaPlaylist before, M3u8.MediaPlaylist after)
    {
        var v = new List<string>();
        if (before.TargetDuration != after.TargetDuration) v.Add($"§6.2.1: EXT-X-TARGETDURATION changed {before.TargetDuration} → {after.TargetDuration}");
        if (after.MediaSequence < before.MediaSequence) v.Add($"§6.2.2: EXT-X-MEDIA-SEQUENCE decreased {before.MediaSequence} → {after.MediaSequence}");
        if (after.DiscontinuitySequence < before.DiscontinuitySequence) v.Add("§6.2.2: EXT-X-DISCONTINUITY-SEQUENCE decreased");
        if (after.MediaSequence > before.MediaSequence && after.TotalDuration < 3 * (after.TargetDuration ?? 0) - Epsilon)
        {
            v.Add($"§6.2.2: segments were removed although the playlist is only {after.TotalDuration} s (< 3 target durations)");
        }
        var old = before.Segments.ToDictionary(s => s.Msn);
        foreach (var s in after.Segments)
        {
            if (!old.TryGetValue(s.Msn, out var o)) continue;
            if (o.Uri != s.Uri || Math.Abs(o.Duration - s.Duration) > Epsilon) v.Add($"§6.2.1: segment {s.Msn} changed ({o.Uri} {o.Duration} → {s.Uri} {s.Duration})");
        }
        long lastBefore = before.Segments.Count > 0 ? before.Segments[^1].Msn : -1;
        long lastAfter = after.Segments.Count > 0 ? after.Segments[^1].Msn : -1;
        if (lastAfter < lastBefore) v.Add($"§6.2.1: the last segment went back from {lastBefore} to {lastAfter}");
        return v;
    }
}
