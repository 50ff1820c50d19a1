namespace Nvr.Onvif;

/// <summary>A device account. <see cref="ToString"/> never shows the password.</summary>
public sealed record OnvifCredentials(string Username, string Password)
{
    public override string ToString() => $"OnvifCredentials {{ Username = {Username} }}";
}
