namespace Nvr.Mqtt;

/// <summary>
/// The nvr box as a Home Assistant device: its name, version and the URL of its web UI
/// (<c>configuration_url</c>, omitted when null). Cameras become devices "via" this one.
/// </summary>
public sealed record MqttDevice(string Name, string SwVersion, string? ConfigurationUrl)
{
    public string Manufacturer { get; init; } = "Nvr";
    public string Model { get; init; } = "Nvr network video recorder";
}
