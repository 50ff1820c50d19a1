namespace Nvr.Rtsp;

/// <summary>Method names of RFC 2326 §10.</summary>
public static class RtspMethods
{
    public const string Options = "OPTIONS";
    public const string Describe = "DESCRIBE";
    public const string Announce = "ANNOUNCE";
    public const string Setup = "SETUP";
    public const string Play = "PLAY";
    public const string Pause = "PAUSE";
    public const string Record = "RECORD";
    public const string Teardown = "TEARDOWN";
    public const string GetParameter = "GET_PARAMETER";
    public const string SetParameter = "SET_PARAMETER";
    public const string Redirect = "REDIRECT";
}
