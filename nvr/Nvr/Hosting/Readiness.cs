namespace Nvr.Hosting;

/// <summary>Set once every listener is bound and the host has started; <c>/healthz</c> reports it.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
