"""SARIF 2.1.0: one rule per capability, one result per finding.

Written for GitHub code scanning's ingestion rules (`Sarif.Multitool validate
--rule-kind "Sarif;Gh"`): every result has a location with a region; a finding with
no line in any file (a target named on the command line) is a tool execution
notification, not a result. Findings covered by an inline comment, a config ignore
or the baseline are left out, since code scanning would show them as open alerts;
`include_suppressed=True` keeps them, marked with `suppressions`. Results carry
`partialFingerprints` so code scanning keeps an alert across line moves.
Diagnostics are notifications too. The exit code is never encoded here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bedrock_check import __version__
from bedrock_check.findings import Diagnostic, Finding
from bedrock_check.matrix import Capability
from bedrock_check.matrix.views import target_dict
from bedrock_check.report.model import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
_DEFAULT_LEVEL = {"not_available": "error", "conditional": "warning", "unverified": "warning", "available": "none"}


def _rule_name(cap: Capability) -> str:
    """A PascalCase name from the title (SARIF wants it distinct from the opaque id)."""
    name = "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", cap.title))
    return name if name.lower() != cap.id.replace("-", "") else name + "OnBedrock"




def _information_uri() -> dict[str, str]:
    """The project's public home when its `[project.urls]` declares one, else the
    documentation that shipped with this copy (no made-up address)."""
    from bedrock_check.report.rules import packaged_page, project_urls

    urls = project_urls()
    for label in ("homepage", "documentation", "repository", "source"):
        if label in urls:
            return {"informationUri": urls[label]}
    page = packaged_page()
    return {"informationUri": page.as_uri()} if page else {}


def _inferred(report: Report, cap: Capability) -> bool:
    """Whether the capability's verdict is inferred (by the kind of source it cites, not its id)."""
    source = report.matrix.source(cap.source.ref)
    return source is not None and source.kind == "inferred"


def _rule(report: Report, cap: Capability) -> dict[str, Any]:
    markdown = (
        f"**What it is**: {cap.docs.what}\n\n**Why it matters**: {cap.docs.why}\n\n"
        f"**Example**: `{cap.docs.example}`\n\n**What to do instead**: {cap.remediation}"
    )
    text = f"{cap.docs.what} {cap.docs.why} What to do instead: {cap.remediation}"
    from bedrock_check.report.rules import rule_doc_url

    help_uri = rule_doc_url(cap.id)
    return {
        "id": cap.id,
        "name": _rule_name(cap),
        "shortDescription": {"text": cap.title},
        "fullDescription": {"text": cap.message},
        "help": {"text": text, "markdown": markdown},
        **({"helpUri": help_uri} if help_uri else {}),
        "defaultConfiguration": {"level": _DEFAULT_LEVEL[cap.bedrock], "enabled": True},
        "properties": {
            "tags": ["bedrock", "portability", cap.kind],
            "precision": "medium" if _inferred(report, cap) else "high",
            "bedrockStatus": cap.bedrock,
            "openaiStatus": cap.openai,
        },
    }


def _artifact(path: str) -> dict[str, Any]:
    """Relative paths stay relative to SRCROOT (the checkout); absolute ones become file
    URIs. Any character a URI cannot hold (spaces, newlines in hostile names) is escaped."""
    from urllib.parse import quote

    clean = re.sub(r"^\./", "", path).replace("\\", "/")
    try:  # an undecodable file name: percent-encode its original bytes
        raw = clean.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that came from no byte
        raw = clean.encode("utf-8", "surrogatepass")
    if clean.startswith("/"):
        return {"uri": "file://" + quote(raw, safe="/@:+,;=-._~")}
    return {"uri": quote(raw, safe="/@:+,;=-._~"), "uriBaseId": "SRCROOT"}


def _clean(text: str) -> str:
    """Text without characters JSON viewers cannot hold: C0/C1 controls other than tab and
    newline, and lone surrogates."""
    return _UNSAFE.sub("\ufffd", text)


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _fix(finding: Finding, change: Any) -> dict[str, Any]:
    """A SARIF `fix`: the one replacement `bedrock-check fix` would make for the finding."""
    region = {"startLine": change.line, "startColumn": change.column,
              "endLine": change.end_line, "endColumn": change.end_column}  # fmt: skip
    return {
        "description": {"text": f"{change.description} (bedrock-check fix)"},
        "artifactChanges": [{
            "artifactLocation": _artifact(finding.path),
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": change.text}}],
        }],
    }  # fmt: skip


def _result(finding: Finding, rule_index: int, change: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.capability,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": _clean(f"{finding.message} What to do instead: {finding.remediation}")},
        "partialFingerprints": {"bedrockCheck/v1": finding.fingerprint},
        "properties": {"bedrockStatus": finding.status, "value": _clean(finding.value)},
    }
    # A finding about a whole file (a value that could not be located) sits on its first line:
    # code scanning drops results without a region.
    line = max(finding.line, 1)
    region: dict[str, Any] = {"startLine": line, "startColumn": max(finding.column, 1)}
    if finding.line > 0:
        region["endLine"] = max(finding.end_line, finding.line)
        region["endColumn"] = max(finding.end_column, 1)
        if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
            region["endColumn"] = region["startColumn"] + 1
        if finding.snippet:
            region["snippet"] = {"text": _clean(finding.snippet)}
    result["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}]
    if finding.context:
        result["properties"]["context"] = _clean(finding.context)
    if change is not None:
        result["fixes"] = [_fix(finding, change)]
    if finding.suppressed:
        kind = "inSource" if finding.suppressed.in_source else "external"
        result["suppressions"] = [{"kind": kind, "status": "accepted", "justification": _clean(str(finding.suppressed))}]
    return result


def _located(finding: Finding) -> bool:
    """Whether the finding is about a place in a file (not the target given on the command line)."""
    return not finding.on_target and bool(finding.path)


def _target_notification(finding: Finding) -> dict[str, Any]:
    return {
        "level": _LEVEL[finding.severity],
        "message": {"text": _clean(f"{finding.message} What to do instead: {finding.remediation}")},
        "descriptor": {"id": finding.capability},
        "properties": {"target": _clean(finding.snippet)},
    }


def _notification(d: Diagnostic) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "warning",
        "message": {"text": _clean(f"{d.path}: {d.message}")},
        "descriptor": {"id": d.kind},
    }
    if d.line:
        location = {"artifactLocation": _artifact(d.path), "region": {"startLine": d.line}}
        note["locations"] = [{"physicalLocation": location}]
    return note


def sarif_dict(report: Report, *, include_suppressed: bool = False) -> dict[str, Any]:
    """The report as a SARIF log object (suppressed and baselined findings only when asked)."""
    caps = list(report.matrix.capabilities)
    index = {c.id: i for i, c in enumerate(caps)}
    shown = [f for f in report.sorted_findings() if include_suppressed or f.suppressed is None]
    notifications = [_target_notification(f) for f in shown if not _located(f)]
    notifications += [_notification(d) for d in report.diagnostics]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bedrock-check",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **_information_uri(),
                        "rules": [_rule(report, c) for c in caps],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The directory bedrock-check ran in."}}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": [
                    _result(f, index.get(f.capability, 0), report.changes.get(f.fingerprint))
                    for f in shown if _located(f)
                ],
                "properties": {
                    "target": target_dict(report.matrix, report.target),
                    "scopedTargets": [{"path": shown, **target_dict(report.matrix, t)} for shown, t in report.scopes],
                    "matrixAsOf": report.matrix.as_of.isoformat(),
                },
            }
        ],
    }


def render_sarif(report: Report, *, include_suppressed: bool = False, **_: Any) -> str:
    """SARIF 2.1.0 JSON."""
    return json.dumps(sarif_dict(report, include_suppressed=include_suppressed), indent=2, ensure_ascii=False) + "\n"
