"""The fix command: scan, make the mechanical edits (or show them with --diff), list the rest."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, TextIO

import typer

from bedrock_check.cli.app import app
from bedrock_check.cli.common import _fail, check_paths_exist
from bedrock_check.cli.options import (
    AS_OF_OPT,
    CONFIG_OPT,
    ENDPOINT_OPT,
    EXCLUDE_OPT,
    FORCE_EXCLUDE_OPT,
    INCLUDE_OPT,
    MATRIX_OPT,
    MODEL_OPT,
    NO_CONFIG_OPT,
    QUIET_OPT,
    REGION_OPT,
)
from bedrock_check.errors import BedrockCheckError
from bedrock_check.findings import Finding
from bedrock_check.matrix import Matrix
from bedrock_check.report.labels import capability_order, plural, worst_severity


def _advice(finding: Finding, why: str) -> str:
    """What to do about a finding fix leaves: why it was left, else what to do instead (a
    migration step says it in its message, a blocker in its remediation)."""
    text = why or (finding.message if finding.severity == "note" else finding.remediation)
    # (An edit's refusal names its place, `app.py:12: ...`; the place is printed beside it already.)
    text = text.removeprefix(f"{finding.path}:{finding.line}:{finding.column}: ").removeprefix(f"{finding.path}:{finding.line}: ")
    return text.splitlines()[0] if text else ""


def _write_left(out: TextIO, left: list[tuple[Finding, str]], matrix: Matrix) -> None:
    """The findings left to a person, grouped by capability: the advice once when every
    place shares it, the places under it."""
    groups: dict[str, list[tuple[Finding, str]]] = {}
    # Each group's places in file and line order, as the scan's reports list them: the plan holds
    # them in the order the scan met them (the workers' files as they finished, and in a file the
    # defaults a constructor hands on to classes of other modules, one model id after another).
    for finding, why in sorted(left, key=lambda item: (item[0].path, item[0].line, item[0].column)):
        groups.setdefault(finding.capability, []).append((finding, why))
    # Blockers first, then checks, then migration steps: the reports' capability order.
    worst = {cap: worst_severity(f.severity for f, _ in items) for cap, items in groups.items()}
    for capability in capability_order(matrix, worst):
        items = groups[capability]
        severity = worst[capability]
        advice = {_advice(f, why) for f, why in items}
        out.write(f"  {severity:<7} {capability} ({plural(len(items), 'place')})\n")
        if len(advice) == 1:
            out.write(f"          {advice.pop()}\n")
        for finding, why in items:
            out.write(f"          {finding.path}:{finding.line}:{finding.column}\n")
            if len(advice) > 1:
                out.write(f"            {_advice(finding, why)}\n")


@app.command()
def fix(
    paths: Optional[list[str]] = typer.Argument(None, metavar="PATH", help="Files and directories to fix (default: .)."),
    diff: bool = typer.Option(False, "--diff", metavar="", help="Print the edits as a unified diff and write nothing."),
    allow_dirty: bool = typer.Option(False, "--allow-dirty", metavar="", help="Also edit files with uncommitted changes."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    include: Optional[list[str]] = INCLUDE_OPT,
    exclude: Optional[list[str]] = EXCLUDE_OPT,
    force_exclude: bool = FORCE_EXCLUDE_OPT,
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
    quiet: int = QUIET_OPT,
) -> None:
    """Make the mechanical migration edits (model ids, service tiers, client construction, .env settings); list the rest.

    Exit codes: 0 nothing left to change; 1 findings remain (with --diff: there are edits to make); 2 usage errors.
    """
    try:
        check_paths_exist(paths or [])
        from bedrock_check.cli.scan import scan_by_config
        from bedrock_check.fix import apply_plan, plan_fixes, read_source
        from bedrock_check.fix.values import fix_target

        # Each file with its nearest config file (its target, globs and ignores), as `scan`.
        report, s = scan_by_config(list(paths or ["."]), config, no_config, None, model=model, region=region,
                                   endpoint=endpoint, as_of=as_of, matrix=matrix, include=include, exclude=exclude,
                                   force_exclude=force_exclude)  # fmt: skip
        if s.ignore:
            from bedrock_check.gating.ignores import apply_ignores

            report = apply_ignores(report, s.ignore, s.origin.config)
        # The report's target (the endpoint may come from the code's own Bedrock client), or
        # the target of the folder a file is in (`targets:` in the config).
        from bedrock_check.fix.plan import FixPlan
        from bedrock_check.scopes import by_target

        plans = [plan_fixes(found, fix_target(report.matrix, target), read_source)
                 for target, found in by_target(report, report.findings).items()]  # fmt: skip
        plan = FixPlan([f for p in plans for f in p.files], [x for p in plans for x in p.left])
    except BedrockCheckError as exc:
        _fail(str(exc))
    out = sys.stdout
    changed = [f for f in plan.files if f.error is None and f.after is not None and f.after != f.before]
    if diff:
        from bedrock_check.fix.dotenv import mask_secret_lines

        for file in changed:
            out.write(mask_secret_lines(file.diff()) if file.kind == "dotenv" else file.diff())
        written, skipped = [], [(f.path, f.error) for f in plan.files if f.error]
    else:
        applied = apply_plan(plan, allow_dirty=allow_dirty)
        written, skipped = applied.written, applied.skipped
    fixed = [e for f in changed if f.path in written or diff for e in f.edits]
    for path, why in skipped:
        typer.echo(f"bedrock-check: left {path} unchanged: {why}", err=True)
    if plan.left and not quiet:  # (-q: the summary line alone; a diff asked for is still printed)
        out.write(f"\n{plural(len(plan.left), 'finding')} to change by hand:\n")
        _write_left(out, plan.left, report.matrix)
    verb = "would fix" if diff else "fixed"
    files = {e.path for e in fixed}
    if not quiet:
        out.write("\n")
    out.write(f"{verb.capitalize()} {plural(len(fixed), 'finding')} in {plural(len(files), 'file')}; "
              f"{len(plan.left)} left to change by hand.\n")  # fmt: skip
    if diff:
        raise typer.Exit(1 if changed else 0)
    raise typer.Exit(1 if plan.left or skipped else 0)
