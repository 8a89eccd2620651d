"""A scripted hostile HTTP server on loopback: every answer is what a test tells it to
send (a token echoed in an error, a slow drip, a gigabyte, nonsense headers)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: (handler) -> None: writes the whole answer itself.
Answer = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    answer: Answer
    hits: int = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length:
            self.rfile.read(length)
        self.server.hits += 1
        with suppress(BrokenPipeError, ConnectionResetError):
            self.server.answer(self)

    do_GET = do_POST = _any


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes | str, headers: dict[str, str] | None = None) -> None:
    """A complete answer."""
    data = body.encode() if isinstance(body, str) else body
    handler.send_response(status)
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def drip(handler: BaseHTTPRequestHandler, seconds: float = 60) -> None:
    """A 200 whose body arrives one byte a second: never a read timeout, never an end."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.5)


def huge(handler: BaseHTTPRequestHandler, size: int = 2**30) -> None:
    """A 200 with a gigabyte body (sent until the client hangs up)."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b'{"data": [' + b" " * (2**20 - 10)
    sent = 0
    while sent < size:
        handler.wfile.write(chunk)
        sent += len(chunk)
        chunk = b" " * 2**20


@contextmanager
def hostile_server(answer: Answer) -> Iterator[_Server]:
    """Serve `answer` for every request; `server.base` is an http://127.0.0.1 URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.answer = answer
    server.base = f"http://127.0.0.1:{server.server_address[1]}/v1"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
