#!/usr/bin/env python3
"""Writes the seed files of the fuzz corpora `rtp`, `rtcp` and `aac-rtp`.

Captured seeds come from real peers on loopback, recorded one datagram per file by a plain UDP
listener (python socket, recv into a file):

  ffmpeg 5.1 AAC-LC 48 kHz stereo, multi-AU packets (config=119056E500):
    ffmpeg -re -f lavfi -i sine=frequency=440:sample_rate=48000:duration=4 -ac 2 -c:a aac -b:a 128k \
           -f rtp "rtp://127.0.0.1:5004?rtcpport=5005"
  ffmpeg 5.1 AAC-LC, 720-byte AUs fragmented over 300-byte packets:
    ffmpeg -re -f lavfi -i anoisesrc=sample_rate=48000:duration=3 -ac 2 -c:a aac -b:a 320k \
           -f rtp -pkt_size 300 "rtp://127.0.0.1:5014?rtcpport=5015&pkt_size=300"
  GStreamer 1.22 rtpbin PCMU sender (SR+SDES, SR+SDES+BYE) and receiver (RR+SDES):
    gst-launch-1.0 rtpbin name=rb audiotestsrc is-live=true ! audioconvert ! \
      audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay ! rb.send_rtp_sink_0 \
      rb.send_rtp_src_0 ! udpsink port=5024 rb.send_rtcp_src_0 ! udpsink port=5025

Usage: make_rtp_corpora.py <capture-dir> <corpus-dir>   (capture-dir holds aac/, aacfrag/, pcmu/, rr/)
Hostile seeds are built below.
"""
import os
import shutil
import struct
import sys

cap, corpus = sys.argv[1], sys.argv[2]


def put(name, sub, data):
    os.makedirs(os.path.join(corpus, sub), exist_ok=True)
    with open(os.path.join(corpus, sub, name), "wb") as f:
        f.write(data)


def copy(src, sub, name):
    with open(os.path.join(cap, src), "rb") as f:
        put(name, sub, f.read())


def rtp(pt=96, seq=1, ts=1000, ssrc=0x11223344, payload=b"\x01\x02\x03", marker=False, csrc=(), ext=None, pad=0):
    b0 = 0x80 | (0x20 if pad else 0) | (0x10 if ext is not None else 0) | len(csrc)
    out = struct.pack(">BBHII", b0, (0x80 if marker else 0) | pt, seq, ts, ssrc)
    for c in csrc:
        out += struct.pack(">I", c)
    if ext is not None:
        profile, words = ext
        out += struct.pack(">HH", profile, len(words) // 4) + words
    out += payload
    if pad:
        out += b"\x00" * (pad - 1) + bytes([pad])
    return out


# --- rtp: captured -------------------------------------------------------------------------
copy("pcmu/00000-5024.bin", "rtp", "gstreamer-pcmu-1.bin")
copy("pcmu/00001-5024.bin", "rtp", "gstreamer-pcmu-2.bin")
copy("aac/00001-5004.bin", "rtp", "ffmpeg-aac-4au.bin")
# --- rtp: built ----------------------------------------------------------------------------
put("csrc-ext-pad.bin", "rtp", rtp(csrc=(1, 2), ext=(0xBEDE, b"\x10\xAA\x00\x00"), pad=4))
put("one-byte-ext.bin", "rtp", rtp(ext=(0xBEDE, b"\x22\x01\x02\x03\x00\x00\x00\x00")))
put("pad-too-large.bin", "rtp", bytes([0xA0]) + rtp()[1:12] + b"\x00\x00\x00\xff")
put("ext-length-huge.bin", "rtp", bytes([0x90]) + rtp()[1:12] + b"\xbe\xde\xff\xff")
put("csrc-past-end.bin", "rtp", bytes([0x8f]) + rtp()[1:12] + b"\x00\x00\x00\x01")
put("version1.bin", "rtp", bytes([0x40]) + rtp()[1:])
put("header-only.bin", "rtp", rtp(payload=b""))
put("truncated-11.bin", "rtp", rtp()[:11])

# --- rtcp: captured ------------------------------------------------------------------------
copy("aac/00000-5005.bin", "rtcp", "ffmpeg-sr.bin")
copy("pcmu/00243-5025.bin", "rtcp", "gstreamer-sr-sdes.bin")
copy("pcmu/00701-5025.bin", "rtcp", "gstreamer-sr-sdes-bye.bin")
copy("rr/00000-5036.bin", "rtcp", "gstreamer-rr-sdes.bin")


# --- rtcp: built ---------------------------------------------------------------------------
def rtcp(count, pt, body, pad=0):
    if pad:
        body = body + b"\x00" * (pad - 1) + bytes([pad])
    return struct.pack(">BBH", 0x80 | (0x20 if pad else 0) | count, pt, len(body) // 4) + body


block = struct.pack(">IB3sIIII", 0xCAFE, 25, b"\x00\x00\x07", 0x0001FFFF, 123, 0x12345678, 65536)
put("rr-1block-bye-reason.bin", "rtcp",
    rtcp(1, 201, struct.pack(">I", 1) + block) + rtcp(1, 203, struct.pack(">I", 1) + b"\x08shutdown\x00\x00\x00"))
put("app-and-padded-rr.bin", "rtcp", rtcp(0, 204, struct.pack(">I", 7) + b"name1234") + rtcp(0, 201, struct.pack(">I", 9), pad=4))
put("psfb-pli.bin", "rtcp", rtcp(1, 206, struct.pack(">II", 1, 2)))
put("length-past-end.bin", "rtcp", rtcp(0, 201, struct.pack(">I", 9))[:2] + b"\x00\x40" + struct.pack(">I", 9))
put("rc-too-large.bin", "rtcp", rtcp(5, 201, struct.pack(">I", 9) + block))
put("sdes-item-past-end.bin", "rtcp", rtcp(1, 202, struct.pack(">I", 3) + b"\x01\x40abcdefgh\x00\x00"))
put("zero-length-sr.bin", "rtcp", bytes([0x80, 200, 0, 0]))

# --- aac-rtp: captured (file names keep the fragments of one AU consecutive) ---------------
for i, n in enumerate([1, 2, 3, 4]):
    copy(f"aac/{n:05d}-5004.bin", "aac-rtp", f"ffmpeg-hbr-multi-{i}.bin")
copy("aacfrag/00000-5014.bin", "aac-rtp", "ffmpeg-hbr-frag-0.bin")
copy("aacfrag/00002-5014.bin", "aac-rtp", "ffmpeg-hbr-frag-1.bin")
copy("aacfrag/00003-5014.bin", "aac-rtp", "ffmpeg-hbr-frag-2.bin")
# --- aac-rtp: built ------------------------------------------------------------------------
put("headers-length-huge.bin", "aac-rtp", rtp(pt=97, payload=b"\xff\xff\x00\x10", marker=True))
put("headers-length-zero.bin", "aac-rtp", rtp(pt=97, payload=b"\x00\x00\x01\x02", marker=True))
put("au-size-zero.bin", "aac-rtp", rtp(pt=97, payload=b"\x00\x10\x00\x00", marker=True))
put("au-past-end-multi.bin", "aac-rtp", rtp(pt=97, payload=b"\x00\x20\x00\x20\xff\xf8" + b"\x00" * 4, marker=True))
put("frag-marker-only.bin", "aac-rtp", rtp(pt=97, payload=b"\x00\x10\x10\x00" + b"\x11" * 20, marker=True))

# --- mjpeg-rtp: captured, one whole frame from each peer -------------------------------------
#   ffmpeg -re -f lavfi -i testsrc=size=320x240:rate=5 -frames:v 3 -c:v mjpeg -huffman default \
#          -pix_fmt yuvj420p -q:v 5 -f rtp -pkt_size 1000 "rtp://127.0.0.1:5044?pkt_size=1000"
#   gst-launch-1.0 videotestsrc num-buffers=3 ! video/x-raw,width=320,height=240,format=I420,framerate=5/1 \
#          ! jpegenc quality=75 ! rtpjpegpay mtu=1000 ! udpsink host=127.0.0.1 port=5054
for n in range(9):
    copy(f"mjffm/{n:05d}-5044.bin", "mjpeg-rtp", f"ffmpeg-q255-f0-{n}.bin")
for n in range(8):
    copy(f"mjgst/{n:05d}-5054.bin", "mjpeg-rtp", f"gstreamer-q255-f0-{n}.bin")


# --- mjpeg-rtp: built ----------------------------------------------------------------------
def jpeg_payload(offset, type_, q, w8, h8, rest=b""):
    return struct.pack(">I", offset) + bytes([type_, q, w8, h8]) + rest


put("q50-16x16-single.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 1, 50, 2, 2, b"\x12\x34\x56\x78")))
put("restart-type65.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 65, 80, 2, 2, b"\x00\x04\xc0\x00" + b"\xab" * 8)))
put("reserved-q100.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 1, 100, 2, 2, b"\x00")))
put("type2.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 2, 50, 2, 2, b"\x00")))
put("qtable-past-end.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 1, 255, 2, 2, b"\x00\x00\x00\x80" + b"\x10" * 20)))
put("qtable-length0-unseen.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 0, 200, 2, 2, b"\x00\x00\x00\x00\x99")))
put("zero-width.bin", "mjpeg-rtp", rtp(pt=26, marker=True, payload=jpeg_payload(0, 1, 50, 0, 2, b"\x00")))
