namespace Nvr.Media.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): <c>a=&lt;name&gt;</c> (property attribute, <see cref="Value"/> is
/// null) or <c>a=&lt;name&gt;:&lt;value&gt;</c>.
/// </summary>
public readonly record struct SdpAttribute(string Name, string? Value);
