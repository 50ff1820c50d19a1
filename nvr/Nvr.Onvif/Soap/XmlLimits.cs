namespace Nvr.Onvif.Soap;

/// <summary>Bounds applied to every document a device sends.</summary>
/// <param name="MaxBytes">Largest body accepted; enforced while reading the HTTP body, before parsing.</param>
/// <param name="MaxDepth">Deepest element nesting. Real ONVIF responses stay under ~15 levels (GetProfiles).</param>
/// <param name="MaxElements">Most elements in one document.</param>
internal readonly record struct XmlLimits(int MaxBytes, int MaxDepth, int MaxElements)
{
    /// <summary>
    /// 1 MiB: a GetProfiles of a 16-channel NVR is ~200 KiB, the largest response seen in practice;
    /// depth 48; 20,000 elements.
    /// </summary>
    public static XmlLimits Default { get; } = new(1024 * 1024, 48, 20_000);
}
