"""HTML: one self-contained page (no network) a manager can read: headlines in one unit
each (capabilities, places), where the work is, findings by component with identical
snippets folded, and what could not be checked kept apart. Filters by severity and text."""

from __future__ import annotations

import html
import re
from typing import Any

from bedrock_check.engine.finding import split_later
from bedrock_check.findings import Finding
from bedrock_check.report.labels import (
    READINESS,
    READINESS_LABEL,
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    SHOWN_PLACES,
    capability_title,
    component_label,
    folder_label,
    nothing_recognised,
    plural,
    worst_severity,
)
from bedrock_check.report.model import Report
from bedrock_check.report.overview import Folded, Overview, diagnostic_sections, overview

_COLORS = {"works": "#2e7d32", "check": "#b26a00", "blocked": "#c62828"}

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:18px 32px}
header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.85}header p.scope{margin-top:4px}
main{padding:20px 32px;width:100%}
@media (max-width:600px){header{padding:14px 16px}main{padding:14px 12px}section.cap{padding:12px 14px}}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(280px,100%),1fr));gap:16px}
.card{background:#fff;border-radius:8px;padding:16px 20px;box-shadow:0 1px 3px #0002}
.card h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:0 0 8px}
.big{font-size:30px;font-weight:700;line-height:1.1}.unit{font-size:15px;font-weight:400;color:#444}
.split{display:flex;gap:18px;flex-wrap:wrap;margin-top:6px}.split b{font-size:20px}
.work{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(360px,100%),1fr));gap:16px;margin-top:16px}
table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;
vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums;width:5em}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;overflow-wrap:anywhere}
pre mark{background:#fde2e1;color:inherit;text-decoration:underline wavy #c62828;text-underline-offset:3px}
.finding[data-sev=warning] pre mark{background:#fff1d6;text-decoration-color:#b26a00}
.finding[data-sev=note] pre mark{background:#e3f0fd;text-decoration-color:#1565c0}
.filters{margin:20px 0 8px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.filters input[type=search]{padding:6px 10px;border:1px solid #bbb;border-radius:4px;min-width:min(260px,100%);flex:1;max-width:520px}
h2.comp{font-size:19px;margin:24px 0 4px}
section.cap{background:#fff;border-radius:8px;margin:12px 0;padding:14px 20px;box-shadow:0 1px 3px #0002}
section.cap h3{font-size:16px;margin:0 0 6px}
.badge{font-size:12px;padding:2px 8px;border-radius:10px;color:#fff;margin-left:8px;vertical-align:middle;white-space:nowrap;display:inline-block}
.badge.error{background:#c62828}.badge.warning{background:#b26a00}.badge.note{background:#1565c0}
.finding{border-top:1px solid #eee;padding:8px 0}.loc{font-size:13px;color:#444}
.times{font-weight:700;color:#232f3e;margin-right:6px}
pre{background:#f3f4f6;padding:8px 10px;border-radius:4px;overflow-x:auto;margin:6px 0;font-size:13px;white-space:pre-wrap;
overflow-wrap:anywhere}
.fix{background:#e8f5e9;border-left:4px solid #2e7d32;padding:8px 12px;margin-top:8px}
.source{font-size:12px;color:#555;margin-top:6px}
details summary{cursor:pointer}.apart{color:#444}
.none{font-size:18px;background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 3px #0002}
"""

_JS = """
(function(){
  var boxes=document.querySelectorAll('input[data-sev]'),q=document.getElementById('q');
  function apply(){
    var on={};boxes.forEach(function(b){on[b.dataset.sev]=b.checked});
    var text=(q.value||'').toLowerCase();
    document.querySelectorAll('section.cap').forEach(function(sec){
      var items=sec.querySelectorAll('.finding'),shown=0;
      if(!items.length)return;
      items.forEach(function(f){
        var ok=on[f.dataset.sev]&&(!text||f.textContent.toLowerCase().indexOf(text)>=0||sec.dataset.cap.indexOf(text)>=0);
        f.style.display=ok?'':'none';if(ok)shown++;
      });
      sec.style.display=shown?'':'none';
    });
  }
  boxes.forEach(function(b){b.addEventListener('change',apply)});q.addEventListener('input',apply);
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _prose(text: str) -> str:
    """Escaped text with `code` spans set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _sev(severity: str, n: int) -> str:
    label = SEVERITY_LABEL[severity]
    return label.one if n == 1 else label.many


def _headline(ov: Overview, command: str = "scan") -> str:
    if not ov.recognised:
        return (
            f'<div class="none" id="summary"><b>{nothing_recognised(command)}</b> bedrock-check found no use of the '
            "OpenAI API in what it read, so there is nothing to move and nothing it can vouch for.</div>"
        )
    caps = sum(ov.capabilities.values())
    split = "".join(
        f'<span style="color:{_COLORS[g]}"><b>{ov.capabilities[g]}</b> '
        f'{READINESS_LABEL[g].one if ov.capabilities[g] == 1 else READINESS_LABEL[g].many}</span>'
        for g in READINESS
    )
    return (
        '<div class="cards" id="summary">'
        f'<div class="card"><h2>Capabilities the code uses</h2><div class="big">{caps} '
        f'<span class="unit">{"capability" if caps == 1 else "capabilities"}</span></div>'
        f'<div class="split">{split}</div></div>'
        f'<div class="card"><h2>Places to change</h2><div class="big">{ov.places} '
        f'<span class="unit">{"place" if ov.places == 1 else "places"}</span></div>'
        f'<div class="split"><span style="color:{_COLORS["blocked"]}"><b>{ov.errors}</b> {_sev("error", ov.errors)}</span>'
        f'<span style="color:{_COLORS["check"]}"><b>{ov.warnings}</b> {_sev("warning", ov.warnings)}</span>'
        f'<span style="color:#1565c0"><b>{ov.notes}</b> {_sev("note", ov.notes)}</span>'
        f"<span>in <b>{ov.files_with_findings}</b> {'file' if ov.files_with_findings == 1 else 'files'}</span>"
        "</div></div></div>"
    )


def _work_table(title: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td class="mono">{_e(folder_label(p) if title == "Folders" else p)}</td>'
                   f'<td class="n">{n}</td></tr>' for p, n in rows)  # fmt: skip
    return f'<div class="card"><h2>{_e(title)}</h2><table><tr><th>Where</th><th>Places</th></tr>{body}</table></div>'


def _snippet(f: Finding) -> str:
    """The finding's line with its offending span marked (as text output underlines it)."""
    if f.mark is None:
        return _e(f.snippet)
    start, length = f.mark
    text = f.snippet
    return f"{_e(text[:start])}<mark>{_e(text[start : start + length])}</mark>{_e(text[start + length :])}"


def _folded(item: Folded) -> str:
    f = item.first
    places = list(item.places)
    times = f'<span class="times">× {item.count}</span>' if item.count > 1 else ""
    where = ", ".join(_e(p) for p in places[:SHOWN_PLACES])
    if len(places) > SHOWN_PLACES:
        rest = "<br>".join(_e(p) for p in places[SHOWN_PLACES:])
        where += f" <details><summary>and {len(places) - SHOWN_PLACES} more</summary>{rest}</details>"
    ctx = f" ({_e(f.context)})" if f.context else ""
    return (
        f'<div class="finding" data-sev="{_e(f.severity)}"><div class="loc">{times}{_e(f.severity)} · '
        f'<span class="mono">{where}</span>{ctx}</div><pre>{_snippet(f)}</pre><div>{_prose(split_later(f.message)[0])}</div></div>'
    )


def render_html(report: Report, *, components: tuple[tuple[str, str], ...] = (), **_: Any) -> str:
    """The report as one HTML page (`components`: `(component, glob)` rules over the conventions)."""
    from bedrock_check.report.text import summary_line

    ov = overview(report, components)
    body = [
        f"<header><h1>Amazon Bedrock readiness</h1><p>Target <b>{_e(report.target.model)}</b> in "
        f"<b>{_e(report.target.region)}</b> on <b>{_e(report.target.endpoint)}</b> as of "
        f"<b>{_e(report.target.date(report.matrix).isoformat())}</b> · capability matrix baseline "
        f"{_e(report.matrix.as_of.isoformat())} · "
        f"bedrock-check {_e(report.command)}</p>"
        + "".join(f'<p class="scope">Files under <b>{_e(shown)}</b>: <b>{_e(t.model)}</b> in <b>{_e(t.region)}</b> '
                  f"on <b>{_e(t.endpoint)}</b></p>" for shown, t in report.scopes)
        + "</header><main>",
        _headline(ov, report.command),
    ]
    if ov.top_files:
        scope = " in product code" if ov.work_component == "product" else ""
        split = " · ".join(f"{_e(component_label(c))}: {plural(n, 'place')}" for c, n in ov.component_places.items())
        body.append(f'<h2 class="comp">Where the work is{scope}</h2><p class="loc" id="components">{split}</p>'
                    '<div class="work">')  # fmt: skip
        body.append(_work_table("Files", ov.top_files) + _work_table("Folders", ov.top_folders))
        body.append("</div>")
    if ov.by_component:
        boxes = "".join(f'<label><input type="checkbox" data-sev="{s}" checked> {SEVERITY_LABEL[s].many}</label>'
                        for s in SEVERITY_ORDER)  # fmt: skip
        body.append(f'<div class="filters">{boxes}'
                    '<input type="search" id="q" placeholder="Filter by file, capability or text"></div>')  # fmt: skip
    else:
        body.append('<input type="search" id="q" hidden>')
    for comp, caps in ov.by_component.items():
        places = sum(item.count for items in caps.values() for item in items)
        label = component_label(comp)
        body.append(f'<h2 class="comp" id="component-{_e(comp)}">{_e(label)} · {plural(places, "place")}</h2>')
        for cap, items in caps.items():  # in the reports' capability order (report.labels)
            first = items[0].first
            worst = worst_severity(i.first.severity for i in items)
            count = sum(i.count for i in items)
            body.append(
                f'<section class="cap" data-cap="{_e(cap)}"><h3>{_e(capability_title(report.matrix, cap, first.title))} <code>{_e(cap)}</code>'
                f'<span class="badge {_e(worst)}">{plural(count, "place")}</span></h3>'
            )
            body += [_folded(i) for i in items]
            # A later fact once per capability, not under each of its places.
            for later in dict.fromkeys(split_later(i.first.message)[1] for i in items):
                if later:
                    body.append(f'<div class="fix"><b>Later:</b> {_prose(later)}</div>')
            # One line per distinct remedy: a model check's depends on the model's kind.
            for fix in dict.fromkeys(i.first.remediation for i in items):
                body.append(f'<div class="fix"><b>What to do instead:</b> {_prose(fix)}</div>')
            body.append(
                f'<div class="source">Source: {_e(first.source)} · <code>bedrock-check explain {_e(cap)}</code></div>'
                "</section>"
            )
    if ov.recognised and not ov.by_component:
        body.append('<div class="none">Nothing the code uses fails on the target.</div>')
    sections = diagnostic_sections(ov)
    if sections:
        body.append('<h2 class="comp apart" id="not-checked">Not checked</h2>')
    for section in sections:
        body.append(f'<details class="card apart" id="{section.anchor}"><summary>{_e(section.summary)}</summary><ul>')
        body += [f'<li><span class="mono">{_e(section.place(d))}</span>: {_e(d.message)}'
                 + (f" ({_e(d.kind)})" if section.with_kind else "") + "</li>" for d in section.items]  # fmt: skip
        body.append("</ul></details>")
    body.append(f'<p class="source" id="summary-line">{_prose(summary_line(report, components))}</p></main>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>bedrock-check: Amazon Bedrock readiness</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}<script>{_JS}</script></body></html>\n"
    )
