namespace Nvr.Rtmp.Server;

/// <summary>onStatus / _result codes sent by the server (Adobe NetConnection/NetStream status codes).</summary>
internal static class RtmpStatusCodes
{
    public const string LevelStatus = "status";
    public const string LevelError = "error";

    public const string ConnectSuccess = "NetConnection.Connect.Success";
    public const string PublishStart = "NetStream.Publish.Start";
    public const string PublishBadName = "NetStream.Publish.BadName";
    public const string PublishUnauthorized = "NetStream.Publish.Unauthorized";
    public const string UnpublishSuccess = "NetStream.Unpublish.Success";
    public const string PlayReset = "NetStream.Play.Reset";
    public const string PlayStart = "NetStream.Play.Start";
    public const string PlayStop = "NetStream.Play.Stop";
    public const string PlayStreamNotFound = "NetStream.Play.StreamNotFound";
    public const string PlayUnpublishNotify = "NetStream.Play.UnpublishNotify";
}
