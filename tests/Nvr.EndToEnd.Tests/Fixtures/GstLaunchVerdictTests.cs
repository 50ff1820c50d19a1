using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>
/// <see cref="GstLaunch.PlayedToEos"/> excuses exactly rtspsrc's PAUSE-versus-CLOSE shutdown race
/// after EOS (stderr below as gst-launch 1.22 printed it against nvr), and nothing else.
/// </summary>
public sealed class GstLaunchVerdictTests
{
    private const string Eos = "Setting pipeline to PLAYING ...\nGot EOS from element \"pipeline0\".\nExecution ended after 0:00:05.896137951\nSetting pipeline to NULL ...\nFreeing pipeline ...";

    private const string ShutdownRace =
        "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.\n"
        + "Additional debug info:\n"
        + "../gst/rtsp/gstrtspsrc.c(6766): gst_rtspsrc_try_send (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:\n"
        + "Could not send message. (Received end-of-file)\n"
        + "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.\n"
        + "Additional debug info:\n"
        + "../gst/rtsp/gstrtspsrc.c(9240): gst_rtspsrc_pause (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:\n"
        + "Could not send message. (Received end-of-file)";

    private const string PlaybackError =
        "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0/GstUDPSrc:udpsrc1: Internal data stream error.\n"
        + "Additional debug info:\n"
        + "../libs/gst/base/gstbasesrc.c(3132): gst_base_src_loop (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0/GstUDPSrc:udpsrc1:\n"
        + "streaming stopped, reason not-linked (-1)";

    [Fact]
    public void Exit_zero_played() => Assert.True(GstLaunch.PlayedToEos(new ProcessResult(0, Eos, "", TimedOut: false)));

    [Fact]
    public void The_pause_race_after_eos_is_excused() => Assert.True(GstLaunch.PlayedToEos(new ProcessResult(1, Eos, ShutdownRace, TimedOut: false)));

    [Fact]
    public void The_same_errors_without_eos_fail() => Assert.False(GstLaunch.PlayedToEos(new ProcessResult(1, "Setting pipeline to PLAYING ...", ShutdownRace, TimedOut: false)));

    [Fact]
    public void Any_other_error_fails_even_after_eos() =>
        Assert.False(GstLaunch.PlayedToEos(new ProcessResult(1, Eos, ShutdownRace + "\n" + PlaybackError, TimedOut: false)));

    [Fact]
    public void Exit_one_without_any_error_fails() => Assert.False(GstLaunch.PlayedToEos(new ProcessResult(1, Eos, "", TimedOut: false)));

    [Fact]
    public void A_timeout_fails() => Assert.False(GstLaunch.PlayedToEos(new ProcessResult(-1, Eos, "", TimedOut: true)));
}
