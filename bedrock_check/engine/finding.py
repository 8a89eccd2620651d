"""The one finding factory: redaction, location, pointer, fingerprint and citation for every finding,
whatever produced it (a request signal, a code signal, a target check)."""

from __future__ import annotations

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
from bedrock_check.matrix import Capability
from bedrock_check.matrix.records import ProviderWording
from bedrock_check.redact import marked_window, redact, window

if TYPE_CHECKING:
    from bedrock_check.engine import Engine

#: What joins a finding's message to the line saying what a later fact changes; text output
#: shows that line on its own.
LATER = " Later: "


def split_later(message: str) -> tuple[str, str]:
    """A finding's message without its later fact, and that fact ("" when it has none):
    reports say a later fact once per capability, not under each finding."""
    headline, _sep, later = message.partition(LATER)
    return headline, later


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
    model of another kind). `by_key`: the key at `ptr` decides the finding whatever its value
    (`voice` asks for audio), so a value imported from another file is reported where this request
    names it, not where the constant is written. Scanned code may hold credentials next to the
    finding: never carry them out."""
    if later:
        message = f"{message}{LATER}{later.removeprefix('Later: ')}"
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
    return Finding(
        capability=cap.id,
        title=cap.title,
        severity=severity,  # type: ignore[arg-type]  # callers pass a Severity literal as str
        status=status,
        message=redact(message),
        remediation=remediation or cap.remediation,
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        snippet=snippet,
        value=value_text,
        pointer=pointer,
        context=context,
        source=source,
        fingerprint=fingerprint(cap.id, path, value_text),
        mark=mark,
    )


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
    name = obs.value.rpartition(".")[2][:80] or obs.value[:80]
    # Near the column only: one minified line may hold thousands of findings.
    lo = max(0, guess - 2 * SNIPPET_WIDTH)
    found = [lo + i for i in _occurrences(text[lo : guess + 2 * SNIPPET_WIDTH], name)] if name else []
    before = [i for i in found if i <= guess]
    at = before[-1] if before else (found[0] if found else -1)
    if at < 0:
        return (redact(text) if len(text) <= SNIPPET_WIDTH else window(text, min(guess, len(text)), min(guess, len(text)),
                                                                       SNIPPET_WIDTH)), None  # fmt: skip
    return marked_window(text, at, at + len(name), SNIPPET_WIDTH)


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
    """Findings about the target itself (a model not offered, or not in the Region)."""
    out = []
    for problem in engine.check_target():
        cap_id = problem.capability
        cap = engine.matrix.capability(cap_id)
        out.append(
            Finding(
                capability=cap_id,
                title=cap.title,
                # As the matrix (and its override layers) grade and word the capability.
                severity=problem.severity,  # type: ignore[arg-type]  # a Severity literal as str
                status=problem.status,
                message=redact(problem.message),
                remediation=problem.remediation or cap.remediation,
                path=TARGET_PATH,
                line=0,
                column=0,
                end_line=0,
                end_column=0,
                snippet=f"--model {engine.target.model} --region {engine.target.region}",
                value=engine.target.model,
                pointer="",
                context=None,
                source=engine.compiled.cite.get(cap_id, ""),
                fingerprint=fingerprint(cap_id, TARGET_PATH, f"{engine.target.model}@{engine.target.region}"),
            )
        )
    return out
