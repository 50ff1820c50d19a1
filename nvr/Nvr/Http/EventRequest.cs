namespace Nvr.Http;

/// <summary>Body of <c>POST /api/cameras/{id}/events</c>. Kind defaults to <c>motion</c>; start to now;
/// the end is <c>End</c>, or start + <c>Duration</c> seconds, or the start (an instant).</summary>
public sealed record EventRequest(string? Kind, DateTimeOffset? Start, DateTimeOffset? End, double? Duration, Dictionary<string, string>? Data);
