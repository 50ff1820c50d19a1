namespace Nvr.Http;

public sealed record HealthResponse(string Status, string Version, long UptimeSeconds, DatabaseHealth Database);
