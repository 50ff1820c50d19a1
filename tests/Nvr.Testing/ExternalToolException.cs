namespace Nvr.Testing;

/// <summary>An external tool (ffprobe, ffmpeg, mosquitto_pub, …) failed or ran past its deadline.</summary>
public sealed class ExternalToolException : Exception
{
    /// <summary>Creates the exception; the message ends with the tool's output.</summary>
    public ExternalToolException(string tool, ProcessResult result)
        : base($"{tool} failed: {result}")
    {
        Tool = tool;
        Result = result;
    }

    /// <summary>The tool's name.</summary>
    public string Tool { get; }

    /// <summary>Exit code and output of the failed run.</summary>
    public ProcessResult Result { get; }
}
