#!/usr/bin/env bash
# RTSP fan-out: nvr's server CPU per GB delivered and drops for 50/100/200 TCP readers, against GStreamer's rtsp-server.
exec /usr/bin/python3 "$(dirname "$0")/rtsp_fanout.py" "${NVR_BINARY:?}"
