"""make bench: RTSP fan-out. One camera replaying the bench clip (1080p25 H.264 4 Mb/s + AAC) is
re-served to 50, 100 and 200 TCP readers for a window each, by nvr and, in the same run on the same
clip, by GStreamer's rtsp-server with a shared media factory (the fake camera fixture itself).
Prints server CPU seconds per GB delivered, RTP sequence gaps seen by the readers (drops), and the
nvr/gst ratio. Readers are rtsp_reader.py processes (asyncio, about 50 sessions each)."""
import shutil, subprocess, sys, tempfile, time
from benchlib import *

WINDOW = float(os.environ.get("NVR_BENCH_WINDOW", "30"))
COUNTS = [int(n) for n in os.environ.get("NVR_BENCH_READERS", "50,100,200").split(",")]
PER_PROCESS = 50
READER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rtsp_reader.py")


def start_readers(url, n, user=None, password=None):
    procs = []
    for i in range(0, n, PER_PROCESS):
        args = ["/usr/bin/python3", READER, url, str(min(PER_PROCESS, n - i))] + ([user, password] if user else [])
        procs.append(subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
    playing = failed = 0
    errors = []
    for p in procs:
        line = p.stdout.readline().split(" ", 3)
        if not line or line[0] != "READY":
            raise RuntimeError("reader did not start")
        playing, failed = playing + int(line[1]), failed + int(line[2])
        if int(line[2]):
            errors.append(line[3].strip())
    return procs, playing, failed, errors


def mark(procs):
    total = {"bytes": 0, "packets": 0, "gaps": 0, "closed": 0, "cpu": 0.0}
    for p in procs:
        p.stdin.write("MARK\n")
        p.stdin.flush()
    for p in procs:
        for k, v in json.loads(p.stdout.readline()).items():
            total[k] += v
    return total


def quit_readers(procs):
    for p in procs:
        try:
            p.stdin.write("QUIT\n")
            p.stdin.flush()
        except BrokenPipeError:
            pass
    for p in procs:
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()


def measure(server_pid, url, n, user=None, password=None):
    procs, playing, failed, errors = start_readers(url, n, user, password)
    try:
        time.sleep(3)  # past the fast-start burst
        cpu0, r0 = cpu_seconds(server_pid), mark(procs)
        time.sleep(WINDOW)
        cpu1, r1 = cpu_seconds(server_pid), mark(procs)
    finally:
        quit_readers(procs)
    gb = (r1["bytes"] - r0["bytes"]) / 1e9
    return {"playing": playing, "failed": failed, "errors": errors, "cpu": cpu1 - cpu0, "gb": gb,
            "gaps": r1["gaps"] - r0["gaps"], "closed": r1["closed"], "reader_cpu": r1["cpu"] - r0["cpu"],
            "mbps": gb * 8e3 / WINDOW / max(playing, 1)}


def row(name, n, m):
    per_gb = m["cpu"] / m["gb"] if m["gb"] else float("nan")
    note = f"  failed {m['failed']}: {m['errors']}" if m["failed"] else ""
    print(f"{name:>4} {n:>7} | {m['playing']:>7} | {m['gb']:>7.3f} | {m['mbps']:>8.2f} | {m['cpu']:>7.2f} | {per_gb:>9.2f} | "
          f"{m['gaps']:>6} | {m['closed']:>6} | {m['reader_cpu']:>10.2f}{note}", flush=True)
    return per_gb


def main(binary):
    clip_path = clip()
    print(f"rtsp fan-out: clip 1920x1080 25 fps H.264 4 Mb/s + AAC, window {WINDOW:.0f} s per run, RTSP interleaved TCP")
    print(f"{'srv':>4} {'readers':>7} | {'playing':>7} | {'GB':>7} | {'Mb/s/rd':>8} | {'cpu s':>7} | {'cpu s/GB':>9} | "
          f"{'gaps':>6} | {'closed':>6} | {'reader cpu':>10}")
    camera, cam_port = start_camera(["/cam"], clip_path)
    gst, gst_port = start_camera(["/cam"], clip_path)
    data = tempfile.mkdtemp(prefix="nvr-bench-")
    results = []
    try:
        cams = [{"Id": "cam", "Url": f"rtsp://127.0.0.1:{cam_port}/cam", "Transport": "tcp", "Record": False}]
        # Room for 200+ sessions from one address; readers log in with digest, as deployed.
        rtsp = free_port()
        nvr, http = start_nvr(binary, cams, data, Rtsp={"Port": rtsp, "MaxSessions": 1000, "MaxSessionsPerAddress": 1000})
        try:
            wait_for(lambda: api(http, "/api/cameras")[0]["main"]["state"] == "online", 60, "camera online")
            time.sleep(3)
            for n in COUNTS:
                m_nvr = measure(nvr.pid, f"rtsp://127.0.0.1:{rtsp}/cam", n, USER, PASSWORD)
                wait_for(lambda: api(http, "/api/sessions")["totals"]["sessions"] == 0, 20, "nvr sessions closed")
                m_gst = measure(gst.pid, f"rtsp://127.0.0.1:{gst_port}/cam", n)
                results.append((n, row("nvr", n, m_nvr), row("gst", n, m_gst)))
            totals = api(http, "/api/sessions")["totals"]
            print(f"nvr totals: {totals['sessionsOpened']} sessions, {totals['bytesOut'] / 1e9:.2f} GB out, "
                  f"{totals['drops']} units dropped (slow readers), {totals['writeTimeouts']} write timeouts")
        finally:
            stop(nvr)
    finally:
        stop(camera)
        stop(gst)
        shutil.rmtree(data, ignore_errors=True)
    print(f"{'readers':>7} | {'nvr cpu s/GB':>12} | {'gst cpu s/GB':>12} | {'nvr/gst':>7}")
    for n, a, b in results:
        print(f"{n:>7} | {a:>12.2f} | {b:>12.2f} | {a / b if b else float('nan'):>7.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
