using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests.Support;

/// <summary>A camera list the test changes at will.</summary>
internal sealed class FakeStateSource(params MqttCameraInfo[] cameras) : IMqttStateSource
{
    private readonly Lock _gate = new();
    private List<MqttCameraInfo> _cameras = [.. cameras];

    public int Calls { get; private set; }

    public IReadOnlyList<MqttCameraInfo> GetCameras()
    {
        lock (_gate)
        {
            Calls++;
            return [.. _cameras];
        }
    }

    public void Set(params MqttCameraInfo[] cameras)
    {
        lock (_gate) _cameras = [.. cameras];
    }
}
