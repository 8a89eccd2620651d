"""The rule engine: observations + matrix + target -> findings. Pure: no I/O, no globals.

Request bodies are matched against the declarative request signals of the matrix
(a path-and-predicate language, see capability_matrix.yaml); code observations
against the code signals; the `model` field against the matrix's model list.
Nothing here knows any particular capability by name, except the three target
checks (`model-id`, `model-availability`, `region-availability`), whose data still
comes from the matrix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bedrock_check.findings import (
    CodeObservation,
    Finding,
    Observation,
    Pointer,
    RequestObservation,
    Span,
    Use,
    compact_json,
    fingerprint,
)
from bedrock_check.matrix import (
    STATUS_VERDICT,
    Capability,
    Citation,
    Matrix,
    Predicate,
    RequestSignal,
    Target,
    effective_status,
)
from bedrock_check.redact import redact
from bedrock_check.vocabulary import EngineCapability

_MISSING = object()
Segment = tuple[str, str | None]  # ("key", name) or ("each", None)


def parse_path(path: str) -> tuple[Segment, ...]:
    """`input[].content[]` -> (("key","input"),("each",None),("key","content"),("each",None))."""
    if path in ("", "."):
        return ()
    segs: list[Segment] = []
    for part in path.split("."):
        if part.endswith("[]"):
            segs.append(("key", part[:-2]))
            segs.append(("each", None))
        else:
            segs.append(("key", part))
    return tuple(segs)


def select(node: Any, segs: tuple[Segment, ...], ptr: Pointer = ()) -> Iterator[tuple[Any, Pointer]]:
    """Every value the path reaches from `node`, with its pointer. Missing keys and
    wrongly-typed containers simply yield nothing."""
    if not segs:
        yield node, ptr
        return
    kind, name = segs[0]
    rest = segs[1:]
    if kind == "key":
        if isinstance(node, dict) and name in node:
            yield from select(node[name], rest, (*ptr, name))  # type: ignore[arg-type]  # a path segment named "key" always holds a str name; mypy sees str | int
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from select(item, rest, (*ptr, i))


def _eq(a: Any, b: Any) -> bool:
    # True == 1 in Python; a request's `stream: 1` is not `stream: true`.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _in(value: Any, options: list[Any]) -> bool:
    return any(_eq(value, o) for o in options)


def _membership(options: list[Any]) -> Any:
    """A fast `value in options` that keeps bools apart from numbers."""
    try:
        keyed = frozenset((type(o) is bool, o) for o in options)
    except TypeError:  # unhashable options: fall back to the slow path
        return lambda v: _in(v, options)

    def test(v: Any) -> bool:
        try:
            return (type(v) is bool, v) in keyed
        except TypeError:
            return False

    return test


@dataclass(frozen=True, slots=True)
class _CompiledPredicate:
    positives: tuple[Any, ...]  # callables value -> bool
    negatives: tuple[Any, ...]
    present: bool | None
    truthy: bool | None
    needs_value: bool

    def test(self, exists: bool, value: Any) -> bool:
        if not exists:
            return not self.needs_value and self.present is not True
        if self.present is False:
            return False
        if self.positives and not any(p(value) for p in self.positives):
            return False
        if any(n(value) for n in self.negatives):
            return False
        return self.truthy is None or bool(value) == self.truthy


def _compile_predicate(pred: Predicate) -> _CompiledPredicate:
    pos: list[Any] = []
    neg: list[Any] = []
    if "equals" in pred:
        pos.append(lambda v, e=pred["equals"]: _eq(v, e))
    if "in" in pred:
        pos.append(_membership(pred["in"]))
    if pred.get("prefix"):
        pos.append(lambda v, p=tuple(pred["prefix"]): isinstance(v, str) and v.startswith(p))
    if "regex" in pred:
        rx = re.compile(pred["regex"])
        pos.append(lambda v, rx=rx: isinstance(v, str) and rx.search(v) is not None)
    if "contains" in pred:
        pos.append(lambda v, c=pred["contains"]: isinstance(v, list) and _in(c, v))
    if "not_in" in pred:
        neg.append(_membership(pred["not_in"]))
    if pred.get("not_prefix"):
        neg.append(lambda v, p=tuple(pred["not_prefix"]): isinstance(v, str) and v.startswith(p))
    truthy = pred.get("truthy")
    needs_value = bool(pos) or truthy is True
    return _CompiledPredicate(tuple(pos), tuple(neg), pred.get("present"), truthy, needs_value)


@dataclass(frozen=True, slots=True)
class _Rule:
    capability: Capability
    status: str
    verdict: str
    at: str
    at_segs: tuple[Segment, ...]
    when: tuple[tuple[tuple[Segment, ...], _CompiledPredicate], ...]
    endpoint: _CompiledPredicate | None
    unclaimed: bool
    locate: tuple[Segment, ...] | None
    reason: str | None
    source: str
    #: `when` with plain key paths unrolled: (segments, keys or None, predicate).
    when_fast: tuple[tuple[tuple[Segment, ...], tuple[str, ...] | None, _CompiledPredicate], ...]

    def matches(self, node: Any) -> bool:
        for segs, keys, pred in self.when_fast:
            if keys is not None:
                # The common case, a plain key path: walk dicts directly.
                value: Any = node
                exists = True
                for key in keys:
                    if isinstance(value, dict) and key in value:
                        value = value[key]
                    else:
                        exists = False
                        break
                if not pred.test(exists, value if exists else None):
                    return False
                continue
            found = list(select(node, segs))
            if found:
                if not any(pred.test(True, v) for v, _ in found):
                    return False
            elif not pred.test(False, None):
                return False
        return True


def _endpoint_names(sig: RequestSignal) -> tuple[str, ...] | None:
    """The endpoints a signal's `endpoint` predicate can only match (a plain `in` or
    `equals` list), or None when it tests anything else too."""
    pred = sig.endpoint
    if not pred or set(pred) - {"in", "equals"}:
        return None
    names = [*pred.get("in", ()), *([pred["equals"]] if "equals" in pred else [])]
    if "in" in pred and "equals" in pred:
        return None  # both must hold: leave it to the predicate
    return tuple(str(n) for n in names)


def _root_key(
    rule_signal: RequestSignal, compiled_when: list[tuple[tuple[Segment, ...], _CompiledPredicate]]
) -> str | None:
    """The body key a signal cannot match without, or None when it must always run."""
    segs = parse_path(rule_signal.at)
    if segs:
        return segs[0][1]
    if rule_signal.endpoint is not None:
        return None
    for wsegs, pred in compiled_when:
        if wsegs and (pred.needs_value or pred.present is True):
            return wsegs[0][1]
    return None


def _cite(matrix: Matrix, citation: Citation) -> str:
    src = matrix.source(citation.ref)
    title = src.title if src else citation.ref
    bits = [title]
    where = citation.row or citation.section
    if where:
        bits.append(f"“{where}”")
    if src and src.as_of:
        bits.append(f"as of {src.as_of.isoformat()}")
    return ", ".join(bits)


@dataclass(slots=True)
class _Group:
    """The rules that share one `at` path: the nodes are selected once per request, and
    rules whose `type` test is a plain value list are looked up by the node's `type`."""

    at: str
    segs: tuple[Segment, ...]
    by_type: dict[tuple[bool, Any], list[_Rule]]
    generic: list[_Rule]
    unclaimed: list[_Rule]

    def add(self, rule: _Rule, sig: RequestSignal) -> None:
        if rule.unclaimed:
            self.unclaimed.append(rule)
            return
        pred = sig.when.get("type")
        if pred is not None and pred.keys() <= {"equals", "in"}:
            values = list(pred.get("in") or [])
            if "equals" in pred:
                values.append(pred["equals"])
            try:
                for v in values:
                    self.by_type.setdefault((type(v) is bool, v), []).append(rule)
                return
            except TypeError:
                pass
        self.generic.append(rule)

    def candidates(self, node: Any) -> list[_Rule]:
        kind = node.get("type") if isinstance(node, dict) else None
        try:
            typed = self.by_type.get((type(kind) is bool, kind))
        except TypeError:
            typed = None
        return [*typed, *self.generic] if typed else self.generic


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What the engine found: findings (errors, warnings, notes) and uses that work."""

    findings: tuple[Finding, ...]
    uses: tuple[Use, ...]


class Engine:
    """Rules compiled once from a matrix and a target; `evaluate` is then a pure function
    of the observations. Compile once per run, evaluate many requests."""

    def __init__(self, matrix: Matrix, target: Target) -> None:
        self.matrix = matrix
        self.target = target
        self._keyed: dict[str, list[_Rule]] = {}  # body-level rules by the key they need
        self._always: list[_Rule] = []  # body-level rules that must always run
        # Body-level rules that only an endpoint selects (`endpoint: {in: [embeddings]}`), by
        # endpoint: a request meets only its own endpoint's rules, not every endpoint's.
        self._by_endpoint: dict[str, list[_Rule]] = {}
        self._groups: dict[str, _Group] = {}  # rules with an `at`, by that path
        self._groups_by_key: dict[str, list[_Group]] = {}
        self._calls: list[tuple[re.Pattern[str], Capability]] = []
        self._constructors: dict[str, list[tuple[str, Capability]]] = {}  # name -> [(module, cap)]
        self._strings: list[tuple[re.Pattern[str], Capability]] = []
        self._cite: dict[str, str] = {}
        for cap in matrix.capabilities:
            status, citation = effective_status(cap, target)
            # A variant for this model and Region (a probe's observation, say) decides the
            # verdict outright, unless it is itself conditional.
            varied = citation is not cap.source and status != "conditional"
            # The finding cites whatever decided its verdict: the baseline page, or a probe layer.
            self._cite[cap.id] = _cite(matrix, citation)
            for sig in cap.signals.request:
                when = [(parse_path(k), _compile_predicate(p)) for k, p in sig.when.items()]
                verdict = STATUS_VERDICT[status] if varied else (sig.verdict or STATUS_VERDICT[status])
                if sig.verdict is None and cap.severity and verdict != "ok":
                    verdict = cap.severity
                rule = _Rule(
                    capability=cap,
                    status=status,
                    verdict=verdict,
                    at=sig.at,
                    at_segs=parse_path(sig.at),
                    when=tuple(when),
                    endpoint=_compile_predicate(sig.endpoint) if sig.endpoint else None,
                    unclaimed=sig.unclaimed,
                    locate=parse_path(sig.locate) if sig.locate is not None else None,
                    reason=sig.reason,
                    source=self._cite[cap.id],
                    when_fast=tuple(
                        (segs, tuple(n for _, n in segs) if all(k == "key" for k, _ in segs) else None, pred)  # type: ignore[misc]  # the tuple holds names only when every segment is a key, checked in the same expression
                        for segs, pred in when
                    ),
                )
                if rule.at_segs:
                    group = self._groups.get(rule.at)
                    if group is None:
                        group = self._groups[rule.at] = _Group(rule.at, rule.at_segs, {}, [], [])
                        self._groups_by_key.setdefault(str(rule.at_segs[0][1]), []).append(group)
                    group.add(rule, sig)
                    continue
                key = _root_key(sig, when)
                endpoints = _endpoint_names(sig)
                if key is None and endpoints is not None:
                    for name in endpoints:
                        self._by_endpoint.setdefault(name, []).append(rule)
                elif key is None:
                    self._always.append(rule)
                else:
                    self._keyed.setdefault(key, []).append(rule)
            code = cap.signals.code
            for pattern in code.calls:
                self._calls.append((_call_regex(pattern), cap))
            for ctor in code.constructors:
                self._constructors.setdefault(ctor.name, []).append((ctor.module, cap))
            for rx in code.strings:
                self._strings.append((re.compile(rx), cap))
        self._model_cache: dict[str, list[tuple[str, str, str]]] = {}
        self._models = {}
        self._openai_ids = {}
        for model in matrix.models:
            for mid in (model.id, *model.aliases):
                self._models[mid] = model
            if model.openai_id:
                self._openai_ids[model.openai_id] = model

    # ------------------------------------------------------------ public

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
        words.update(self._constructors)
        return frozenset(words)

    def evaluate(self, observations: Iterable[Observation]) -> Evaluation:
        """Findings and uses for these observations."""
        findings: list[Finding] = []
        uses: list[Use] = []
        for obs in observations:
            if isinstance(obs, RequestObservation):
                self._request(obs, findings, uses)
            else:
                self._code(obs, findings)
        return Evaluation(tuple(findings), tuple(uses))

    def check_target(self) -> list[tuple[str, str]]:
        """Problems with the target itself: (capability id, message) pairs."""
        return [(cap, msg) for cap, msg, _ in self._model_problems(self.target.model)]

    # ------------------------------------------------------------ requests

    def _request(self, obs: RequestObservation, findings: list[Finding], uses: list[Use]) -> None:
        body = obs.body
        claimed: set[tuple[str, Pointer]] = set()
        seen: set[tuple[str, Pointer]] = set()
        for rule in self._always:
            self._apply(rule, obs, body, (), claimed, seen, findings, uses)
        for rule in self._by_endpoint.get(obs.endpoint, ()):
            self._apply(rule, obs, body, (), claimed, seen, findings, uses)
        if not isinstance(body, dict):
            return
        groups: list[_Group] = []
        for key in body:
            for rule in self._keyed.get(key, ()):
                self._apply(rule, obs, body, (), claimed, seen, findings, uses)
            groups.extend(self._groups_by_key.get(key, ()))
        for group in groups:
            for node, ptr in select(body, group.segs):
                for rule in group.candidates(node):
                    self._apply(rule, obs, node, ptr, claimed, seen, findings, uses)
        # Only once every other rule had its chance can a node be called unclaimed.
        for group in groups:
            if group.unclaimed:
                for node, ptr in select(body, group.segs):
                    if (group.at, ptr) not in claimed:
                        for rule in group.unclaimed:
                            self._apply(rule, obs, node, ptr, claimed, seen, findings, uses)
        model = body.get("model")
        if isinstance(model, str) and model:
            for cap_id, message, _ in self._model_problems(model):
                cap = self.matrix.capability(cap_id)
                findings.append(self._finding(cap, "error", message, obs, ("model",), model))

    def _apply(
        self,
        rule: _Rule,
        obs: RequestObservation,
        node: Any,
        ptr: Pointer,
        claimed: set[tuple[str, Pointer]],
        seen: set[tuple[str, Pointer]],
        findings: list[Finding],
        uses: list[Use],
    ) -> None:
        if rule.endpoint is not None and not rule.endpoint.test(True, obs.endpoint):
            return
        if not rule.unclaimed and not rule.matches(node):
            return
        claimed.add((rule.at, ptr))
        key = (rule.capability.id, ptr)
        if key in seen:
            return
        seen.add(key)
        if rule.verdict == "ok":
            # Uses feed the readiness summary only: the request's line is enough,
            # and skipping the locator keeps clean traffic cheap.
            uses.append(Use(rule.capability.id, obs.path, obs.span.line))
            return
        loc_ptr, value = self._locate_value(rule, node, ptr)
        message = rule.capability.message
        if rule.reason:
            message = f"{message} {rule.reason}"
        findings.append(self._finding(rule.capability, rule.verdict, message, obs, loc_ptr, value, rule.status))

    def _locate_value(self, rule: _Rule, node: Any, ptr: Pointer) -> tuple[Pointer, Any]:
        if rule.locate is not None:
            for value, sub in select(node, rule.locate, ptr):
                return sub, value
            return ptr, node
        if rule.at_segs or not rule.when:
            return ptr, node
        # A body-level signal points at the value of its first condition.
        segs = rule.when[0][0]
        for value, sub in select(node, segs, ptr):
            return sub, value
        return ptr, node

    def _finding(
        self,
        cap: Capability,
        severity: str,
        message: str,
        obs: RequestObservation,
        ptr: Pointer,
        value: Any,
        status: str | None = None,
    ) -> Finding:
        span = obs.locate(ptr) or obs.span
        # Scanned code may hold credentials next to the finding: never carry them out.
        value_text = redact(compact_json(value))
        line_text = obs.source_line(span.line)
        snippet = redact(line_text.strip()) if line_text is not None and len(line_text) <= 300 else value_text
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in ptr)
        return Finding(
            capability=cap.id,
            title=cap.title,
            severity=severity,  # type: ignore[arg-type]  # a path segment named "key" always holds a str name; mypy sees str | int
            status=status or effective_status(cap, self.target)[0],
            message=redact(message),
            remediation=cap.remediation,
            path=obs.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            snippet=snippet,
            value=value_text,
            pointer=pointer,
            context=obs.context,
            source=self._cite[cap.id],
            fingerprint=fingerprint(cap.id, obs.path, value_text),
        )

    # ------------------------------------------------------------ models

    def _strip_model(self, model: str) -> str:
        for prefix in self.matrix.gateway_prefixes:
            if model.startswith(prefix):
                model = model[len(prefix) :]
                break
        head, _, rest = model.partition(".")
        if rest and head in self.matrix.inference_profile_prefixes:
            model = rest
        return model

    def _model_problems(self, raw: str) -> list[tuple[str, str, str]]:
        # Traffic repeats a handful of model ids: answer each once per engine.
        cached = self._model_cache.get(raw)
        if cached is None:
            cached = self._model_cache[raw] = self._model_problems_uncached(raw)
            if len(self._model_cache) > 10_000:
                self._model_cache.clear()
        return cached

    def _model_problems_uncached(self, raw: str) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]]
        model = self._strip_model(raw)
        region = self.target.region
        known = self._models.get(model)
        if known is None:
            openai_match = self._openai_ids.get(model) or self._openai_ids.get(_undated(model))
            if openai_match is not None:
                problems = [
                    (EngineCapability.MODEL_ID, f"`{raw}` is the OpenAI model id; on Bedrock call it `{openai_match.id}`.", raw)
                ]
                if region not in openai_match.regions:
                    problems.append(
                        (EngineCapability.REGION_AVAILABILITY, _region_message(openai_match.id, region, openai_match.regions), raw)
                    )
                return problems
            offered = ", ".join(sorted({m.id for m in self.matrix.models}))
            return [
                (
                    EngineCapability.MODEL_AVAILABILITY,
                    f"`{raw}` is not offered on Bedrock as of {self.matrix.as_of.isoformat()} (offered: {offered}).",
                    raw,
                )
            ]
        if region not in known.regions:
            return [(EngineCapability.REGION_AVAILABILITY, _region_message(known.id, region, known.regions), raw)]
        return []

    # ------------------------------------------------------------ code

    def _region(self, obs: CodeObservation, findings: list[Finding]) -> None:
        """A Region named in code or config (`BedrockOpenAI(aws_region=...)`, AWS_REGION)."""
        region = obs.value
        model = self._models.get(self._strip_model(self.target.model))
        if model is None or region in model.regions:
            return
        cap = self.matrix.capability(EngineCapability.REGION_AVAILABILITY)
        where = obs.module or "the configuration"
        message = f"{where} sends requests to {region}; {_region_message(model.id, region, model.regions)}"
        findings.append(_code_finding(self, cap, obs, "error", "not_available", message))

    def _code(self, obs: CodeObservation, findings: list[Finding]) -> None:
        caps: list[Capability] = []
        if obs.kind == "client":  # a client's provider and attributes inform, they never fire
            return
        if obs.kind == "region":
            self._region(obs, findings)
            return
        if obs.kind == "call":
            caps = [cap for rx, cap in self._calls if rx.match(obs.value)]
        elif obs.kind == "constructor":
            module = obs.module or ""
            caps = [cap for mod, cap in self._constructors.get(obs.value, ()) if _within(module, mod)]
        else:
            caps = [cap for rx, cap in self._strings if rx.search(obs.value)]
        done: set[str] = set()
        for cap in caps:
            if cap.id in done:
                continue
            done.add(cap.id)
            status, _ = effective_status(cap, self.target)
            verdict = cap.severity or STATUS_VERDICT[status]
            if verdict == "ok":
                continue
            findings.append(_code_finding(self, cap, obs, verdict, status, cap.message))


def _code_finding(engine: Engine, cap: Capability, obs: CodeObservation, severity: str, status: str,
                  message: str) -> Finding:  # fmt: skip
    return Finding(
        capability=cap.id, title=cap.title, severity=severity,  # type: ignore[arg-type]  # a path segment named "key" always holds a str name; mypy sees str | int
        status=status, message=redact(message), remediation=cap.remediation, path=obs.path,
        line=obs.span.line, column=obs.span.column, end_line=obs.span.end_line, end_column=obs.span.end_column,
        snippet=redact(obs.snippet), value=redact(obs.value), pointer="", context=obs.context, source=engine._cite[cap.id],
        fingerprint=fingerprint(cap.id, obs.path, redact(obs.value)),
    )  # fmt: skip


def _within(module: str, declared: str) -> bool:
    """`agents.tool` is within `agents`; `@openai/agents/realtime` within `@openai/agents`."""
    return module == declared or module.startswith((declared + ".", declared + "/"))


_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def _undated(model: str) -> str:
    return _DATED.sub("", model)


def _region_message(model: str, region: str, regions: list[str]) -> str:
    where = ", ".join(regions) or "no Region"
    return f"`{model}` is not offered in {region}; it is offered in {where}."


def _call_regex(pattern: str) -> re.Pattern[str]:
    """`*.realtime.connect` matches `client.realtime.connect`, `self.c.realtime.connect`, ...;
    `?.x.y` needs exactly one receiver name."""
    head, _, rest = pattern.partition(".")
    tail = r"\.".join(re.escape(p) for p in rest.split(".")) if rest else ""
    if head == "*":
        return re.compile(r"^(?:[^.]+\.)*" + tail + "$")
    if head == "?":
        # exactly one receiver: `?.completions.create` is not `client.chat.completions.create`
        return re.compile(r"^[^.]+\." + tail + "$")
    return re.compile("^" + r"\.".join(re.escape(p) for p in pattern.split(".")) + "$")


def evaluate(observations: Iterable[Observation], matrix: Matrix, target: Target) -> Evaluation:
    """Convenience: compile the matrix for the target and evaluate the observations."""
    return Engine(matrix, target).evaluate(observations)


__all__ = ["Engine", "Evaluation", "Span", "evaluate", "parse_path", "select"]
