namespace Nvr.Media.Mp4;

/// <summary>Outcome of <see cref="Mp4BoxHeader.TryParse"/>.</summary>
public enum Mp4BoxParseStatus
{
    Ok,
    /// <summary>The data ends inside the header.</summary>
    NeedMoreData,
    /// <summary>The size is smaller than the header or beyond any file.</summary>
    Invalid,
}
