"""Code observations against the code signals: calls, imported constructors, string literals,
and the Regions and clients a program names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bedrock_check.engine.finding import make_finding, problem_finding
from bedrock_check.engine.target import Problem
from bedrock_check.findings import CodeObservation, Finding
from bedrock_check.httppaths import url_path
from bedrock_check.matrix import STATUS_VERDICT, Capability

if TYPE_CHECKING:
    from bedrock_check.engine import Engine


def check_code(engine: Engine, obs: CodeObservation, findings: list[Finding]) -> None:
    """Append the findings of one code observation."""
    if obs.kind in ("client", "setting", "dependency"):
        findings.extend(problem_finding(engine, problem, obs) for problem in _steps(engine, obs))
        return
    if obs.kind == "completes":
        return  # (where a request was built from, for the scan to place it: nothing to check)
    if obs.kind == "region":
        findings.extend(problem_finding(engine, problem, obs) for problem in engine.region_problems(obs.value, obs.module))
        return
    rules = engine.compiled
    caps: Sequence[Capability]
    if obs.kind == "call":
        caps = rules.call_caps(obs.value)
    elif obs.kind == "constructor":
        module = obs.module or ""
        caps = [cap for mod, cap in rules.constructors.get(obs.value, ()) if within(module, mod)]
    else:
        caps = rules.string_caps(obs.value)
    if not caps:
        return
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


def _steps(engine: Engine, obs: CodeObservation) -> list[Problem]:
    """Findings a client construction, a setting or a package pin calls for."""
    from bedrock_check.engine import migrate

    if obs.kind == "setting":
        if "bedrock-mantle" in obs.value:
            # A base URL that already names Mantle: its path must serve the model sent through it.
            # That is the model the same file names, or the one the user named; each call through
            # a client that reads the URL is checked for its own model where it is written.
            model = dict(obs.attrs).get("model")
            if model is None and engine.target.default_model:
                return []
            return engine.base_path_problems(url_path(obs.value), model)
        if obs.provider == "bedrock":
            return []  # OPENAI_API_KEY beside a Bedrock OPENAI_BASE_URL: a Bedrock API key already
        return migrate.setting_steps(engine.matrix, obs)
    if obs.kind == "dependency":
        return migrate.dependency_steps(engine.matrix, engine.target, obs)
    if obs.provider == "bedrock":
        # A client that already names Bedrock: its base URL must serve the target's model.
        problems: list[Problem] = []
        for key, value in obs.attrs:
            if key == "base_url" and "bedrock-mantle" in value:
                problems += engine.base_path_problems(url_path(value))
        return problems
    return migrate.client_steps(engine.matrix, engine.target, obs)


def within(module: str, declared: str) -> bool:
    """`agents.tool` is within `agents`; `@openai/agents/realtime` within `@openai/agents`."""
    return module == declared or module.startswith((declared + ".", declared + "/"))
