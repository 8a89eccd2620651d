"""The one home of what reports call things and the order they list them in.

Readiness groups and their labels, severity order and its labels, component labels,
capability display names, and the sort orders of findings and of capabilities. Every
renderer (text, JSON, SARIF, JUnit, GitHub, GitLab, Markdown, HTML) takes them from
here, so two formats of one run never disagree on a word or an order
(tests/test_report_order.py checks that they do not).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from bedrock_check.findings import SEVERITY_RANK

if TYPE_CHECKING:
    from bedrock_check.findings import Finding
    from bedrock_check.matrix import Matrix

# ------------------------------------------------------------------ words


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 place`, `2 places`, `3 baseline entries` (`many` for other irregular plurals)."""
    if n == 1:
        return f"{n} {word}"
    if many is not None:
        return f"{n} {many}"
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return f"{n} {word[:-1]}ies"
    return f"{n} {word}s"


# ------------------------------------------------------------------ severity

#: Severities worst first: the order every report lists them in.
SEVERITY_ORDER = ("error", "warning", "note")


class Label(NamedTuple):
    """A label in the forms a sentence needs: after 1, after any other number, as a title."""

    one: str
    many: str
    title: str

    def counted(self, n: int) -> str:
        """`3 need a check`, `1 works on Bedrock`."""
        return f"{n} {self.one if n == 1 else self.many}"


#: What a severity means for the move, as the readable reports' headlines and filters say it.
SEVERITY_LABEL = {
    "error": Label("blocking", "blocking", "Blocking"),
    "warning": Label("to check", "to check", "To check"),
    "note": Label("note", "notes", "Notes"),
}

# ------------------------------------------------------------------ readiness

#: Readiness groups in the order a reader wants them: worst first.
READINESS = ("blocked", "check", "works")
#: The group a capability falls in, by the worst severity of its findings ("ok": uses without findings).
GROUP_OF = {"error": "blocked", "warning": "check", "note": "works", "ok": "works"}
READINESS_LABEL = {
    "blocked": Label("blocked", "blocked", "Blocked"),
    "check": Label("needs a check", "need a check", "Needs a check"),
    "works": Label("works on Bedrock", "work on Bedrock", "Works on Bedrock"),
}

# ------------------------------------------------------------------ components

#: How many places a grouped row names before "and N more" (the HTML and Markdown reports).
SHOWN_PLACES = 5

#: Components in the order a reader wants them (see report.overview for how a path is placed).
COMPONENTS = ("product", "tests", "docs", "examples")
COMPONENT_LABEL = {"product": "Product code", "tests": "Tests", "docs": "Documentation", "examples": "Examples"}


def nothing_recognised(command: str) -> str:
    """What a report with no recognised use says: a scan reads code (calls), `validate` and
    the guard read request bodies (requests)."""
    return f"No OpenAI {'calls' if command == 'scan' else 'requests'} recognised."


def component_label(component: str) -> str:
    """A component's display name (a user-defined component is shown as named)."""
    return COMPONENT_LABEL.get(component, component)


# ------------------------------------------------------------------ capabilities


def capability_title(matrix: Matrix, cap_id: str, fallback: str = "") -> str:
    """A capability's display name: its matrix title (else `fallback`, else the id)."""
    for cap in matrix.capabilities:
        if cap.id == cap_id:
            return cap.title
    return fallback or cap_id


#: What a capability's Bedrock status means for a reader, as the grouped reports head a section.
STATUS_LABEL = {"available": "works", "conditional": "works with a condition", "not_available": "not available",
                "unverified": "not verified"}  # fmt: skip


def status_label(matrix: Matrix, cap_id: str, status: str) -> str:
    """A section's status words: a migration step (replace the client, raise the SDK pin, grant
    IAM) is a step of the move, not a feature Bedrock lacks."""
    for cap in matrix.capabilities:
        if cap.id == cap_id and cap.kind == "migration":
            return "a step of the move"
    return f"{STATUS_LABEL.get(status, status.replace('_', ' '))} on Bedrock"


def folder_label(folder: str) -> str:
    """A folder as the "where the work is" lists show it: the scanned top folder by name."""
    return "(top folder)" if folder in (".", "") else folder


def capability_order(matrix: Matrix, worst: dict[str, str]) -> list[str]:
    """Capability ids (keys of `worst`, id -> worst severity or "ok") worst first, then in
    matrix order: the order every grouped list (readiness, HTML and Markdown sections) uses."""
    position = {c.id: i for i, c in enumerate(matrix.capabilities)}
    return sorted(worst, key=lambda c: (-SEVERITY_RANK.get(worst[c], 0), position.get(c, len(position)), c))


def worst_severity(severities: Iterable[str]) -> str:
    """The worst of some severities ("ok" when there are none)."""
    return max(severities, key=lambda s: SEVERITY_RANK.get(s, 0), default="ok")


# ------------------------------------------------------------------ findings


def finding_key(f: Finding) -> tuple[str, int, int, str]:
    """The order every flat list of findings uses: file, line, column, capability."""
    return (f.path, f.line, f.column, f.capability)


__all__ = [
    "COMPONENTS",
    "COMPONENT_LABEL",
    "GROUP_OF",
    "READINESS",
    "READINESS_LABEL",
    "SEVERITY_LABEL",
    "SEVERITY_ORDER",
    "SEVERITY_RANK",
    "STATUS_LABEL",
    "Label",
    "capability_order",
    "capability_title",
    "component_label",
    "finding_key",
    "folder_label",
    "plural",
    "status_label",
    "worst_severity",
]  # fmt: skip
