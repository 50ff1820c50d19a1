using System.Text;
using Nvr.Hls.Tests.Support;
using Nvr.Media;
using Nvr.Media.Mp4;

namespace Nvr.Hls.Tests;

/// <summary>CODECS strings, HEVC as 'hvc1', and which outputs carry which audio (G.711 left out, or swapped for AAC by a transcoder).</summary>
public sealed class CodecAndAudioTests
{
    [Theory]
    [InlineData("index.m3u8", null, "fmp4.m3u8")]
    [InlineData("index.m3u8", "format=ts", "ts.m3u8")]
    public async Task H264_codecs_come_from_the_sps_bytes(string path, string? query, string uri)
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync(path, query);
        await h.PublishAsync(clip, 2.5);
        var r = await pending;
        Assert.Equal(HlsResponse.NoCache, r.CacheControl);
        var v = Assert.Single(M3u8.ParseMultivariant(r.BodyText));
        var sps = clip.VideoTrack.Sps!;
        // RFC 6381 §3.3: avc1.PPCCLL = profile_idc, constraint flags, level_idc (SPS bytes 1-3).
        Assert.Equal($"avc1.{sps[1]:X2}{sps[2]:X2}{sps[3]:X2},mp4a.40.2", v.Codecs);
        Assert.Equal("640x360", v.Resolution);
        Assert.Equal(uri, v.Uri);
        Assert.InRange(v.Bandwidth, 300_000, 3_000_000);
    }

    [Fact]
    public async Task Hevc_is_hvc1_in_fmp4_and_hev1_in_ts()
    {
        var clip = await TestClip.LoadAsync("h265");
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("index.m3u8");
        await h.PublishAsync(clip, 2.5);
        var fmp4 = Assert.Single(M3u8.ParseMultivariant((await pending).BodyText));
        Assert.StartsWith("hvc1.1.6.L", fmp4.Codecs);
        Assert.EndsWith(",mp4a.40.2", fmp4.Codecs);
        var media = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        var init = (await h.GetAsync(media.Maps[0])).ToArray();
        var read = Mp4Reader.Read(init);
        Assert.Equal(Mp4BoxType.FromString("hvc1"), read.Init!.Tracks[0].SampleEntryType);

        var tsPending = h.GetAsync("index.m3u8", "format=ts");
        await h.PublishAsync(clip, 3, from: 2.5, setDescription: false);
        var ts = Assert.Single(M3u8.ParseMultivariant((await tsPending).BodyText));
        Assert.Equal("hev1" + fmp4.Codecs![4..], ts.Codecs);
    }

    [Theory]
    [InlineData("pcma", MediaCodec.Pcma)]
    [InlineData("pcmu", MediaCodec.Pcmu)]
    public async Task G711_is_left_out_of_both_outputs_without_a_transcoder(string audio, MediaCodec codec)
    {
        var clip = await TestClip.LoadAsync(audio: audio);
        Assert.Equal(codec, clip.AudioTrack!.Codec);
        Assert.Equal(HlsAudioMode.Unsupported, HlsMuxer.PredictAudioMode(clip.Description, transcoderAvailable: false));
        await using var h = MuxerHarness.Start();
        var fmp4 = h.GetAsync("index.m3u8");
        var ts = h.GetAsync("index.m3u8", "format=ts");
        await h.PublishAsync(clip, 4.5);
        var sps = clip.VideoTrack.Sps!;
        Assert.Equal($"avc1.{sps[1]:X2}{sps[2]:X2}{sps[3]:X2}", Assert.Single(M3u8.ParseMultivariant((await fmp4).BodyText)).Codecs);
        Assert.Equal($"avc1.{sps[1]:X2}{sps[2]:X2}{sps[3]:X2}", Assert.Single(M3u8.ParseMultivariant((await ts).BodyText)).Codecs);

        var status = h.Muxer.GetStatus();
        Assert.Equal(HlsAudioMode.Unsupported, status.AudioMode);
        Assert.Equal(codec, status.SourceAudioCodec);
        Assert.All(status.Outputs, o => Assert.False(o.CarriesAudio));
        Assert.All(status.Outputs, o => Assert.True(o.CarriesVideo));

        var media = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        Assert.Single(Mp4Reader.Read((await h.GetAsync(media.Maps[0])).ToArray()).Init!.Tracks);
        var tsMedia = M3u8.ParseMedia(await h.GetTextAsync("ts.m3u8"));
        var report = TsChecker.Check((await h.GetAsync(tsMedia.Segments[0].Uri)).ToArray());
        Assert.Empty(report.Errors);
        Assert.Equal(0, report.AudioPes);
        Assert.Equal([0x100], report.StreamTypes.Keys);
    }

    [Fact]
    public async Task A_transcoder_swaps_g711_for_aac_in_both_outputs()
    {
        var aac = await TestClip.LoadAsync();
        var clip = await TestClip.LoadAsync(audio: "pcma");
        var factory = new ReplayAacTranscoderFactory(aac);
        Assert.Equal(HlsAudioMode.Transcoded, HlsMuxer.PredictAudioMode(clip.Description, transcoderAvailable: true));
        await using var h = MuxerHarness.Start(MuxerHarness.Options(transcoder: factory));
        var fmp4 = h.GetAsync("index.m3u8");
        var ts = h.GetAsync("index.m3u8", "format=ts");
        await h.PublishAsync(clip, 4.5);
        Assert.EndsWith(",mp4a.40.2", Assert.Single(M3u8.ParseMultivariant((await fmp4).BodyText)).Codecs);
        Assert.EndsWith(",mp4a.40.2", Assert.Single(M3u8.ParseMultivariant((await ts).BodyText)).Codecs);
        var status = h.Muxer.GetStatus();
        Assert.Equal(HlsAudioMode.Transcoded, status.AudioMode);
        Assert.Equal(MediaCodec.Pcma, status.SourceAudioCodec);
        Assert.All(status.Outputs, o => Assert.True(o.CarriesAudio));
        Assert.Equal(1, factory.Created);

        var media = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        var init = (await h.GetAsync(media.Maps[0])).ToArray();
        var segment = (await h.GetAsync(media.Segments[1].Uri)).ToArray();
        var read = Mp4Reader.Read([.. init, .. segment]);
        Assert.Equal(MediaCodec.Aac, read.Init!.Tracks[1].Description.Codec);
        // One second of 48 kHz AAC: 46-47 frames of 1024 samples.
        Assert.InRange(read.Fragments.Sum(f => f.Track(2)?.Samples.Count ?? 0), 46, 48);
        var tsMedia = M3u8.ParseMedia(await h.GetTextAsync("ts.m3u8"));
        var report = TsChecker.Check((await h.GetAsync(tsMedia.Segments[0].Uri)).ToArray());
        Assert.Empty(report.Errors);
        Assert.InRange(report.AudioPesWithAdts, 92, 96);
    }

    [Fact]
    public async Task A_throwing_transcoder_loses_the_audio_not_the_video()
    {
        var aac = await TestClip.LoadAsync();
        var clip = await TestClip.LoadAsync(audio: "pcma");
        await using var h = MuxerHarness.Start(MuxerHarness.Options(transcoder: new ReplayAacTranscoderFactory(aac, throwAfter: 60)));
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 4.5);
        var p = M3u8.ParseMedia((await pending).BodyText);
        Assert.Equal(1, h.Muxer.TranscoderFailures);
        Assert.Equal(4, p.Segments.Count);
        Assert.Empty(PlaylistRules.Check(p, fmp4: true, lowLatency: true));
    }

    /// <summary>
    /// Stands in for the libav G.711 → AAC transcoder: for every 20 ms of G.711 in, it emits the
    /// AAC frames of a real AAC clip that became due (48 kHz, 1024 samples each), in step with
    /// the input clock. Enough to prove the swap; the sound is the clip's sine.
    /// </summary>
    private sealed class ReplayAacTranscoderFactory(TestClip aac, int throwAfter = int.MaxValue) : IHlsAudioTranscoderFactory
    {
        public int Created { get; private set; }

        public IHlsAudioTranscoder? TryCreate(TrackDescription input)
        {
            if (input.Codec is not (MediaCodec.Pcma or MediaCodec.Pcmu)) return null;
            Created++;
            return new Transcoder(aac, aac.AudioTrack! with { Id = input.Id }, input.ClockRate, throwAfter);
        }

        private sealed class Transcoder(TestClip aac, TrackDescription output, int inputClock, int throwAfter) : IHlsAudioTranscoder
        {
            private long _next; // output frames emitted
            private int _calls;

            public TrackDescription Output => output;

            public void Transcode(MediaUnit input, List<MediaUnit> units)
            {
                if (++_calls > throwAfter) throw new InvalidOperationException("encoder died");
                long endOut = (input.Dts + input.Payload.Length) * output.ClockRate / inputClock;
                while ((_next + 1) * 1024 <= endOut)
                {
                    var frame = aac.Audio[(int)(_next % aac.Audio.Count)];
                    units.Add(new MediaUnit(output.Id, _next * 1024, _next * 1024, true, frame.Payload, input.WallClock));
                    _next++;
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
