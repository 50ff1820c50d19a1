namespace Nvr.Testing;

/// <summary>One line a <see cref="TestProcess"/> wrote, in arrival order.</summary>
/// <param name="Index">Position among all lines of the process (0-based, never reused).</param>
/// <param name="Source">Standard output or standard error.</param>
/// <param name="Text">The line without its terminator.</param>
public readonly record struct OutputLine(long Index, OutputSource Source, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => (Source == OutputSource.StdOut ? "[out] " : "[err] ") + Text;
}
