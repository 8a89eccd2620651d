"""Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: headlines in one unit each, where
the work is, findings by component with identical snippets folded, and what could not be
checked kept apart.

Everything taken from scanned code (values, snippets, paths, messages quoting them) is
escaped: it cannot open a link, an image, a heading or a table cell.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bedrock_check.engine.finding import split_later
from bedrock_check.report.labels import (
    READINESS,
    READINESS_LABEL,
    SEVERITY_LABEL,
    SHOWN_PLACES,
    capability_title,
    component_label,
    folder_label,
    nothing_recognised,
    plural,
    status_label,
)
from bedrock_check.report.model import Report
from bedrock_check.report.overview import Folded, diagnostic_sections, overview

_ICON = {"blocked": "⛔", "check": "⚠️", "works": "✅"}
_PUNCT = re.compile(r"([\\`*_\[\]#!|~])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _flat(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r", " ").replace("\n", " "))


def md_code(text: str) -> str:
    """Text shown as inline code, whatever it holds (backticks, pipes, HTML, newlines)."""
    # Markdown goes on inside inline HTML, so the punctuation is escaped there too.
    return "<code>" + _PUNCT.sub(r"\\\1", html.escape(_flat(text), quote=True)).replace("\\|", "&#124;") + "</code>"


def md_text(text: str) -> str:
    """Prose with its `code` spans kept as code and every other Markdown character escaped."""
    out = []
    for i, part in enumerate(re.split(r"`([^`\n]*)`", _flat(text))):
        if i % 2:
            out.append(md_code(part))
        else:
            out.append(_PUNCT.sub(r"\\\1", html.escape(part, quote=False)))
    return "".join(out)


def _places(item: Folded) -> str:
    shown = ", ".join(md_code(p) for p in item.places[:SHOWN_PLACES])
    more = len(item.places) - SHOWN_PLACES
    return shown + (f" and {more} more" if more > 0 else "")


def render_markdown(report: Report, *, components: tuple[tuple[str, str], ...] = (), **_: Any) -> str:
    """The readable report as Markdown."""
    from bedrock_check.report.text import summary_line

    ov = overview(report, components)
    out = [
        "## bedrock-check: Amazon Bedrock readiness",
        "",
        f"Target {md_code(report.target.model)} in {md_code(report.target.region)} on {md_code(report.target.endpoint)} "
        f"as of **{report.target.date(report.matrix).isoformat()}** (capability matrix baseline "
        f"{report.matrix.as_of.isoformat()}).",
        "",
    ]
    for shown, target in report.scopes:
        out += [f"- Files under {md_code(shown)}: {md_code(target.model)} in {md_code(target.region)} "
                f"on {md_code(target.endpoint)} (`targets:` in the config)"]  # fmt: skip
    out += [""] if report.scopes else []
    if not ov.recognised:
        out += [f"**{nothing_recognised(report.command)}** bedrock-check found no use of the OpenAI API in what it read.", ""]
    else:
        caps = sum(ov.capabilities.values())
        groups = " · ".join(READINESS_LABEL[g].counted(ov.capabilities[g]) for g in READINESS)
        out += [
            f"**Capabilities the code uses: {caps}** — {groups}",
            "",
            f"**Places to change: {ov.places}** — {SEVERITY_LABEL['error'].counted(ov.errors)}, "
            f"{SEVERITY_LABEL['warning'].counted(ov.warnings)}, {SEVERITY_LABEL['note'].counted(ov.notes)}, "
            f"in {plural(ov.files_with_findings, 'file')}",
            "",
            "| | Capability | Places |",
            "| --- | --- | ---: |",
        ]
        readiness = report.readiness()
        for group in READINESS:
            for row in readiness[group]:
                cap = row["capability"]
                out.append(f"| {_ICON[group]} {READINESS_LABEL[group].title} | "
                           f"{md_text(capability_title(report.matrix, cap))} ({md_code(cap)}) "
                           f"| {row['count']} |")  # fmt: skip
    if ov.top_files:
        scope = " in product code" if ov.work_component == "product" else ""
        split = " · ".join(f"{component_label(c)}: {plural(n, 'place')}" for c, n in ov.component_places.items())
        out += ["", f"### Where the work is{scope}", "", md_text(split), "", "| File | Places |", "| --- | ---: |"]
        out += [f"| {md_code(p)} | {n} |" for p, n in ov.top_files]
        out += ["", "| Folder | Places |", "| --- | ---: |"]
        out += [f"| {md_code(folder_label(p))} | {n} |" for p, n in ov.top_folders]
    for comp, caps_found in ov.by_component.items():
        places = sum(i.count for items in caps_found.values() for i in items)
        out += ["", f"### {md_text(component_label(comp))} · {plural(places, 'place')}"]
        for cap, items in caps_found.items():
            first = items[0].first
            out += ["", f"#### {md_code(cap)} {md_text(capability_title(report.matrix, cap, first.title))} "
                        f"({status_label(report.matrix, cap, first.status)})", ""]  # fmt: skip
            out += ["| Times | Severity | Where | Code | Message |", "| ---: | --- | --- | --- | --- |"]
            for item in items:
                f = item.first
                out.append(f"| {item.count} | {f.severity} | {_places(item)} | {md_code(f.snippet[:120])} "
                           f"| {md_text(split_later(f.message)[0])} |")  # fmt: skip
            # A later fact once per capability, not in each row.
            for later in dict.fromkeys(split_later(i.first.message)[1] for i in items):
                if later:
                    out += ["", f"**Later:** {md_text(later)}"]
            # One line per distinct remedy: a model check's depends on the model's kind.
            fixes = list(dict.fromkeys(i.first.remediation for i in items))
            for fix in fixes[:-1]:
                out += ["", f"**What to do instead:** {md_text(fix)}"]
            out += ["", f"**What to do instead:** {md_text(fixes[-1])} (`bedrock-check explain {cap}`)"]
    if ov.recognised and not ov.by_component:
        out += ["", "Nothing the code uses fails on the target."]
    suppressed = [f for f in report.findings if f.suppressed]
    if suppressed:
        out += ["", f"<details><summary>{plural(len(suppressed), 'suppressed or known (baseline) finding')}</summary>",
                ""]  # fmt: skip
        out += [f"- {md_code(f.capability)} at {md_code(f'{f.path}:{f.line}')} — {md_text(str(f.suppressed))}"
                for f in suppressed]  # fmt: skip
        out += ["", "</details>"]
    for section in diagnostic_sections(ov):
        out += ["", f"<details><summary>{section.summary}</summary>", ""]  # our own words: nothing to escape
        out += [f"- {md_code(section.place(d))}: {md_text(d.message)}" for d in section.items]
        out += ["", "</details>"]
    out += ["", f"<sub>{md_text(summary_line(report))}</sub>"]
    return "\n".join(out) + "\n"
