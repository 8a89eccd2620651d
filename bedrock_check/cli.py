"""The command line: parses options, calls the library, writes output, maps exit codes.

Nothing else in the package prints. Every expected failure is a BedrockCheckError,
shown as one line on stderr with exit code 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from bedrock_check import __version__
from bedrock_check.errors import BedrockCheckError

app = typer.Typer(
    name="bedrock-check",
    help="Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
matrix_app = typer.Typer(help="Show, validate, compare and export the capability matrix.", no_args_is_help=True)
baseline_app = typer.Typer(help="Accept today's findings so CI fails only on new ones.", no_args_is_help=True)
config_app = typer.Typer(help="The configuration file.", no_args_is_help=True)
app.add_typer(matrix_app, name="matrix")
app.add_typer(baseline_app, name="baseline")
app.add_typer(config_app, name="config")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    markdown = "markdown"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class MatrixFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    yaml = "yaml"


def _fail(message: str) -> NoReturn:
    typer.echo(f"bedrock-check: error: {message}", err=True)
    raise typer.Exit(2)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bedrock-check {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock."""


MODEL_OPT = typer.Option(
    None, "--model", "-m", help="Bedrock model id of the target (default: config, then the matrix)."
)
REGION_OPT = typer.Option(None, "--region", "-r", help="AWS Region of the target (default: config, then the matrix).")
MATRIX_OPT = typer.Option(None, "--matrix", help="Override layer over the shipped matrix (repeatable, in order).")
FORMAT_OPT = typer.Option(None, "--format", "-f", help="Output format (default: text).")
FAIL_ON_OPT = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1 (default: error).")
OUTPUT_OPT = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically) instead of stdout.")
ALSO_OPT = typer.Option(None, "--also", help="Also write FORMAT=PATH, e.g. --also sarif=results.sarif (repeatable).")
EXIT_ZERO_OPT = typer.Option(False, "--exit-zero", help="Exit 0 whatever is found (report-only runs).")
BASELINE_OPT = typer.Option(None, "--baseline", help="Known findings: only new ones count toward the exit code.")
CHANGED_OPT = typer.Option(None, "--changed-since", help="Only findings on lines changed since this git revision.")
CONFIG_OPT = typer.Option(None, "--config", help="Config file (default: .bedrock-check.yaml or pyproject.toml).")
NO_CONFIG_OPT = typer.Option(False, "--no-config", help="Ignore configuration files.")
INCLUDE_OPT = typer.Option(None, "--include", help="Only files matching this glob (repeatable).")
EXCLUDE_OPT = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable).")
MAX_SIZE_OPT = typer.Option(None, "--max-file-size", help="Skip files larger than this many bytes (default 4 MiB).")
JOBS_OPT = typer.Option(None, "--jobs", "-j", help="Worker processes (default: CPU count).")
STATS_OPT = typer.Option(False, "--stats", help="Print files seen, read, parsed and time to stderr.")


@dataclass
class Settings:
    """Command-line values merged over the config file, over the built-in defaults."""

    model: str | None = None
    region: str | None = None
    matrix: list[str] = field(default_factory=list)
    format: str = "text"
    fail_on: str = "error"
    output: str | None = None
    also: list[str] = field(default_factory=list)
    exit_zero: bool = False
    baseline: str | None = None
    changed_since: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 4 * 1024 * 1024
    ignore: list[Any] = field(default_factory=list)


def _settings(config: Optional[Path], no_config: bool, **cli: Any) -> Settings:
    """Merge: an option given on the command line wins, then the config file, then defaults."""
    settings = Settings()
    if not no_config:
        from bedrock_check.config_locate import find_config

        path = config or find_config()
        if path is not None:
            from bedrock_check.config import load_config, resolve_paths

            cfg, base = load_config(path)
            cfg = resolve_paths(cfg, base)
            for name in ("model", "region", "fail_on", "output", "baseline", "max_file_size", "format"):
                if getattr(cfg, name) is not None:
                    setattr(settings, name, getattr(cfg, name))
            settings.exit_zero = cfg.exit_zero
            settings.matrix, settings.also = list(cfg.matrix), list(cfg.also)
            settings.include, settings.exclude, settings.ignore = list(cfg.include), list(cfg.exclude), list(cfg.ignore)
        elif config is not None:
            _fail(f"{config}: config file not found")
    for name, value in cli.items():
        if isinstance(value, Enum):
            value = value.value
        if value is None or value is False or (isinstance(value, list) and not value):
            continue
        setattr(settings, name, [str(v) for v in value] if isinstance(value, list) else value)
    return settings


def _load(matrix_files: list[str] | None):
    from bedrock_check.matrix import load_matrix

    return load_matrix(*(matrix_files or []))


def _finish(report: Any, s: Settings, *, unreadable_fails: bool) -> NoReturn:
    """Apply ignores, baseline and diff filter; write every output; exit with the code."""
    from bedrock_check.output import parse_also, write_atomic

    if s.ignore:
        from bedrock_check.config import apply_ignores

        report = apply_ignores(report, s.ignore)
    if s.changed_since:
        from bedrock_check.changes import only_changed

        report = only_changed(report, s.changed_since)
    if s.baseline:
        from bedrock_check.baseline import apply_baseline, load_baseline

        report = apply_baseline(report, load_baseline(s.baseline))
    extra = parse_also(s.also)
    color = _color() and not s.output
    text = report.render(s.format, color=color)
    for fmt, path in extra:
        write_atomic(path, report.render(fmt))
    if s.output:
        write_atomic(s.output, text)
    else:
        sys.stdout.write(text)
    if report.stale:
        typer.echo(
            f"bedrock-check: {len(report.stale)} baseline entries no longer match a finding; "
            "`bedrock-check baseline update` prunes them",
            err=True,
        )
    code = report.exit_code(s.fail_on, unreadable_fails=unreadable_fails)
    raise typer.Exit(0 if s.exit_zero and code == 1 else code)


@app.command()
def validate(
    files: list[str] = typer.Argument(
        ..., help="Request files (JSON, JSON Lines, YAML), directories of them, or - for stdin."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: Optional[OutputFormat] = FORMAT_OPT,
    fail_on: Optional[FailOn] = FAIL_ON_OPT,
    output: Optional[str] = OUTPUT_OPT,
    also: Optional[list[str]] = ALSO_OPT,
    exit_zero: bool = EXIT_ZERO_OPT,
    baseline: Optional[str] = BASELINE_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Check request bodies against the matrix for the target model and Region."""
    try:
        s = _settings(config, no_config, model=model, region=region, matrix=matrix, format=format, fail_on=fail_on,
                      output=output, also=also, exit_zero=exit_zero, baseline=baseline)  # fmt: skip
        from bedrock_check.matrix import resolve_target
        from bedrock_check.validator import validate_paths

        mx = _load(s.matrix)
        stdin = sys.stdin.buffer.read() if "-" in files else None
        report = validate_paths(files, mx, resolve_target(mx, s.model, s.region), stdin=stdin)
        _finish(report, s, unreadable_fails=True)
    except BedrockCheckError as exc:
        _fail(str(exc))


def _scan_report(paths: list[str] | None, s: Settings, jobs: int | None):
    from bedrock_check.matrix import resolve_target
    from bedrock_check.scanner import scan_paths

    mx = _load(s.matrix)
    with _Progress() as progress:
        return scan_paths(
            paths or ["."], mx, resolve_target(mx, s.model, s.region), include=s.include, exclude=s.exclude,
            max_file_size=s.max_file_size, jobs=jobs, progress=progress,
        )  # fmt: skip


@app.command()
def scan(
    paths: Optional[list[str]] = typer.Argument(None, help="Files and directories to scan (default: .)."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: Optional[OutputFormat] = FORMAT_OPT,
    fail_on: Optional[FailOn] = FAIL_ON_OPT,
    output: Optional[str] = OUTPUT_OPT,
    also: Optional[list[str]] = ALSO_OPT,
    exit_zero: bool = EXIT_ZERO_OPT,
    baseline: Optional[str] = BASELINE_OPT,
    changed_since: Optional[str] = CHANGED_OPT,
    include: Optional[list[str]] = INCLUDE_OPT,
    exclude: Optional[list[str]] = EXCLUDE_OPT,
    max_file_size: Optional[int] = MAX_SIZE_OPT,
    jobs: Optional[int] = JOBS_OPT,
    stats: bool = STATS_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Scan a repository for OpenAI API features that fail on Bedrock."""
    try:
        s = _settings(config, no_config, model=model, region=region, matrix=matrix, format=format, fail_on=fail_on,
                      output=output, also=also, exit_zero=exit_zero, baseline=baseline, changed_since=changed_since,
                      include=include, exclude=exclude, max_file_size=max_file_size)  # fmt: skip
        report = _scan_report(paths, s, jobs)
        if stats:
            figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.stats.items())
            typer.echo(f"stats: {figures}", err=True)
        _finish(report, s, unreadable_fails=False)
    except BedrockCheckError as exc:
        _fail(str(exc))


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal (and not in CI)."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.start()
        task = self._bar.add_task("scanning", total=None)

        def update(done: int, total: int) -> None:
            self._bar.update(task, completed=done, total=total or None)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


# ----------------------------------------------------------------- baseline


@baseline_app.command("create")
def baseline_create(
    paths: Optional[list[str]] = typer.Argument(None, help="Files and directories to scan (default: .)."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", help="Baseline file (default: config, then .bedrock-check-baseline.json)."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Scan and record every current finding as known."""
    try:
        from bedrock_check.baseline import DEFAULT_BASELINE, baseline_dict, render_baseline
        from bedrock_check.config import apply_ignores
        from bedrock_check.output import write_atomic

        s = _settings(config, no_config, model=model, region=region, matrix=matrix)
        # Findings a config rule already accepts do not belong in the baseline.
        report = apply_ignores(_scan_report(paths, s, None), s.ignore)
        target = output or s.baseline or DEFAULT_BASELINE
        data = baseline_dict([f for f in report.findings if f.path != "(target)"])
        write_atomic(target, render_baseline(data))
        typer.echo(f"{target}: {len(data['findings'])} known findings recorded")
    except BedrockCheckError as exc:
        _fail(str(exc))


@baseline_app.command("update")
def baseline_update(
    paths: Optional[list[str]] = typer.Argument(None, help="Files and directories to scan (default: .)."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", help="Baseline file (default: config, then .bedrock-check-baseline.json)."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Drop baseline entries that no longer match a finding (new findings are not added)."""
    try:
        from bedrock_check.baseline import DEFAULT_BASELINE, apply_baseline, load_baseline, pruned, render_baseline
        from bedrock_check.output import write_atomic

        s = _settings(config, no_config, model=model, region=region, matrix=matrix)
        path = baseline or s.baseline or DEFAULT_BASELINE
        entries = load_baseline(path)
        report = apply_baseline(_scan_report(paths, s, None), entries)
        data = pruned(entries, report)
        write_atomic(path, render_baseline(data))
        typer.echo(f"{path}: {len(entries) - len(data['findings'])} stale entries pruned, {len(data['findings'])} kept")
    except BedrockCheckError as exc:
        _fail(str(exc))


# ----------------------------------------------------------------- explain, matrix, config


@app.command()
def explain(
    capability: str = typer.Argument(..., help="Capability id, e.g. web-search."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
) -> None:
    """Show a capability's status, source, docs and remediation."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix.views import explain_text

        mx = _load(matrix)
        try:
            cap = mx.capability(capability)
        except KeyError:
            known = ", ".join(c.id for c in mx.capabilities)
            _fail(f"unknown capability {capability!r}; known ids: {known}")
        typer.echo(explain_text(mx, cap, resolve_target(mx, model, region)), nl=False)
    except BedrockCheckError as exc:
        _fail(str(exc))


@matrix_app.command("show")
def matrix_show(
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Print the matrix: every capability's status on the OpenAI API and on Bedrock."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix.views import render_matrix

        mx = _load(matrix)
        out = render_matrix(mx, resolve_target(mx, model, region), format.value, color=_color())
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)


@matrix_app.command("validate")
def matrix_validate(file: Path = typer.Argument(..., help="A matrix or override layer.")) -> None:
    """Check a matrix file (or an override layer over the shipped matrix)."""
    try:
        from bedrock_check.matrix import validate_matrix_file

        mx = validate_matrix_file(file)
    except BedrockCheckError as exc:
        _fail(str(exc))
    typer.echo(f"{file}: valid ({len(mx.capabilities)} capabilities, {len(mx.models)} models, as of {mx.as_of})")


@matrix_app.command("schema")
def matrix_schema() -> None:
    """Print the JSON Schema of a matrix file."""
    import json

    from bedrock_check.matrix import matrix_json_schema

    typer.echo(json.dumps(matrix_json_schema(), indent=2))


@matrix_app.command("diff")
def matrix_diff(
    a: str = typer.Argument(..., help="A matrix or override layer ('shipped' for the shipped matrix)."),
    b: str = typer.Argument(..., help="Another matrix or override layer."),
    format: ProbeFormat = typer.Option("text", "--format", "-f", help="Output format."),
) -> None:
    """Show what changed between two matrices or layers (exit 1 when they differ)."""
    import json

    try:
        from bedrock_check.matrix.diff import describe, diff_matrices, load_any

        changes = diff_matrices(load_any(a), load_any(b))
    except BedrockCheckError as exc:
        _fail(str(exc))
    if format.value == "json":
        typer.echo(json.dumps(changes, indent=2, default=str))
    else:
        typer.echo("\n".join(describe(c) for c in changes) if changes else "no differences")
    raise typer.Exit(1 if changes else 0)


class ProbeFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def probe(
    region: Optional[str] = REGION_OPT,
    model: Optional[str] = MODEL_OPT,
    capability: Optional[list[str]] = typer.Option(
        None, "--capability", "-c", help="Only this capability (repeatable)."
    ),
    endpoint: Optional[str] = typer.Option(
        None, "--endpoint", help="Base URL (default: https://bedrock-mantle.REGION.api.aws/openai/v1)."
    ),
    matrix: Optional[list[str]] = MATRIX_OPT,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the requests that would be sent; send nothing."),
    max_requests: Optional[int] = typer.Option(
        None, "--max-requests", min=1, help="Send at most this many requests, retries included."
    ),
    timeout: float = typer.Option(30.0, "--timeout", min=1, help="Seconds to wait for each answer."),
    retries: int = typer.Option(
        3, "--retries", min=0, max=10, help="Retries for throttling, server errors and timeouts."
    ),
    format: ProbeFormat = typer.Option(ProbeFormat.text, "--format", "-f", help="Output format."),
    write_overrides: Optional[str] = typer.Option(
        None, "--write-overrides", help="Write what was observed as a matrix override layer."
    ),
    token_file: Optional[str] = typer.Option(None, "--token-file", help="Read the bearer token from this file."),
    profile: Optional[str] = typer.Option(None, "--profile", help="AWS profile for a short-term token."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each request to stderr (credentials redacted)."),
) -> None:
    """Check the matrix against the live service: send each capability's minimal request."""
    import json

    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.probe import Prober, check_endpoint, default_endpoint, plan_probes

        mx = _load(matrix)
        target = resolve_target(mx, model, region)
        base = endpoint or default_endpoint(target.region)
        check_endpoint(base)
        plans = plan_probes(mx, target, base, capability)
        plans_note = f" (at most {max_requests} requests)" if max_requests is not None else ""
        if dry_run:
            if format.value == "json":
                typer.echo(json.dumps([{"capability": p.capability, "url": p.url, "transport": p.transport,
                                        "expect": p.expect, "body": p.body} for p in plans], indent=2))  # fmt: skip
            else:
                for p in plans:
                    typer.echo(
                        f"{p.capability}: {'WebSocket' if p.transport == 'websocket' else 'POST'} {p.url}  expect {p.expect}"
                    )
                    typer.echo(f"  {json.dumps(p.body)}")
                typer.echo(f"{len(plans)} requests would be sent{plans_note}; nothing was sent")
            raise typer.Exit(0)
        from bedrock_check.credentials import resolve_token

        token = resolve_token(target.region, token_file=token_file, profile=profile)
        log = (lambda line: typer.echo(line, err=True)) if verbose else None
        prober = Prober(token.value, timeout=timeout, retries=retries, max_requests=max_requests, log=log)
        run = prober.run(plans, target, base)
        if write_overrides:
            import yaml

            from bedrock_check.output import write_atomic
            from bedrock_check.probe import overrides_layer

            write_atomic(write_overrides, yaml.safe_dump(overrides_layer(run), sort_keys=False))
    except BedrockCheckError as exc:
        _fail(str(exc))
    from bedrock_check.probe_views import render_probe

    typer.echo(render_probe(run, format.value, color=_color()), nl=False)
    if write_overrides:
        typer.echo(f"override layer written to {write_overrides}; use it with --matrix {write_overrides}", err=True)
    raise typer.Exit(1 if run.disagreements else 0)


@app.command()
def models(
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Responses endpoint base URL to list models from."),
    profile: Optional[str] = typer.Option(None, "--profile", help="AWS profile."),
    token_file: Optional[str] = typer.Option(None, "--token-file", help="Bearer token for the endpoint's model list."),
    no_endpoint: bool = typer.Option(False, "--no-endpoint", help="Only ask the control plane."),
    format: ProbeFormat = typer.Option(ProbeFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the OpenAI models Bedrock offers in a Region, side by side with the matrix."""
    import json

    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.models import bedrock_client, control_plane_models, endpoint_models, model_rows
        from bedrock_check.probe import default_endpoint

        mx = _load(matrix)
        target = resolve_target(mx, None, region)
        control = control_plane_models(bedrock_client(target.region, profile), target.region)
        listed = None
        if not no_endpoint:
            from bedrock_check.credentials import resolve_token

            token = resolve_token(target.region, token_file=token_file, profile=profile)
            listed = endpoint_models(endpoint or default_endpoint(target.region), token.value)
        rows = model_rows(mx, target.region, control, listed)
    except BedrockCheckError as exc:
        _fail(str(exc))
    if format.value == "json":
        typer.echo(json.dumps({"region": target.region, "models": [r.to_dict() for r in rows]}, indent=2))
        return
    mark = {True: "yes", False: "no", None: "-"}
    typer.echo(f"OpenAI models on Bedrock in {target.region}")
    typer.echo(f"{'model':32} {'matrix':22} {'control plane':14} {'access':14} endpoint")
    for r in rows:
        in_matrix = ", ".join(r.matrix_regions) if r.in_matrix else "not in matrix"
        typer.echo(f"{r.id:32} {in_matrix:22} {mark[r.control_plane]:14} {r.access or '-':14} {mark[r.endpoint]}")


@config_app.command("schema")
def config_schema_cmd() -> None:
    """Print the JSON Schema of the configuration."""
    import json

    from bedrock_check.config import config_schema

    typer.echo(json.dumps(config_schema(), indent=2))


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
