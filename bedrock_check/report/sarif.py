"""SARIF 2.1.0: one rule per capability, one result per finding.

Results carry precise regions (code-point columns), `partialFingerprints` so code
scanning keeps an alert across line moves, and `suppressions` for findings covered
by an inline comment, a config ignore or the baseline. Diagnostics become tool
execution notifications. The exit code is never encoded here: SARIF output does not
turn failures into success.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bedrock_check import __version__
from bedrock_check.findings import Diagnostic, Finding
from bedrock_check.matrix import Capability
from bedrock_check.report.model import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/bedrock-check/"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
_DEFAULT_LEVEL = {"not_available": "error", "conditional": "warning", "unverified": "warning", "available": "none"}


def _rule_name(cap: Capability) -> str:
    """A PascalCase name from the title (SARIF wants it distinct from the opaque id)."""
    name = "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", cap.title))
    return name if name.lower() != cap.id.replace("-", "") else name + "OnBedrock"


def _help_uri(report: Report, cap: Capability) -> str:
    source = report.matrix.source(cap.source.ref)
    if source and source.url:
        return source.url
    baseline = report.matrix.source("openai-bedrock-2026-06")
    return baseline.url if baseline and baseline.url else INFORMATION_URI


def _rule(report: Report, cap: Capability) -> dict[str, Any]:
    markdown = (
        f"**What it is**: {cap.docs.what}\n\n**Why it matters**: {cap.docs.why}\n\n"
        f"**Example**: `{cap.docs.example}`\n\n**What to do instead**: {cap.remediation}"
    )
    text = f"{cap.docs.what} {cap.docs.why} What to do instead: {cap.remediation}"
    return {
        "id": cap.id,
        "name": _rule_name(cap),
        "shortDescription": {"text": cap.title},
        "fullDescription": {"text": cap.message},
        "help": {"text": text, "markdown": markdown},
        "helpUri": _help_uri(report, cap),
        "defaultConfiguration": {"level": _DEFAULT_LEVEL[cap.bedrock], "enabled": True},
        "properties": {
            "tags": ["bedrock", "portability", cap.kind],
            "precision": "high" if cap.source.ref != "inferred" else "medium",
            "bedrockStatus": cap.bedrock,
            "openaiStatus": cap.openai,
        },
    }


def _uri(path: str) -> str:
    # Relative paths stay relative (resolved against the checkout by the viewer); any
    # character a URI cannot hold (spaces, newlines in hostile file names) is escaped.
    from urllib.parse import quote

    return quote(re.sub(r"^\./", "", path).replace("\\", "/"), safe="/@:+,;=-._~")


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.capability,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": f"{finding.message} What to do instead: {finding.remediation}"},
        "partialFingerprints": {"bedrockCheck/v1": finding.fingerprint},
        "properties": {"bedrockStatus": finding.status, "value": finding.value},
    }
    if finding.line > 0:
        region: dict[str, Any] = {
            "startLine": finding.line,
            "startColumn": max(finding.column, 1),
            "endLine": max(finding.end_line, finding.line),
            "endColumn": max(finding.end_column, 1),
        }
        if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
            region["endColumn"] = region["startColumn"] + 1
        if finding.snippet:
            region["snippet"] = {"text": finding.snippet}
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "SRCROOT"},
                    "region": region,
                }
            }
        ]
    if finding.context:
        result["properties"]["context"] = finding.context
    if finding.suppressed:
        kind = "inSource" if finding.suppressed.startswith(("inline", "ignore-file")) else "external"
        result["suppressions"] = [{"kind": kind, "status": "accepted", "justification": finding.suppressed}]
    return result


def _notification(d: Diagnostic) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "warning",
        "message": {"text": f"{d.path}: {d.message}"},
        "descriptor": {"id": d.kind},
    }
    if d.line:
        location = {"artifactLocation": {"uri": _uri(d.path), "uriBaseId": "SRCROOT"}, "region": {"startLine": d.line}}
        note["locations"] = [{"physicalLocation": location}]
    return note


def sarif_dict(report: Report) -> dict[str, Any]:
    """The report as a SARIF log object."""
    caps = list(report.matrix.capabilities)
    index = {c.id: i for i, c in enumerate(caps)}
    notifications = [_notification(d) for d in report.diagnostics]
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
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(report, c) for c in caps],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The directory bedrock-check ran in."}}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": [_result(f, index.get(f.capability, 0)) for f in report.sorted_findings()],
                "properties": {
                    "target": {"model": report.target.model, "region": report.target.region},
                    "matrixAsOf": report.matrix.as_of.isoformat(),
                },
            }
        ],
    }


def render_sarif(report: Report, **_: Any) -> str:
    """SARIF 2.1.0 JSON."""
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
