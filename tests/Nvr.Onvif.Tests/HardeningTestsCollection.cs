namespace Nvr.Onvif.Tests;

/// <summary>Not run in parallel with other test classes (see <see cref="HardeningTests"/>).</summary>
[CollectionDefinition(nameof(HardeningTests), DisableParallelization = true)]
public sealed class HardeningTestsCollection;
