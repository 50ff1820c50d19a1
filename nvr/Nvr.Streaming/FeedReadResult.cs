using System.Diagnostics.CodeAnalysis;
using Nvr.Media;

namespace Nvr.Streaming;

/// <summary>
/// One result of <see cref="FeedReader.ReadAsync"/>: a media unit with the description it was
/// published under, or an end-of-run / end-of-feed notice.
/// </summary>
public readonly struct FeedReadResult
{
    private FeedReadResult(FeedReadStatus status, MediaUnit? unit, StreamDescription? description, bool descriptionChanged, bool discontinuity)
    {
        Status = status;
        Unit = unit;
        Description = description;
        DescriptionChanged = descriptionChanged;
        Discontinuity = discontinuity;
    }

    public FeedReadStatus Status { get; }

    /// <summary>The unit when <see cref="Status"/> is <see cref="FeedReadStatus.Unit"/>; shared, never modify.</summary>
    public MediaUnit? Unit { get; }

    /// <summary>The feed's description when the unit was published (null for notices).</summary>
    public StreamDescription? Description { get; }

    /// <summary>
    /// True when <see cref="Description"/> differs (by version) from the one of the previous unit
    /// this reader delivered, and for the first unit a reader delivers: time for a new init
    /// segment / SDP / sequence header.
    /// </summary>
    public bool DescriptionChanged { get; }

    /// <summary>
    /// True when units were dropped for this reader right before this one (overflow resync). The
    /// unit is then a keyframe; a recorder ends its segment and records a gap.
    /// </summary>
    public bool Discontinuity { get; }

    [MemberNotNullWhen(true, nameof(Unit), nameof(Description))]
    public bool HasUnit => Status == FeedReadStatus.Unit;

    /// <summary>Shorthand for <see cref="Description"/>.<see cref="StreamDescription.Version"/>; 0 for notices.</summary>
    public int DescriptionVersion => Description?.Version ?? 0;

    internal static FeedReadResult ForUnit(MediaUnit unit, StreamDescription description, bool descriptionChanged, bool discontinuity) =>
        new(FeedReadStatus.Unit, unit, description, descriptionChanged, discontinuity);

    internal static FeedReadResult Offline => new(FeedReadStatus.Offline, null, null, false, false);

    internal static FeedReadResult Completed => new(FeedReadStatus.Completed, null, null, false, false);

    public override string ToString() => Status == FeedReadStatus.Unit
        ? $"Unit(track {Unit!.TrackId}, pts {Unit.Pts}, key {Unit.IsKeyframe}, v{DescriptionVersion}{(DescriptionChanged ? ", changed" : "")}{(Discontinuity ? ", discontinuity" : "")})"
        : Status.ToString();
}
