"""Text for people, in the shape ruff users know: one block per finding with a code frame
and the offending span underlined, the fix, and where to read more; then readiness and a
summary line.

Everything taken from scanned files is cleaned first: terminal control sequences in a
scanned line (colour codes, cursor moves, title changes) are removed, never passed to the
terminal. Colour is a handful of ANSI SGR codes, only when asked (`color=True`): the
common path (text to a CI log) imports nothing beyond the standard library.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from bedrock_check.engine.finding import split_later
from bedrock_check.findings import Finding
from bedrock_check.report.labels import READINESS, READINESS_LABEL, nothing_recognised, plural
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import DiagnosticGroup

_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
#: Terminal escape sequences (CSI, OSC, other ESC forms), then any other control character.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_]?)|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Code frames show at most this many characters of a line, around the underlined span.
FRAME_WIDTH = 100


def clean(text: str) -> str:
    """Scanned text made safe for a terminal: escape sequences dropped, other control
    characters (and lone surrogates) shown as `?`, tabs as spaces."""
    text = _ESCAPES.sub("", text.replace("\t", " "))
    text = _CONTROL.sub("?", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def summary_line(report: Report, components: tuple[tuple[str, str], ...] = ()) -> str:
    """One line: counts of errors and warnings (and how many of them are in tests, docs or
    examples rather than product code), and what was read. `components`: the user's
    `(component, glob)` rules over the path conventions."""
    from bedrock_check.report.overview import diagnostic_counts

    c = report.counts()
    noun = "file" if report.command == "scan" else "input"
    parts = [plural(c["error"], "error"), plural(c["warning"], "warning") + _elsewhere(report, components)]
    if c["note"]:
        parts.append(plural(c["note"], "note"))
    suppressed = len(report.findings) - len(report.active)
    tail = f" ({suppressed} suppressed)" if suppressed else ""
    read = f"{plural(report.requests, 'request')} in {plural(report.inputs, noun)}"
    if report.skipped_by_provider:
        # (Calls to Ollama, Groq, Anthropic, ...: read, and not Bedrock blockers; which ones,
        # so that a count nobody expected can be traced.)
        read += f" ({plural(report.skipped_by_provider, 'call')} to other providers not checked: {_providers(report)})"
    groups = diagnostic_counts(report.diagnostics)
    unreadable, snippets = groups[DiagnosticGroup.UNREADABLE], groups[DiagnosticGroup.SNIPPET]
    notes, unfollowed = groups[DiagnosticGroup.SUPPRESSION], groups[DiagnosticGroup.NOT_FOLLOWED]
    extra = f"; {plural(unreadable, noun)} could not be read" if unreadable else ""
    extra += f"; {plural(snippets, 'doc snippet')} did not parse" if snippets else ""
    extra += f"; {plural(unfollowed, 'value')} could not be followed" if unfollowed else ""
    extra += f"; {plural(notes, 'suppression')} to fix" if notes else ""
    fixable = f"; {report.fixable} fixable with `bedrock-check fix`" if report.fixable else ""
    scoped = "".join(f"; {shown}: {target.describe(report.matrix)}" for shown, target in report.scopes)
    return (f"{', '.join(parts)}{tail}{fixable} — {read}{extra}; "
            f"target {report.target.describe(report.matrix)}{scoped}")  # fmt: skip


def _elsewhere(report: Report, components: tuple[tuple[str, str], ...]) -> str:
    """` (of these 28, 9 in tests, 2 in docs)`: the errors and warnings outside product code, when
    the count mixes them with product code's (a test suite's fixtures beside the app's own requests)."""
    from bedrock_check.report.overview import component_of

    places = Counter(component_of(f.path, components) for f in report.active if f.severity in ("error", "warning"))
    if not places.pop("product", 0) or not places or report.command != "scan":
        return ""  # (nothing to tell apart: all product code, or none, as when `examples/` is scanned)
    said = [f"{n} in {component}" for component, n in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))]
    total = sum(1 for f in report.active if f.severity in ("error", "warning"))
    return f" (of these {total}, {', '.join(said)})"


def _providers(report: Report, shown: int = 3) -> str:
    """The other providers a scan's skipped calls go to, most calls first (`Ollama 9, Groq 2`)."""
    from bedrock_check.catalogue import shipped_catalogue

    names = shipped_catalogue()
    ranked = sorted(report.skipped_providers.items(), key=lambda kv: (-kv[1], kv[0]))
    said = ", ".join(f"{names.label(p)} {n}" for p, n in ranked[:shown])
    return said + (f" and {len(ranked) - shown} more" if len(ranked) > shown else "")


def _anchor(f: Finding, line: str) -> tuple[int, int] | None:
    """Where in the (stripped) snippet the finding's span sits: (start, length), or None."""
    candidates = [f.value]
    try:
        parsed = json.loads(f.value)
    except ValueError:
        parsed = None
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            candidates.append(node)
        elif isinstance(node, dict):
            stack += list(node.values())
        elif isinstance(node, list):
            stack += node
    for text in sorted({c for c in candidates if c}, key=len, reverse=True):
        at = line.find(text)
        while at >= 0:
            before, after = line[at - 1 : at] if at else "", line[at + len(text) : at + len(text) + 1]
            quoted = before and before in "'\"`" and after == before
            if quoted:
                return at - 1, len(text) + 2
            # Not part of a longer name: `mcp` is not underlined inside `mcpTool`.
            if not (_word_char(before) and _word_char(text[0])) and not (_word_char(after) and _word_char(text[-1])):
                return at, len(text)
            at = line.find(text, at + 1)
    return None


def _word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_")


_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}


class Text:
    """A line made of styled pieces (the few styles text output uses)."""

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.parts: list[tuple[str, str | None]] = [(text, style)] if text else []

    def append(self, text: str, style: str | None = None) -> None:
        self.parts.append((text, style))

    def render(self, color: bool) -> str:
        if not color:
            return "".join(text for text, _ in self.parts)
        out = []
        for text, style in self.parts:
            codes = ";".join(_SGR[word] for word in (style or "").split() if word in _SGR)
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
        return "".join(out)


class _Console:
    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def print(self, text: Text | None = None) -> None:
        self.lines.append(text.render(self.color) if text is not None else "")

    def getvalue(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""


def _frame(console: _Console, f: Finding, color: bool, also: Sequence[Finding] = ()) -> None:
    """The finding's line with its span underlined (and those of `also`, findings on the same
    line, when the line is shown whole)."""
    line = clean(f.snippet)
    if not line:
        return
    # Where the finding's columns put the span (exact), else where its value is written.
    anchor = f.mark if f.mark is not None and line == f.snippet else _anchor(f, line)
    start, length = anchor if anchor else (0, 0)
    spans = [(start, length)]
    if len(line) <= FRAME_WIDTH:
        for other in also:
            more = other.mark if other.mark is not None and line == other.snippet else _anchor(other, line)
            spans.extend([more] if more else [])
    else:
        left = max(0, min(start - 20, len(line) - FRAME_WIDTH))
        shown = line[left : left + FRAME_WIDTH]
        prefix = "…" if left else ""
        suffix = "…" if left + FRAME_WIDTH < len(line) else ""
        line, start = prefix + shown + suffix, start - left + len(prefix)
        spans = [(start, min(length, FRAME_WIDTH - (start - len(prefix))))]
    spans = [(at, n) for at, n in spans if n > 0]
    number = str(f.line) if f.line else ""
    gutter = " " * len(number)
    console.print(Text(f"{gutter} |", style="blue"))
    row = Text()
    row.append(f"{number} | ", style="blue")
    row.append(line)
    console.print(row)
    if spans:
        carets = [" "] * max(at + n for at, n in spans)
        for at, n in spans:
            carets[at : at + n] = ["^"] * n
        mark = Text()
        mark.append(f"{gutter} | ", style="blue")
        mark.append("".join(carets), style=_STYLE[f.severity])
        console.print(mark)
    console.print(Text(f"{gutter} |", style="blue"))


#: The models the target's endpoint offers, as a model finding's message lists them (the
#: matrix's `unknown` model message: `(offered on {endpoint}: {offered})`).
_OFFERED = re.compile(r" \(offered on ([\w-]+): ([^()]+)\)")


def _headline(console: _Console, f: Finding, later: dict[tuple[str, str], None], offered: set[tuple[str, str]]) -> None:
    """`path:line:col: severity[id] message`; a later fact's line is kept for the end, and the
    list of models an endpoint offers is given in full once (`offered`: the lists said)."""
    head = Text()
    where = f"{f.path}:{f.line}:{f.column}" if f.line else f"{f.path}{(' ' + f.pointer) if f.pointer else ''}"
    head.append(clean(where), style="bold")
    head.append(": ")
    head.append(f"{f.severity}[{f.capability}]", style=_STYLE[f.severity])
    # A later fact's line is listed once, after the findings.
    headline, later_line = split_later(f.message)
    if later_line:
        later.setdefault((f.capability, later_line), None)
    m = _OFFERED.search(headline)
    if m is not None:
        if m.groups() in offered:
            headline = headline[: m.start()] + f" (offered on {m.group(1)}: as above)" + headline[m.end() :]
        offered.add((m.group(1), m.group(2)))
    head.append(" " + clean(headline))
    if f.suppressed is not None:
        head.append(f"  (suppressed: {clean(str(f.suppressed))})", style="dim")
    console.print(head)


#: Above this many doc code blocks that do not parse, the text report gives one line per file.
MAX_SNIPPETS_LISTED = 10


def render_text(report: Report, *, color: bool = False, width: int = 100, verbosity: int = 0,
                components: tuple[tuple[str, str], ...] = (), **_: Any) -> str:  # fmt: skip
    """The report as text. `verbosity` -1 prints only the summary line; 1 adds suppressed
    findings and the source of each verdict."""
    console = _Console(color)
    style = "bold red" if report.counts()["error"] else ("yellow" if report.counts()["warning"] else "green")
    if verbosity < 0:
        console.print(Text(summary_line(report, components), style=style))
        return console.getvalue()
    #: A later fact is said once per capability, at the end (not under each of its findings).
    later: dict[tuple[str, str], None] = {}
    offered: set[tuple[str, str]] = set()
    # Findings of one line that give the same fix (an embeddings call and its OpenAI embedding
    # model) are one block: each headline, the line once, the fix once.
    shown: list[list[Finding]] = []
    for f in report.sorted_findings():
        if f.suppressed is not None and verbosity < 1:
            continue
        last = shown[-1][-1] if shown else None
        if last is not None and f.line and (last.path, last.line, last.remediation, last.suppressed, last.context) == (
                f.path, f.line, f.remediation, f.suppressed, f.context):  # fmt: skip
            shown[-1].append(f)
        else:
            shown.append([f])
    for block in shown:
        for f in block:
            _headline(console, f, later, offered)
        f = block[0]
        if f.context:
            console.print(Text(f"  in {clean(f.context)}", style="dim"))
        _frame(console, f, color, block[1:])
        console.print(Text(f"  = fix: {f.remediation}", style="green"))
        more = "; ".join(f"bedrock-check explain {c}" for c in dict.fromkeys(g.capability for g in block))
        console.print(Text(f"  = read more: {more}", style="dim"))
        if verbosity > 0:
            for source in dict.fromkeys(g.source for g in block):
                console.print(Text(f"  = source: {source}", style="dim"))
        console.print()
    if later:
        console.print(Text("Later facts (after the date of the verdicts):", style="bold"))
        for capability, text in later:
            console.print(Text(f"  {capability}: {clean(text)}", style="cyan"))
        console.print()
    from bedrock_check.report.overview import diagnostic_group

    for title, groups in (
        ("Suppressions to fix:", (DiagnosticGroup.SUPPRESSION,)),
        # (Worded as the diagnostics' kind, `could-not-follow`; the JSON group keeps its name.)
        ("Could not follow (the key each names was not checked):", (DiagnosticGroup.NOT_FOLLOWED,)),
        ("Not checked:", (DiagnosticGroup.UNREADABLE, DiagnosticGroup.SNIPPET)),
    ):
        chosen = [d for d in report.diagnostics if diagnostic_group(d) in groups]
        if not chosen:
            continue
        console.print(Text(title, style="bold"))
        snippets = [d for d in chosen if diagnostic_group(d) is DiagnosticGroup.SNIPPET]
        # Docs full of partial code would bury the rest: one line per file, `-v` lists each.
        collapsed = verbosity < 1 and len(snippets) > MAX_SNIPPETS_LISTED
        if collapsed:
            chosen = [d for d in chosen if diagnostic_group(d) is not DiagnosticGroup.SNIPPET]
        for d in chosen:
            where = f":{d.line}" + (f":{d.column}" if d.column else "") if d.line else ""
            console.print(Text(f"  {clean(d.path)}{where}: {clean(d.message)} ({d.kind})"))
        if collapsed:
            per_file: dict[str, list[int]] = {}
            for d in snippets:
                per_file.setdefault(d.path, []).append(d.line or 0)
            for path, lines in per_file.items():
                n = len(lines)
                blocks = "code block does" if n == 1 else "code blocks do"
                console.print(Text(f"  {clean(path)}:{min(lines)}: {n} {blocks} not parse (snippet-parse-error)"))
            console.print(Text("  (-v lists each code block)", style="dim"))
        console.print()
    readiness = report.readiness()
    if any(readiness.values()):
        heading = Text("Readiness: ", style="bold")
        heading.append(" · ".join(READINESS_LABEL[g].counted(len(readiness[g])) for g in READINESS))
        console.print(heading)
        for group in READINESS:
            if readiness[group]:
                names = ", ".join(
                    f"{r['capability']}" + (f" ×{r['count']}" if r["count"] > 1 else "") for r in readiness[group]
                )
                console.print(Text(f"  {READINESS_LABEL[group].one}: {names}"))
    elif not report.findings:
        console.print(Text(nothing_recognised(report.command)))
    console.print(Text(summary_line(report, components), style=style))
    return console.getvalue()
