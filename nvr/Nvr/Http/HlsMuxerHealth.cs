namespace Nvr.Http;

/// <summary>One muxer (feed <c>cam</c> or <c>cam/sub</c>) and its live outputs.</summary>
public sealed record HlsMuxerHealth(string Feed, string Instance, string Audio, HlsOutputHealth[] Outputs);
