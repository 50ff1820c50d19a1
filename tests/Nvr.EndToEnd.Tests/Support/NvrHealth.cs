using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Support;

/// <summary>Waits for a starting nvr: <c>GET /healthz</c> answers 200 once every listener is bound.</summary>
public static class NvrHealth
{
    public static Task WaitAsync(HttpClient http, TimeSpan timeout) =>
        WaitFor.ConditionAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync("healthz");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout, "nvr /healthz");
}
