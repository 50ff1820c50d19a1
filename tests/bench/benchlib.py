"""Shared pieces of the benchmarks: clips, cameras, nvr, /proc accounting. Standard library only."""
import base64, json, os, secrets, signal, socket, subprocess, sys, tempfile, time, urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(REPO, "tests", "Nvr.Testing", "fixtures", "fake_camera.py")
CLK_TCK = os.sysconf("SC_CLK_TCK")
# nvr has no anonymous access: the benches sign in as this user (Basic, enabled for loopback only).
USER, PASSWORD = "bench", secrets.token_hex(12)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clip(width=1920, height=1080, fps=25, seconds=20):
    """A pre-encoded H.264+AAC clip (cached), so cameras replay instead of encoding."""
    d = os.path.join(tempfile.gettempdir(), "nvr-bench")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"clip-{width}x{height}-{fps}-{seconds}.mkv")
    if not os.path.exists(path):
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds),
                        "-c:v", "libx264", "-preset", "veryfast", "-g", str(fps * 2), "-bf", "0", "-b:v", "4M",
                        "-x264-params", "slices=1", "-c:a", "aac", "-b:a", "64k", path + ".tmp.mkv"], check=True)
        os.rename(path + ".tmp.mkv", path)
    return path


def start_camera(mounts, clip_path):
    p = subprocess.Popen(["/usr/bin/python3", FIXTURE, "--port", "0", "--clip", clip_path, "--mounts", ",".join(mounts)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        if line.startswith("LISTENING"):
            return p, int(line.split()[1])
    raise RuntimeError("camera did not start")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def rss_kib(pid, key="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def start_nvr(binary, cameras, data_dir, **sections):
    """nvr on free loopback ports with one user; keyword sections (Rtsp={...}) are merged over the defaults."""
    http = free_port()
    cfg = {"DataDir": data_dir, "Http": {"Port": http, "Address": "127.0.0.1", "AllowBasic": True},
           "Users": [{"Name": USER, "Password": PASSWORD}],
           "Rtsp": {"Port": free_port(), "Address": "127.0.0.1"}, "Rtmp": {"Port": free_port(), "Address": "127.0.0.1"},
           "Mqtt": {"Enabled": False}, "Cameras": cameras}
    for key, value in sections.items():
        cfg[key] = {**cfg.get(key, {}), **value} if isinstance(value, dict) else value
    path = os.path.join(data_dir, "nvr.json")
    os.makedirs(data_dir, exist_ok=True)
    with open(path, "w") as f:
        json.dump(cfg, f)
    p = subprocess.Popen([binary, "--config", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return p, http


def fetch(port, path):
    """GET from nvr's HTTP port as the bench user; the body as bytes."""
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": "Basic " + token})
    with urllib.request.urlopen(request, timeout=5) as r:
        return r.read()


def api(port, path):
    return json.loads(fetch(port, path))


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
