"""The scan and validate commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from bedrock_check.cli.app import app
from bedrock_check.cli.common import Settings, _fail, _finish, _Progress, _settings, check_paths_exist, config_start
from bedrock_check.cli.options import (
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
)
from bedrock_check.errors import BedrockCheckError, ConfigError

if TYPE_CHECKING:
    from bedrock_check.globs import Globs
    from bedrock_check.report.model import Report


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
        options = dict(model=model, region=region, endpoint=endpoint, as_of=as_of, matrix=matrix, format=format,
                       fail_on=fail_on, output=output, also=also, exit_zero=exit_zero, baseline=baseline,
                       include_suppressed=include_suppressed)  # fmt: skip
        named = [f for f in files if f != "-"]
        # Each input with its nearest config file, as `scan` (stdin goes with the first).
        groups: list[tuple[list[str], tuple[Globs, ...]]] = (
            _config_groups(named) if named and config is None and not no_config else [(named, ())]
        )
        if "-" in files:
            groups[0] = (["-", *groups[0][0]], groups[0][1])
        from bedrock_check.scopes import merge_reports, resolve_scopes
        from bedrock_check.validator import validate_scoped

        stdin = sys.stdin.buffer.read() if "-" in files else None
        reports: list[Report] = []
        runs = [_settings(config, no_config, config_start([f for f in group if f != "-"] or ["."]), **options)
                for group, _ in groups]  # fmt: skip
        own = tuple(g for s in runs for g in _own_configs(s))
        for (group, skip), s in zip(groups, runs, strict=True):
            # A missing input is one diagnostic in the report (exit 2 all the same): the rest is checked.
            checker = s.checker()
            scopes = resolve_scopes(s, s.origin.config, checker.matrix, checker.target, s.given)
            part = validate_scoped(group, checker.matrix, checker.target, scopes, s.origin.config, stdin=stdin,
                                   engine=checker.engine, globs=(*s.origin.globs(s), *skip, *own))  # fmt: skip
            if len(groups) > 1 and s.ignore:
                from bedrock_check.gating.ignores import apply_ignores

                part = apply_ignores(part, s.ignore, s.origin.config)
            reports.append(_own_target(part, [f for f in group if f != "-"], reports[0] if reports else None))
        first = _settings(config, no_config, config_start([f for f in groups[0][0] if f != "-"] or ["."]), **options)
        first.paths = list(files)
        if len(groups) > 1:
            first.ignore = []
        first.color, first.verbosity = color.value, verbose - quiet
        _finish(merge_reports(reports), first, unreadable_fails=True)
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
                part, checker.matrix, scope.target if scope else checker.target,
                globs=(*s.origin.globs(s), *s.skip),
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


def _config_groups(paths: list[str]) -> list[tuple[list[str], tuple[Globs, ...]]]:
    """The paths grouped by their nearest config file, in the order given, as ruff reads its
    configs: a folder below a scanned folder that holds a config file of its own is scanned
    with that file (a path of its own, in its file's group) and left out of the folder
    above (the globs that go with each group)."""
    import os

    from bedrock_check.config_locate import find_config, nested_configs
    from bedrock_check.findings import display_path
    from bedrock_check.globs import Globs

    work = list(paths)
    seen: set[str] = set()
    groups: dict[object, list[str]] = {}
    skips: dict[object, list[Globs]] = {}
    while work:
        path = work.pop(0)
        if os.path.abspath(path) in seen:
            continue
        seen.add(os.path.abspath(path))
        key = find_config(config_start([path]))
        groups.setdefault(key, []).append(path)
        if not os.path.isdir(path):
            continue
        inner = nested_configs(path)
        if inner:
            # Left to their own config here; each is scanned as a path of its own.
            skips.setdefault(key, []).append(Globs(tuple(f"/{rel}/" for rel in inner), False, os.path.abspath(path)))
            work += [display_path(os.path.join(path, rel)) for rel in inner]
    return [(group, tuple(skips.get(key, ()))) for key, group in groups.items()]


def _own_configs(s: Settings) -> tuple[Globs, ...]:
    """The run's config file and those it extends, left out of the files read: a shared
    `bedrock-check.base.yaml` is settings, not a request or code (a pyproject.toml is
    still read for its `openai` pin)."""
    if s.origin.config is None:
        return ()
    from bedrock_check.config import config_files
    from bedrock_check.globs import Globs

    return tuple(Globs((f"/{f.name}",), False, str(f.parent), "config") for f in config_files(s.origin.config)
                 if f.name != "pyproject.toml")  # fmt: skip


def _own_target(part: Report, group: list[str], head: Report | None) -> Report:
    """A part of a run checked against another target than the run's first part (another
    config file's): its paths are listed with their target, as a `targets:` folder is, so
    reports say it and `fix` writes that target's model ids and Region there."""
    def key(t: object) -> tuple[object, ...]:  # whether the model was named does not change a verdict
        return (getattr(t, "model", None), getattr(t, "region", None), getattr(t, "endpoint", None),
                getattr(t, "as_of", None))  # fmt: skip

    if head is None or key(part.target) == key(head.target):
        return part
    import dataclasses

    from bedrock_check.findings import display_path

    own = tuple((display_path(p), part.target) for p in group if (display_path(p), part.target) not in part.scopes)
    return dataclasses.replace(part, scopes=(*part.scopes, *own))


def scan_by_config(paths: list[str] | None, config: Optional[Path], no_config: bool, jobs: int | None,
                   **options) -> tuple[Report, Settings]:  # fmt: skip
    """The scan of `paths` (`scan`, `fix`, `baseline`), each file with its nearest config file
    unless `--config` or `--no-config`; and the run's settings (the first group's). With
    several config files, each group's `ignore` rules are applied here (the run's are then
    empty); the rest of the gating is the caller's."""
    given = list(paths or ["."])
    groups = _config_groups(given) if config is None and not no_config else [(given, ())]
    reports: list[Report] = []
    runs = [_settings(config, no_config, config_start(group), **options) for group, _ in groups]
    own = tuple(g for s in runs for g in _own_configs(s))  # every group's config files, left out of all
    for (group, skip), s in zip(groups, runs, strict=True):
        s.paths, s.skip = group, (*skip, *own)
        part = _scan_report(group, s, jobs)
        if len(groups) > 1 and s.ignore:
            from bedrock_check.gating.ignores import apply_ignores

            part = apply_ignores(part, s.ignore, s.origin.config)
        reports.append(_own_target(part, group, reports[0] if reports else None))
    first = _settings(config, no_config, config_start(groups[0][0]), **options)
    first.paths = given
    if len(groups) > 1:
        first.ignore = []
    from bedrock_check.scopes import merge_reports

    return merge_reports(reports), first


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
        report, first = scan_by_config(paths, config, no_config, jobs, **options)
        if stats:
            figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.stats.items())
            typer.echo(f"stats: {figures}", err=True)
        first.color, first.verbosity, first.components = color.value, verbose - quiet, list(component or [])
        _finish(report, first, unreadable_fails=False)
    except BedrockCheckError as exc:
        _fail(str(exc))
