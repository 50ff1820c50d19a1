namespace Nvr.Mqtt;

/// <summary>
/// Checks credentials presented to the embedded broker (the executable's configured users).
/// Called on the broker's connection path: must be quick and thread-safe.
/// </summary>
public interface IMqttUserValidator
{
    bool Validate(string username, string password);
}
