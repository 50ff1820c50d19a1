using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nvr.Http;

/// <summary>Every type the HTTP API serializes: source-generated, no reflection (Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(CameraInfo))]
[JsonSerializable(typeof(CameraInfo[]))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(EventInfo))]
[JsonSerializable(typeof(EventInfo[]))]
[JsonSerializable(typeof(RecordingRequest))]
[JsonSerializable(typeof(RecordingState))]
[JsonSerializable(typeof(HealthDetails))]
[JsonSerializable(typeof(RecordingsResponse))]
[JsonSerializable(typeof(StorageResponse))]
[JsonSerializable(typeof(SessionsResponse))]
[JsonSerializable(typeof(Nvr.OnvifGlue.AddCameraRequest))]
[JsonSerializable(typeof(Nvr.OnvifGlue.CameraAddedResponse))]
[JsonSerializable(typeof(Nvr.OnvifGlue.DiscoveredDeviceInfo[]))]
[JsonSerializable(typeof(Nvr.OnvifGlue.PtzRequest))]
[JsonSerializable(typeof(Nvr.OnvifGlue.PtzResponse))]
[JsonSerializable(typeof(Nvr.OnvifGlue.PtzPresetInfo[]))]
public sealed partial class NvrJsonContext : JsonSerializerContext;
