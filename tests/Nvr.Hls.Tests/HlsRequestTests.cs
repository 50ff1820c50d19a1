namespace Nvr.Hls.Tests;

/// <summary>The URI scheme and the Delivery Directives of RFC 8216bis §6.2.5, parsed from path remainder + query.</summary>
public sealed class HlsRequestTests
{
    public static TheoryData<string, string, HlsResourceKind, HlsFormat, string?, long, int, int, long?, int?> Cases => new()
    {
        // path, query → kind, format, instance, msn, part, init, _HLS_msn, _HLS_part
        { "index.m3u8", "", HlsResourceKind.MultivariantPlaylist, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "/index.m3u8", "?format=ts", HlsResourceKind.MultivariantPlaylist, HlsFormat.MpegTs, null, -1, -1, 0, null, null },
        { "index.m3u8", "format=fmp4&token=abc", HlsResourceKind.MultivariantPlaylist, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "fmp4.m3u8", "", HlsResourceKind.MediaPlaylist, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "fmp4.m3u8", "_HLS_msn=12&_HLS_part=3", HlsResourceKind.MediaPlaylist, HlsFormat.Fmp4, null, -1, -1, 0, 12, 3 },
        { "fmp4.m3u8", "_HLS_msn=12&_HLS_skip=YES", HlsResourceKind.MediaPlaylist, HlsFormat.Fmp4, null, -1, -1, 0, 12, null },
        { "ts.m3u8", "", HlsResourceKind.MediaPlaylist, HlsFormat.MpegTs, null, -1, -1, 0, null, null },
        { "3f2a9c01-init2.mp4", "", HlsResourceKind.Init, HlsFormat.Fmp4, "3f2a9c01", -1, -1, 2, null, null },
        { "3f2a9c01-17.m4s", "", HlsResourceKind.Segment, HlsFormat.Fmp4, "3f2a9c01", 17, -1, 0, null, null },
        { "3f2a9c01-17.4.m4s", "", HlsResourceKind.Part, HlsFormat.Fmp4, "3f2a9c01", 17, 4, 0, null, null },
        { "3f2a9c01-9.ts", "", HlsResourceKind.Segment, HlsFormat.MpegTs, "3f2a9c01", 9, -1, 0, null, null },
        { "fmp4.m3u8", "_HLS_part=3", HlsResourceKind.BadRequest, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "fmp4.m3u8", "_HLS_msn=-1", HlsResourceKind.BadRequest, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "fmp4.m3u8", "_HLS_msn=1234567890123456789", HlsResourceKind.BadRequest, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "index.m3u8", "format=flv", HlsResourceKind.BadRequest, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "other.m3u8", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "../fmp4.m3u8", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "3F2A-1.m4s", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "3f2a-init0.mp4", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "3f2a-1.2.3.m4s", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "3f2a-x.ts", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "0123456789abcdefg-1.ts", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
        { "", "", HlsResourceKind.NotFound, HlsFormat.Fmp4, null, -1, -1, 0, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses(string path, string query, HlsResourceKind kind, HlsFormat format, string? instance, long msn, int part, int init, long? blockMsn, int? blockPart)
    {
        var r = HlsRequest.Parse(path, query);
        Assert.Equal((kind, format, instance, msn, part, init, blockMsn, blockPart),
            (r.Kind, r.Format, r.Instance, r.Msn, r.Part, r.InitVersion, r.BlockMsn, r.BlockPart));
        Assert.Equal(kind is HlsResourceKind.NotFound or HlsResourceKind.BadRequest, r.Error is not null);
    }

    [Fact]
    public void Overlong_input_is_refused_without_parsing()
    {
        Assert.Equal(HlsResourceKind.NotFound, HlsRequest.Parse(new string('a', HlsRequest.MaxPathLength + 1) + ".ts", "").Kind);
        Assert.Equal(HlsResourceKind.BadRequest, HlsRequest.Parse("fmp4.m3u8", "x=" + new string('1', HlsRequest.MaxQueryLength)).Kind);
    }
}
