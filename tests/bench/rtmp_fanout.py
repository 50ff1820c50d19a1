"""make bench: RTMP fan-out. One camera (a looped H.264+AAC clip published with `ffmpeg -re -c copy`)
to 50, 100 and 200 RTMP players for WINDOW seconds each, against nvr (an RTMP publish camera) and, in
the same run on the same clip, against nginx-rtmp (Debian nginx + libnginx-mod-rtmp, config
tests/bench/nginx-rtmp.conf). Reports server CPU seconds per GB delivered (utime+stime from /proc of
the server's processes), how many players fell behind (received < 90 % of the clip's byte rate:
frames dropped or stalled), and the nvr/nginx ratio.

Players are one asyncio process speaking just enough RTMP (handshake, connect, createStream, play,
Acknowledgements) and counting bytes; it never parses media, so it stays cheap.

HLS segment latency, both servers on the same published clip: the playlist (MPEG-TS, what
nginx-rtmp makes) is polled every 50 ms; a segment's latency is the time it first appears minus the
wallclock at which its last frame was published. For nvr that instant is its PROGRAM-DATE-TIME plus
EXTINF (PDT is nvr's receive time, the same instant on loopback). nginx-rtmp writes no PDT, so its
publisher stamps media with the time of day (ffmpeg -output_ts_offset; FLV carries 32-bit ms), which
nginx-rtmp keeps as the segments' PTS (plus its fixed 700 ms PCR delay): first video PTS / 90 kHz
− 0.7 s + EXTINF. The stamp is taken as the spawn time plus ffmpeg's measured start-up time (first
FLV bytes), so what remains of that error is the start-up's jitter. Segments listed on the first
poll are not counted."""
import asyncio, datetime, os, re, socket, shutil, statistics, struct, subprocess, sys, tempfile, time
from benchlib import *

WINDOW = float(os.environ.get("NVR_BENCH_WINDOW", "30"))
COUNTS = [int(x) for x in os.environ.get("NVR_BENCH_PLAYERS", "50,100,200").split(",")]
KEY = "bench-stream-key-0123456789"
NGINX_CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nginx-rtmp.conf")


# --- minimal RTMP player (Adobe RTMP 1.0 §5.2 handshake, §5.3 chunks, §7.2 commands in AMF0) ---
def amf_str(s):
    b = s.encode()
    return b"\x02" + struct.pack(">H", len(b)) + b


def amf_num(n):
    return b"\x00" + struct.pack(">d", n)


def amf_obj(d):
    out = b"\x03"
    for k, v in d.items():
        kb = k.encode()
        out += struct.pack(">H", len(kb)) + kb + (amf_str(v) if isinstance(v, str) else amf_num(v))
    return out + b"\x00\x00\x09"


def chunks(csid, type_id, stream_id, payload, size=128):
    """One message as fmt 0 + fmt 3 chunks (csid < 64)."""
    out = bytes([csid]) + b"\x00\x00\x00" + struct.pack(">I", len(payload))[1:] + bytes([type_id]) + struct.pack("<I", stream_id)
    for i in range(0, len(payload), size):
        if i:
            out += bytes([0xC0 | csid])
        out += payload[i:i + size]
    return out


async def player(port, app, name, counters, idx, stop):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        writer.write(b"\x03" + b"\x00" * 8 + os.urandom(1528))
        s0s1s2 = await reader.readexactly(1 + 1536 + 1536)
        writer.write(s0s1s2[1:1537])  # C2 echoes S1
        tc = f"rtmp://127.0.0.1:{port}/{app}"
        msgs = chunks(3, 20, 0, amf_str("connect") + amf_num(1) + amf_obj({"app": app, "tcUrl": tc, "flashVer": "LNX 9,0,124,2", "fpad": 0, "audioCodecs": 3575, "videoCodecs": 252, "videoFunction": 1}))
        msgs += chunks(2, 5, 0, struct.pack(">I", 2500000))  # Window Acknowledgement Size
        msgs += chunks(3, 20, 0, amf_str("createStream") + amf_num(2) + b"\x05")
        msgs += chunks(8, 20, 1, amf_str("play") + amf_num(0) + b"\x05" + amf_str(name) + amf_num(-1000))
        msgs += chunks(2, 4, 1, struct.pack(">HII", 3, 1, 3000))  # User Control SetBufferLength
        writer.write(msgs)
        await writer.drain()
        total = 0
        acked = 0
        while not stop.is_set():
            data = await reader.read(1 << 18)
            if not data:
                break
            total += len(data)
            counters[idx] = total
            if total - acked >= 1_000_000:
                acked = total
                writer.write(chunks(2, 3, 0, struct.pack(">I", total & 0xFFFFFFFF)))
        writer.close()
    except (OSError, asyncio.IncompleteReadError):
        pass


async def run_players(port, app, name, n, warmup, window, pids):
    counters = [0] * n
    stop = asyncio.Event()
    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(player(port, app, name, counters, i, stop)))
        if i % 10 == 9:
            await asyncio.sleep(0.05)
    await asyncio.sleep(warmup)
    b0, c0 = list(counters), sum(cpu_seconds(p) for p in pids())
    await asyncio.sleep(window)
    b1, c1 = list(counters), sum(cpu_seconds(p) for p in pids())
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return [b - a for a, b in zip(b0, b1)], c1 - c0


def children(pid):
    out = [pid]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except OSError:
                pass
    return out


def ffmpeg_startup(clip_path):
    """Seconds from spawning `ffmpeg -re` to its first FLV bytes (the median of 3), so stamped media
    time can be set to when it is actually sent rather than when ffmpeg was started."""
    runs = []
    for _ in range(3):
        t0 = time.time()
        p = subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", clip_path, "-t", "1", "-c", "copy", "-f", "flv", "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        p.stdout.read(1)
        runs.append(time.time() - t0)
        p.kill()
        p.wait()
    return statistics.median(runs)


def publisher(clip_path, url, stamp_time_of_day=False):
    """ffmpeg -re publishing the looped clip; optionally with timestamps = UTC time of day (see the docstring)."""
    offset = []
    if stamp_time_of_day:
        startup = ffmpeg_startup(clip_path)
        now = time.time() + startup
        offset = ["-output_ts_offset", f"{now - (now // 86400) * 86400:.3f}"]
    return subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip_path, "-c", "copy", *offset, "-f", "flv", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def first_video_pts(ts):
    """The first video PES PTS (ISO/IEC 13818-1 §2.4.3.7) in an MPEG-TS segment, in seconds."""
    for i in range(0, len(ts) - 188 + 1, 188):
        pkt = ts[i:i + 188]
        if pkt[0] != 0x47 or not pkt[1] & 0x40:
            continue
        start = 4 + (pkt[4] + 1 if pkt[3] & 0x20 else 0)
        pes = pkt[start:]
        if len(pes) >= 14 and pes[:3] == b"\x00\x00\x01" and 0xE0 <= pes[3] <= 0xEF and pes[7] & 0x80:
            p = pes[9:14]
            return (((p[0] >> 1) & 7) << 30 | p[1] << 22 | (p[2] >> 1) << 15 | p[3] << 7 | p[4] >> 1) / 90000
    return None


def hls_latency(get, playlist, end_of, seconds=20):
    """Latencies (s) of segments appearing in `playlist` while polling for `seconds`; end_of(uri, pdt, extinf) → wallclock."""
    seen, latencies, first = set(), [], True
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            text = get(playlist).decode()
        except OSError:
            time.sleep(0.05)
            continue
        now = time.time()
        pdt = None
        for line in text.splitlines():
            if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
                pdt = datetime.datetime.fromisoformat(line.split(":", 1)[1].replace("Z", "+00:00")).timestamp()
            elif line.startswith("#EXTINF:"):
                extinf = float(line[8:].split(",")[0])
            elif line and not line.startswith("#"):
                if line not in seen and not first:
                    end = end_of(line, pdt, extinf)
                    if end is not None:
                        latencies.append(now - end)
                seen.add(line)
                pdt = pdt + extinf if pdt is not None else None
        first = False
        time.sleep(0.05)
    return latencies


def summary(latencies):
    if not latencies:
        return "no segments"
    q = sorted(latencies)
    return (f"{len(q)} segments, median {statistics.median(q):.2f} s, p95 {q[min(len(q) - 1, int(0.95 * len(q)))]:.2f} s, "
            f"max {q[-1]:.2f} s")


def start_nginx(tmp, port):
    with open(NGINX_CONF) as f:
        conf = f.read().replace("@PORT@", str(port)).replace("@TMP@", tmp)
    path = os.path.join(tmp, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    p = subprocess.Popen(["nginx", "-p", tmp, "-c", path, "-e", os.path.join(tmp, "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: socket.create_connection(("127.0.0.1", port), 1).close() is None, 10, "nginx-rtmp listening")
    return p


def measure(server, port, app, name, pids, clip_rate):
    rows = {}
    for n in COUNTS:
        got, cpu = asyncio.run(run_players(port, app, name, n, 4, WINDOW, pids))
        total = sum(got)
        behind = sum(1 for g in got if g < 0.9 * clip_rate * WINDOW)
        rows[n] = (total, cpu, behind)
        gb = total / 1e9
        print(f"{server:>6} | {n:>7} | {gb:>8.3f} | {total / WINDOW * 8 / 1e6 / n:>12.2f} | {cpu:>7.2f} | {cpu / gb if gb else float('nan'):>8.2f} | {behind:>6}", flush=True)
    return rows


def main(binary):
    if not shutil.which("nginx") or not os.path.exists("/usr/lib/nginx/modules/ngx_rtmp_module.so"):
        print("rtmp fan-out: needs nginx and libnginx-mod-rtmp (make setup)")
        sys.exit(1)
    clip_path = clip(1280, 720, 25, 20)
    clip_rate = os.path.getsize(clip_path) / 20  # bytes/s, container overhead included (FLV is close)
    print(f"rtmp fan-out: clip 1280x720 25 fps H.264 + AAC ({clip_rate * 8 / 1e6:.2f} Mb/s), {WINDOW:.0f} s per run, players {COUNTS}")
    print(f"{'server':>6} | {'players':>7} | {'GB':>8} | {'Mb/s/player':>12} | {'cpu s':>7} | {'cpu s/GB':>8} | {'behind':>6}")
    results, latency = {}, {}
    tmp = tempfile.mkdtemp(prefix="nvr-bench-rtmp-")
    os.chmod(tmp, 0o755)  # nginx workers run as an unprivileged user when the bench runs as root
    try:
        # nvr: one RTMP publish camera, anonymous play allowed for the bench players.
        data = os.path.join(tmp, "nvr")
        rtmp = free_port()
        nvr, http = start_nvr(binary, [{"Id": "cam", "StreamKey": KEY, "Record": False}], data,
                              Rtmp={"Port": rtmp, "AllowAnonymousPlay": True, "MaxConnections": 1000})
        pub = None
        try:
            wait_for(lambda: api(http, "/healthz")["status"] == "ok", 20, "nvr ready")
            pub = publisher(clip_path, f"rtmp://127.0.0.1:{rtmp}/live/cam?key={KEY}")
            wait_for(lambda: api(http, "/api/cameras/cam")["main"]["state"] == "online", 20, "nvr camera online")
            results["nvr"] = measure("nvr", rtmp, "live", "cam", lambda: [nvr.pid], clip_rate)
            latency["nvr"] = hls_latency(lambda path: fetch(http, path), "/live/cam/ts.m3u8", lambda uri, pdt, extinf: pdt + extinf if pdt else None)
        finally:
            if pub:
                stop(pub)
            stop(nvr)
        # nginx-rtmp on the same clip.
        port = free_port()
        ngx_dir = os.path.join(tmp, "nginx")
        os.makedirs(os.path.join(ngx_dir, "logs"), exist_ok=True)
        nginx = start_nginx(ngx_dir, port)
        pub = None
        try:
            pub = publisher(clip_path, f"rtmp://127.0.0.1:{port}/live/cam")
            time.sleep(3)
            results["nginx"] = measure("nginx", port, "live", "cam", lambda: children(nginx.pid), clip_rate)
            stop(pub)
            pub = publisher(clip_path, f"rtmp://127.0.0.1:{port}/hls/cam", stamp_time_of_day=True)
            day = (time.time() // 86400) * 86400
            hls_dir = os.path.join(ngx_dir, "hls")

            def read_file(name):
                with open(os.path.join(hls_dir, name), "rb") as f:
                    return f.read()

            def nginx_end(uri, pdt, extinf):
                # nginx-rtmp's MPEG-TS writer adds NGX_RTMP_HLS_DELAY (63000 ticks, "700 ms PCR delay") to PTS.
                pts = first_video_pts(read_file(uri))
                return day + pts - 0.7 + extinf if pts is not None else None

            latency["nginx"] = hls_latency(read_file, "cam.m3u8", nginx_end)
        finally:
            if pub:
                stop(pub)
            stop(nginx)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ratio (nvr cpu s/GB / nginx-rtmp cpu s/GB):", ", ".join(
        f"{n}: {(results['nvr'][n][1] / results['nvr'][n][0]) / (results['nginx'][n][1] / results['nginx'][n][0]):.2f}"
        if results['nvr'][n][0] and results['nginx'][n][0] and results['nginx'][n][1] else f"{n}: n/a" for n in COUNTS))
    print("HLS segment latency (segment listed − its last frame published), MPEG-TS playlists:")
    for server in ("nvr", "nginx"):
        print(f"  {server:>6}: {summary(latency.get(server, []))}")


if __name__ == "__main__":
    main(sys.argv[1])
