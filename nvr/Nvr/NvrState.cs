using Nvr.Configuration;
using Nvr.Recording.Index;

namespace Nvr;

/// <summary>What the process opened at start: configuration, index, start time.</summary>
public sealed class NvrState(NvrOptions options, IndexDatabase index, long boots, DateTimeOffset startedUtc)
{
    public NvrOptions Options { get; } = options;
    public IndexDatabase Index { get; } = index;
    public long Boots { get; } = boots;
    public DateTimeOffset StartedUtc { get; } = startedUtc;
}
