using Nvr.Media;
using Nvr.Rtmp.Server;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>A publish sink that keeps everything it is given.</summary>
internal sealed class RecordingSink : IRtmpPublishSink
{
    private readonly Lock _lock = new();
    private readonly List<MediaUnit> _units = [];
    private readonly List<StreamDescription> _descriptions = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<MediaUnit> Units
    {
        get { lock (_lock) return _units.ToArray(); }
    }

    public IReadOnlyList<StreamDescription> Descriptions
    {
        get { lock (_lock) return _descriptions.ToArray(); }
    }

    public int CloseCount { get; private set; }

    public Task Closed => _closed.Task;

    public void SetDescription(StreamDescription description)
    {
        lock (_lock) _descriptions.Add(description);
    }

    public void Publish(MediaUnit unit)
    {
        lock (_lock)
        {
            Assert.NotEmpty(_descriptions); // a unit never comes before a description
            _units.Add(unit);
        }
    }

    public void Close()
    {
        CloseCount++;
        _closed.TrySetResult();
    }
}
