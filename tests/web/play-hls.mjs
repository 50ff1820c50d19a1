// Plays an HLS stream with hls.js in Debian's headless Chromium (driven by playwright-core) and
// prints one JSON line: decoded frames over the measured window, hls.js errors, latency samples,
// and where the screenshot went. Used by tests/Nvr.Hls.Tests (BrowserPlaybackTests).
//
//   node play-hls.mjs --url http://127.0.0.1:PORT/live/cam/index.m3u8 [--seconds 10]
//        [--low-latency] [--screenshot out.png] [--start-timeout 30] [--chromium /usr/bin/chromium]
//        [--debug]   (hls.js debug logs into the "console" field)
//        [--manifest-only]   (stop once hls.js parsed the manifest or failed: for codecs the
//                             browser cannot decode, e.g. HEVC in Debian's Chromium)
//
// HTTP credentials (Basic or Digest, answered when the server challenges) come from the
// environment, never the command line: NVR_TEST_HTTP_USER and NVR_TEST_HTTP_PASSWORD.
//
// The player page is fulfilled by playwright on the stream's origin, so every request hls.js
// makes is same-origin: the server under test needs neither a page nor CORS headers.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(`--${name}`);

const url = opt('url');
if (!url) {
  console.error('usage: node play-hls.mjs --url <m3u8> [--seconds 10] [--low-latency] [--screenshot file]');
  process.exit(2);
}
const seconds = Number(opt('seconds', '10'));
const startTimeout = Number(opt('start-timeout', '30'));
const screenshot = opt('screenshot');
const lowLatency = flag('low-latency');
const debug = flag('debug');
const manifestOnly = flag('manifest-only');
const httpUser = process.env.NVR_TEST_HTTP_USER;
const httpCredentials = httpUser ? { username: httpUser, password: process.env.NVR_TEST_HTTP_PASSWORD ?? '' } : undefined;
const executablePath = opt('chromium', '/usr/bin/chromium');
const hlsJs = fileURLToPath(new URL('./node_modules/hls.js/dist/hls.min.js', import.meta.url));

const userDataDir = mkdtempSync(join(tmpdir(), 'nvr-chromium-'));
const result = { url, lowLatency, seconds };
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 640, height: 360 },
    httpCredentials,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => { if (consoleLines.length < (debug ? 3000 : 50)) consoleLines.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => { if (consoleLines.length < 50) consoleLines.push(`pageerror: ${e.message}`); });

  // The player page is served by playwright itself, on the stream's origin.
  const playerUrl = new URL('/__nvr_test_player__.html', url).href;
  await page.route(playerUrl, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html><body style="margin:0;background:#000">'
      + '<video id="v" muted autoplay playsinline style="width:640px;height:360px"></video></body></html>',
  }));
  await page.goto(playerUrl);
  await page.addScriptTag({ path: hlsJs });

  result.hlsVersion = await page.evaluate(() => window.Hls.version);
  result.supported = await page.evaluate(() => window.Hls.isSupported());
  await page.evaluate(({ src, ll, dbg }) => {
    const video = document.getElementById('v');
    const hls = new window.Hls({ lowLatencyMode: ll, backBufferLength: 10, enableWorker: true, debug: dbg });
    window.__state = { errors: [], fatal: null, codecs: null, manifestCodecs: null, mse: null, levelsLoaded: 0 };
    hls.on(window.Hls.Events.MANIFEST_LOADED, (_, d) => {
      // CODECS as the server wrote them, and whether this browser's MSE can take each one.
      window.__state.manifestCodecs = d.levels.map((l) => l.attrs?.CODECS ?? l.codecs ?? '');
      window.__state.mse = {};
      for (const codecs of window.__state.manifestCodecs) {
        for (const c of codecs.split(',').filter((x) => x)) {
          window.__state.mse[c] = window.MediaSource.isTypeSupported(`${c.startsWith('mp4a') ? 'audio' : 'video'}/mp4; codecs="${c}"`);
        }
      }
    });
    hls.on(window.Hls.Events.ERROR, (_, d) => {
      const e = { type: d.type, details: d.details, fatal: !!d.fatal, reason: d.reason ?? d.error?.message ?? null };
      if (window.__state.errors.length < 30) window.__state.errors.push(e);
      if (d.fatal && !window.__state.fatal) window.__state.fatal = e;
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, (_, d) => {
      window.__state.codecs = d.levels.map((l) => `${l.videoCodec ?? ''}|${l.audioCodec ?? ''}`);
      video.play().catch((err) => window.__state.errors.push({ type: 'play', details: String(err), fatal: false }));
    });
    hls.on(window.Hls.Events.LEVEL_LOADED, () => { window.__state.levelsLoaded++; });
    hls.loadSource(src);
    hls.attachMedia(video);
    window.__hls = hls;
  }, { src: url, ll: lowLatency, dbg: debug });

  const started = Date.now();
  if (manifestOnly) {
    await page.waitForFunction(() => window.__state.codecs || window.__state.fatal, null, { timeout: startTimeout * 1000, polling: 100 });
    // Give a parsed manifest a moment to fail on the first fragment (a codec MSE refuses).
    await page.waitForTimeout(2000);
    const state = await page.evaluate(() => window.__state);
    Object.assign(result, { errors: state.errors, fatal: state.fatal, codecs: state.codecs, manifestCodecs: state.manifestCodecs, mse: state.mse });
    if (screenshot) {
      await page.screenshot({ path: screenshot });
      result.screenshot = screenshot;
    }
  } else {
    await page.waitForFunction(() => {
      const v = document.getElementById('v');
      return (v.currentTime > 0 && v.readyState >= 2 && !v.paused) || window.__state.fatal;
    }, null, { timeout: startTimeout * 1000, polling: 100 });
    result.startupMs = Date.now() - started;

    const sample = () => page.evaluate(() => {
      const v = document.getElementById('v');
      const q = v.getVideoPlaybackQuality();
      const hls = window.__hls;
      const playing = hls.playingDate ? Date.now() - hls.playingDate.getTime() : null;
      return { t: Date.now(), frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, currentTime: v.currentTime,
        latency: hls.latency ?? null, playingDateLatencyMs: playing, buffered: v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0 };
    });
    const first = await sample();
    const samples = [first];
    const end = first.t + seconds * 1000;
    while (Date.now() < end) {
      await page.waitForTimeout(Math.min(500, Math.max(0, end - Date.now())));
      samples.push(await sample());
    }
    const last = samples[samples.length - 1];
    result.frames = last.frames - first.frames;
    result.totalFrames = last.frames;
    result.droppedFrames = last.dropped;
    result.playedSeconds = last.currentTime - first.currentTime;
    result.wallSeconds = (last.t - first.t) / 1000;
    result.samples = samples;
    const state = await page.evaluate(() => window.__state);
    Object.assign(result, { errors: state.errors, fatal: state.fatal, codecs: state.codecs, manifestCodecs: state.manifestCodecs, mse: state.mse, levelsLoaded: state.levelsLoaded });
    result.videoSize = await page.evaluate(() => { const v = document.getElementById('v'); return [v.videoWidth, v.videoHeight]; });
    if (screenshot) {
      await page.screenshot({ path: screenshot });
      result.screenshot = screenshot;
    }
  }
  result.console = consoleLines;
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.exception = String(e?.stack ?? e);
  if (context) {
    try { result.state = await context.pages()[0]?.evaluate(() => window.__state); } catch { /* page gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
