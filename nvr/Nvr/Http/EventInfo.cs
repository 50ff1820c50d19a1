namespace Nvr.Http;

public sealed record EventInfo(string Id, string? Camera, string Kind, DateTime Start, DateTime? End, IReadOnlyDictionary<string, string> Data);
