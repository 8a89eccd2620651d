"""JSON rendering: the versioned output contract (see docs/json-output.md)."""

from __future__ import annotations

import json
from typing import Any

from bedrock_check import __version__
from bedrock_check.matrix.views import plain_record, target_dict
from bedrock_check.report.model import Report
from bedrock_check.report.overview import diagnostic_counts
from bedrock_check.targets import target_rows

#: Bumped only when a field changes meaning or disappears; adding fields keeps it.
OUTPUT_SCHEMA_VERSION = 1


def report_dict(report: Report) -> dict[str, Any]:
    """The report as the JSON contract's object."""
    counts = report.counts()
    return {
        "tool": "bedrock-check",
        "version": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "matrix": {
            "as_of": report.matrix.as_of.isoformat(),
            "latest": report.matrix.latest_date.isoformat(),
            "sources": [plain_record(s) for s in report.matrix.sources],
            "layers": list(report.matrix.layers),
        },
        "target": target_dict(report.matrix, report.target),
        "scoped_targets": [{"path": shown, **target_dict(report.matrix, t)} for shown, t in report.scopes],
        "targets": [r.to_dict() for r in target_rows(report)],
        "findings": [f.to_dict() for f in report.sorted_findings()],
        "diagnostics": [d.to_dict() for d in report.diagnostics],
        "summary": {
            "command": report.command,
            "inputs": report.inputs,
            "requests": report.requests,
            "skipped_by_provider": report.skipped_by_provider,
            "skipped_providers": dict(sorted(report.skipped_providers.items())),
            "skipped_test_doubles": report.skipped_test_doubles,
            "fixable": report.fixable,
            "findings": len(report.active),
            "suppressed": len(report.findings) - len(report.active),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "notes": counts["note"],
            "diagnostics": len(report.diagnostics),
            "diagnostic_groups": diagnostic_counts(report.diagnostics),
            "readiness": report.readiness(),
        },
    }


def render_json(report: Report, **_: Any) -> str:
    """The JSON contract, pretty-printed, with a trailing newline."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
