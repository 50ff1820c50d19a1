namespace Nvr.Media.Sdp;

/// <summary>Thrown by <see cref="SdpParser.Parse"/> for a description <see cref="SdpParser.TryParse"/> rejects.</summary>
public sealed class SdpFormatException : FormatException
{
    public SdpFormatException(string message) : base(message) { }
}
