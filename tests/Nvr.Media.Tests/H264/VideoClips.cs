using System.Diagnostics;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// Real encoder output for round-trip tests: clips made with the system's ffmpeg (libx264/libx265,
/// installed by <c>make setup</c>) and decoded back with it.
/// </summary>
internal static class VideoClips
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Encodes <paramref name="frames"/> frames of 320x240 testsrc2 at 25 fps, GOP 10, with access
    /// unit delimiters and B-frames, as an Annex-B stream.
    /// </summary>
    public static byte[] Encode(bool hevc, string directory, int frames = 50)
    {
        var path = Path.Combine(directory, hevc ? "clip.h265" : "clip.h264");
        var codecArgs = hevc
            ? "-c:v libx265 -x265-params log-level=error:keyint=10:min-keyint=10:aud=1:bframes=2 -f hevc"
            : "-c:v libx264 -g 10 -bf 2 -x264-params aud=1 -f h264";
        Run("ffmpeg", $"-v error -y -f lavfi -i testsrc2=size=320x240:rate=25 -frames:v {frames} -pix_fmt yuv420p {codecArgs} \"{path}\"");
        return File.ReadAllBytes(path);
    }

    /// <summary>Decodes an Annex-B file with ffmpeg; returns what it printed at level "error" and the frame count from ffprobe.</summary>
    public static (string Errors, int Frames) Decode(string path, bool hevc)
    {
        var format = hevc ? "hevc" : "h264";
        var errors = Run("ffmpeg", $"-v error -f {format} -i \"{path}\" -f null -", allowFailure: true);
        var count = Run("ffprobe", $"-v error -f {format} -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \"{path}\"", stdout: true);
        return (errors.Trim(), int.Parse(count.Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Splits an Annex-B stream into access units (lists of NAL units), as §7.4.1.2.3 (H.264) and
    /// §7.4.2.4.4 (H.265) define their first NAL units: an AUD, a parameter set or prefix SEI after
    /// a slice, or a slice that starts a new picture.
    /// </summary>
    public static List<List<byte[]>> SplitAccessUnits(byte[] annexB, bool hevc)
    {
        var units = new List<List<byte[]>>();
        List<byte[]>? current = null;
        bool currentHasSlice = false;
        foreach (var nalMemory in AnnexB.Split(annexB))
        {
            var nal = nalMemory.ToArray();
            bool isSlice, startsPicture, startsUnit;
            if (hevc)
            {
                var type = H265NalUnit.TypeOf(nal);
                isSlice = H265NalUnit.IsVcl(type);
                startsPicture = isSlice && H265NalUnit.IsFirstSliceInPicture(nal);
                startsUnit = type is H265NalUnitType.AccessUnitDelimiter or H265NalUnitType.Vps or H265NalUnitType.Sps
                    or H265NalUnitType.Pps or H265NalUnitType.PrefixSei;
            }
            else
            {
                var type = H264NalUnit.TypeOf(nal);
                isSlice = H264NalUnit.IsVcl(type);
                startsPicture = isSlice && H264NalUnit.IsFirstSliceInPicture(nal);
                startsUnit = type is H264NalUnitType.AccessUnitDelimiter or H264NalUnitType.Sps or H264NalUnitType.Pps
                    or H264NalUnitType.Sei;
            }
            bool aud = hevc
                ? H265NalUnit.TypeOf(nal) == H265NalUnitType.AccessUnitDelimiter
                : H264NalUnit.TypeOf(nal) == H264NalUnitType.AccessUnitDelimiter;
            if (current is null || aud || (currentHasSlice && (startsUnit || startsPicture)))
            {
                current = [];
                units.Add(current);
                currentHasSlice = false;
            }
            current.Add(nal);
            currentHasSlice |= isSlice;
        }
        return units;
    }

    private static string Run(string file, string arguments, bool allowFailure = false, bool stdout = false)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is not installed (make setup installs it)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProcessDeadline))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {arguments} did not finish in {ProcessDeadline}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0 && !allowFailure)
                throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {errors.Result}");
            return stdout ? output.Result : errors.Result;
        }
    }
}
