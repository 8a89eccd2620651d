"""Where can this workload run? Every (model, Region, endpoint) the matrix knows at a date,
with the number of blocking findings the workload's capabilities would have there.

The workload is read once (one scan at the chosen target); for each other target, each
capability it uses is resolved again from the matrix's dated facts, and its API (Responses,
Chat Completions) is checked against the model's offer there. Model-id, Region and
migration findings are not counted: they are about how the code names the target, which
moving to that target changes anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, field
from typing import Any

from bedrock_check.matrix import ENDPOINTS, STATUS_VERDICT, Matrix, Target, offers_at, resolve_status
from bedrock_check.quickclass import dataclass
from bedrock_check.report.model import Report

#: Capabilities whose use means the workload calls that API.
_API_OF = {"chat-completions": "chat.completions", "text-generation": "responses"}


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One place the workload could run, and what blocks it there."""

    model: str
    region: str
    endpoint: str
    as_of: str
    blocking: int
    warnings: int
    #: capability id -> the status that blocks or warns there.
    blocked_by: dict[str, str] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON."""
        return asdict(self)


def _used(report: Report) -> dict[str, int]:
    """Capability id -> how many times the workload uses it (findings and clean uses)."""
    kinds = {c.id: c.kind for c in report.matrix.capabilities}
    counts: dict[str, int] = {}
    for f in report.active:
        if kinds.get(f.capability) == "feature":
            counts[f.capability] = counts.get(f.capability, 0) + 1
    for u in report.uses:
        if kinds.get(u.capability) == "feature":
            counts[u.capability] = counts.get(u.capability, 0) + 1
    return counts


def _apis(report: Report) -> set[str]:
    # (A framework's model object picks its API itself: its text generation names none.)
    named = {f.capability for f in report.active} | {u.capability for u in report.uses if not u.model_object}
    apis = {_API_OF[c] for c in _used(report) if c in _API_OF and c in named}
    return apis or {"responses"}


def target_rows(report: Report, at: dt.date | None = None) -> list[TargetRow]:
    """Every target the matrix knows at `at` (default: the report's target date), best first."""
    matrix: Matrix = report.matrix
    at = at or report.target.date(matrix)
    used = _used(report)
    apis = _apis(report)
    # The severity a use already has at the chosen target (a signal may set its own verdict).
    severities: dict[str, str] = {}
    for f in report.active:
        if f.capability in used and f.severity in ("error", "warning"):
            prev = severities.get(f.capability)
            severities[f.capability] = "error" if "error" in (prev, f.severity) else f.severity
    base_status = {c: resolve_status(matrix.capability(c), report.target, report.target.date(matrix)).status
                   for c in used}  # fmt: skip
    rows: list[TargetRow] = []
    for model in matrix.models:
        for endpoint in ENDPOINTS:
            for offer in offers_at(model, endpoint, at):
                ids = offer.ids or [model.id]
                for model_id in ids:
                    for region in offer.regions:
                        target = Target(model_id, region, endpoint, at)
                        blocked: dict[str, str] = {}
                        checks: dict[str, str] = {}
                        for cap_id in used:
                            status = resolve_status(matrix.capability(cap_id), target, at).status
                            if status == base_status[cap_id] and cap_id in severities:
                                verdict = severities[cap_id]  # unchanged: keep the signal's own verdict
                            else:
                                verdict = STATUS_VERDICT[status]
                            if verdict == "error":
                                blocked[cap_id] = status
                            elif verdict == "warning":
                                checks[cap_id] = status
                        for api in sorted(apis - set(offer.apis)):
                            blocked["model-endpoint"] = f"{api} not served"
                        rows.append(TargetRow(model_id, region, endpoint, at.isoformat(),
                                              sum(used.get(c, 1) for c in blocked), len(checks), blocked, checks))  # fmt: skip
    rows.sort(key=lambda r: (r.blocking, r.warnings, r.endpoint != report.target.endpoint, r.model, r.region))
    return rows


def render_targets(rows: list[TargetRow], fmt: str, used: list[str], as_of: str | None = None) -> str:
    """The targets table as text, JSON or Markdown, headed by the date its facts are true on."""
    import json

    as_of = as_of or (rows[0].as_of if rows else None)
    if fmt == "json":
        return json.dumps({"as_of": as_of, "uses": used, "targets": [r.to_dict() for r in rows]}, indent=2) + "\n"
    region = lambda r: r.region if r.region != "*" else "any (not listed)"  # noqa: E731
    ready = sum(1 for r in rows if not r.blocking)
    where = (f"{ready} of {len(rows)} targets have no blocking finding" if rows
             else "the matrix knows no target on that date")  # fmt: skip
    if fmt == "markdown":
        lines = [f"Where this workload can run as of **{as_of}**: {where}.", "",
                 "| Model | Region | Endpoint | Blocking | Checks | Blocked by |", "| --- | --- | --- | ---: | ---: | --- |"]  # fmt: skip
        lines += [f"| `{r.model}` | {region(r)} | {r.endpoint} | {r.blocking} | {r.warnings} | "
                  f"{', '.join(f'`{c}`' for c in r.blocked_by)} |" for r in rows]  # fmt: skip
        return "\n".join(lines) + "\n"
    head = f"{'model':<28} {'region':<17} {'endpoint':<8} {'blocking':>8} {'checks':>6}  blocked by"
    lines = [f"where this workload can run as of {as_of}: {where}",
             f"workload uses: {', '.join(used) or 'nothing the matrix knows'}", head, "-" * len(head)]  # fmt: skip
    lines += [f"{r.model:<28} {region(r):<17} {r.endpoint:<8} {r.blocking:>8} {r.warnings:>6}  "
              f"{', '.join(r.blocked_by)}" for r in rows]  # fmt: skip
    return "\n".join(lines) + "\n"


def used_capabilities(report: Report) -> list[str]:
    """The feature capabilities the workload uses, in matrix order."""
    used = _used(report)
    return [c.id for c in report.matrix.capabilities if c.id in used]
