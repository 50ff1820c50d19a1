namespace Nvr.Onvif.Tests.Simulator;

/// <summary>A SOAP request the simulator received: operation, envelope version, and whether it was let in.</summary>
public sealed record SimulatorRequestRecord(string Operation, string SoapVersion, string Path, bool Authorized, string? AuthFailure, bool HadUsernameToken, bool HadDigest);
