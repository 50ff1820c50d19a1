using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests.Support;

internal sealed class MemoryAnnouncementStore(params string[] initial) : IMqttAnnouncementStore
{
    private readonly Lock _gate = new();
    private IReadOnlyCollection<string> _topics = initial;

    public int Saves { get; private set; }

    public IReadOnlyCollection<string> Topics
    {
        get { lock (_gate) return _topics; }
    }

    public IReadOnlyCollection<string> Load()
    {
        lock (_gate) return _topics;
    }

    public void Save(IReadOnlyCollection<string> topics)
    {
        lock (_gate)
        {
            _topics = [.. topics];
            Saves++;
        }
    }
}
