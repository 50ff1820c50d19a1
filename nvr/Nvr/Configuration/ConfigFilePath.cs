namespace Nvr.Configuration;

/// <summary>The configuration file nvr was started with (where added cameras are saved).</summary>
public sealed record ConfigFilePath(string Path);
