using Nvr.Recording.Storage;

namespace Nvr.Recording;

/// <summary>What one retention pass (<see cref="RetentionService.RunOnce"/>) did.</summary>
/// <param name="Deleted">Deleted segments, in deletion order (oldest first within each rule).</param>
/// <param name="Space">Free space after the pass (null without a provider or when it failed).</param>
/// <param name="FloorMet">False when free space is below the floor and nothing deletable is left (recording pauses).</param>
public sealed record RetentionResult(IReadOnlyList<RetentionDeletion> Deleted, FreeSpace? Space, bool FloorMet);
