"""Shared pieces of the command line: settings merging, output and exit codes (the shared
option declarations are in `options.py`).

Nothing else in the package prints. Every expected failure is a BedrockCheckError,
shown as one line on stderr with exit code 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import field, fields
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from bedrock_check.checker import Checker, Origin
from bedrock_check.config import Config
from bedrock_check.gating import gate
from bedrock_check.quickclass import dataclass


def _fail(message: str) -> NoReturn:
    typer.echo(f"bedrock-check: error: {message}", err=True)
    raise typer.Exit(2)


def _color(choice: str = "auto") -> bool:
    """Whether to colour stdout: --color always/never wins; then NO_COLOR and FORCE_COLOR
    (https://no-color.org, https://force-color.org); then whether stdout is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


@dataclass
class Settings(Config):
    """A run's settings: the configuration schema's fields (`Config`: the config file's
    values with command-line values over them) and what only a run has."""

    changed_since: str | None = None
    include_suppressed: bool = False
    force_exclude: bool = False
    color: str = "auto"
    verbosity: int = 0
    components: list[str] = field(default_factory=list)
    #: What the run scanned (stale-baseline detection is limited to it; `--changed-since`
    #: diffs the repository that holds it; an output may not be one of its files).
    paths: list[str] = field(default_factory=list)
    #: Which config file set the target's model and Region.
    origin: Origin = field(default_factory=Origin)
    #: The target keys (model, region, endpoint) the command line set: they win over the
    #: config's folder targets (`targets:`) too.
    given: tuple[str, ...] = ()
    #: Folders below the scanned ones left to a config file of their own (`Globs`).
    skip: tuple[Any, ...] = ()

    def checker(self) -> Checker:
        """The library's checker for these settings (matrix, target, gating); a bad
        `--as-of` or `--endpoint` is a one-line error."""
        try:
            checker = Checker(self, origin=self.origin)
        except ValueError as exc:
            _fail(str(exc))
        _date_note(checker.matrix, checker.target.date(checker.matrix))
        return checker


_NOTED: set[str] = set()


def _date_note(matrix: Any, at: Any) -> None:
    """One line on stderr when the as-of date lies outside the matrix's facts: a verdict
    for a later date only assumes nothing changed since the newest fact, and before the
    baseline the capability verdicts are still the baseline's."""
    note = None
    if at > matrix.latest_date:
        note = (f"note: the matrix's newest fact is from {matrix.latest_date}; verdicts as of {at} assume nothing "
                "changed since (`bedrock-check probe` checks the live service)")
    elif at < matrix.as_of:
        note = (f"note: before the baseline ({matrix.as_of}) the matrix knows only which models Bedrock offered; "
                f"capability verdicts as of {at} are the baseline's")
    if note and note not in _NOTED:
        _NOTED.add(note)
        typer.echo(f"bedrock-check: {note}", err=True)


def config_start(paths: list[str] | None) -> str:
    """Where to look for the nearest config file: the scanned folder (or a file's folder)."""
    first = (paths or ["."])[0]
    return first if os.path.isdir(first) else (os.path.dirname(first) or ".")


def _settings(config: Optional[Path], no_config: bool, start: str = ".", **cli: Any) -> Settings:
    """Merge: an option given on the command line wins, then the config file (the one
    nearest `start`, from that folder up), then defaults."""
    from bedrock_check.config import settings_from

    given: dict[str, Any] = {}
    for name, value in cli.items():
        if isinstance(value, Enum):
            value = value.value
        if name in _CHOICES and value is not None:
            value = _choice(name, value)
        if value is None or value is False or (isinstance(value, list) and not value):
            continue
        given[name] = [str(v) for v in value] if isinstance(value, list) else value
    schema = {f.name for f in fields(Config)}
    if config is not None and not no_config and not config.exists():
        _fail(f"{config}: config file not found")
    cfg, origin = settings_from(None if no_config else config, search=not no_config, start=start,
                                overrides={k: v for k, v in given.items() if k in schema})  # fmt: skip
    run = {k: v for k, v in given.items() if k not in schema}
    chosen = tuple(k for k in ("model", "region", "endpoint") if k in given)
    return Settings(**{f.name: getattr(cfg, f.name) for f in fields(Config)}, origin=origin, given=chosen, **run)


def _formats() -> tuple[str, ...]:
    from bedrock_check.report import FORMATS

    return FORMATS


_CHOICES = {"format": _formats, "fail_on": lambda: ("error", "warning", "never")}


def _choice(name: str, value: str) -> str:
    """A --format or --fail-on value, or a one-line error in the tool's own words."""
    import difflib

    known = _CHOICES[name]()
    if value in known:
        return value
    close = difflib.get_close_matches(value, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    _fail(f"--{name.replace('_', '-')} {value!r} is not one of {', '.join(known)}{hint}")


def check_paths_exist(paths: list[str]) -> None:
    """A path that does not exist is a usage error (exit 2), not an empty, passing scan."""
    for path in paths:
        if path != "-" and not os.path.lexists(path):
            _fail(f"{path}: no such file or directory")


def _load(matrix_files: list[str] | None):
    from bedrock_check.matrix import load_matrix

    return load_matrix(*(matrix_files or []))


def _finish(report: Any, s: Settings, *, unreadable_fails: bool) -> NoReturn:
    """Gate the report as the library does (`bedrock_check.checker.gate`); write every
    output; exit with the code."""
    from bedrock_check.output import check_outputs, parse_also, write_atomic

    extra = parse_also(s.also)
    named = ([("--output", s.output)] if s.output else []) + [(f"--also {fmt}", p) for fmt, p in extra]
    check_outputs(named, [*s.paths, *(report.files if report.command == "validate" else ())])
    report = gate(report, s, origin=s.origin, changed_since=s.changed_since, scope=s.paths)
    if report.command == "scan" and report.active:  # nothing to fix: the fixer is not imported
        import dataclasses

        from bedrock_check.fix.plan import fixable
        from bedrock_check.fix.values import fix_target
        from bedrock_check.scopes import by_target

        # Each file's fixes are for the target it was checked against (a folder's own, under `targets:`).
        groups = [(fix_target(report.matrix, t), found) for t, found in by_target(report, report.active).items()]
        report = dataclasses.replace(report, fixable=sum(len(fixable(found, values)) for values, found in groups))
        if "sarif" in (s.format or "text", *(fmt for fmt, _ in parse_also(s.also))):
            from bedrock_check.fix.plan import read_source, single_changes

            changes = {k: v for values, found in groups for k, v in single_changes(found, values, read_source).items()}
            report = dataclasses.replace(report, changes=changes)
    color = _color(s.color) and (not s.output or s.color == "always")
    rules = []
    for value in s.components:
        name, sep, glob = value.partition("=")
        if not sep or not name or not glob:
            _fail(f"--component {value!r}: expected NAME=GLOB, e.g. tests=qa/**")
        rules.append((name, glob))
    options = {"include_suppressed": s.include_suppressed, "components": tuple(rules)}
    failed: list[str] = []

    def render(fmt: str, **kwargs: Any) -> str | None:
        # A renderer that breaks on one report loses that format only: every other
        # requested report is still written, then the run ends with one line (exit 2).
        try:
            return report.render(fmt, **kwargs)
        except Exception as exc:
            failed.append(f"{fmt} ({type(exc).__name__})")
            return None

    text = render(s.format or "text", color=color, verbosity=s.verbosity, **options)
    for fmt, path in extra:
        if (other := render(fmt, **options)) is not None:
            write_atomic(path, other)
    if text is not None:
        if s.output:
            write_atomic(s.output, text)
        else:
            sys.stdout.write(text)
    if failed:
        _fail(f"could not render the {', '.join(failed)} report; please report it (the other reports were written)")
    if report.stale:
        typer.echo(
            f"bedrock-check: {'1 baseline entry no longer matches' if len(report.stale) == 1 else f'{len(report.stale)} baseline entries no longer match'} a finding; "
            "`bedrock-check baseline update` prunes them",
            err=True,
        )
    code = report.exit_code(s.fail_on or "error", unreadable_fails=unreadable_fails)
    raise typer.Exit(0 if s.exit_zero and code == 1 else code)


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal (and not in CI)."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        from rich.console import Console
        from rich.progress import Progress

        bar = self._bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("scanning", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _target(mx: Any, model: str | None, region: str | None, endpoint: str | None = None, as_of: str | None = None) -> Any:
    """The target from the options, or a one-line error for a bad `--as-of` or `--endpoint`."""
    from bedrock_check.matrix import resolve_target

    try:
        target = resolve_target(mx, model, region, endpoint, as_of)
    except ValueError as exc:
        _fail(str(exc))
    _date_note(mx, target.date(mx))
    return target
