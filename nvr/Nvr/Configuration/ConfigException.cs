namespace Nvr.Configuration;

/// <summary>
/// The configuration cannot be used. <see cref="Message"/> is one line that names the key
/// (e.g. <c>Http:Port</c>, <c>Cameras:1:Id</c>) or the file and the problem.
/// </summary>
public sealed class ConfigException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
