"""make bench: camera ingest. For 1, 4 and 8 cameras replaying a pre-encoded 1080p clip over RTSP/TCP,
nvr's CPU seconds per camera-minute and RSS, and the same for one `ffmpeg -c copy -f null` per camera
(the cheapest thing that also pulls and demuxes every packet), measured in the same run."""
import shutil, subprocess, sys, tempfile, time
from benchlib import *

WINDOW = float(os.environ.get("NVR_BENCH_WINDOW", "30"))


def measure(pids, seconds):
    before = sum(cpu_seconds(p) for p in pids)
    time.sleep(seconds)
    return sum(cpu_seconds(p) for p in pids) - before


def main(binary):
    clip_path = clip()
    print(f"ingest: clip 1920x1080 25 fps H.264 4 Mb/s + AAC, window {WINDOW:.0f} s per run, RTSP over TCP")
    print(f"{'cameras':>7} | {'nvr cpu s/cam-min':>17} | {'nvr RSS MiB':>11} | {'ffmpeg cpu s/cam-min':>20} | {'nvr/ffmpeg':>10}")
    for n in (1, 4, 8):
        mounts = [f"/c{i}" for i in range(n)]
        camera, cam_port = start_camera(mounts, clip_path)
        data = tempfile.mkdtemp(prefix="nvr-bench-")
        try:
            cams = [{"Id": f"c{i}", "Url": f"rtsp://127.0.0.1:{cam_port}/c{i}", "Transport": "tcp", "Record": False} for i in range(n)]
            nvr, http = start_nvr(binary, cams, data)
            try:
                wait_for(lambda: all(c["main"]["state"] == "online" for c in api(http, "/api/cameras")), 60, "cameras online")
                time.sleep(3)  # past the first GOP
                nvr_cpu = measure([nvr.pid], WINDOW)
                rss = rss_kib(nvr.pid) / 1024
                lost = sum(c["main"]["packetsLost"] for c in api(http, "/api/cameras"))
            finally:
                stop(nvr)
            peers = [subprocess.Popen(["ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", f"rtsp://127.0.0.1:{cam_port}/c{i}",
                                       "-c", "copy", "-f", "null", "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for i in range(n)]
            try:
                time.sleep(5)
                peer_cpu = measure([p.pid for p in peers], WINDOW)
            finally:
                for p in peers:
                    stop(p)
        finally:
            stop(camera)
            shutil.rmtree(data, ignore_errors=True)
        per_nvr = nvr_cpu / n / (WINDOW / 60)
        per_peer = peer_cpu / n / (WINDOW / 60)
        print(f"{n:>7} | {per_nvr:>17.3f} | {rss:>11.1f} | {per_peer:>20.3f} | {per_nvr / per_peer if per_peer else float('nan'):>10.2f}   (lost packets: {lost})")


if __name__ == "__main__":
    main(sys.argv[1])
