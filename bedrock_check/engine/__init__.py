"""The rule engine: observations + matrix + target -> findings. Pure: no I/O, no globals.

query    the path-and-predicate language request signals are written in
compile  the matrix compiled for one target: rules, code tables, citations
request  request bodies against the rules
code     code observations against the code signals
target   the model and Region checks, from the matrix's model entries
finding  the one finding factory

Nothing here knows any particular capability by name, except the target checks
(`model-id`, `model-availability`, `region-availability`, ...), whose data still
comes from the matrix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from bedrock_check.engine.code import check_code
from bedrock_check.engine.compile import compile_matrix
from bedrock_check.engine.finding import for_provider, problem_finding
from bedrock_check.engine.migrate import iam_step
from bedrock_check.engine.query import parse_path, select
from bedrock_check.engine.request import check_request
from bedrock_check.engine.target import Problem, TargetChecks
from bedrock_check.findings import (
    UNRESOLVED_BASE_URL,
    CodeObservation,
    Finding,
    Observation,
    RequestObservation,
    Span,
    Use,
)
from bedrock_check.matrix import ENDPOINTS, Matrix, Target
from bedrock_check.matrix.records import ProviderWording
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import EngineCapability

#: An AWS Region as code names it (`us-west-2`, `us-gov-west-1`); anything else is not routed.
_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d$")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What the engine found: findings (errors, warnings, notes) and uses that work."""

    findings: tuple[Finding, ...]
    uses: tuple[Use, ...]


class Engine:
    """Rules compiled once from a matrix and a target; `evaluate` is then a pure function
    of the observations. Compile once per run, evaluate many requests."""

    def __init__(self, matrix: Matrix, target: Target, facts_at: dt.date | None = None,
                 kinds: Callable[[str], str] | None = None) -> None:  # fmt: skip
        self.matrix = matrix
        self.target = target
        # (`facts_at`: the capabilities' verdicts at another date than the model checks', see `routed`)
        self.compiled = compile_matrix(matrix, replace(target, as_of=facts_at) if facts_at else target)
        # (`kinds`: what an OpenAI model id is for; the catalogue's model families by default)
        self._kinds = kinds
        self._targets = TargetChecks(matrix, target, kinds)
        #: Engines for the endpoints and Regions calls' own clients name (see `routed`).
        self._routes: dict[tuple[str, str, str, Any], Engine] = {}

    def routed(self, obs: Observation, from_code: frozenset[str]) -> Engine:
        """The engine for where this call really goes, for the parts of the target the user
        left to the code (`from_code` holds "endpoint", "region" and/or "model"): a Bedrock
        client's own endpoint and Region (`attrs`), and the Bedrock model the request itself
        names (a capability's verdict can differ per model); this engine otherwise."""
        if not from_code:
            return self
        endpoint, region, model = self.target.endpoint, self.target.region, self.target.model
        if obs.attrs and obs.provider == "bedrock":
            attrs = dict(obs.attrs)
            named = attrs.get("endpoint") if "endpoint" in from_code else None
            endpoint = named if named in ENDPOINTS else endpoint
            place = attrs.get("region") if "region" in from_code else None
            region = place if place and _REGION.match(place) else region
        facts_at = None
        if "model" in from_code and isinstance(obs, RequestObservation) and isinstance(obs.body, dict):
            written = obs.body.get("model")
            if isinstance(written, str) and written != model and self._targets.knows(written):
                model = self._targets.strip(written)
                launched = self._targets.first_offered(model, endpoint)
                if launched is not None and launched > self.target.date(self.matrix):
                    # A model Bedrock offers only from a later date (the code was written for it):
                    # what it can do is what it could when it came; that it was not there at the
                    # target's date is the model check's finding, still made at that date.
                    facts_at = launched
        key = (endpoint, region, model, facts_at)
        if key == (self.target.endpoint, self.target.region, self.target.model, None):
            return self
        engine = self._routes.get(key)
        if engine is None:
            if len(self._routes) > 256:  # a bounded cache: code names a handful of models and places
                self._routes.clear()
            target = replace(self.target, endpoint=endpoint, region=region, model=model)
            engine = self._routes[key] = Engine(self.matrix, target, facts_at, self._kinds)
        return engine

    @property
    def code_tokens(self) -> frozenset[str]:
        """Literal words that code signals need to appear in a file (for a cheap prefilter)."""
        words: set[str] = set()
        for cap in self.matrix.capabilities:
            # The last two names of a call pattern (`realtime.connect`) are always literal.
            # (without the `*`/`?` receiver marks: `*.send_audio` gives `send_audio`).
            words.update(".".join([n for n in p.split(".") if n not in ("*", "?")][-2:]) for p in cap.signals.code.calls)
            for rx in cap.signals.code.strings:
                literal = re.match(r"\^?([\w:/.-]+)", rx)
                if literal:
                    words.add(literal.group(1).replace("\\", ""))
        return frozenset(words)

    @property
    def code_pairs(self) -> dict[str, frozenset[str]]:
        """Constructor names of code signals with the top-level modules one of which a file
        must also name (a constructor is only recognised through an import of its module)."""
        from bedrock_check.prefilter import module_tokens

        return {name: frozenset(module_tokens([f"{module}.{name}" for module, _ in entries]))
                for name, entries in self.compiled.constructors.items()}  # fmt: skip

    def can_find(self, obs: Observation) -> bool:
        """Whether evaluating an observation can give a finding or a use at all: a call or an
        imported name's construction that no code signal names gives neither (most calls of
        a parsed file are such), so the scan need not evaluate it. The code signals are the
        matrix's, the same for every target a call is routed to."""
        if type(obs) is CodeObservation:
            if obs.kind == "constructor":
                return obs.value in self.compiled.constructors
            if obs.kind == "call":
                return bool(self.compiled.call_caps(obs.value))
        return True

    def evaluate(self, observations: Iterable[Observation]) -> Evaluation:
        """Findings and uses for these observations."""
        findings: list[Finding] = []
        uses: list[Use] = []
        first_client: CodeObservation | None = None
        for obs in observations:
            before = len(findings)
            if isinstance(obs, RequestObservation):
                check_request(self, obs, findings, uses)
            else:
                check_code(self, obs, findings)
                if first_client is None and any(f.capability == EngineCapability.MIGRATE_CLIENT for f in findings[before:]):
                    first_client = obs
            wording, unresolved = self._wording(obs)
            if wording is not None:
                findings[before:] = [for_provider(f, wording, unresolved, later_available=self._later_available(f))
                                     for f in findings[before:]]  # fmt: skip
        if first_client is not None:
            # One IAM step per file that constructs an OpenAI client, not one per client.
            step = iam_step(self.matrix, self.target)
            if step is not None:
                findings.append(problem_finding(self, step, first_client))
        return Evaluation(tuple(findings), tuple(uses))

    def _wording(self, obs: Observation) -> tuple[ProviderWording | None, str]:
        """How findings about an observation are worded for its client (the matrix's
        `migration.providers`), and the source text of its base URL when that is not known."""
        providers = self.matrix.migration.providers
        unresolved = next((v for k, v in obs.attrs if k == UNRESOLVED_BASE_URL), None)
        if unresolved is not None and obs.provider in (None, "openai") and UNRESOLVED_BASE_URL in providers:
            return providers[UNRESOLVED_BASE_URL], unresolved
        return providers.get(obs.provider or ""), ""

    def _later_available(self, finding: Finding) -> bool:
        """Whether a later dated fact makes what `finding` is about available for the target:
        its capability, or (a model finding) the model it names."""
        if finding.capability in self.compiled.later_available:
            return True
        if finding.capability != EngineCapability.MODEL_AVAILABILITY:
            return False
        try:
            model = json.loads(finding.value)
        except ValueError:
            return False
        return isinstance(model, str) and self._targets.offered_later(model)

    def check_target(self) -> list[Problem]:
        """Problems with the target itself (its model not offered, or not in its Region)."""
        return self._targets.target_problems()

    def model_problems(self, raw: str, api: str | None = None) -> list[Problem]:
        """What is wrong with sending `raw` as the model id to the target (over `api`, when known)."""
        return self._targets.model_problems(raw, api)

    def model_kind(self, raw: str) -> str:
        """The kind of model `raw` names (`text`, `embedding`, ...: `ModelKind`)."""
        return self._targets.written_kind(raw)

    def region_problems(self, region: str, where: str | None) -> list[Problem]:
        """What is wrong with sending the target's model to `region`."""
        return self._targets.region_problems(region, where)

    def served_in(self, model: str, region: str) -> bool:
        """Whether the target's endpoint serves `model` (as written) in `region` at the target's date."""
        return self._targets.offered_in(model, region)

    def base_path_problems(self, path: str, model: str | None = None) -> list[Problem]:
        """What is wrong with sending `model` (default: the target's) to this Mantle base path."""
        return self._targets.base_path_problems(path, model)


def evaluate(observations: Iterable[Observation], matrix: Matrix, target: Target) -> Evaluation:
    """Convenience: compile the matrix for the target and evaluate the observations."""
    return Engine(matrix, target).evaluate(observations)


__all__ = ["Engine", "Evaluation", "Span", "evaluate", "parse_path", "select"]
