namespace Nvr.Cameras;

/// <summary>Removes credentials from URLs before they reach logs or the API (secrets never leave).</summary>
public static class UrlRedactor
{
    public static string Redact(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || string.IsNullOrEmpty(u.UserInfo)) return url;
        var b = new UriBuilder(u) { UserName = "", Password = "" };
        return b.Uri.GetComponents(UriComponents.SerializationInfoString, UriFormat.UriEscaped);
    }
}
