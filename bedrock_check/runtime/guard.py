"""Run-time checks of the requests an `openai` client makes.

`guard(client)` hooks the client's request preparation and its WebSocket `connect`
entry points through `bedrock_check.runtime.sdk` (the one module that touches the
SDK's internals; a hook it cannot find is an error in raise mode and a warning
otherwise, never a guard that silently checks nothing). Every request to an OpenAI
API endpoint (Responses, Chat Completions, embeddings, files, ...; `client.post` on
those paths included) is checked with the same engine as `validate` and `scan` before
it is sent, by the client and by every client derived from it (`with_options`, `copy`):

- `raise`: a request with a finding at or above `fail_on` raises
  `BedrockCompatibilityError` and is not sent;
- `warn`: the findings are logged and emitted as a `BedrockCompatibilityWarning`,
  and the request is sent;
- `record`: the findings are collected (and, with `log_path`, each request is
  appended to a JSON Lines log that `bedrock-check validate` reads); the request
  is sent.

Nothing is dropped silently: the guard never edits a request.
"""

from __future__ import annotations

import json
import logging
import threading
import warnings
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any, Literal

from bedrock_check.engine import Engine
from bedrock_check.errors import BedrockCheckError
from bedrock_check.findings import SEVERITY_RANK, Finding, RequestObservation, Span, Use
from bedrock_check.httppaths import request_endpoint
from bedrock_check.matrix import Matrix, load_matrix, resolve_target
from bedrock_check.quickclass import dataclass
from bedrock_check.redact import redact, redact_value
from bedrock_check.report.model import Report
from bedrock_check.runtime.sdk import (
    ConnectPoint,
    SdkHookProblem,
    adopt,
    guarded_class,
    hook_connects,
    is_sdk_client,
    read_request,
    version_problem,
)
from bedrock_check.vocabulary import ApiEndpoint

log = logging.getLogger("bedrock_check.guard")
Mode = Literal["raise", "warn", "record"]
MODES: tuple[Mode, ...] = ("raise", "warn", "record")


class GuardSetupError(BedrockCheckError):
    """The SDK lacks a hook the guard needs (raise mode): it would not see every request."""


class GuardSetupWarning(RuntimeWarning):
    """The SDK lacks a hook the guard needs, or is a version it is not tested with."""


class BedrockCompatibilityError(Exception):
    """A request that would fail on Amazon Bedrock; it was not sent."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = [f"this request would fail on Amazon Bedrock ({len(findings)} finding(s)); it was not sent:"]
        for f in findings:
            lines.append(f"  - {f.capability} ({f.severity}): {f.message} [{f.value}]")
            lines.append(f"    what to do instead: {f.remediation}")
        super().__init__("\n".join(lines))


class BedrockCompatibilityWarning(UserWarning):
    """A request that would fail (or needs a check) on Amazon Bedrock; it was sent."""


@dataclass
class GuardState:
    """What a guarded client has seen. Thread-safe for concurrent requests."""

    engine: Engine
    mode: Mode
    fail_on: str
    log_path: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _seen: set[str] = field(default_factory=set, repr=False)

    def report(self) -> Report:
        """Everything recorded so far, as a report in any format."""
        with self._lock:
            return Report(
                matrix=self.engine.matrix, target=self.engine.target, findings=tuple(self.findings),
                uses=tuple(self.uses), inputs=1, requests=self.requests, command="guard", files=("<requests>",),
            )  # fmt: skip

    def check(self, endpoint: ApiEndpoint, url: str, body: Any, key: str | None) -> None:
        """Check one request; raise, warn or record as the mode says."""
        if key is not None:
            with self._lock:
                if key in self._seen:  # the SDK retrying a request we already checked
                    return
                self._seen.add(key)
        obs = RequestObservation(path="<request>", body=body, endpoint=endpoint, span=Span(0, 0, 0, 0), context=url)
        result = self.engine.evaluate((obs,))
        with self._lock:
            self.requests += 1
            number = self.requests
            if self.mode == "record" or result.findings:
                self.findings.extend(result.findings)
            self.uses.extend(result.uses)
            if self.log_path is not None:
                line = {
                    "custom_id": f"guard-{number}",
                    "method": "POST",
                    "url": redact("/v1" + url.split("/v1", 1)[-1] if "/v1" in url else url),
                    "body": redact_value(body),  # the log is a file others read: no tokens in it
                }
                with self.log_path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(line, default=str) + "\n")
        if not result.findings:
            return
        threshold = SEVERITY_RANK.get(self.fail_on, 99)
        blocking = [f for f in result.findings if SEVERITY_RANK[f.severity] >= threshold]
        if self.mode == "raise" and blocking:
            raise BedrockCompatibilityError(blocking)
        if self.mode == "warn":
            for f in result.findings:
                text = f"bedrock-check: {f.capability} ({f.severity}): {f.message} What to do instead: {f.remediation}"
                log.warning(text)
                warnings.warn(text, BedrockCompatibilityWarning, stacklevel=6)


def _loud(mode: str, problems: list[str]) -> None:
    """A hook the guard needs is missing: an error in raise mode, a warning otherwise."""
    message = "bedrock_check.guard: " + "; ".join(problems)
    if mode == "raise":
        raise GuardSetupError(message)
    log.warning(message)
    warnings.warn(message, GuardSetupWarning, stacklevel=4)


def _options_hook(state: GuardState) -> Callable[[Any], None]:
    """What runs on the SDK's request options: check a request to an API endpoint."""

    def check(options: Any) -> None:
        try:
            request = read_request(options)
        except SdkHookProblem as exc:
            _loud(state.mode, [str(exc)])
            return
        endpoint = _endpoint_of(request.method, request.url)
        if endpoint is not None:
            state.check(endpoint, request.url, request.body, request.key)

    return check


#: `connect()` keywords that configure the socket rather than the session.
_TRANSPORT_KWARGS = ("extra_headers", "extra_query", "websocket_connection_options", "on_reconnecting", "max_retries")


def check_connect(state: GuardState, realtime: bool, where: str, kwargs: dict[str, Any]) -> None:
    """A WebSocket session: the call itself is the finding (Bedrock has no WebSocket mode)."""
    body = {"type": "session.update" if realtime else "response.create"}
    body.update({k: v for k, v in kwargs.items() if k not in _TRANSPORT_KWARGS})
    state.check(ApiEndpoint.REALTIME if realtime else ApiEndpoint.RESPONSES_WEBSOCKET, where, body, None)


def _endpoint_of(method: str, url: str) -> ApiEndpoint | None:
    """The endpoint a request goes to, when it is one to check: a POST to an API endpoint
    (for Responses and Chat, the create request itself, not `/responses/{id}/cancel`)."""
    return request_endpoint(url) if method.lower() == "post" else None


def guard(
    client: Any,
    mode: Mode = "raise",
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    fail_on: str = "error",
    log_path: str | Path | None = None,
) -> Any:
    """Guard an `openai` client (OpenAI, AsyncOpenAI, BedrockOpenAI, AsyncBedrockOpenAI)
    and return it. Clients derived from it (`with_options`, `copy`) are guarded too,
    with the same state. The target Region defaults to a Bedrock client's own `aws_region`.

    Raises ValueError for a `mode` or `fail_on` it does not know, TypeError for an
    object that is not an openai client, and (in raise mode) GuardSetupError when the
    SDK lacks a hook the guard needs; in the other modes that is a GuardSetupWarning.
    """
    if mode not in MODES:
        raise ValueError(f"bedrock_check.guard: mode must be one of {', '.join(map(repr, MODES))}, not {mode!r}")
    if fail_on not in SEVERITY_RANK:
        allowed = ", ".join(repr(s) for s in sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True))
        raise ValueError(f"bedrock_check.guard: fail_on must be one of {allowed}, not {fail_on!r}")
    if not is_sdk_client(client):
        raise TypeError(f"bedrock_check.guard: {type(client).__name__} is not an openai client")
    untested = version_problem()
    if untested:
        log.warning("bedrock_check.guard: %s", untested)
        warnings.warn(f"bedrock_check.guard: {untested}", GuardSetupWarning, stacklevel=2)
    mx = matrix or load_matrix()
    region = region or getattr(client, "aws_region", None)
    state = GuardState(
        Engine(mx, resolve_target(mx, model, region)), mode, fail_on, Path(log_path) if log_path else None
    )

    def wrap_connect(point: ConnectPoint, original: Callable[..., Any]) -> Callable[..., Any]:
        url = "/" + "/".join(point.path) + "/connect"

        def connect(*args: Any, **kwargs: Any) -> Any:
            check_connect(state, point.endpoint == ApiEndpoint.REALTIME, url, kwargs)
            return original(*args, **kwargs)

        return connect

    def on_client(new: Any) -> None:
        new._bedrock_check = state
        problems = hook_connects(new, wrap_connect)
        if problems:
            _loud(mode, problems)

    try:
        adopt(client, guarded_class(type(client), _options_hook(state), on_client))
    except SdkHookProblem as exc:
        _loud(mode, [str(exc)])
        return client
    on_client(client)
    return client


def guard_state(client: Any) -> GuardState:
    """The state of a guarded client (findings, report)."""
    state = getattr(client, "_bedrock_check", None)
    if state is None:
        raise ValueError("this client is not guarded; call bedrock_check.guard(client) first")
    return state
