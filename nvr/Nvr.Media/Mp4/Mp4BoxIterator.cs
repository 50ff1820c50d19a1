namespace Nvr.Media.Mp4;

/// <summary>
/// Enumerates the child boxes of a container body held in memory. Every child must lie inside
/// the parent; a bad header, a child overrunning the parent, or more than the allowed number
/// of children sets <see cref="Error"/> and ends the enumeration.
/// </summary>
internal ref struct Mp4BoxIterator
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _maxChildren;
    private int _pos;
    private int _count;

    public Mp4BoxIterator(ReadOnlySpan<byte> body, int maxChildren)
    {
        _body = body;
        _maxChildren = maxChildren;
        _pos = 0;
        _count = 0;
        Error = null;
    }

    /// <summary>Why enumeration stopped early, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Offset of the current child within the parent body.</summary>
    public int Position { get; private set; }

    public bool MoveNext(out uint type, out ReadOnlySpan<byte> body)
    {
        type = 0;
        body = default;
        if (Error is not null || _pos >= _body.Length) return false;
        var status = Mp4BoxHeader.TryParse(_body[_pos..], _pos, _body.Length, out var h);
        if (status != Mp4BoxParseStatus.Ok)
        {
            Error = status == Mp4BoxParseStatus.NeedMoreData ? "child box header truncated" : "invalid child box size";
            return false;
        }
        if (h.End > _body.Length)
        {
            Error = $"child box '{Mp4BoxType.ToString(h.Type)}' overruns its parent";
            return false;
        }
        if (++_count > _maxChildren)
        {
            Error = "too many child boxes";
            return false;
        }
        Position = _pos;
        type = h.Type;
        body = _body.Slice((int)h.BodyOffset, (int)h.BodySize);
        _pos = (int)h.End;
        return true;
    }
}
