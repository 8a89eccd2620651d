"""A Bedrock Responses endpoint on loopback for the probe's tests: a real HTTP server
(a thread, a random port) that accepts or rejects requests as the matrix says, and can
be told to misbehave (401, 403, 429 with Retry-After, 500, slow, malformed bodies)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bedrock_check.engine import Engine
from bedrock_check.findings import RequestObservation, Span

TOKEN = "bedrock-api-key-dGVzdC10b2tlbi1mb3ItbG9vcGJhY2stb25seQ=="


class FakeBedrock(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, engine: Engine) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.engine = engine
        self.accept: set[str] = set()  # capabilities this service accepts whatever the matrix says
        self.script: list[str] = []  # misbehaviours, consumed one per request
        self.requests: list[dict[str, Any]] = []
        self.models = ["openai.gpt-5.5", "openai.gpt-oss-120b"]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/openai/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeBedrock

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes | str, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, json.dumps({"error": {"type": "authentication_error", "message": "bad token"}}))
            return False
        return True

    def do_GET(self) -> None:
        self.server.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self._send(400, json.dumps({"error": {"message": "WebSocket connections are not supported"}}))
            return
        if not self._authorized():
            return
        if self.path.endswith("/models"):
            self._send(
                200, json.dumps({"object": "list", "data": [{"id": m, "object": "model"} for m in self.server.models]})
            )
        else:
            self._send(404, json.dumps({"error": {"message": "not found"}}))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
        action = self.server.script.pop(0) if self.server.script else None
        if action == "403":
            self._send(403, json.dumps({"error": {"type": "permission_error", "message": "not allowed"}}))
            return
        if not self._authorized():
            return
        if action == "429":
            self._send(429, json.dumps({"error": {"type": "rate_limit", "message": "slow down"}}), {"Retry-After": "0"})
            return
        if action == "500":
            self._send(500, json.dumps({"error": {"type": "server_error", "message": "oops"}}))
            return
        if action == "slow":
            time.sleep(1.5)
        if action == "malformed":
            self._send(200, b"<html>gateway says hi</html>")
            return
        obs = RequestObservation(path="(server)", body=body, endpoint="responses", span=Span(1, 1, 1, 1))
        errors = {f.capability for f in self.server.engine.evaluate([obs]).findings if f.severity == "error"}
        errors -= self.server.accept
        if errors:
            cap = sorted(errors)[0]
            self._send(
                400, json.dumps({"error": {"type": "invalid_request_error", "message": f"{cap} is not supported"}})
            )
            return
        if body.get("stream"):
            self._send(
                200,
                'event: response.created\ndata: {"type":"response.created"}\n\n',
                {"Content-Type": "text/event-stream"},
            )
            return
        self._send(200, json.dumps({"id": "resp_1", "output": [], "usage": {"input_tokens": 7, "output_tokens": 3}}))


@contextmanager
def fake_bedrock(engine: Engine) -> Iterator[FakeBedrock]:
    server = FakeBedrock(engine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
