namespace Nvr.Rtmp.Flv;

/// <summary>The FLV file header (Video File Format Specification v10, Annex E.2).</summary>
/// <param name="Version">Format version (1).</param>
/// <param name="HasAudio">TypeFlagsAudio.</param>
/// <param name="HasVideo">TypeFlagsVideo.</param>
/// <param name="DataOffset">Header size, where the first PreviousTagSize (0) starts.</param>
public readonly record struct FlvHeader(int Version, bool HasAudio, bool HasVideo, int DataOffset);
