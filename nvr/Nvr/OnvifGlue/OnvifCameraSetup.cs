using System.Text;
using System.Text.RegularExpressions;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Onvif;

namespace Nvr.OnvifGlue;

/// <summary>
/// <c>POST /api/cameras</c>: probes an ONVIF device (<see cref="OnvifCameraProbe"/>), writes the
/// camera into the configuration file (<see cref="ConfigFileWriter"/>: atomic, the rest of the file
/// untouched — the file stays the single source of truth), and starts it in the running service
/// (<see cref="CameraManager.AddCamera"/>: ingest, recording, MQTT, ONVIF events). One add at a time.
/// </summary>
public sealed partial class OnvifCameraSetup(NvrOptions options, ConfigFilePath configFile, CameraManager cameras, OnvifCameras onvif,
    TimeProvider time, ILogger<OnvifCameraSetup> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async Task<(int Status, string? Error, CameraAddedResponse? Added)> AddAsync(AddCameraRequest request, CancellationToken cancellationToken)
    {
        var address = request.Onvif?.Trim();
        if (string.IsNullOrEmpty(address)) return (400, "Onvif (host[:port] of the camera) is required", null);
        if (request.Id is { } wanted && !CameraId().IsMatch(wanted)) return (400, "Id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'", null);
        if (request.Id is { } taken && IsTaken(taken)) return (409, $"a camera '{taken}' already exists", null);
        var transport = request.Transport ?? "auto";
        if (!NvrOptionsValidator.Transports.Contains(transport, StringComparer.OrdinalIgnoreCase)) return (400, $"Transport must be one of {string.Join(", ", NvrOptionsValidator.Transports)}", null);

        OnvifProbeResult probe;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                probe = await OnvifCameraProbe.ProbeAsync(onvif.Http, address, request.Username, request.Password, time,
                    new OnvifClientOptions { RequestTimeout = onvif.Section.RequestTimeout, ClockSkewWarningThreshold = onvif.Section.ClockSkewWarning },
                    timeout.Token).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return (400, "Onvif: " + OnvifErrors.Describe(e), null);
            }
            catch (OnvifException e)
            {
                var reason = OnvifErrors.Describe(e);
                LogProbeFailed(logger, address, reason);
                return (502, reason, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (504, $"the ONVIF device did not answer within {ProbeTimeout.TotalSeconds:0} s", null);
            }
        }

        var info = probe.DeviceInfo;
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{info.Manufacturer} {info.Model}".Trim() : request.Name.Trim();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = request.Id ?? UniqueId(Slug(string.IsNullOrWhiteSpace(request.Name) ? info.Model : request.Name));
            if (IsTaken(id)) return (409, $"a camera '{id}' already exists", null);
            var camera = new CameraOptions
            {
                Id = id,
                Name = string.IsNullOrEmpty(name) ? null : name,
                Onvif = address,
                Url = probe.MainStreamUri.ToString(),
                SubUrl = probe.SubStreamUri?.ToString(),
                SnapshotUrl = probe.SnapshotUri?.ToString(),
                Username = string.IsNullOrEmpty(request.Username) ? null : request.Username,
                Password = string.IsNullOrEmpty(request.Username) ? null : request.Password,
                Transport = transport.ToLowerInvariant(),
                Record = request.Record ?? true,
            };

            NvrOptions written;
            try
            {
                written = ConfigFileWriter.AddCamera(configFile.Path, camera);
            }
            catch (ConfigException e)
            {
                return (500, $"the configuration file would not be valid with this camera: {e.Message}", null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogWriteFailed(logger, configFile.Path, e.Message);
                return (500, $"cannot write the configuration file '{configFile.Path}': {e.Message}", null);
            }

            // The running service takes the camera as the file now says (environment overrides applied).
            var added = written.Cameras.First(c => c.Id == id);
            options.Cameras = [.. options.Cameras, added];
            cameras.AddCamera(added);
            LogAdded(logger, id, info.Manufacturer, info.Model, configFile.Path);
            var state = new OnvifCameraState("connected", null, info.Manufacturer, info.Model, info.FirmwareVersion, info.SerialNumber,
                Math.Round(probe.ClockSkew.TotalSeconds, 1), probe.HasPtz, probe.HasEvents, null);
            return (201, null, new CameraAddedResponse(id, added.Name ?? id, address, UrlRedactor.Redact(added.Url),
                added.SubUrl is null ? null : UrlRedactor.Redact(added.SubUrl), added.SnapshotUrl is null ? null : UrlRedactor.Redact(added.SnapshotUrl), state));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private bool IsTaken(string id) => options.Cameras.Any(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    private string UniqueId(string stem)
    {
        if (!IsTaken(stem)) return stem;
        for (int n = 2; ; n++)
        {
            var id = $"{stem[..Math.Min(stem.Length, 58)]}-{n}";
            if (!IsTaken(id)) return id;
        }
    }

    /// <summary><c>SIM-IPC 2MP</c> → <c>sim-ipc-2mp</c>; <c>camera</c> when nothing usable is left.</summary>
    internal static string Slug(string? text)
    {
        var sb = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length == 48) break;
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "camera" : slug;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CameraId();

    [LoggerMessage(EventId = 810, Level = LogLevel.Warning, Message = "adding camera by ONVIF at {Address} failed: {Reason}")]
    private static partial void LogProbeFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "cannot write the configuration file {Path}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 812, Level = LogLevel.Information, Message = "camera {Camera} added by ONVIF ({Manufacturer} {Model}); saved to {Path}")]
    private static partial void LogAdded(ILogger logger, string camera, string manufacturer, string model, string path);
}
