namespace Nvr.Onvif.Tests.Simulator;

/// <summary>Thrown inside the simulator's handlers to answer with a SOAP fault.</summary>
public sealed class SimulatorFault(int httpStatus, string code, string subcode, string reason) : Exception(reason)
{
    public int HttpStatus { get; } = httpStatus;

    /// <summary>env:Sender or env:Receiver.</summary>
    public string Code { get; } = code;

    /// <summary>e.g. ter:NotAuthorized.</summary>
    public string Subcode { get; } = subcode;

    public string Reason { get; } = reason;
}
