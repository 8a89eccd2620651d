"""A Bedrock Responses endpoint on loopback for the probe's tests: a real HTTP server
(a thread, a random port) that accepts or rejects requests as the matrix says, and can
be told to misbehave (401, 403, 429 with Retry-After, 500, slow, malformed bodies)."""

from __future__ import annotations

import json
import re
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
        #: When set, SigV4-signed requests are verified as AWS does: the signature is
        #: computed again from the request as received, with this secret.
        self.sigv4: SigV4Keys | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/openai/v1"


class SigV4Keys:
    """The credentials a signed request must be signed with, and for which service and Region."""

    def __init__(self, access_key: str, secret_key: str, token: str | None, service: str, region: str) -> None:
        self.access_key, self.secret_key, self.token = access_key, secret_key, token
        self.service, self.region = service, region


_SIGV4 = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[A-Z0-9]+)/(?P<date>\d{8})/(?P<region>[a-z0-9-]+)/(?P<service>[a-z-]+)"
    r"/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<sig>[0-9a-f]{64})$"
)


def check_sigv4(keys: SigV4Keys, method: str, path: str, headers: Any, body: bytes) -> str | None:
    """Why a SigV4-signed request is wrong (None when AWS would accept the signature)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    m = _SIGV4.match(headers.get("Authorization", ""))
    if m is None:
        return "Authorization is not a SigV4 header"
    if (m["key"], m["service"], m["region"]) != (keys.access_key, keys.service, keys.region):
        return f"signed as {m['key']} for {m['service']} in {m['region']}"
    signed = m["signed"].split(";")
    if not {"host", "x-amz-date"} <= set(signed) or (keys.token and "x-amz-security-token" not in signed):
        return f"signed headers {signed} leave out host, x-amz-date or the session token"
    if keys.token and headers.get("X-Amz-Security-Token") != keys.token:
        return "wrong session token"
    stamp = headers.get("X-Amz-Date", "")
    if not stamp.startswith(m["date"]):
        return "X-Amz-Date does not match the credential scope"
    request = AWSRequest(method=method, url=f"http://{headers['Host']}{path}", data=body,
                         headers={h: headers[h] for h in signed})  # fmt: skip
    request.context["timestamp"] = stamp
    auth = SigV4Auth(Credentials(keys.access_key, keys.secret_key, keys.token), keys.service, keys.region)
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    return None if expected == m["sig"] else "signature does not match"


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

    def _authorized(self, body: bytes = b"") -> bool:
        if self.server.sigv4 is not None and self.headers.get("Authorization", "").startswith("AWS4-"):
            problem = check_sigv4(self.server.sigv4, self.command, self.path, self.headers, body)
            if problem is None:
                return True
            self._send(403, json.dumps({"message": f"The request signature we calculated does not match: {problem}"}))
            return False
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
        raw = self.rfile.read(length)
        body = json.loads(raw or b"{}")
        self.server.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
        action = self.server.script.pop(0) if self.server.script else None
        if action == "403":
            self._send(403, json.dumps({"error": {"type": "permission_error", "message": "not allowed"}}))
            return
        if not self._authorized(raw):
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
