using Nvr.Recording.Index;

namespace Nvr.Recording;

/// <summary>One segment retention deleted, and the rule that chose it: <c>max_age</c>, <c>max_bytes</c> or <c>free_space</c>.</summary>
public sealed record RetentionDeletion(SegmentRecord Segment, string Reason);
