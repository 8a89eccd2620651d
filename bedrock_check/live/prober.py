"""`probe`: check the matrix against the live service for one model and Region.

For each selected capability with a probe request in the matrix, send that minimal
request and classify the answer. What the matrix expects is worked out by the
engine itself from the probe request (an error finding means "rejected", a use that
works means "accepted"), so the matrix stays the one place that knows. Observations
can be written as an override layer that every other command accepts.

httpx is imported here and only here (and lazily): `validate` and `scan` never pay for it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from bedrock_check.errors import ProbeError
from bedrock_check.httpcap import MAX_ANSWER, Deadline, TooLarge, exchange
from bedrock_check.live.credentials import Auth, SigV4, Token
from bedrock_check.live.plans import ProbePlan, ProbeResult, ProbeRun
from bedrock_check.matrix import Target
from bedrock_check.redact import MASK, cut, redact
from bedrock_check.vocabulary import bedrock_base_url

RETRY_STATUSES = {429, 500, 502, 503, 504}


MAX_RETRY_AFTER = 30.0


def default_endpoint(region: str, endpoint: str = "mantle") -> str:
    """The OpenAI-compatible base URL of a Bedrock endpoint (mantle or runtime) in a Region."""
    return bedrock_base_url(region, endpoint)


def check_endpoint(url: str) -> None:
    """Refuse plain HTTP unless the host is loopback: a token must not cross a network in clear."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProbeError(f"{redact(url)}: not an http(s) URL")
    if parts.scheme == "https":
        return
    host = parts.hostname
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise ProbeError(f"{redact(url)}: refusing plain HTTP to a non-loopback host; use https")


def _count(value: Any) -> int:
    """A token count from an answer: a whole number, else 0 (`"abc"`, NaN, a list)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(0, min(value, 10**12))
    if isinstance(value, float) and math.isfinite(value):
        return max(0, int(min(value, 1e12)))
    return 0


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:  # `nan` and `inf` parse as floats: a server's nonsense is not a sleep
        return min(max(seconds, 0.0), MAX_RETRY_AFTER) if math.isfinite(seconds) else None
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max((when - dt.datetime.now(dt.timezone.utc)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _error_of(payload: Any) -> tuple[str | None, str]:
    if isinstance(payload, dict):
        err = payload.get("error", payload)
        if isinstance(err, dict):
            kind = err.get("type") or err.get("code") or err.get("__type")
            return (str(kind) if kind else None), str(err.get("message") or err.get("Message") or "")
        if isinstance(err, str):
            return None, err
        message = payload.get("message") or payload.get("Message")
        if message:
            return None, str(message)
    return None, ""


class Prober:
    """Sends probe requests with bounded retries. `sleep` and `client` are injectable
    (tests use a loopback server and a no-op sleep)."""

    def __init__(
        self,
        auth: Auth | str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        max_requests: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        log: Callable[[str], None] | None = None,
        client: Any = None,
    ) -> None:
        import httpx

        self.httpx = httpx
        # A bare string is a bearer token (tests, scripts).
        self.auth: Auth = Token(auth, "the caller") if isinstance(auth, str) else auth
        self.retries = retries
        self.max_requests = max_requests
        self.sleep = sleep
        self.log = log
        self.client = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))
        self.timeout = timeout  # a wall-clock deadline for each request (see httpcap)
        self.sent = 0

    @property
    def secrets(self) -> tuple[str, ...]:
        """Masked in everything printed or written: the token, or the secret key and session token."""
        return self.auth.secrets

    def shown(self, url: str) -> str:
        """A URL as printed: credentials in it masked."""
        return redact(url, *self.secrets)

    def _say(self, text: str) -> None:
        if self.log:
            self.log(redact(text, *self.secrets))

    def _budget_left(self) -> bool:
        return self.max_requests is None or self.sent < self.max_requests

    def run(self, plans: list[ProbePlan], target: Target, endpoint: str) -> ProbeRun:
        """Probe each plan in order; stops at an authentication or permission failure."""
        # printed and written: no credentials
        run = ProbeRun(target=target, endpoint=self.shown(endpoint), auth=redact(self.auth.describe(), *self.secrets))
        for plan in plans:
            if not self._budget_left():
                run.results.append(
                    ProbeResult(
                        plan.capability, plan.status, plan.expect, "not-probed", message="--max-requests reached"
                    )
                )
                continue
            result = self.websocket(plan) if plan.transport == "websocket" else self.http(plan)
            run.results.append(result)
        run.requests = self.sent
        return run

    def http(self, plan: ProbePlan) -> ProbeResult:
        """Send one probe over HTTP and classify the answer."""
        httpx = self.httpx
        payload_bytes = json.dumps(plan.body).encode()
        attempt = 0
        base = ProbeResult(plan.capability, plan.status, plan.expect, "not-probed")
        while True:
            if not self._budget_left():
                return replace(base, observed="not-probed", attempts=attempt, message="--max-requests reached")
            attempt += 1
            self.sent += 1
            self._say(f"POST {plan.url} Authorization: {MASK} ({self.auth.describe()}) body={json.dumps(plan.body)[:500]}")
            # Signed on each attempt: a retry gets a fresh date (and refreshed credentials).
            headers = {**self.auth.headers("POST", plan.url, payload_bytes),
                       "Content-Type": "application/json", "Accept": "application/json"}  # fmt: skip
            try:
                answer = exchange(
                    self.client, "POST", plan.url, deadline=self.timeout, headers=headers, content=payload_bytes,
                    first_chunk=bool(plan.body.get("stream")),
                )  # fmt: skip
                status, raw, retry_after = answer.status, answer.body, answer.retry_after
            except (httpx.TimeoutException, Deadline):
                self._say(f"timeout after attempt {attempt}")
                if attempt <= self.retries:
                    self.sleep(self._backoff(attempt, None))
                    continue
                return replace(base, observed="timeout", attempts=attempt, message="no answer within the timeout")
            except TooLarge:
                return replace(base, observed="malformed", attempts=attempt,
                               message=f"the answer was over {MAX_ANSWER:,} bytes; not read")  # fmt: skip
            except (httpx.TransportError, httpx.HTTPError, UnicodeError, ValueError) as exc:
                raise ProbeError(cut(f"cannot reach {self.shown(plan.url)}: {exc}", 300, *self.secrets)) from None
            self._say(f"-> {status}")
            if status in (401, 403):
                raise ProbeError(_auth_message(status, raw, self.auth))
            if status in RETRY_STATUSES and attempt <= self.retries:
                self.sleep(self._backoff(attempt, _retry_after(retry_after)))
                continue
            payload: Any = {}
            if status >= 400 or not plan.body.get("stream"):  # a stream's first event is enough
                try:
                    payload = json.loads(raw) if raw else {}
                except (ValueError, RecursionError):  # not JSON, too deep, a >4,300-digit number
                    payload = None
            kind, message = _error_of(payload) if status >= 400 else (None, "")
            # An answer may echo the token, whole or in part: masked before anything is cut.
            message = cut(message, 300, *self.secrets)
            kind = cut(kind, 100, *self.secrets) if kind else None
            if status in RETRY_STATUSES:
                observed = "throttled" if status == 429 else "server-error"
                return replace(
                    base,
                    observed=observed,
                    http_status=status,
                    error_type=kind,
                    message=message or f"HTTP {status}",
                    attempts=attempt,
                )
            if payload is None:
                return replace(base, observed="malformed", http_status=status, attempts=attempt,
                               message=f"HTTP {status} with a body that is not JSON")  # fmt: skip
            if 200 <= status < 300:
                usage = payload.get("usage", {}) if isinstance(payload, dict) else {}
                usage = usage if isinstance(usage, dict) else {}
                return replace(
                    base, observed="accepted", http_status=status, attempts=attempt,
                    input_tokens=_count(usage.get("input_tokens") or usage.get("prompt_tokens")),
                    output_tokens=_count(usage.get("output_tokens") or usage.get("completion_tokens")),
                )  # fmt: skip
            return replace(
                base, observed="rejected", http_status=status, error_type=kind, message=message, attempts=attempt
            )

    def websocket(self, plan: ProbePlan) -> ProbeResult:
        """Try the WebSocket handshake for the Responses endpoint, when a client is installed."""
        base = ProbeResult(plan.capability, plan.status, plan.expect, "not-probed")
        try:
            from websockets.exceptions import InvalidStatus, WebSocketException
            from websockets.sync.client import connect
        except ImportError:
            return replace(base, message="not probed: no WebSocket client (pip install 'bedrock-check[websocket]')")
        url = plan.url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        self.sent += 1
        self._say(f"WebSocket {url} Authorization: {MASK} ({self.auth.describe()})")
        try:
            with connect(url, additional_headers=self.auth.headers("GET", url), open_timeout=15) as ws:
                ws.send(json.dumps(plan.body))
            return replace(base, observed="accepted", attempts=1, message="WebSocket handshake accepted")
        except InvalidStatus as exc:
            status = exc.response.status_code
            if status in (401, 403):
                raise ProbeError(_auth_message(status, bytes(exc.response.body or b""), self.auth)) from None
            return replace(
                base,
                observed="rejected",
                http_status=status,
                attempts=1,
                message=f"handshake refused with HTTP {status}",
            )
        except TimeoutError:
            return replace(base, observed="timeout", attempts=1, message="no handshake within the timeout")
        except (OSError, WebSocketException) as exc:
            return replace(
                base, observed="rejected", attempts=1, message=cut(f"handshake failed: {exc}", 300, *self.secrets)
            )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        # exponential backoff with full jitter, bounded
        return min(MAX_RETRY_AFTER, random.uniform(0, 0.5 * 2**attempt))


def _auth_message(status: int, raw: bytes, auth: Auth) -> str:
    try:
        _, detail = _error_of(json.loads(raw))
    except (ValueError, RecursionError):
        detail = ""
    detail = f" ({cut(detail, 200, *auth.secrets)})" if detail else ""
    if status == 401 and isinstance(auth, SigV4):
        return (
            f"the endpoint rejected the signed request (HTTP 401){detail}: the AWS credentials ({auth.source}) may be "
            f"expired, or signed for another Region or service (here {auth.service} in {auth.region}); refresh them "
            "(aws login), pick another --profile, or set AWS_BEARER_TOKEN_BEDROCK"
        )
    if status == 401:
        return (
            f"the endpoint rejected the credentials (HTTP 401){detail}: the token may be expired, malformed or for "
            "another Region; set a fresh AWS_BEARER_TOKEN_BEDROCK, pass --token-file, or use AWS credentials (--profile)"
        )
    return (
        f"permission denied (HTTP 403){detail}: the identity behind the token is not allowed to call this model "
        "in this Region; check its IAM policy and the model access settings in the Bedrock console"
    )
