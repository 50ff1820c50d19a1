"""make bench: RTMP fan-out. One camera (a looped H.264+AAC clip published with `ffmpeg -re -c copy`)
to 50, 100 and 200 RTMP players for WINDOW seconds each, against nvr (an RTMP publish camera) and, in
the same run on the same clip, against nginx-rtmp (Debian nginx + libnginx-mod-rtmp, config
tests/bench/nginx-rtmp.conf). Reports server CPU seconds per GB delivered (utime+stime from /proc of
the server's processes), how many players fell behind (received < 90 % of the clip's byte rate:
frames dropped or stalled), and the nvr/nginx ratio.

Players are one asyncio process speaking just enough RTMP (handshake, connect, createStream, play,
Acknowledgements) and counting bytes; it never parses media, so it stays cheap. HLS latency: nvr's is
measured by the HLS benchmark/tests; nginx-rtmp's HLS is not measured here."""
import asyncio, json, os, socket, urllib.request, shutil, struct, subprocess, sys, tempfile, time
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


def publisher(clip_path, url):
    return subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip_path, "-c", "copy", "-f", "flv", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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
    results = {}
    tmp = tempfile.mkdtemp(prefix="nvr-bench-rtmp-")
    try:
        # nvr: one RTMP publish camera, anonymous play allowed for the bench players.
        data = os.path.join(tmp, "nvr")
        http, rtmp = free_port(), free_port()
        cfg = {"DataDir": data, "Http": {"Port": http, "Address": "127.0.0.1"}, "Rtsp": {"Port": free_port(), "Address": "127.0.0.1"},
               "Rtmp": {"Port": rtmp, "Address": "127.0.0.1", "AllowAnonymousPlay": True, "MaxConnections": 1000},
               "Mqtt": {"Enabled": False}, "Cameras": [{"Id": "cam", "StreamKey": KEY, "Record": False}]}
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(data, "nvr.json"), "w") as f:
            json.dump(cfg, f)
        nvr = subprocess.Popen([binary, "--config", os.path.join(data, "nvr.json")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pub = None
        try:
            wait_for(lambda: urllib.request.urlopen(f"http://127.0.0.1:{http}/healthz", timeout=2).status == 200, 20, "nvr ready")
            pub = publisher(clip_path, f"rtmp://127.0.0.1:{rtmp}/live/cam?key={KEY}")
            wait_for(lambda: api(http, "/api/cameras/cam")["main"]["state"] == "online", 20, "nvr camera online")
            results["nvr"] = measure("nvr", rtmp, "live", "cam", lambda: [nvr.pid], clip_rate)
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
        finally:
            if pub:
                stop(pub)
            stop(nginx)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ratio (nvr cpu s/GB / nginx-rtmp cpu s/GB):", ", ".join(
        f"{n}: {(results['nvr'][n][1] / results['nvr'][n][0]) / (results['nginx'][n][1] / results['nginx'][n][0]):.2f}"
        if results['nvr'][n][0] and results['nginx'][n][0] and results['nginx'][n][1] else f"{n}: n/a" for n in COUNTS))


if __name__ == "__main__":
    main(sys.argv[1])
