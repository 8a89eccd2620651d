"""Run-time checks of the requests an `openai` client makes.

`guard(client)` hooks the client's request preparation (the SDK's `_prepare_options`
hook, which runs before a request is built and outside the SDK's retry handling) and
its WebSocket `connect` entry points. Every Responses and Chat Completions request is
checked with the same engine as `validate` and `scan` before it is sent:

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

import contextlib
import json
import logging
import threading
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bedrock_check.engine import Engine
from bedrock_check.findings import SEVERITY_RANK, Finding, RequestObservation, Span, Use
from bedrock_check.matrix import Matrix, load_matrix, resolve_target
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import ApiEndpoint, endpoint_for_url

log = logging.getLogger("bedrock_check.guard")
Mode = Literal["raise", "warn", "record"]

#: The endpoints whose requests the guard checks.
_CHECKED = (ApiEndpoint.RESPONSES, ApiEndpoint.CHAT_COMPLETIONS)
#: WebSocket entry points: (resource attribute path, method). They fail on Bedrock by themselves.
_CONNECTS = (("responses",), ("realtime",), ("beta", "realtime"), ("beta", "responses"))


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
                    "url": "/v1" + url.split("/v1", 1)[-1] if "/v1" in url else url,
                    "body": body,
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


def _options_hook(state: GuardState):
    """What runs on the SDK's request options: check a Responses or Chat request."""

    def check(options: Any) -> None:
        endpoint = _endpoint_of(str(options.method), str(options.url))
        if endpoint is not None:
            state.check(endpoint, str(options.url), _body_of(options), getattr(options, "idempotency_key", None))

    return check


#: `connect()` keywords that configure the socket rather than the session.
_TRANSPORT_KWARGS = ("extra_headers", "extra_query", "websocket_connection_options", "on_reconnecting", "max_retries")


def check_connect(state: GuardState, realtime: bool, where: str, kwargs: dict[str, Any]) -> None:
    """A WebSocket session: the call itself is the finding (Bedrock has no WebSocket mode)."""
    body = {"type": "session.update" if realtime else "response.create"}
    body.update({k: v for k, v in kwargs.items() if k not in _TRANSPORT_KWARGS})
    state.check(ApiEndpoint.REALTIME if realtime else ApiEndpoint.RESPONSES_WEBSOCKET, where, body, None)


def _endpoint_of(method: str, url: str) -> ApiEndpoint | None:
    if method.lower() != "post":
        return None
    endpoint = endpoint_for_url(url, exact=True)
    return endpoint if endpoint in _CHECKED else None


def _body_of(options: Any) -> Any:
    body = options.json_data if isinstance(options.json_data, dict) else {}
    extra = getattr(options, "extra_json", None)
    return {**body, **extra} if isinstance(extra, dict) else body


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
    and return it. The target Region defaults to a Bedrock client's own `aws_region`."""
    if mode not in ("raise", "warn", "record"):
        raise ValueError(f"mode must be 'raise', 'warn' or 'record', not {mode!r}")
    if not hasattr(client, "_prepare_options"):
        raise TypeError(f"{type(client).__name__} is not an openai client")
    mx = matrix or load_matrix()
    region = region or getattr(client, "aws_region", None)
    state = GuardState(
        Engine(mx, resolve_target(mx, model, region)), mode, fail_on, Path(log_path) if log_path else None
    )
    original = client._prepare_options
    check = _options_hook(state)

    if _is_async(original):

        async def prepare_async(self: Any, options: Any) -> Any:
            options = await original(options)
            check(options)
            return options

        client._prepare_options = types.MethodType(prepare_async, client)
    else:

        def prepare(self: Any, options: Any) -> Any:
            options = original(options)
            check(options)
            return options

        client._prepare_options = types.MethodType(prepare, client)
    for path in _CONNECTS:
        _guard_connect(client, path, state)
    client._bedrock_check = state
    return client


def _is_async(fn: Any) -> bool:
    import inspect

    return inspect.iscoroutinefunction(fn)


def _guard_connect(client: Any, path: tuple[str, ...], state: GuardState) -> None:
    resource: Any = client
    try:
        for name in path:
            resource = getattr(resource, name)
    except Exception:
        return
    original = getattr(resource, "connect", None)
    if original is None:
        return
    url = "/" + "/".join(path) + "/connect"

    def connect(*args: Any, **kwargs: Any) -> Any:
        check_connect(state, path[-1] == "realtime", url, kwargs)
        return original(*args, **kwargs)

    with contextlib.suppress(AttributeError):  # a resource with __slots__ keeps its connect
        resource.connect = connect


def guard_state(client: Any) -> GuardState:
    """The state of a guarded client (findings, report)."""
    state = getattr(client, "_bedrock_check", None)
    if state is None:
        raise ValueError("this client is not guarded; call bedrock_check.sdk_guard(client) first")
    return state


def check_request(
    body: Any,
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    endpoint: str | None = None,
) -> Report:
    """Check one request body and return the report (no network, nothing raised for findings)."""
    from bedrock_check.extract.requests import request_shape

    mx = matrix or load_matrix()
    engine = Engine(mx, resolve_target(mx, model, region))
    shape = request_shape(body)
    obs = RequestObservation(
        path="<request>", body=shape.body if shape else body, endpoint=endpoint or (shape.endpoint if shape else ApiEndpoint.UNKNOWN),
        span=Span(0, 0, 0, 0),
    )  # fmt: skip
    result = engine.evaluate((obs,))
    return Report(matrix=mx, target=engine.target, findings=result.findings, uses=result.uses, inputs=1, requests=1,
                  command="check", files=("<request>",))  # fmt: skip
