"""HTML: one self-contained page (no network) with a readiness picture, findings grouped
by capability with their code and remediation, and filters by severity and text."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Any

from bedrock_check.findings import Finding
from bedrock_check.report.model import Report

_COLORS = {"works": "#2e7d32", "check": "#ed8b00", "blocked": "#c62828"}
_LABEL = {"works": "Works on Bedrock", "check": "Needs a check", "blocked": "Blocked"}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.85}
main{padding:24px 32px;max-width:1100px}
.summary{display:flex;gap:32px;align-items:center;background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 3px #0002}
.counts{display:flex;gap:16px}.count{text-align:center;min-width:110px}
.count b{display:block;font-size:32px}.legend span{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px}
.filters{margin:20px 0;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.filters input[type=search]{padding:6px 10px;border:1px solid #bbb;border-radius:4px;min-width:260px}
section.cap{background:#fff;border-radius:8px;margin:16px 0;padding:16px 20px;box-shadow:0 1px 3px #0002}
section.cap h2{font-size:17px;margin:0 0 8px}
.badge{font-size:12px;padding:2px 8px;border-radius:10px;color:#fff;margin-left:8px;vertical-align:middle}
.badge.error{background:#c62828}.badge.warning{background:#ed8b00}.badge.note{background:#1565c0}
.finding{border-top:1px solid #eee;padding:8px 0}.finding .loc{font-family:ui-monospace,monospace;font-size:13px;color:#555}
pre{background:#f3f4f6;padding:8px 10px;border-radius:4px;overflow-x:auto;margin:6px 0;font-size:13px}
.fix{background:#e8f5e9;border-left:4px solid #2e7d32;padding:8px 12px;margin-top:8px}
.source{font-size:12px;color:#666;margin-top:6px}.works-list li{margin:2px 0}
table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
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


def _picture(groups: dict[str, int]) -> str:
    """A ring of works / check / blocked, as inline SVG."""
    total = sum(groups.values()) or 1
    radius, width, circumference = 52, 22, 2 * 3.14159265 * 52
    parts, offset = [], 0.0
    for key in ("works", "check", "blocked"):
        length = circumference * groups[key] / total
        if groups[key]:
            parts.append(
                f'<circle r="{radius}" cx="70" cy="70" fill="none" stroke="{_COLORS[key]}" stroke-width="{width}" '
                f'stroke-dasharray="{length:.2f} {circumference - length:.2f}" stroke-dashoffset="{-offset:.2f}" '
                f'transform="rotate(-90 70 70)"><title>{_LABEL[key]}: {groups[key]}</title></circle>'
            )
        offset += length
    if not any(groups.values()):
        parts.append(f'<circle r="{radius}" cx="70" cy="70" fill="none" stroke="#ccc" stroke-width="{width}"/>')
    label = f'<text x="70" y="66" text-anchor="middle" font-size="22" font-weight="bold">{sum(groups.values())}</text>'
    label += '<text x="70" y="86" text-anchor="middle" font-size="11">capabilities</text>'
    return f'<svg width="140" height="140" viewBox="0 0 140 140" role="img" aria-label="readiness">{"".join(parts)}{label}</svg>'


def render_html(report: Report, **_: Any) -> str:
    """The report as one HTML page."""
    from bedrock_check.report.text import summary_line

    readiness = report.readiness()
    sizes = {k: len(v) for k, v in readiness.items()}
    titles = {c.id: c.title for c in report.matrix.capabilities}
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in report.sorted_findings():
        if f.suppressed is None:
            groups[f.capability].append(f)
    rank = {"error": 0, "warning": 1, "note": 2}
    order = sorted(groups, key=lambda c: (min(rank[f.severity] for f in groups[c]), c))
    body = [
        f"<header><h1>Amazon Bedrock readiness</h1><p>Target <b>{_e(report.target.model)}</b> in "
        f"<b>{_e(report.target.region)}</b> on <b>{_e(report.target.endpoint)}</b> as of "
        f"<b>{_e(report.target.date(report.matrix).isoformat())}</b> · capability matrix baseline "
        f"{_e(report.matrix.as_of.isoformat())} · "
        f"bedrock-check {report.command}</p></header><main>",
        '<div class="summary" id="summary">',
        _picture(sizes),
        '<div><div class="counts">',
    ]
    for key in ("blocked", "check", "works"):
        body.append(f'<div class="count" style="color:{_COLORS[key]}"><b>{sizes[key]}</b>{_LABEL[key]}</div>')
    body.append(f'</div><p id="summary-line">{_e(summary_line(report))}</p><table>')
    for key in ("blocked", "check", "works"):
        for row in readiness[key]:
            cap = row["capability"]
            body.append(
                f'<tr><td><span style="color:{_COLORS[key]}">●</span> {_e(_LABEL[key])}</td>'
                f"<td>{_e(titles.get(cap, cap))} <code>{_e(cap)}</code></td><td>{row['count']} use(s)</td></tr>"
            )
    body.append("</table></div></div>")
    body.append(
        '<div class="filters"><label><input type="checkbox" data-sev="error" checked> errors</label>'
        '<label><input type="checkbox" data-sev="warning" checked> warnings</label>'
        '<label><input type="checkbox" data-sev="note" checked> notes</label>'
        '<input type="search" id="q" placeholder="Filter by file, capability or text"></div>'
    )
    if not groups:
        body.append(
            '<section class="cap" data-cap=""><h2>No findings</h2><p>Nothing this workload uses fails on the target.</p></section>'
        )
    for cap in order:
        items = groups[cap]
        first = items[0]
        worst = min((f.severity for f in items), key=rank.__getitem__)
        body.append(
            f'<section class="cap" data-cap="{_e(cap)}"><h2>{_e(first.title)} <code>{_e(cap)}</code>'
            f'<span class="badge {worst}">{len(items)} × {worst}</span></h2>'
        )
        for f in items:
            loc = f"{f.path}:{f.line}:{f.column}" if f.line else f.path
            ctx = f" ({_e(f.context)})" if f.context else ""
            body.append(
                f'<div class="finding" data-sev="{f.severity}"><div class="loc">{_e(f.severity)} · {_e(loc)}{ctx}</div>'
                f"<pre>{_e(f.snippet)}</pre><div>{_prose(f.message)}</div></div>"
            )
        body.append(f'<div class="fix"><b>What to do instead:</b> {_prose(first.remediation)}</div>')
        body.append(f'<div class="source">Source: {_e(first.source)}</div></section>')
    if report.diagnostics:
        body.append('<section class="cap" data-cap="diagnostics"><h2>Could not read</h2><ul>')
        body += [f"<li><code>{_e(d.path)}</code>: {_e(d.message)}</li>" for d in report.diagnostics]
        body.append("</ul></section>")
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>bedrock-check: Amazon Bedrock readiness</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}<script>{_JS}</script></body></html>\n"
    )
