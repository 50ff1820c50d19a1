namespace Nvr.Rtsp.Auth;

/// <summary>A user name and password. <see cref="ToString"/> never shows the password.</summary>
public sealed class RtspCredentials
{
    public RtspCredentials(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }
    public string Password { get; }

    public override string ToString() => UserName + ":***";
}
