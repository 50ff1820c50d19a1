#!/usr/bin/env bash
# RTMP fan-out: 1 camera -> 50, 100, 200 RTMP players, nvr against nginx-rtmp on the same clip.
exec /usr/bin/python3 "$(dirname "$0")/rtmp_fanout.py" "${NVR_BINARY:?}"
