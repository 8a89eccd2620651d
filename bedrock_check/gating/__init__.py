"""Gating: which findings count. Inline suppressions (`suppressions`), config ignore rules
(`ignores`), the baseline of known findings (`baseline`) and `--changed-since` (`changes`),
applied by `gate` in one order for the library and the command line alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bedrock_check.report.model import Report

if TYPE_CHECKING:
    from bedrock_check.checker import Origin
    from bedrock_check.config import Config


def gate(
    report: Report,
    config: Config | None,
    *,
    origin: Origin | None = None,
    changed_since: str | None = None,
    scope: list[str] | None = None,
    baseline: Callable[[str], list[dict[str, Any]]] | None = None,
) -> Report:
    """The one gating sequence, for the library and the command line alike: config ignores,
    `changed_since`, the baseline (stale entries kept only inside `scope`), and target
    findings placed on the config line that chose the target."""
    if config is not None and config.ignore:
        from bedrock_check.gating.ignores import apply_ignores

        report = apply_ignores(report, config.ignore, origin.config if origin else None)
    if changed_since:
        from bedrock_check.gating.changes import only_changed

        report = only_changed(report, changed_since, paths=scope or ["."])
    if config is not None and config.baseline:
        from bedrock_check.gating.baseline import apply_baseline, in_scope, load_baseline

        report = apply_baseline(report, (baseline or load_baseline)(config.baseline))
        if report.stale and scope:
            stale = tuple(e for e in report.stale if in_scope(e.get("path"), scope))
            report = dataclasses.replace(report, stale=stale)
    placed = origin.as_dict() if origin is not None else {}
    if placed:
        from bedrock_check.validator import place_target_findings

        report = place_target_findings(report, placed)
    return report
