"""`validate`: check request bodies (files, directories of request files, stdin)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bedrock_check.engine import Engine
from bedrock_check.engine.finding import on_line, target_findings
from bedrock_check.findings import Diagnostic, Finding, RequestObservation, Use
from bedrock_check.inputs import expand_paths, read_input
from bedrock_check.matrix import Matrix, Target
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import CHECKED_PROVIDERS, DiagnosticKind

if TYPE_CHECKING:
    from bedrock_check.globs import Globs
    from bedrock_check.scopes import Scope


#: Which config key decides each kind of target finding, in order of preference.
_TARGET_KEYS = {"region-availability": ("region", "model")}


def _setting_line(path: Path, key: str) -> tuple[int, str] | None:
    """The line of a config file that sets `key` (YAML `key:` or TOML `key =` in [tool.bedrock-check])."""
    import re

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    toml = path.suffix == ".toml"
    in_table = not toml
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*{'=' if toml else ':'}")
    for number, text in enumerate(lines, 1):
        if toml and text.strip().startswith("["):
            in_table = text.strip() == "[tool.bedrock-check]"
        elif in_table and pattern.match(text):
            return number, text
    return None


def place_target_findings(report: Report, origin: dict[str, Path]) -> Report:
    """Target findings moved onto the config line that set the model or Region, so every
    format can point at a place (`origin` maps "model"/"region" to the file that set it)."""
    import dataclasses
    import os

    placed = []
    for f in report.findings:
        spot = None
        if f.on_target:
            for key in _TARGET_KEYS.get(f.capability, ("model", "region")):
                if key in origin and (found := _setting_line(origin[key], key)) is not None:
                    spot = (origin[key], *found)
                    break
        if spot is None:
            placed.append(f)
            continue
        file, line, text = spot
        try:
            shown = os.path.relpath(file)
        except ValueError:
            shown = str(file)
        shown = str(file) if shown.startswith("..") else shown
        placed.append(on_line(f, shown, line, text))
    return dataclasses.replace(report, findings=tuple(placed))


def validate_paths(
    paths: Iterable[str], matrix: Matrix, target: Target, *, stdin: bytes | None = None, engine: Engine | None = None,
    exclude: Iterable[str] = (), globs: Sequence[Globs] = (),
) -> Report:
    """Validate every request in these inputs ("-" reads `stdin`) and return the report
    (`engine`: one already compiled for this matrix and target; `exclude`: folders below a
    directory input to leave out, as `/rel/`; `globs`: the config's include and exclude, for
    the files found in a directory input)."""
    engine = engine if engine is not None else Engine(matrix, target)
    findings: list[Finding] = target_findings(engine)
    uses: list[Use] = []
    diagnostics: list[Diagnostic] = []
    inputs = requests = 0
    files: list[str] = []
    for raw in expand_paths(list(paths), skip=exclude, globs=globs):
        if isinstance(raw, Diagnostic):  # skipped inside a folder: a link out, a FIFO, a device
            diagnostics.append(raw)
            continue
        inputs += 1
        files.append("<stdin>" if raw == "-" else raw)
        # One input that breaks a reader or the engine is one diagnostic; the others go on.
        try:
            for item in read_input(raw, stdin):
                if isinstance(item, Diagnostic):
                    diagnostics.append(item)
                    continue
                if item.provider is not None and item.provider not in CHECKED_PROVIDERS:
                    continue  # a code file's call to another vendor: not a migration finding
                if isinstance(item, RequestObservation) and not item.fragment:
                    requests += 1
                result = engine.evaluate((item,))
                findings.extend(result.findings)
                uses.extend(result.uses)
        except RecursionError:
            diagnostics.append(Diagnostic(raw, DiagnosticKind.TOO_DEEP, "nested too deeply to check"))
        except MemoryError:
            diagnostics.append(Diagnostic(raw, DiagnosticKind.TOO_LARGE, "too large to check in the memory available"))
        except Exception as exc:
            message = f"bedrock-check failed on this input ({type(exc).__name__}); please report it"
            diagnostics.append(Diagnostic(raw, DiagnosticKind.INTERNAL_ERROR, message))
    return Report(
        matrix=matrix,
        target=target,
        findings=tuple(findings),
        diagnostics=tuple(diagnostics),
        uses=tuple(uses),
        inputs=inputs,
        requests=requests,
        command="validate",
        files=tuple(files),
    )


def validate_scoped(
    paths: Iterable[str], matrix: Matrix, target: Target, scopes: list[Scope], config_file: Path | None, *,
    stdin: bytes | None = None, engine: Engine | None = None, globs: Sequence[Globs] = (),
) -> Report:
    """`validate_paths` with the config's folder targets (`targets:`), as `scan` applies
    them: each request file is checked against the target of the first scope whose folder
    holds it, else `target`; a scope's failing target is placed on its config entry."""
    if not scopes:
        return validate_paths(paths, matrix, target, stdin=stdin, engine=engine, globs=globs)
    from bedrock_check.scopes import scan_scoped

    def one(part: list[str], scope: Scope | None, exclude: list[str]) -> Report:
        return validate_paths(part, matrix, scope.target if scope else target, stdin=stdin,
                              engine=None if scope else engine, exclude=exclude, globs=globs)  # fmt: skip

    return scan_scoped(list(paths), scopes, target, config_file, one)
