"""Targets scoped to folders of one config file: a monorepo whose `apps/voice` calls another
model, or runs in another Region, than the rest (`targets:` in `.bedrock-check.yaml`).

    model: openai.gpt-5.5
    region: us-east-2
    targets:
      - path: apps/voice/**
        model: openai.gpt-realtime
        region: us-west-2

Each scoped folder is scanned with its own target (the first entry whose folder holds a
file wins, as for ignore rules); the rest of the tree with the config's own target. The
parts are merged into one report that lists the target of each folder. A scope's model
and Region are checked against the matrix when the run starts: a typo is a one-line
error with a "did you mean", never a silent fall-back to the default target.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bedrock_check.engine.finding import on_line
from bedrock_check.errors import ConfigError
from bedrock_check.findings import Finding, display_path
from bedrock_check.matrix import Matrix, Target, resolve_target
from bedrock_check.quickclass import dataclass
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import unknown_word

if TYPE_CHECKING:
    from bedrock_check.config import Config

#: An AWS Region's shape: partition prefix, a compass direction, a number (`us-wst-2` is not one).
_REGION = re.compile(
    r"^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$"
)
_WILDCARD = re.compile(r"[*?\[]")
#: AWS Regions, only to suggest a spelling for a mistyped one (a new Region of the right
#: shape is accepted whether it is listed here or not).
_AWS_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
    "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-south-1", "ap-south-2", "ap-east-1", "ap-east-2",
    "me-south-1", "me-central-1", "il-central-1", "af-south-1", "us-gov-east-1", "us-gov-west-1",
)


@dataclass(frozen=True)
class Scope:
    """One folder and the target its files are checked against."""

    #: Position in the config's `targets:` list (the first matching entry wins).
    index: int
    #: The folder as the config writes it, and as reports show it.
    written: str
    folder: str
    shown: str
    target: Target
    #: Whether the target's endpoint and Region were chosen (by the entry, the config or the command
    #: line), not left to what the code's own Bedrock clients say.
    endpoint_chosen: bool = False
    region_chosen: bool = False
    #: The config file whose `targets:` entry this is (a file `extend` names, or the run's own).
    config_file: Path | None = None


@dataclass(frozen=True)
class Part:
    """Paths scanned with one target (`scope` None: the config's own), and the scoped
    folders inside them to leave to their own part."""

    scope: Scope | None
    paths: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def known_models(matrix: Matrix) -> set[str]:
    """Every model id the matrix knows (in-Region ids, per-endpoint ids, aliases)."""
    ids: set[str] = set()
    for m in matrix.models:
        ids.add(m.id)
        ids.update(m.aliases)
        for offer in m.offers:
            ids.update(offer.ids)
    return ids


def _known_regions(matrix: Matrix) -> set[str]:
    return {r for m in matrix.models for o in m.offers for r in o.regions if r != "*"}


def _check(where: str, key: str, value: str, known: set[str], ok: Callable[[str], bool], kind: str) -> None:
    if not ok(value):
        raise ConfigError(f"{where}: {key}: {unknown_word(kind, value, known)}")


def _folders(base: Path, written: str, where: str) -> list[Path]:
    """The folders a scope's path names (a wildcard may name several)."""
    if _WILDCARD.search(written):
        found = sorted(p for p in base.glob(written) if p.is_dir())
        if not found:
            raise ConfigError(f"{where}: path: {written!r} matches no folder under {base}")
        return found
    folder = base / written
    if not folder.is_dir():
        parent = folder.parent
        siblings = [str(Path(written).parent / p.name) if Path(written).parent != Path(".") else p.name
                    for p in (parent.iterdir() if parent.is_dir() else ()) if p.is_dir()]  # fmt: skip
        raise ConfigError(f"{where}: path: {unknown_word('folder', written, siblings)} (under {base})")
    return [folder]


def _shown(folder: Path) -> str:
    """A folder as reports show it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(folder)
    except ValueError:  # another drive
        return display_path(str(folder))
    return display_path(str(folder) if rel.startswith("..") else rel)


def resolve_scopes(config: Config, config_file: Path | None, matrix: Matrix, base: Target,
                   given: Iterable[str] = ()) -> list[Scope]:  # fmt: skip
    """The config's `targets:` as scopes, checked against the matrix; `given`: the target
    keys the command line set, which win over every scope. Raises ConfigError."""
    if not config.targets or config_file is None:
        return []
    given = set(given)
    models, regions = known_models(matrix), _known_regions(matrix) | set(_AWS_REGIONS)
    scopes: list[Scope] = []
    for i, entry in enumerate(config.targets):
        # An entry that came through `extend` names folders relative to the file declaring it.
        declared = entry.declared_in or config_file
        where = f"{declared}: targets[{i}]"
        if entry.model and "model" not in given:
            _check(where, "model", entry.model, models, models.__contains__, "model id")
        if entry.region and "region" not in given:
            _check(where, "region", entry.region, regions, lambda r: bool(_REGION.match(r)), "AWS Region")
        # A model nobody named is chosen for the scope's own endpoint and Region.
        model = base.model if "model" in given else (entry.model or (None if base.default_model else base.model))
        region = base.region if "region" in given else (entry.region or base.region)
        endpoint = base.endpoint if "endpoint" in given else (entry.endpoint or base.endpoint)
        target = resolve_target(matrix, model, region, endpoint, base.as_of)
        for folder in _folders(declared.parent, entry.path, where):
            absolute = os.path.abspath(folder)
            endpoint_chosen = "endpoint" in given or bool(entry.endpoint or config.endpoint)
            region_chosen = "region" in given or bool(entry.region or config.region)
            scopes.append(Scope(i, entry.path, absolute, _shown(folder), target, endpoint_chosen, region_chosen,
                                declared))  # fmt: skip
    return scopes


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def plan(paths: Iterable[str], scopes: list[Scope]) -> list[Part]:
    """The scan split by target: each path under the first scope that holds it (else the
    config's own target), with scoped folders inside a folder scanned as parts of their own."""
    parts: list[Part] = []
    work = list(paths)
    seen: set[str] = set()
    while work:
        path = work.pop(0)
        absolute = os.path.abspath(path)
        if absolute in seen:
            continue
        seen.add(absolute)
        owner = next((s for s in sorted(scopes, key=lambda s: s.index) if _inside(absolute, s.folder)), None)
        rank = owner.index if owner else len(scopes) + 1
        exclude: list[str] = []
        if os.path.isdir(path):
            for inner in scopes:
                if inner.index < rank and inner.folder != absolute and _inside(inner.folder, absolute):
                    rel = os.path.relpath(inner.folder, absolute).replace(os.sep, "/")
                    exclude.append(f"/{rel}/")
                    work.append(inner.shown)
        parts.append(Part(owner, (path,), tuple(exclude)))
    merged: dict[tuple[object, tuple[str, ...]], list[str]] = {}
    owners: dict[tuple[object, tuple[str, ...]], Scope | None] = {}
    for part in parts:
        key = (part.scope.folder if part.scope else None, part.exclude)
        merged.setdefault(key, []).extend(part.paths)
        owners[key] = part.scope
    return [Part(owners[key], tuple(p), key[1]) for key, p in merged.items()]


def _config_line(config_file: Path, scope: Scope, key: str) -> tuple[int, str] | None:
    """The line of the config file that sets `key` in this scope's entry (else its `path`)."""
    try:
        lines = config_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    start = re.compile(rf"^\s*(-\s*)?[\"']?path[\"']?\s*[:=]\s*[\"']?{re.escape(scope.written)}(/\*\*|/)?[\"']?\s*(#.*)?$")
    setting = re.compile(rf"^\s*(-\s*)?[\"']?{key}[\"']?\s*[:=]")
    for number, text in enumerate(lines, 1):
        if start.match(text):
            for offset, other in enumerate(lines[number : number + 6], number + 1):
                if re.match(r"^\s*-\s|^\s*\[", other):
                    break  # the next entry
                if setting.match(other):
                    return offset, other
            return number, text
    return None


def place_scope_findings(report: Report, scope: Scope, config_file: Path) -> Report:
    """Findings about a scope's target placed on the entry of `targets:` that chose it."""
    placed = []
    for f in report.findings:
        key = "region" if f.capability == "region-availability" else "model"
        spot = _config_line(config_file, scope, key) if f.on_target else None
        if spot is None:
            placed.append(f)
            continue
        line, text = spot
        placed.append(on_line(f, _shown(config_file), line, text))
    return dataclasses.replace(report, findings=tuple(placed))


def merge_reports(reports: list[Report]) -> Report:
    """One report from the reports of several parts of one run (the first one's target heads
    it); a finding about a target that two parts share, and an IAM step they share, are kept once."""
    if len(reports) == 1:
        return reports[0]
    head = reports[0]
    stats: dict[str, object] = {}
    for r in reports:
        for k, v in r.stats.items():
            prev = stats.get(k, 0)
            stats[k] = prev + v if isinstance(v, (int, float)) and isinstance(prev, (int, float)) else v
    from bedrock_check.engine.migrate import one_iam_step

    findings, seen = [], set()
    for f in (f for r in reports for f in r.findings):
        key = (f.capability, f.path, f.line, f.column, f.message) if f.on_target or f.line == 0 else None
        if key is not None and key in seen:
            continue
        seen.add(key)
        findings.append(f)
    findings = one_iam_step(findings)  # each part has its own; the grant is needed once
    scopes = tuple(dict.fromkeys(s for r in reports for s in r.scopes))
    return dataclasses.replace(
        head,
        findings=tuple(findings),
        diagnostics=tuple(d for r in reports for d in r.diagnostics),
        uses=tuple(u for r in reports for u in r.uses),
        inputs=sum(r.inputs for r in reports),
        requests=sum(r.requests for r in reports),
        skipped_providers=dict(sum((Counter(r.skipped_providers) for r in reports), Counter())),
        skipped_test_doubles=sum(r.skipped_test_doubles for r in reports),
        bedrock_endpoints=tuple(sorted({e for r in reports for e in r.bedrock_endpoints})),
        files=tuple(p for r in reports for p in r.files),
        scopes=scopes,
        stats=stats,
    )


def target_of(report: Report, path: str) -> Target:
    """The target a file of the report was checked against (its scope's, else the report's)."""
    for shown, target in report.scopes:
        if shown == "." or path == shown or path.startswith(shown.rstrip("/") + "/"):
            return target
    return report.target


def by_target(report: Report, findings: Iterable[Finding]) -> dict[Target, list[Finding]]:
    """Findings grouped by the target their file was checked against (for `fix`, which
    writes that target's model ids)."""
    groups: dict[Target, list[Finding]] = {}
    for f in findings:
        groups.setdefault(target_of(report, f.path), []).append(f)
    return groups


def scan_scoped(
    paths: list[str],
    scopes: list[Scope],
    base: Target,
    config_file: Path | None,
    scan: Callable[[list[str], Scope | None, list[str]], Report],
) -> Report:
    """Scan `paths` part by part: `scan(paths, scope or None for the config's own target,
    extra excludes)` is the caller's scan (the command line's or the library's, each with its own
    options). The merged report's target is `base`; `scopes` lists each scoped folder the
    run reached with its target, in the config's order."""
    reports = []
    for part in plan(paths, scopes):
        report = scan(list(part.paths), part.scope, list(part.exclude))
        if part.scope is not None:
            if (declared := part.scope.config_file or config_file) is not None:
                report = place_scope_findings(report, part.scope, declared)
            report = dataclasses.replace(report, scopes=((part.scope.shown, part.scope.target),))
        reports.append(report)
    merged = merge_reports(reports)
    order = {s.shown: s.index for s in scopes}
    return dataclasses.replace(merged, target=base, scopes=tuple(sorted(merged.scopes, key=lambda i: order.get(i[0], 0))))
