namespace Nvr.Testing;

/// <summary>Which standard stream of a <see cref="TestProcess"/> a line came from.</summary>
public enum OutputSource
{
    /// <summary>Standard output.</summary>
    StdOut,

    /// <summary>Standard error.</summary>
    StdErr,
}
