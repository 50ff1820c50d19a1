namespace Nvr.Media.Codecs;

/// <summary>
/// A codec bitstream structure (RBSP, parameter set, decoder configuration record) is truncated or
/// holds a value outside the range its specification allows. The only exception the
/// <see cref="BitReader"/> and the parameter-set parsers built on it throw; the public
/// <c>TryParse</c> entry points catch it and return false.
/// </summary>
public sealed class BitstreamException : Exception
{
    public BitstreamException(string message)
        : base(message)
    {
    }

    public BitstreamException()
    {
    }

    public BitstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
