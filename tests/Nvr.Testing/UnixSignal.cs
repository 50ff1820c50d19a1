namespace Nvr.Testing;

/// <summary>
/// POSIX signal numbers as Linux defines them. x86-64 and arm64 share these values
/// (asm-generic/signal.h), the two architectures Nvr runs on.
/// </summary>
public enum UnixSignal
{
    /// <summary>Hang-up.</summary>
    Hup = 1,

    /// <summary>Interrupt (Ctrl-C).</summary>
    Int = 2,

    /// <summary>Kill; cannot be caught.</summary>
    Kill = 9,

    /// <summary>Polite termination request.</summary>
    Term = 15,

    /// <summary>Continue a stopped process.</summary>
    Cont = 18,

    /// <summary>Stop (freeze) the process; cannot be caught.</summary>
    Stop = 19,
}
