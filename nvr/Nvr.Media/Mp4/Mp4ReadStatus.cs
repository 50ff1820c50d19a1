namespace Nvr.Media.Mp4;

/// <summary>How far <see cref="Mp4Reader"/> got through the data.</summary>
public enum Mp4ReadStatus
{
    /// <summary>Every box was read and the data ends on a box boundary with no fragment half written.</summary>
    Complete,
    /// <summary>The data ends inside a box, or after a 'prft'/'moof' whose 'mdat' is missing: a torn tail.</summary>
    Truncated,
    /// <summary>A box is inconsistent; reading stopped at <see cref="Mp4ReadResult.ErrorOffset"/>.</summary>
    Malformed,
    /// <summary>A count or size exceeded <see cref="Mp4ReaderOptions"/>; reading stopped at <see cref="Mp4ReadResult.ErrorOffset"/>.</summary>
    LimitExceeded,
}
