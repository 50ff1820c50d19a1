#!/usr/bin/env bash
# make run: a development nvr with data under ./var/ and a demo camera (the test suite's GStreamer
# RTSP camera) so a newcomer sees live video without hardware. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."
nvr="${1:?usage: dev-run.sh path/to/nvr}"
var="$PWD/var"
mkdir -p "$var/data"
cam_port="${DEMO_CAMERA_PORT:-8555}"

if [ ! -f "$var/nvr.json" ]; then
  # No default passwords: a random one for the development user, kept in the config file.
  password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  cat > "$var/nvr.json" <<JSON
// Development configuration written by 'make run'. Edit freely; delete it to get the default back.
{
  "DataDir": "$var/data",
  "Http": { "Port": 8080 },
  "Rtsp": { "Port": 8554 },
  "Rtmp": { "Port": 1935 },
  "Users": [ { "Name": "admin", "Password": "$password" } ],
  "Cameras": [
    { "Id": "demo", "Name": "Demo camera", "Url": "rtsp://127.0.0.1:$cam_port/demo", "Transport": "tcp" }
  ]
}
JSON
fi

/usr/bin/python3 tests/Nvr.Testing/fixtures/fake_camera.py --port "$cam_port" --codec h264 --audio aac \
  --width 1280 --height 720 --fps 25 --gop 50 --mounts /demo > "$var/demo-camera.log" 2>&1 &
cam=$!
trap 'kill $cam 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do grep -q '^LISTENING' "$var/demo-camera.log" && break; sleep 0.2; done
grep -q '^LISTENING' "$var/demo-camera.log" || { echo "demo camera did not start: see $var/demo-camera.log" >&2; exit 1; }

password=$(sed -n 's/.*"Name": "admin", "Password": "\([^"]*\)".*/\1/p' "$var/nvr.json")
ip=$(hostname -I 2>/dev/null | awk '{print $1}')
ip=${ip:-127.0.0.1}
cat <<TXT
nvr (development): config $var/nvr.json, data $var/data
  sign in as   admin / ${password:-(see Users in $var/nvr.json)}
  demo camera  rtsp://127.0.0.1:$cam_port/demo   (log: $var/demo-camera.log)
  health       http://$ip:8080/healthz
  version      http://$ip:8080/api/version
  cameras      http://$ip:8080/api/cameras
  live RTSP    rtsp://admin:${password:-PASSWORD}@$ip:8554/demo
Ctrl-C stops.
TXT
"$nvr" --config "$var/nvr.json"
