#!/usr/bin/env bash
# Continuous recording: nvr vs ffmpeg's segment muxer (how Frigate records), same cameras, same run.
exec /usr/bin/python3 "$(dirname "$0")/recording.py" "${NVR_BINARY:?}"
