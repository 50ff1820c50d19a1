namespace Nvr.Onvif;

/// <summary>GetDeviceInformation (ONVIF Core §8.3.1). Empty strings for fields the device left out.</summary>
public sealed record OnvifDeviceInfo(string Manufacturer, string Model, string FirmwareVersion, string SerialNumber, string HardwareId);
