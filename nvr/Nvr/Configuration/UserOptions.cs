namespace Nvr.Configuration;

/// <summary>
/// One entry of <c>Users</c>: who may use the RTSP/RTMP servers, the API and the embedded MQTT
/// broker. There is no default user and no default password. The password is turned into digest
/// HA1 values at start and dropped from memory (see <see cref="Security.UserStore"/>).
/// </summary>
public sealed class UserOptions
{
    public string Name { get; set; } = "";
    public string? Password { get; set; }
}
