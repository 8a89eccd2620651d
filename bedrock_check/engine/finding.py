"""The one finding factory: redaction, location, pointer, fingerprint and citation for every finding,
whatever produced it (a request signal, a code signal, a target check)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bedrock_check.findings import (
    TARGET_PATH,
    CodeObservation,
    ElsewhereSpan,
    EmbeddedSpan,
    Finding,
    Pointer,
    RequestObservation,
    Span,
    compact_json,
    fingerprint,
)
from bedrock_check.matrix import Capability, Target
from bedrock_check.matrix.records import ProviderWording
from bedrock_check.quickclass import dataclass
from bedrock_check.redact import marked_window, redact, window

if TYPE_CHECKING:
    from bedrock_check.engine import Engine
    from bedrock_check.engine.target import Problem

#: What joins a finding's message to the line saying what a later fact changes; text output
#: shows that line on its own.
LATER = " Later: "


def split_later(message: str) -> tuple[str, str]:
    """A finding's message without its later fact, and that fact ("" when it has none):
    reports say a later fact once per capability, not under each finding."""
    headline, _sep, later = message.partition(LATER)
    return headline, later


@dataclass(frozen=True, slots=True)
class Place:
    """Where a finding points and what it shows there, as its producer found it: the
    snippet and value already masked (each producer masks what it cuts, so a secret across
    the cut never shows a prefix), `identity` the text its fingerprint is made of."""

    path: str
    span: Span
    snippet: str
    value: str
    identity: str
    pointer: str = ""
    context: str | None = None
    mark: tuple[int, int] | None = None


def build_finding(cap: Capability, severity: str, status: str, message: str, source: str, place: Place,
                  later: str | None = None, remediation: str | None = None) -> Finding:  # fmt: skip
    """The one constructor of every finding, whatever produced it (a request signal, a code
    signal, a migration step, a target check): the capability's title and remediation, the
    message with its later fact and masked, the citation, and the fingerprint (capability,
    path and the normalised `identity`; no line numbers, so it survives code moving around).
    `remediation`: when not the capability's own (a target check's for a model of another kind).
    `tests/test_finding_builder.py` fails when another module builds a `Finding`."""
    if later:
        message = f"{message}{LATER}{later.removeprefix('Later: ')}"
    span = place.span
    return Finding(
        capability=cap.id,
        title=cap.title,
        severity=severity,  # type: ignore[arg-type]  # callers pass a Severity literal as str
        status=status,
        message=redact(message),
        remediation=remediation or cap.remediation,
        path=place.path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        snippet=place.snippet,
        value=place.value,
        pointer=place.pointer,
        context=place.context,
        source=source,
        fingerprint=fingerprint(cap.id, place.path, place.identity),
        mark=place.mark,
    )


def make_finding(
    cap: Capability,
    severity: str,
    status: str,
    message: str,
    obs: RequestObservation | CodeObservation,
    source: str,
    ptr: Pointer = (),
    value: Any = None,
    later: str | None = None,
    remediation: str | None = None,
    by_key: bool = False,
) -> Finding:
    """A finding about `obs`: for a request, at the pointer `ptr` with `value`; for code, at the
    observation itself (`remediation`: when not the capability's own, as a target check's for a
    model of another kind; `by_key`: see `observation_place`)."""
    place = observation_place(obs, ptr, value, by_key)
    return build_finding(cap, severity, status, message, source, place, later, remediation)


def problem_finding(engine: Engine, problem: Problem, obs: RequestObservation | CodeObservation | None = None,
                    ptr: Pointer = (), value: Any = None) -> Finding:  # fmt: skip
    """A finding for a problem of the target checks or a migration step: about `obs` (at `ptr`
    with `value`), or about the target itself when there is none. It cites the fact that
    decided it, else the capability's own citation, and carries the problem's remediation
    when it has its own."""
    cap = engine.matrix.capability(problem.capability)
    source = problem.source or engine.compiled.cite.get(cap.id, "")
    place = target_place(engine.target) if obs is None else observation_place(obs, ptr, value)
    return build_finding(cap, problem.severity, problem.status, problem.message, source, place,
                         remediation=problem.remediation)  # fmt: skip


def observation_place(obs: RequestObservation | CodeObservation, ptr: Pointer = (), value: Any = None,
                      by_key: bool = False) -> Place:  # fmt: skip
    """Where a finding about `obs` points: for a request, at the pointer `ptr` with `value`; for
    code, at the observation itself. `by_key`: the key at `ptr` decides the finding whatever its
    value (`voice` asks for audio), so a value imported from another file is reported where this
    request names it, not where the constant is written. Scanned code may hold credentials next
    to the finding: the snippet and value are masked."""
    path = obs.path
    context = obs.context
    mark: tuple[int, int] | None = None
    if isinstance(obs, RequestObservation):
        span = _named_line(obs, ptr, value, obs.locate(ptr) or obs.span)
        if by_key and isinstance(span, ElsewhereSpan) and span.use is not None:
            span = span.use
        value_text = compact_json(value)  # masked, then cut
        line_text: str | None
        # The span's columns in `line_text` (a notebook's code line: not the file's columns).
        start, end = span.column, (span.end_column if span.end_line == span.line else 0)
        elsewhere = isinstance(span, ElsewhereSpan)
        if isinstance(span, ElsewhereSpan) and span.path:
            # A value imported from another file: reported there, where it is written.
            path = span.path
            line_text = span.text
            span = Span(span.line, span.column, span.end_line, span.end_column)
        elif isinstance(span, EmbeddedSpan):
            line_text, start, end = span.text, span.text_column, span.text_end
            span = Span(span.line, span.column, span.end_line, span.end_column)
        else:
            line_text = obs.source_line(span.line)
        if obs.context_at is not None and not elsewhere:
            context = obs.context_at(span.line) or context  # the label of the line reported, not of the call's
        if line_text is None:
            snippet = value_text
        else:  # a window around the value, not a whole minified line
            snippet, mark = marked_window(line_text, start - 1, end - 1 if end else len(line_text), SNIPPET_WIDTH)
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in ptr)
    else:
        span = obs.span
        value_text = redact(obs.value)
        snippet, mark = _code_snippet(obs)
        pointer = ""
    return Place(path, span, snippet, value_text, value_text, pointer, context, mark)


def target_place(target: Target) -> Place:
    """Where a finding about the target itself points: no file (`TARGET_PATH`), the options
    that chose it as its snippet; its fingerprint is the model and the Region."""
    return Place(TARGET_PATH, Span(0, 0, 0, 0), f"--model {target.model} --region {target.region}", target.model,
                 f"{target.model}@{target.region}")  # fmt: skip


def on_line(finding: Finding, path: str, line: int, text: str) -> Finding:
    """A target finding shown on the config line `text` (line `line` of `path`) that chose the
    model or Region, so every format can point at a place; the line is masked (a config line
    may hold a key), and the fingerprint stays the target's."""
    indent = len(text) - len(text.lstrip())
    return replace(finding, path=path, line=line, column=indent + 1, end_line=line, end_column=len(text.rstrip()) + 1,
                   snippet=redact(text.strip()))  # fmt: skip


def _named_line(obs: RequestObservation, ptr: Pointer, value: Any, span: Span) -> Span:
    """Where a finding about an object written over several lines starts: at the line that
    names it (`"type": "computer_use_preview"` of a hosted tool, an event's `type`), not at
    its `{`, so the snippet shows what is reported; it still ends where the object ends."""
    if not (isinstance(value, dict) and "type" in value and span.end_line > span.line):
        return span
    named = obs.locate((*ptr, "type"))
    if named is None or type(named) is not type(span) or not span.line < named.line <= span.end_line:
        return span
    if isinstance(span, ElsewhereSpan):
        if not isinstance(named, ElsewhereSpan) or named.origin != span.origin:
            return span
        return replace(span, line=named.line, column=named.column, text=named.text)
    return replace(span, line=named.line, column=named.column)


def for_provider(finding: Finding, wording: ProviderWording, base_url: str = "", *, later_available: bool = False) -> Finding:
    """A finding worded for the client its call goes through (the matrix's
    `migration.providers`): an Azure client is named, a Bedrock client gets no migration step,
    a client whose base URL is not known says so (`{base_url}`: that value as written).
    `later_available`: a later dated fact makes what the finding is about available."""
    message = finding.message
    if wording.prefix:
        message = f"{wording.prefix} {message}"  # (the message is a sentence: "Bedrock ..." stays capital)
    if wording.suffix:
        message = f"{message} {wording.suffix.replace('{base_url}', base_url)}"
    severity, remediation = finding.severity, finding.remediation
    if finding.status == "unverified" and finding.severity == "warning":
        severity = wording.unverified
        remediation = wording.remediation or remediation  # the capability's advice is about moving
    if finding.capability in wording.own_apis and severity != "error":
        severity = "note"
    if later_available and wording.later_available == "note":
        severity = "note"
    return replace(finding, message=redact(message), severity=severity, remediation=remediation)


#: Characters of source shown around a finding; a line up to this long is shown whole.
SNIPPET_WIDTH = 300


def _code_snippet(obs: CodeObservation) -> tuple[str, tuple[int, int] | None]:
    """A masked window of the observation's line around its value, and where the value's last
    name sits in it: extractors hand over the stripped line, so the name is looked for near
    its column (the nearest at or before it: a line's indent only moves it left)."""
    text = obs.snippet
    guess = max(0, obs.span.column - 1 - (len(text) - len(text.lstrip())))
    # (A URL or other string is underlined whole: its last dot is a host's, not a name's.)
    whole = obs.kind == "string" or "://" in obs.value
    name = obs.value[:80] if whole else obs.value.rpartition(".")[2][:80] or obs.value[:80]
    if not whole and name == "default":
        # A JS default import (`import OpenAI from "openai"`, value `openai.default`) is written
        # under the local name the file gave it: underline the name the call writes there.
        written = _CALLEE.match(text, guess)
        name = written.group(1) if written else name
    # Near the column only: one minified line may hold thousands of findings.
    lo = max(0, guess - 2 * SNIPPET_WIDTH)
    found = [lo + i for i in _occurrences(text[lo : guess + 2 * SNIPPET_WIDTH], name)] if name else []
    before = [i for i in found if i <= guess]
    at = before[-1] if before else (found[0] if found else -1)
    if at < 0:
        return (redact(text) if len(text) <= SNIPPET_WIDTH else window(text, min(guess, len(text)), min(guess, len(text)),
                                                                       SNIPPET_WIDTH)), None  # fmt: skip
    return marked_window(text, at, at + len(name), SNIPPET_WIDTH)


#: The name a call or `new` expression writes at its column.
_CALLEE = re.compile(r"(?:new\s+)?([A-Za-z_$][\w$]*)")


def _occurrences(text: str, name: str) -> list[int]:
    """Where `name` is written in `text` as a whole name (not inside a longer one)."""
    out, at = [], text.find(name)
    while at >= 0:
        before, after = text[at - 1 : at], text[at + len(name) : at + len(name) + 1]
        if not ((before.isalnum() or before == "_") and name[:1].isalnum()) and not (
            (after.isalnum() or after == "_") and name[-1:].isalnum()
        ):
            out.append(at)
        at = text.find(name, at + 1)
    return out


def target_findings(engine: Engine) -> list[Finding]:
    """Findings about the target itself (a model not offered, or not in the Region), as the
    matrix (and its override layers) grade and word the capability."""
    return [problem_finding(engine, problem) for problem in engine.check_target()]
