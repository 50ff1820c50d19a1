using Nvr.Mqtt;
using Nvr.Security;

namespace Nvr.MqttGlue;

/// <summary>The embedded broker accepts the configured users (<c>Users</c>).</summary>
public sealed class NvrMqttUserValidator(UserStore users) : IMqttUserValidator
{
    public bool Validate(string username, string password) => users.Verify(username, password);
}
