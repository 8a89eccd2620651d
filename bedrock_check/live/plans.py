"""What `probe` sends and what it learns: the probe plans (each capability's probe request
and what the engine expects of it), their results, a run's results and usage, and the
override layer written from a run."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from bedrock_check.engine import Engine
from bedrock_check.errors import ProbeError
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.matrix import Matrix, Target, effective_status
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import ApiEndpoint


@dataclass(frozen=True)
class ProbePlan:
    """One request to send: for which capability, where, what, and what the matrix expects."""

    capability: str
    status: str
    url: str
    body: dict[str, Any]
    transport: str
    expect: str  # "accepted", "rejected" or "either"


@dataclass(frozen=True)
class ProbeResult:
    """What one probe observed."""

    capability: str
    status: str
    expect: str
    observed: str  # accepted, rejected, timeout, throttled, server-error, malformed, not-probed
    http_status: int | None = None
    error_type: str | None = None
    message: str = ""
    attempts: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def disagrees(self) -> bool:
        """The matrix expected one outcome and the service gave the other."""
        return (
            self.expect in ("accepted", "rejected")
            and self.observed in ("accepted", "rejected")
            and self.observed != self.expect
        )

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "capability": self.capability, "matrix_status": self.status, "expected": self.expect,
            "observed": self.observed, "http_status": self.http_status, "error_type": self.error_type,
            "message": self.message, "attempts": self.attempts, "disagrees": self.disagrees,
            "usage": {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens},
        }  # fmt: skip


@dataclass
class ProbeRun:
    """All results, with the request count and token usage."""

    target: Target
    endpoint: str
    #: How the requests were authenticated (bearer token or SigV4, and from where).
    auth: str = ""
    results: list[ProbeResult] = field(default_factory=list)
    requests: int = 0

    @property
    def disagreements(self) -> list[ProbeResult]:
        """Results where the service contradicts the matrix."""
        return [r for r in self.results if r.disagrees]

    def usage(self) -> tuple[int, int]:
        """Input and output tokens over all probes."""
        return sum(r.input_tokens for r in self.results), sum(r.output_tokens for r in self.results)


def plan_probes(
    matrix: Matrix, target: Target, endpoint: str, capabilities: list[str] | None = None
) -> list[ProbePlan]:
    """The probe requests for the selected capabilities (all with a probe when None)."""
    engine = Engine(matrix, target)
    known = {c.id for c in matrix.capabilities}
    for cap_id in capabilities or ():
        if cap_id not in known:
            raise ProbeError(f"unknown capability {cap_id!r}")
    plans = []
    for cap in matrix.capabilities:
        if cap.probe is None or (capabilities and cap.id not in capabilities):
            continue
        body = {"model": target.model, **cap.probe.request}
        status, _ = effective_status(cap, target)
        plans.append(
            ProbePlan(
                capability=cap.id,
                status=status,
                url=f"{endpoint.rstrip('/')}/{cap.probe.endpoint}",
                body=body,
                transport=cap.probe.transport,
                expect=_expectation(engine, cap.id, body),
            )
        )
    return plans


def _expectation(engine: Engine, cap_id: str, body: dict[str, Any]) -> str:
    obs = RequestObservation(path="(probe)", body=body, endpoint=ApiEndpoint.RESPONSES, span=Span(1, 1, 1, 1))
    result = engine.evaluate([obs])
    severities = {f.severity for f in result.findings if f.capability == cap_id}
    if "error" in severities:
        return "rejected"
    if severities:
        return "either"
    return "accepted" if any(u.capability == cap_id for u in result.uses) else "either"


def overrides_layer(run: ProbeRun, today: dt.date | None = None) -> dict[str, Any]:
    """An override layer with what was observed, scoped to the probed model and Region."""
    today = today or dt.date.today()
    target = run.target
    source_id = f"probe-{today.strftime('%Y%m%d')}"
    capabilities = []
    for r in run.results:
        if r.observed not in ("accepted", "rejected"):
            continue
        variant = {
            "models": [target.model],
            "regions": [target.region],
            "bedrock": "available" if r.observed == "accepted" else "not_available",
            "source": {"ref": source_id, "reasoning": _reasoning(r)},
            "as_of": today,
            "endpoints": [target.endpoint],
        }
        capabilities.append({"id": r.capability, "variants": [variant]})
    return {
        "sources": [
            {
                "id": source_id,
                "title": f"bedrock-check probe of {target.model} in {target.region}",
                "url": run.endpoint,
                "as_of": today,
                "kind": "probe",
            }
        ],
        "capabilities": capabilities,
    }


def _reasoning(r: ProbeResult) -> str:
    if r.observed == "accepted":
        return f"the probe request was accepted (HTTP {r.http_status})"
    detail = f": {r.error_type or ''} {r.message}".rstrip() if (r.error_type or r.message) else ""
    return f"the probe request was rejected (HTTP {r.http_status}){detail}"
