"""The baseline commands: record today's findings, prune entries that no longer match."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from bedrock_check.cli.app import baseline_app
from bedrock_check.cli.common import _fail, _settings, config_start
from bedrock_check.cli.options import CONFIG_OPT, MATRIX_OPT, MODEL_OPT, NO_CONFIG_OPT, REGION_OPT
from bedrock_check.cli.scan import scan_by_config
from bedrock_check.errors import BedrockCheckError, ConfigError


@baseline_app.command("create")
def baseline_create(
    paths: Optional[list[str]] = typer.Argument(None, metavar="PATH", help="Files and directories to scan (default: .)."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Baseline file (default: config, then .bedrock-check-baseline.json)."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Scan and record every current finding as known."""
    try:
        from bedrock_check.gating.baseline import DEFAULT_BASELINE, baseline_dict, render_baseline
        from bedrock_check.gating.ignores import apply_ignores
        from bedrock_check.output import write_atomic

        s = _settings(config, no_config, config_start(paths), model=model, region=region, matrix=matrix)
        target = output or s.baseline or DEFAULT_BASELINE
        _baseline_checks(paths, target)
        # Findings a config rule already accepts do not belong in the baseline.
        report, run = scan_by_config(paths, config, no_config, None, model=model, region=region, matrix=matrix)
        report = apply_ignores(report, run.ignore, run.origin.config)
        data = baseline_dict([f for f in report.findings if not f.on_target])
        write_atomic(target, render_baseline(data))
        from bedrock_check.report.labels import plural

        typer.echo(f"{target}: {plural(len(data['findings']), 'known finding')} recorded")
        if not s.baseline:  # a scan reads the file only when told to: say how, once
            typer.echo(f"bedrock-check: `scan --baseline {target}`, or `baseline: {target}` in the config file, "
                       "makes only new findings count", err=True)  # fmt: skip
    except BedrockCheckError as exc:
        _fail(str(exc))


def _baseline_checks(paths: list[str] | None, target: str) -> None:
    """Before scanning: every path exists (a typo must not empty the baseline) and the
    baseline file is a writable place (a config's baseline was kept inside its repository
    when it was loaded)."""
    from bedrock_check.output import check_outputs

    for p in paths or ["."]:
        if not os.path.lexists(p):
            raise ConfigError(f"{p}: no such file or directory; the baseline was not changed")
    check_outputs([("baseline", target)], paths or [])


@baseline_app.command("update")
def baseline_update(
    paths: Optional[list[str]] = typer.Argument(None, metavar="PATH", help="Files and directories to scan (default: .)."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", metavar="FILE", help="Baseline file (default: config, then .bedrock-check-baseline.json)."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Drop baseline entries that no longer match a finding (new findings are not added)."""
    try:
        from bedrock_check.gating.baseline import (
            DEFAULT_BASELINE,
            apply_baseline,
            load_baseline,
            pruned,
            render_baseline,
        )
        from bedrock_check.output import write_atomic

        s = _settings(config, no_config, config_start(paths), model=model, region=region, matrix=matrix)
        path = baseline or s.baseline or DEFAULT_BASELINE
        _baseline_checks(paths, path)
        entries = load_baseline(path)
        report = apply_baseline(scan_by_config(paths, config, no_config, None, model=model, region=region,
                                               matrix=matrix)[0], entries)  # fmt: skip
        data, outside = pruned(entries, report, scope=paths or ["."])
        write_atomic(path, render_baseline(data))
        from bedrock_check.report.labels import plural

        note = f" ({outside} outside the scanned paths left as they were)" if outside else ""
        typer.echo(f"{path}: {plural(len(entries) - len(data['findings']), 'stale entry')} pruned, "
                   f"{len(data['findings'])} kept{note}")  # fmt: skip
    except BedrockCheckError as exc:
        _fail(str(exc))
