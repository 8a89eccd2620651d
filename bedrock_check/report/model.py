"""The Report record: findings, diagnostics and uses of one run, with its target and matrix."""

from __future__ import annotations

from collections import Counter
from dataclasses import field
from typing import Any

from bedrock_check.findings import SEVERITY_RANK, Diagnostic, Finding, Use
from bedrock_check.matrix import Matrix, Target
from bedrock_check.quickclass import dataclass
from bedrock_check.report.labels import GROUP_OF, READINESS, capability_order, finding_key
from bedrock_check.vocabulary import DIAGNOSTIC_GROUPS, DiagnosticGroup


@dataclass(frozen=True)
class Report:
    """The result of a `validate` or `scan` run (also what the Python API returns)."""

    matrix: Matrix
    target: Target
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    uses: tuple[Use, ...] = ()
    #: How many inputs (files, stdin) were read, and how many requests they held.
    inputs: int = 0
    requests: int = 0
    #: Calls found that go to a provider other than OpenAI, Azure OpenAI or Bedrock (not checked),
    #: per provider id; and the calls on test doubles (mocks, which reach no API).
    skipped_providers: dict[str, int] = field(default_factory=dict)
    skipped_test_doubles: int = 0
    #: Active findings `bedrock-check fix` can resolve with an edit (set by the scan command).
    fixable: int = 0
    #: Per finding fingerprint, the edit `fix` would make (set by the CLI for SARIF `fixes`).
    changes: dict[str, Any] = field(default_factory=dict)
    #: The Bedrock endpoints the workload's own Bedrock clients name.
    bedrock_endpoints: tuple[str, ...] = ()
    #: Command name for the summary line ("validate" or "scan").
    command: str = "validate"
    #: Files that were read and checked (for per-file formats such as JUnit).
    files: tuple[str, ...] = ()
    #: Baseline entries that matched no finding (see `bedrock_check.gating.baseline`).
    stale: tuple[dict[str, Any], ...] = ()
    #: Folders checked against a target of their own (`targets:` in the config), and that target.
    scopes: tuple[tuple[str, Target], ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings not covered by a suppression or baseline."""
        return tuple(f for f in self.findings if f.suppressed is None)

    @property
    def skipped_by_provider(self) -> int:
        """How many calls went to providers other than OpenAI, Azure OpenAI or Bedrock."""
        return sum(self.skipped_providers.values())

    def counts(self) -> dict[str, int]:
        """Active findings per severity."""
        c = Counter(f.severity for f in self.active)
        return {"error": c["error"], "warning": c["warning"], "note": c["note"]}

    def readiness(self) -> dict[str, list[dict[str, Any]]]:
        """Every capability the workload uses, grouped as blocked / check / works (each group
        in the reports' capability order)."""
        worst: dict[str, str] = {}
        count: Counter[str] = Counter()
        for use in self.uses:
            worst.setdefault(use.capability, "ok")
            count[use.capability] += 1
        migration = {c.id for c in self.matrix.capabilities if c.kind == "migration"}
        for f in self.active:
            if f.capability in migration:
                continue  # steps of the move itself, not capabilities the workload uses
            prev = worst.get(f.capability, "ok")
            if SEVERITY_RANK[f.severity] > SEVERITY_RANK.get(prev, 0):
                worst[f.capability] = f.severity
            count[f.capability] += 1
        groups: dict[str, list[dict[str, Any]]] = {g: [] for g in READINESS}
        for cap_id in capability_order(self.matrix, worst):
            groups[GROUP_OF[worst[cap_id]]].append({"capability": cap_id, "count": count[cap_id]})
        return groups

    def exit_code(self, fail_on: str = "error", *, unreadable_fails: bool = True) -> int:
        """0 nothing at or above `fail_on`; 1 findings at or above it; 2 unreadable inputs
        (when `unreadable_fails`, as for `validate`)."""
        if unreadable_fails and any(DIAGNOSTIC_GROUPS.get(d.kind) is not DiagnosticGroup.NOT_FOLLOWED
                                    for d in self.diagnostics):  # fmt: skip
            return 2  # a value not followed in code is no input that could not be read
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in self.active) else 0

    def sorted_findings(self) -> list[Finding]:
        """Findings in the reports' order (file, line, column, capability)."""
        return sorted(self.findings, key=finding_key)

    def render(self, fmt: str = "text", **options: Any) -> str:
        """This report in any supported format."""
        from bedrock_check.report import renderer

        try:
            render = renderer(fmt)
        except KeyError:
            raise ValueError(f"unknown format {fmt!r}") from None
        return render(self, **options)
