"""make bench: continuous recording. Three cameras replaying a pre-encoded 1080p clip over RTSP/TCP,
recorded for the same window by nvr (60 s fMP4 segments, fsync every second) and by
`ffmpeg -rtsp_transport tcp -i URL -c copy -f segment -segment_time 60` per camera (Frigate's way).
Reports CPU seconds per camera-minute for both, their ratio, and nvr's bytes written / bytes received."""
import shutil, subprocess, sys, tempfile, time
from benchlib import *

WINDOW = float(os.environ.get("NVR_BENCH_WINDOW", "30"))
N = 3


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            if f.endswith(".mp4"):
                total += os.path.getsize(os.path.join(root, f))
    return total


def main(binary):
    clip_path = clip()
    camera, port = start_camera([f"/c{i}" for i in range(N)], clip_path)
    data = tempfile.mkdtemp(prefix="nvr-bench-rec-")
    try:
        cams = [{"Id": f"c{i}", "Url": f"rtsp://127.0.0.1:{port}/c{i}", "Transport": "tcp", "Record": True} for i in range(N)]
        nvr, http = start_nvr(binary, cams, data)
        try:
            wait_for(lambda: all(c["main"]["state"] == "online" for c in api(http, "/api/cameras")), 60, "cameras online")
            time.sleep(3)
            rec_dir = os.path.join(data, "recordings")
            b0, r0, c0 = dir_bytes(rec_dir), sum(c["main"]["bytesReceived"] for c in api(http, "/api/cameras")), cpu_seconds(nvr.pid)
            time.sleep(WINDOW)
            b1, r1, c1 = dir_bytes(rec_dir), sum(c["main"]["bytesReceived"] for c in api(http, "/api/cameras")), cpu_seconds(nvr.pid)
            rss = rss_kib(nvr.pid) / 1024
        finally:
            stop(nvr)
        out = tempfile.mkdtemp(prefix="nvr-bench-ffseg-")
        peers = [subprocess.Popen(["ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", f"rtsp://127.0.0.1:{port}/c{i}", "-c", "copy",
                                   "-f", "segment", "-segment_time", "60", "-reset_timestamps", "1", os.path.join(out, f"c{i}-%03d.mp4")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(N)]
        try:
            time.sleep(5)
            p0 = sum(cpu_seconds(p.pid) for p in peers)
            time.sleep(WINDOW)
            p1 = sum(cpu_seconds(p.pid) for p in peers)
        finally:
            for p in peers:
                stop(p)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        stop(camera)
        shutil.rmtree(data, ignore_errors=True)
    nvr_rate = (c1 - c0) / N / (WINDOW / 60)
    peer_rate = (p1 - p0) / N / (WINDOW / 60)
    print(f"recording: {N} cameras, clip 1920x1080 25 fps H.264 4 Mb/s + AAC, window {WINDOW:.0f} s")
    print(f"  nvr    cpu s/cam-min {nvr_rate:.3f}   RSS {rss:.1f} MiB   bytes written / received {(b1 - b0) / max(1, r1 - r0):.3f}")
    print(f"  ffmpeg cpu s/cam-min {peer_rate:.3f}   (-c copy -f segment -segment_time 60)")
    print(f"  ratio nvr/ffmpeg {nvr_rate / peer_rate if peer_rate else float('nan'):.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
