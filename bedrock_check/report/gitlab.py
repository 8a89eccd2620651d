"""GitLab Code Quality (a subset of the Code Climate format) for the merge-request widget:
`artifacts: reports: codequality: gl-code-quality-report.json`.

One issue per active finding (suppressed and baselined findings are left out, as in
SARIF). Fingerprints come from the finding's own fingerprint (capability, path, value:
no line numbers), so an issue keeps its identity when code moves; repeated identical
findings in one file get an occurrence number so GitLab does not merge them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from bedrock_check.findings import checkout_path
from bedrock_check.report.model import Report

_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean(text: str) -> str:
    return _UNSAFE.sub("\ufffd", text)


def code_quality(report: Report) -> list[dict[str, Any]]:
    """The report as a list of Code Quality issues."""
    from bedrock_check.report.rules import public_doc_url

    seen: Counter[str] = Counter()
    issues = []
    for f in report.sorted_findings():
        if f.suppressed is not None:
            continue
        seen[f.fingerprint] += 1
        digest = hashlib.sha256(f"{f.fingerprint}:{seen[f.fingerprint]}".encode()).hexdigest()[:32]
        # Relative to the checkout (CI_PROJECT_DIR), as GitLab reads it, also from a sub-folder.
        path = re.sub(r"^\./", "", checkout_path(f.path, "CI_PROJECT_DIR")).replace("\\", "/")
        issue: dict[str, Any] = {
            "type": "issue",
            "check_name": f.capability,
            "description": _clean(f"{f.capability}: {f.message}"),
            "content": {"body": _clean(f"What to do instead: {f.remediation}\n\nMore: "
                                       f"{public_doc_url(f.capability) or f'`bedrock-check explain {f.capability}`'}")},
            "categories": ["Compatibility"],
            "severity": _SEVERITY[f.severity],
            "fingerprint": digest,
            "location": {"path": _clean(path), "lines": {"begin": max(f.line, 1)}},
        }
        if f.line > 0:
            issue["location"]["lines"]["end"] = max(f.end_line, f.line)
        issues.append(issue)
    return issues


def render_gitlab(report: Report, **_: Any) -> str:
    """Code Quality JSON (an array of issues)."""
    return json.dumps(code_quality(report), indent=2, ensure_ascii=False) + "\n"
