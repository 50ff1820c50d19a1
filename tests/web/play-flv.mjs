// Plays HTTP-FLV with mpegts.js in Debian's headless Chromium (driven by playwright-core) and
// prints one JSON line: decoded frames over the measured window, mpegts.js errors, and where the
// screenshot went. Used by tests/Nvr.EndToEnd.Tests (Serving/RtmpEndToEndTests).
//
//   node play-flv.mjs --url http://127.0.0.1:PORT/live/cam.flv [--seconds 10]
//        [--screenshot out.png] [--start-timeout 30] [--chromium /usr/bin/chromium]
//        [--user NAME --pass PASSWORD]   (HTTP Basic/Digest, via playwright's httpCredentials)
//
// Without credentials the player page is fulfilled by playwright on another origin (localhost vs
// 127.0.0.1), so the stream is fetched cross-origin and the server's CORS headers are exercised.
// With credentials the page is same-origin (a credentialed fetch cannot use "*" CORS).
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
  console.error('usage: node play-flv.mjs --url <flv> [--seconds 10] [--screenshot file] [--user u --pass p]');
  process.exit(2);
}
const seconds = Number(opt('seconds', '10'));
const startTimeout = Number(opt('start-timeout', '30'));
const screenshot = opt('screenshot');
const debug = flag('debug');
const executablePath = opt('chromium', '/usr/bin/chromium');
const mpegtsJs = fileURLToPath(new URL('./node_modules/mpegts.js/dist/mpegts.js', import.meta.url));
const user = opt('user');
const pass = opt('pass');

const userDataDir = mkdtempSync(join(tmpdir(), 'nvr-chromium-'));
const result = { url, seconds };
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 640, height: 360 },
    ...(user ? { httpCredentials: { username: user, password: pass ?? '' } } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      // The route-fulfilled page has no address, so Chromium's Local Network Access would block a
      // cross-origin fetch to 127.0.0.1 before CORS is even consulted.
      '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => { if (consoleLines.length < (debug ? 3000 : 50)) consoleLines.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => { if (consoleLines.length < 50) consoleLines.push(`pageerror: ${e.message}`); });

  // The player page is served by playwright itself, on the stream's origin.
  const origin = new URL(url);
  if (!user && origin.hostname === '127.0.0.1') origin.hostname = 'localhost';
  const playerUrl = new URL('/__nvr_test_player__.html', origin).href;
  result.crossOrigin = new URL(playerUrl).origin !== new URL(url).origin;
  await page.route(playerUrl, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html><body style="margin:0;background:#000">'
      + '<video id="v" muted autoplay playsinline style="width:640px;height:360px"></video></body></html>',
  }));
  await page.goto(playerUrl);
  await page.addScriptTag({ path: mpegtsJs });

  result.mpegtsVersion = await page.evaluate(() => window.mpegts.version);
  result.supported = await page.evaluate(() => window.mpegts.getFeatureList().mseLivePlayback);
  await page.evaluate(({ src }) => {
    const video = document.getElementById('v');
    window.__state = { errors: [], fatal: null, mediaInfo: null };
    const player = window.mpegts.createPlayer({ type: 'flv', isLive: true, url: src, hasAudio: undefined },
      { enableWorker: false, liveBufferLatencyChasing: true, lazyLoad: false });
    player.on(window.mpegts.Events.ERROR, (type, details, info) => {
      const e = { type, details, fatal: true, reason: info?.msg ?? null };
      if (window.__state.errors.length < 30) window.__state.errors.push(e);
      if (!window.__state.fatal) window.__state.fatal = e;
    });
    player.on(window.mpegts.Events.MEDIA_INFO, (m) => {
      window.__state.mediaInfo = { videoCodec: m.videoCodec ?? null, audioCodec: m.audioCodec ?? null, width: m.width, height: m.height };
    });
    player.attachMediaElement(video);
    player.load();
    video.play().catch((err) => window.__state.errors.push({ type: 'play', details: String(err), fatal: false }));
    window.__player = player;
  }, { src: url });

  const started = Date.now();
  await page.waitForFunction(() => {
    const v = document.getElementById('v');
    return (v.currentTime > 0 && v.readyState >= 2 && !v.paused) || window.__state.fatal;
  }, null, { timeout: startTimeout * 1000, polling: 100 });
  result.startupMs = Date.now() - started;

  const sample = () => page.evaluate(() => {
    const v = document.getElementById('v');
    const q = v.getVideoPlaybackQuality();
    return { t: Date.now(), frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, currentTime: v.currentTime,
      buffered: v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0 };
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
  Object.assign(result, { errors: state.errors, fatal: state.fatal, mediaInfo: state.mediaInfo });
  result.videoSize = await page.evaluate(() => { const v = document.getElementById('v'); return [v.videoWidth, v.videoHeight]; });
  if (screenshot) {
    await page.screenshot({ path: screenshot });
    result.screenshot = screenshot;
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
