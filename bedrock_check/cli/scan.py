"""The scan and validate commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from bedrock_check.cli.app import app
from bedrock_check.cli.common import (
    ALSO_OPT,
    AS_OF_OPT,
    BASELINE_OPT,
    CHANGED_OPT,
    COLOR_OPT,
    COMPONENT_OPT,
    CONFIG_OPT,
    ENDPOINT_OPT,
    EXCLUDE_OPT,
    EXIT_ZERO_OPT,
    FAIL_ON_OPT,
    FORCE_EXCLUDE_OPT,
    FORMAT_OPT,
    INCLUDE_OPT,
    JOBS_OPT,
    MATRIX_OPT,
    MAX_SIZE_OPT,
    MODEL_OPT,
    NO_CONFIG_OPT,
    OUTPUT_OPT,
    QUIET_OPT,
    REGION_OPT,
    SHOW_SUPPRESSED_OPT,
    STATS_OPT,
    VERBOSE_OPT,
    ColorChoice,
    Settings,
    _fail,
    _finish,
    _Progress,
    _settings,
    check_paths_exist,
    config_start,
)
from bedrock_check.errors import BedrockCheckError, ConfigError


@app.command()
def validate(
    files: list[str] = typer.Argument(
        ..., metavar="PATH", help="Request files (JSON, JSON Lines, YAML), directories of them, or - for stdin."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: Optional[str] = FORMAT_OPT,
    fail_on: Optional[str] = FAIL_ON_OPT,
    output: Optional[str] = OUTPUT_OPT,
    also: Optional[list[str]] = ALSO_OPT,
    exit_zero: bool = EXIT_ZERO_OPT,
    baseline: Optional[str] = BASELINE_OPT,
    include_suppressed: bool = SHOW_SUPPRESSED_OPT,
    color: ColorChoice = COLOR_OPT,
    quiet: int = QUIET_OPT,
    verbose: int = VERBOSE_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Check request bodies against the matrix for the target model and Region."""
    try:
        s = _settings(config, no_config, config_start([f for f in files if f != "-"] or ["."]), model=model, region=region, endpoint=endpoint, as_of=as_of, matrix=matrix, format=format, fail_on=fail_on,
                      output=output, also=also, exit_zero=exit_zero, baseline=baseline, include_suppressed=include_suppressed)  # fmt: skip
        s.paths = list(files)
        from bedrock_check.scopes import resolve_scopes
        from bedrock_check.validator import validate_scoped

        # A missing input is one diagnostic in the report (exit 2 all the same): the rest is checked.
        checker = s.checker()
        scopes = resolve_scopes(s, s.origin.config, checker.matrix, checker.target, s.given)
        stdin = sys.stdin.buffer.read() if "-" in files else None
        report = validate_scoped(files, checker.matrix, checker.target, scopes, s.origin.config, stdin=stdin,
                                 engine=checker.engine, globs=s.origin.globs(s))  # fmt: skip
        s.color, s.verbosity = color.value, verbose - quiet
        _finish(report, s, unreadable_fails=True)
    except BedrockCheckError as exc:
        _fail(str(exc))


def _scan_report(paths: list[str] | None, s: Settings, jobs: int | None):
    """The scan, not yet gated (`_finish` gates it, as the library's Checker does); folders
    with a target of their own (`targets:` in the config) are scanned with it, unless the
    command line named the target (`s.given`)."""
    from bedrock_check.scanner import DEFAULT_MAX_FILE_SIZE, scan_paths
    from bedrock_check.scopes import resolve_scopes, scan_scoped

    checker = s.checker()
    scopes = resolve_scopes(s, s.origin.config, checker.matrix, checker.target, s.given)
    with _Progress() as progress:

        def one(part: list[str], scope, exclude: list[str]):
            return scan_paths(
                part, checker.matrix, scope.target if scope else checker.target, globs=s.origin.globs(s),
                exclude=exclude, force_exclude=s.force_exclude,
                max_file_size=s.max_file_size or DEFAULT_MAX_FILE_SIZE, jobs=jobs, progress=progress,
                engine=None if scope else checker.engine,
                endpoint_from_code=not (scope.endpoint_chosen if scope else s.endpoint is not None),
                region_from_code=not (scope.region_chosen if scope else s.region is not None),
                model_chosen=s.model is not None or scope is not None,
            )  # fmt: skip

        if not scopes:
            return one(paths or ["."], None, [])
        return scan_scoped(paths or ["."], scopes, checker.target, s.origin.config, one)


def _config_groups(paths: list[str]) -> list[list[str]]:
    """The paths grouped by their nearest config file, in the order given."""
    from bedrock_check.config_locate import find_config

    groups: dict[object, list[str]] = {}
    for path in paths:
        groups.setdefault(find_config(config_start([path])), []).append(path)
    return list(groups.values())


@app.command()
def scan(
    paths: Optional[list[str]] = typer.Argument(None, metavar="PATH", help="Files and directories to scan (default: .)."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: Optional[str] = FORMAT_OPT,
    fail_on: Optional[str] = FAIL_ON_OPT,
    output: Optional[str] = OUTPUT_OPT,
    also: Optional[list[str]] = ALSO_OPT,
    exit_zero: bool = EXIT_ZERO_OPT,
    baseline: Optional[str] = BASELINE_OPT,
    changed_since: Optional[str] = CHANGED_OPT,
    include: Optional[list[str]] = INCLUDE_OPT,
    exclude: Optional[list[str]] = EXCLUDE_OPT,
    force_exclude: bool = FORCE_EXCLUDE_OPT,
    max_file_size: Optional[int] = MAX_SIZE_OPT,
    jobs: Optional[int] = JOBS_OPT,
    stats: bool = STATS_OPT,
    include_suppressed: bool = SHOW_SUPPRESSED_OPT,
    component: Optional[list[str]] = COMPONENT_OPT,
    color: ColorChoice = COLOR_OPT,
    quiet: int = QUIET_OPT,
    verbose: int = VERBOSE_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Scan a repository for OpenAI API features that fail on Bedrock.

    Each path uses its nearest config file (`scan services/a services/b` from the root
    uses each service's own target, includes and ignores)."""
    try:
        check_paths_exist(paths or [])
        # Refused here as the config refuses them: -1 would skip every file and exit 0.
        if max_file_size is not None and max_file_size < 1:
            raise ConfigError(f"--max-file-size {max_file_size}: must be a number of bytes of at least 1")
        if jobs is not None and jobs < 1:
            raise ConfigError(f"--jobs {jobs}: must be at least 1")
        options = dict(model=model, region=region, endpoint=endpoint, as_of=as_of, matrix=matrix, format=format, fail_on=fail_on, output=output,
                       also=also, exit_zero=exit_zero, baseline=baseline, changed_since=changed_since,
                       include_suppressed=include_suppressed, include=include, exclude=exclude,
                       force_exclude=force_exclude, max_file_size=max_file_size)  # fmt: skip
        groups = _config_groups(paths or ["."]) if config is None and not no_config else [list(paths or ["."])]
        reports = []
        for group in groups:
            s = _settings(config, no_config, config_start(group), **options)
            s.paths = group
            part = _scan_report(group, s, jobs)
            if len(groups) > 1 and s.ignore:
                from bedrock_check.gating.ignores import apply_ignores

                part = apply_ignores(part, s.ignore, s.origin.config)
            reports.append(part)
        first = _settings(config, no_config, config_start(groups[0]), **options)
        first.paths = list(paths or ["."])
        if len(groups) > 1:
            first.ignore = []
        from bedrock_check.scopes import merge_reports

        report = merge_reports(reports)
        if stats:
            figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.stats.items())
            typer.echo(f"stats: {figures}", err=True)
        first.color, first.verbosity, first.components = color.value, verbose - quiet, list(component or [])
        _finish(report, first, unreadable_fails=False)
    except BedrockCheckError as exc:
        _fail(str(exc))
