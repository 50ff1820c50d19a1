using System.Net;
using System.Security.Cryptography;
using System.Text;
using MQTTnet.Protocol;

namespace Nvr.Mqtt;

/// <summary>
/// Who may connect to the embedded broker (pure). In order:
/// <list type="number">
/// <item>nvr's own publisher, by the per-process <see cref="InternalUsername"/> and secret;</item>
/// <item>anyone presenting a username: accepted when <see cref="IMqttUserValidator"/> says so,
/// refused with BadUserNameOrPassword otherwise — also on loopback, so a typo is not silently
/// "anonymous";</item>
/// <item>no username: accepted from a loopback address (127.0.0.0/8, ::1, IPv4-mapped 127.x) when
/// <see cref="MqttBrokerOptions.AllowAnonymousLoopback"/>, refused with NotAuthorized otherwise.</item>
/// </list>
/// </summary>
public sealed class MqttBrokerAuthorizer
{
    /// <summary>The username nvr's own publisher connects with.</summary>
    public const string InternalUsername = "nvr-internal";

    private readonly byte[] _internalSecret;
    private readonly IMqttUserValidator? _users;
    private readonly bool _allowAnonymousLoopback;

    public MqttBrokerAuthorizer(IMqttUserValidator? users, bool allowAnonymousLoopback, string internalSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(internalSecret);
        _users = users;
        _allowAnonymousLoopback = allowAnonymousLoopback;
        _internalSecret = Encoding.UTF8.GetBytes(internalSecret);
    }

    /// <summary>The decision for a CONNECT from <paramref name="remote"/>; Success lets it in.</summary>
    public MqttConnectReasonCode Decide(EndPoint? remote, string? username, string? password)
    {
        if (!string.IsNullOrEmpty(username))
        {
            if (username == InternalUsername)
            {
                return password is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _internalSecret)
                    ? MqttConnectReasonCode.Success
                    : MqttConnectReasonCode.BadUserNameOrPassword;
            }

            bool valid;
            try
            {
                valid = _users is not null && _users.Validate(username, password ?? "");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                valid = false;
            }

            return valid ? MqttConnectReasonCode.Success : MqttConnectReasonCode.BadUserNameOrPassword;
        }

        return _allowAnonymousLoopback && IsLoopback(remote) ? MqttConnectReasonCode.Success : MqttConnectReasonCode.NotAuthorized;
    }

    /// <summary>True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z.</summary>
    public static bool IsLoopback(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip) return false;
        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        return IPAddress.IsLoopback(address);
    }
}
