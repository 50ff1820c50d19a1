using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Testing.Fuzz;

namespace Nvr.Recording.Tests.Files;

/// <summary>
/// Replays corpora <c>segment-header</c> and <c>fragment-table</c> (seeds in <c>corpus/</c> +
/// mutations) through the two parsers of Nvr.Recording: they never throw, stay within their
/// allocation bounds, and whatever they accept round-trips.
/// </summary>
public sealed class FormatFuzzTests
{
    [Fact]
    public void Segment_header_corpus_never_throws_and_accepted_headers_round_trip()
    {
        int accepted = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("segment-header"))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool ok = SegmentHeader.TryParse(input, out var header);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024);
            Assert.Equal(ok, header is not null);
            if (!ok) continue;
            accepted++;
            Assert.True(header!.Timescale > 0);
            Assert.True(SegmentHeader.TryParse(header.ToArray(), out var again));
            Assert.Equal(header, again);
            _ = header.TryWallTicks(long.MaxValue, out _); // must not throw either
        }
        Assert.True(accepted >= 3);
    }

    [Fact]
    public void Fragment_table_corpus_never_throws_and_accepted_tables_round_trip()
    {
        int accepted = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("fragment-table"))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool ok = FragmentTable.TryParse(input, out var entries);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 + 2L * input.Length);
            Assert.Equal(ok, entries is not null);
            if (!ok) continue;
            accepted++;
            Assert.Equal(input, FragmentTable.Encode(entries!));
        }
        Assert.True(accepted >= 2);
    }

    [Fact]
    public void Header_maps_file_time_to_wall_time_exactly()
    {
        var h = new SegmentHeader
        {
            Flags = SegmentFlags.ClockSynchronised, StartReason = SegmentStartReason.Startup, ReferenceTrackId = 1, RunId = 7,
            AnchorWallTicks = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).Ticks, AnchorMedia = 90_000, Origin = 990_000, Timescale = 90000,
        };
        // File time 0 is stream DTS 990000: 10 s after the anchor.
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 10, DateTimeKind.Utc).Ticks, h.WallTicks(0));
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 10, DateTimeKind.Utc).Ticks + 111, h.WallTicks(1)); // 1/90000 s = 111.1 ticks, floored
        Assert.False(h.TryWallTicks(long.MaxValue, out _));
        Assert.True(SegmentHeader.TryParse(h.ToArray(), out var parsed));
        Assert.Equal(h, parsed);
    }
}
