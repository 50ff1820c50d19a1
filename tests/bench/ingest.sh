#!/usr/bin/env bash
# Camera ingest: nvr's CPU per camera-minute and RSS for 1, 4 and 8 cameras, against ffmpeg -c copy.
exec /usr/bin/python3 "$(dirname "$0")/ingest.py" "${NVR_BINARY:?}"
