"""A light RTSP/TCP reader for the fan-out bench: many sessions in one asyncio process.

Each session does DESCRIBE/SETUP/PLAY (RFC 2326 §10; Digest MD5 per RFC 7616 §3.4 when
challenged), asks for interleaved TCP (§10.12), then only walks the `$ ch len` frames, counting
bytes and RTP sequence gaps per channel. Protocol on stdio: prints `READY <playing> <failed>` once
every session is playing (or failed); each `MARK` line on stdin prints a JSON line of cumulative
counters; `QUIT` (or EOF) ends. Standard library only.

usage: rtsp_reader.py URL COUNT [USER PASSWORD]
"""
import asyncio, hashlib, json, os, re, struct, sys

UNPACK = struct.Struct(">BBH").unpack_from


class Stats:
    def __init__(self):
        self.bytes = 0
        self.packets = 0
        self.gaps = 0
        self.playing = 0
        self.failed = 0
        self.closed = 0
        self.errors = {}


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class Session:
    def __init__(self, url, user, password, stats):
        self.url, self.user, self.password, self.stats = url, user, password, stats
        self.cseq = 0
        self.challenge = None
        self.session = None
        self.last_seq = {}

    def authorization(self, method, uri):
        if self.challenge is None:
            return None
        realm = re.search(r'realm="([^"]*)"', self.challenge).group(1)
        nonce = re.search(r'nonce="([^"]*)"', self.challenge).group(1)
        ha1, ha2 = md5(f"{self.user}:{realm}:{self.password}"), md5(f"{method}:{uri}")
        nc, cnonce = f"{self.cseq:08x}", "0a4f113b"
        response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        return (f'Digest username="{self.user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
                f'qop=auth, nc={nc}, cnonce="{cnonce}", response="{response}"')

    async def request(self, method, uri, headers=(), retry=True):
        self.cseq += 1
        lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {self.cseq}", "User-Agent: nvr-bench"]
        auth = self.authorization(method, uri)
        if auth:
            lines.append(f"Authorization: {auth}")
        if self.session:
            lines.append(f"Session: {self.session}")
        lines.extend(headers)
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        # GStreamer's rtsp-server may send media of a shared, playing pipeline before the PLAY
        # reply: skip interleaved frames until the reply starts.
        while True:
            first = await self.reader.readexactly(1)
            if first != b"$":
                break
            _, length = struct.unpack(">BH", await self.reader.readexactly(3))
            await self.reader.readexactly(length)
        head = first + await self.reader.readuntil(b"\r\n\r\n")
        text = head.decode("latin-1")
        status = int(text.split(" ", 2)[1])
        hdrs = {}
        for line in text.split("\r\n")[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                hdrs.setdefault(k.strip().lower(), []).append(v.strip())
        body = b""
        if "content-length" in hdrs:
            body = await self.reader.readexactly(int(hdrs["content-length"][0]))
        if status == 401 and retry and self.user:
            digests = [c for c in hdrs.get("www-authenticate", []) if c.startswith("Digest") and "SHA-256" not in c]
            if digests:
                self.challenge = digests[-1]
                return await self.request(method, uri, headers, retry=False)
        return status, hdrs, body

    async def run(self):
        try:
            host, port = re.match(r"rtsp://([^:/]+):(\d+)/", self.url).groups()
            self.reader, self.writer = await asyncio.open_connection(host, int(port), limit=1 << 20)
            status, hdrs, body = await self.request("DESCRIBE", self.url, ["Accept: application/sdp"])
            if status != 200:
                raise RuntimeError(f"DESCRIBE {status}")
            base = hdrs.get("content-base", [self.url])[0]
            if not base.endswith("/"):
                base += "/"
            controls = [m.strip() for m in re.findall(r"^a=control:(.*)$", body.decode(), re.M)]
            tracks = [c for c in controls if c != "*"]
            for i, control in enumerate(tracks):
                uri = control if control.startswith("rtsp://") else base + control
                status, hdrs, _ = await self.request("SETUP", uri, [f"Transport: RTP/AVP/TCP;unicast;interleaved={2 * i}-{2 * i + 1}"])
                if status != 200:
                    raise RuntimeError(f"SETUP {status}")
                self.session = hdrs["session"][0].split(";")[0]
            status, _, _ = await self.request("PLAY", self.url, ["Range: npt=0.000-"])
            if status != 200:
                raise RuntimeError(f"PLAY {status}")
        except Exception as e:  # noqa: BLE001 - counted, the bench reports it
            self.stats.failed += 1
            key = str(e)[:60]
            self.stats.errors[key] = self.stats.errors.get(key, 0) + 1
            return
        self.stats.playing += 1
        await self.count()

    async def count(self):
        stats, last_seq = self.stats, self.last_seq
        buf = bytearray()
        read = self.reader.read
        while True:
            data = await read(1 << 18)
            if not data:
                stats.closed += 1
                return
            stats.bytes += len(data)
            buf += data
            pos, end = 0, len(buf)
            while end - pos >= 4:
                if buf[pos] == 0x24:
                    _, ch, ln = UNPACK(buf, pos)
                    if end - pos < 4 + ln:
                        break
                    if ch % 2 == 0 and ln >= 12:
                        seq = (buf[pos + 6] << 8) | buf[pos + 7]
                        prev = last_seq.get(ch)
                        if prev is not None and seq != (prev + 1) & 0xFFFF:
                            stats.gaps += 1
                        last_seq[ch] = seq
                        stats.packets += 1
                    pos += 4 + ln
                else:  # an RTSP message (a server request or a reply): skip its head and body
                    head_end = buf.find(b"\r\n\r\n", pos)
                    if head_end < 0:
                        break
                    m = re.search(rb"(?i)content-length:\s*(\d+)", bytes(buf[pos:head_end]))
                    total = head_end + 4 - pos + (int(m.group(1)) if m else 0)
                    if end - pos < total:
                        break
                    pos += total
            del buf[:pos]


async def main(url, count, user, password):
    stats = Stats()
    sessions = [Session(url, user, password, stats) for _ in range(count)]
    tasks = []
    for s in sessions:  # connect in small bursts, like viewers opening a grid
        tasks.append(asyncio.create_task(s.run()))
        if len(tasks) % 20 == 0:
            await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()
    while stats.playing + stats.failed < count:
        await asyncio.sleep(0.05)
    print(f"READY {stats.playing} {stats.failed} {json.dumps(stats.errors)}", flush=True)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.strip() == "QUIT":
            break
        if line.strip() == "MARK":
            print(json.dumps({"bytes": stats.bytes, "packets": stats.packets, "gaps": stats.gaps,
                              "closed": stats.closed, "cpu": sum(os.times()[:2])}), flush=True)
    for t in tasks:
        t.cancel()
    os._exit(0)


if __name__ == "__main__":
    a = sys.argv
    asyncio.run(main(a[1], int(a[2]), a[3] if len(a) > 3 else None, a[4] if len(a) > 4 else None))
