"""Config ignore rules: findings a team accepts, by path glob and/or capability, with a reason."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bedrock_check.errors import ConfigError
from bedrock_check.findings import Suppression
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import SuppressionKind

if TYPE_CHECKING:
    import pathspec

    from bedrock_check.config import IgnoreRule


def apply_ignores(report: Report, rules: list[IgnoreRule], where: object = None) -> Report:
    """Mark findings that a config ignore rule accepts (kept, with the rule's reason);
    `where`: the config file, which an error about a rule names."""
    if not rules:
        return report

    from bedrock_check.vocabulary import unknown_word

    known = {c.id for c in report.matrix.capabilities}
    for i, rule in enumerate(rules):
        if rule.capability is not None and rule.capability not in known:
            place = f"{where}: ignore[{i}].capability" if where else "config `ignore`"
            raise ConfigError(f"{place}: " + unknown_word("capability", rule.capability, known))
    from bedrock_check.globs import compile_globs
    from bedrock_check.redact import cut

    compiled = [(compile_globs([r.path], "config ignore path") if r.path else None, r) for r in rules]
    run_config = where if isinstance(where, Path) else None
    findings = []
    for f in report.findings:
        if f.suppressed is None:
            for spec, rule in compiled:
                if (rule.capability is None or rule.capability == f.capability) and (
                    spec is None or _matches(spec, f.path, rule.declared_in or run_config)
                ):
                    f = replace(f, suppressed=Suppression(SuppressionKind.CONFIG, cut(rule.reason, 300)))
                    break
        findings.append(f)
    return replace(report, findings=tuple(findings))


def _matches(spec: pathspec.PathSpec, path: str, declared_in: Path | None) -> bool:
    """Whether a finding's path matches a rule's glob, read (as ruff reads its globs) from
    the folder of the config file that declares the rule, whatever folder the run starts
    in; a file outside that folder is not matched. With no file known (a `Config` built in
    code), the path as the report shows it."""
    if declared_in is None or path.startswith("<"):  # pseudo-paths: `<target>`, `<stdin>`
        return bool(spec.match_file(path.removeprefix("./")))
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(declared_in.parent))
    except ValueError:  # another drive
        return False
    rel = rel.replace(os.sep, "/")
    return not (rel == ".." or rel.startswith("../")) and bool(spec.match_file(rel))
