namespace Nvr.Hosting;

/// <summary>
/// A listener of a hosted service could not be bound at start (port in use, address not local).
/// The message is one line that names the configuration key; <c>Program</c> prints it and exits 1.
/// </summary>
public sealed class ListenerBindException(string key, string problem, Exception inner) : Exception($"{key}: {problem}", inner)
{
    public string Key { get; } = key;
}
