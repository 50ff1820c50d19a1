namespace Nvr.Http;

public sealed record ErrorResponse(string Error);
