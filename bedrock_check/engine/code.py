"""Code observations against the code signals: calls, imported constructors, string literals,
and the Regions and clients a program names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bedrock_check.engine.finding import make_finding
from bedrock_check.findings import CodeObservation, Finding
from bedrock_check.matrix import STATUS_VERDICT, Capability

if TYPE_CHECKING:
    from bedrock_check.engine import Engine


def check_code(engine: Engine, obs: CodeObservation, findings: list[Finding]) -> None:
    """Append the findings of one code observation."""
    if obs.kind == "region":
        for problem in engine.region_problems(obs.value, obs.module):
            cap = engine.matrix.capability(problem.capability)
            findings.append(make_finding(cap, problem.severity, problem.status, problem.message, obs,
                                         problem.source or engine.compiled.cite[cap.id]))  # fmt: skip
        return
    rules = engine.compiled
    caps: list[Capability] = []
    if obs.kind == "call":
        caps = [cap for rx, cap in rules.calls if rx.match(obs.value)]
    elif obs.kind == "constructor":
        module = obs.module or ""
        caps = [cap for mod, cap in rules.constructors.get(obs.value, ()) if within(module, mod)]
    else:
        caps = [cap for rx, cap in rules.strings if rx.search(obs.value)]
    done: set[str] = set()
    for cap in caps:
        if cap.id in done:
            continue
        done.add(cap.id)
        status = rules.resolved[cap.id].status
        verdict = cap.severity or STATUS_VERDICT[status]
        if verdict == "ok":
            continue
        findings.append(make_finding(cap, verdict, status, rules.messages[cap.id], obs, rules.cite[cap.id],
                                     later=engine.compiled.later.get(cap.id)))  # fmt: skip


def within(module: str, declared: str) -> bool:
    """`agents.tool` is within `agents`; `@openai/agents/realtime` within `@openai/agents`."""
    return module == declared or module.startswith((declared + ".", declared + "/"))
