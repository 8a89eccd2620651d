"""Compiling the matrix for one target: request rules grouped by the path they look at,
code signals as regular expressions and constructor tables, one citation per capability."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from bedrock_check.engine.query import CompiledPredicate, Segment, compile_predicate, parse_path, select
from bedrock_check.findings import Pointer
from bedrock_check.matrix import STATUS_VERDICT, Capability, Citation, Matrix, RequestSignal, Target
from bedrock_check.matrix.records import compile_code_string
from bedrock_check.matrix.resolve import Resolved, later_fact, resolve_status
from bedrock_check.quickclass import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    capability: Capability
    status: str
    verdict: str
    at: str
    at_segs: tuple[Segment, ...]
    when: tuple[tuple[tuple[Segment, ...], CompiledPredicate], ...]
    endpoint: CompiledPredicate | None
    unclaimed: bool
    locate: tuple[Segment, ...] | None
    reason: str | None
    source: str
    #: `when` with plain key paths unrolled: (segments, keys or None, predicate).
    when_fast: tuple[tuple[tuple[Segment, ...], tuple[str, ...] | None, CompiledPredicate], ...]

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


def _root_key(
    rule_signal: RequestSignal, compiled_when: list[tuple[tuple[Segment, ...], CompiledPredicate]]
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


def cite(matrix: Matrix, citation: Citation) -> str:
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
class Group:
    """The rules that share one `at` path: the nodes are selected once per request, and
    rules whose `type` test is a plain value list are looked up by the node's `type`."""

    at: str
    segs: tuple[Segment, ...]
    by_type: dict[tuple[bool, Any], list[Rule]]
    generic: list[Rule]
    unclaimed: list[Rule]

    def add(self, rule: Rule, sig: RequestSignal) -> None:
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

    def candidates(self, node: Any) -> list[Rule]:
        kind = node.get("type") if isinstance(node, dict) else None
        try:
            typed = self.by_type.get((type(kind) is bool, kind))
        except TypeError:
            typed = None
        return [*typed, *self.generic] if typed else self.generic



@dataclass(slots=True)
class Compiled:
    """Everything the engine looks up while evaluating, built once per matrix and target."""

    keyed: dict[str, list[Rule]] = field(default_factory=dict)  # body-level rules by the key they need
    always: list[Rule] = field(default_factory=list)  # body-level rules that must always run
    # Body-level rules that only an endpoint selects (`endpoint: {in: [embeddings]}`), by
    # endpoint: a request meets only its own endpoint's rules, not every endpoint's.
    by_endpoint: dict[str, list[Rule]] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)  # rules with an `at`, by that path
    #: Capabilities declared as a `tools[]` entry (hosted tools): one use per request.
    tool_caps: set[str] = field(default_factory=set)
    groups_by_key: dict[str, list[Group]] = field(default_factory=dict)
    #: Code signals as written (call patterns, string regexes), compiled on first use:
    #: `validate` and `check_request` never need them.
    call_patterns: list[tuple[str, Capability]] = field(default_factory=list)
    constructors: dict[str, list[tuple[str, Capability]]] = field(default_factory=dict)  # name -> [(module, cap)]
    string_patterns: list[tuple[str, Capability]] = field(default_factory=list)
    cite: dict[str, str] = field(default_factory=dict)
    #: Per capability: its status for the target, and the message when a dated fact decided it.
    resolved: dict[str, Resolved] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    #: Per capability: one line saying what a later fact would change, when one would.
    later: dict[str, str] = field(default_factory=dict)
    #: Capabilities a later fact makes available for the target (code already on Bedrock
    #: that uses one works there today).
    later_available: set[str] = field(default_factory=set)
    #: The request paths a verdict reads (each signal's `at` joined to its `when` fields,
    #: and the target check's `model`): a value not followed elsewhere decides nothing.
    deciding: set[tuple[Segment, ...]] = field(default_factory=lambda: {(("key", "model"),)})
    _decides: dict[Pointer, bool] = field(default_factory=dict)
    #: The positive `type` tests of the `tools[]` signals (`reports_tool`).
    tool_types: list[CompiledPredicate] = field(default_factory=list)
    #: The tool types those tests name outright (`equals`, `in`): what a misspelt one meant.
    tool_type_names: set[str] = field(default_factory=set)
    #: Memo of `call_caps`/`string_caps`: a scan meets the same few thousand call paths and
    #: URLs again and again, and each would otherwise try every pattern.
    _matched: dict[tuple[bool, str], tuple[Capability, ...]] = field(default_factory=dict)
    _calls: list[tuple[re.Pattern[str], Capability]] | None = None
    _strings: list[tuple[Any, Capability]] | None = None

    def decides(self, ptr: Pointer) -> bool:
        """Whether a verdict can depend on the value at `ptr` (`tools[0]` or `tools[0].type`
        can, `tools[0].description` cannot): the pointer leads to a path a rule reads."""
        known = self._decides.get(ptr)
        if known is None:
            segs = tuple(("each", None) if isinstance(p, int) else ("key", p) for p in ptr)
            known = self._decides[ptr] = any(path[: len(segs)] == segs for path in self.deciding)
        return known

    def reports_tool(self, kind: str) -> bool:
        """Whether a `tools[]` signal names tools of type `kind` (its `type` test's `equals`,
        `in`, `prefix` or `regex`; a `not_in` matches what it does not name)."""
        return any(test.test(True, kind) for test in self.tool_types)

    def call_caps(self, value: str) -> tuple[Capability, ...]:
        """The capabilities whose call patterns match a call path (`client.responses.create`)."""
        return self._match(True, value)

    def string_caps(self, value: str) -> tuple[Capability, ...]:
        """The capabilities whose string patterns occur in a literal."""
        return self._match(False, value)

    def strings(self) -> list[tuple[Any, Capability]]:
        """The string patterns, compiled on first use (RE2); MatrixError naming the file
        for a pattern read from a cache entry that RE2 or Python refuses."""
        if self._strings is None:
            self._strings = [(compile_code_string(p), cap) for p, cap in self.string_patterns]
        return self._strings

    def _match(self, call: bool, value: str) -> tuple[Capability, ...]:
        key = (call, value)
        found = self._matched.get(key)
        if found is None:
            if call:
                if self._calls is None:
                    self._calls = [(call_regex(p), cap) for p, cap in self.call_patterns]
                found = tuple(cap for rx, cap in self._calls if rx.match(value))
            else:
                found = tuple(cap for rx, cap in self.strings() if rx.search(value))
            if len(self._matched) >= _MEMO_LIMIT:  # bounded: a long scan meets unbounded names
                self._matched.clear()
            self._matched[key] = found
        return found


_MEMO_LIMIT = 65_536


def compile_matrix(matrix: Matrix, target: Target) -> Compiled:
    """The rules and code tables of every capability, with verdicts resolved for the target."""
    out = Compiled()
    at = target.date(matrix)
    for cap in matrix.capabilities:
        resolved = out.resolved[cap.id] = resolve_status(cap, target, at)
        status, citation = resolved.status, resolved.citation
        # A dated fact or a variant for this target (a probe's observation, say) decides the
        # verdict outright, unless it is itself conditional.
        varied = citation is not cap.source and status != "conditional"
        # The finding cites whatever decided its verdict: the baseline page, a dated fact, or a probe layer.
        out.cite[cap.id] = cite(matrix, citation)
        out.messages[cap.id] = _message(cap, resolved)
        later = later_fact(cap, target, at, status)
        if later is not None:
            if later.bedrock == "available":
                out.later_available.add(cap.id)
            out.later[cap.id] = (
                f"Later: since {later.since.isoformat()}, {later.text} ({cite(matrix, later.source)}; "
                f"confidence {later.confidence})."
            )
        for sig in cap.signals.request:
            _add_rule(out, cap, sig, status, varied)
        code = cap.signals.code
        for pattern in code.calls:
            out.call_patterns.append((pattern, cap))
        for ctor in code.constructors:
            out.constructors.setdefault(ctor.name, []).append((ctor.module, cap))
        for rx in code.strings:
            out.string_patterns.append((rx, cap))
    return out


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


def _message(cap: Capability, resolved: Resolved) -> str:
    """The capability's message, or the deciding fact's text (and condition) when a fact decided."""
    fact = resolved.fact
    if fact is None:
        return cap.message
    text = fact.text[0].upper() + fact.text[1:]
    if resolved.condition:
        text = f"{text.rstrip('.')}; condition: {resolved.condition}"
    return text if text.endswith(".") else text + "."


def _add_rule(out: Compiled, cap: Capability, sig: RequestSignal, status: str, varied: bool) -> None:
    when = [(parse_path(k), compile_predicate(p)) for k, p in sig.when.items()]
    at_segs = parse_path(sig.at)
    if when:
        out.deciding.update((*at_segs, *segs) for segs, _ in when)
    else:
        out.deciding.add(at_segs)
    verdict = STATUS_VERDICT[status] if varied else (sig.verdict or STATUS_VERDICT[status])
    if sig.verdict is None and cap.severity and verdict != "ok":
        verdict = cap.severity
    rule = Rule(
        capability=cap,
        status=status,
        verdict=verdict,
        at=sig.at,
        at_segs=at_segs,
        when=tuple(when),
        endpoint=compile_predicate(sig.endpoint) if sig.endpoint else None,
        unclaimed=sig.unclaimed,
        locate=parse_path(sig.locate) if sig.locate is not None else None,
        reason=sig.reason,
        source=out.cite[cap.id],
        when_fast=tuple(
            (segs, tuple(n for _, n in segs) if all(k == "key" for k, _ in segs) else None, pred)  # type: ignore[misc]  # the tuple holds names only when every segment is a key
            for segs, pred in when
        ),
    )
    if sig.at == "tools[]":
        out.tool_caps.add(cap.id)
        named = {k: v for k, v in (sig.when.get("type") or {}).items() if k in ("equals", "in", "prefix", "regex")}
        if named:
            out.tool_types.append(compile_predicate(named))  # type: ignore[arg-type]  # a predicate's positive keys
            listed = named.get("in")
            out.tool_type_names.update(str(v) for v in (listed if isinstance(listed, list) else []))
            if "equals" in named:
                out.tool_type_names.add(str(named["equals"]))
    if rule.at_segs:
        group = out.groups.get(rule.at)
        if group is None:
            group = out.groups[rule.at] = Group(rule.at, rule.at_segs, {}, [], [])
            out.groups_by_key.setdefault(str(rule.at_segs[0][1]), []).append(group)
        group.add(rule, sig)
        return
    key = _root_key(sig, when)
    endpoints = _endpoint_names(sig)
    if key is None and endpoints is not None:
        for name in endpoints:
            out.by_endpoint.setdefault(name, []).append(rule)
    elif key is None:
        out.always.append(rule)
    else:
        out.keyed.setdefault(key, []).append(rule)


def call_regex(pattern: str) -> re.Pattern[str]:
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

