namespace Nvr.Testing.Fuzz;

/// <summary>
/// A fuzz corpus: the seed files checked in under <c>tests/&lt;Project&gt;/corpus/&lt;name&gt;/</c>
/// (copied next to the test assembly) plus deterministic mutations of them. <c>make test</c>
/// replays both on every run; a file that once crashed a parser is added to the folder as a
/// regression seed.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>The seed files of corpus <paramref name="name"/>. Fails if the folder is missing or empty.</summary>
    public static IReadOnlyList<byte[]> Seeds(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "corpus", name);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"fuzz corpus '{name}' not found at {dir}");
        var files = Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new InvalidOperationException($"fuzz corpus '{name}' is empty");
        return files.Select(File.ReadAllBytes).ToArray();
    }

    /// <summary>
    /// Seeds followed by <paramref name="mutationsPerSeed"/> deterministic mutations of each
    /// (bit flips, byte changes to boundary values, truncation, duplication, insertion).
    /// </summary>
    public static IEnumerable<byte[]> SeedsAndMutations(string name, int mutationsPerSeed = 200, int seed = 12345)
    {
        var seeds = Seeds(name);
        foreach (var s in seeds) yield return s;
        var rng = new Random(seed);
        foreach (var s in seeds)
        {
            for (int i = 0; i < mutationsPerSeed; i++) yield return Mutator.Mutate(s, rng);
        }
    }
}
