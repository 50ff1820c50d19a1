using System.Diagnostics.CodeAnalysis;
using Nvr.Media;

namespace Nvr.Rtsp.Server;

/// <summary>
/// One item from an <see cref="IRtspMediaReader"/>: an access unit with the description it belongs
/// to, or a notice. The source-independent twin of <see cref="Nvr.Streaming.FeedReadResult"/>.
/// </summary>
/// <param name="Kind">What this item is.</param>
/// <param name="Unit">The shared unit (never modified) when <paramref name="Kind"/> is <see cref="RtspMediaReadKind.Unit"/>.</param>
/// <param name="Description">The description <paramref name="Unit"/> was produced under; its version changes with codec parameters.</param>
/// <param name="Discontinuity">Units were dropped right before this one (the reader fell behind); the unit is a keyframe.</param>
public readonly record struct RtspMediaRead(RtspMediaReadKind Kind, MediaUnit? Unit, StreamDescription? Description, bool Discontinuity)
{
    [MemberNotNullWhen(true, nameof(Unit), nameof(Description))]
    public bool HasUnit => Kind == RtspMediaReadKind.Unit && Unit is not null && Description is not null;

    public static RtspMediaRead ForUnit(MediaUnit unit, StreamDescription description, bool discontinuity = false) =>
        new(RtspMediaReadKind.Unit, unit, description, discontinuity);

    public static RtspMediaRead Offline => new(RtspMediaReadKind.Offline, null, null, false);

    public static RtspMediaRead End => new(RtspMediaReadKind.End, null, null, false);
}
