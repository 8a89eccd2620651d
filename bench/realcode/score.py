"""Score bedrock-check against the labelled real-code evaluation set.

usage: python bench/realcode/score.py DIR [--json OUT] [--cmd "bedrock-check"] [--repo owner/name ...]
       python bench/realcode/score.py DIR --check-labels

DIR is the folder ``materialise.py`` exported into. For each repository of
``repos.yaml`` that has a label file, the scanner runs over the WHOLE
repository (``CMD scan . --format json --exit-zero`` inside
``DIR/owner+name``, so cross-file resolution can work); only findings in
labelled files are kept. A label is found when a finding of the same
capability family (``model-id`` and ``model-availability`` are one family)
covers the label's line or lies within one line of it. Findings of severity
``note`` are ignored (migration steps, not blockers); an error or warning
finding in a labelled file that matches no label is a false alarm.

Printed: per capability family and overall the labels, labels found, findings,
false alarms, recall and precision, once counting error findings only, once
counting error and warning findings, and once for the **blockers**: the labels
whose capability the scanner's own matrix marks `not_available` or
`conditional` on Bedrock (``CMD matrix show --format json``; the ids that can
be an error at all, as `unverified` ones are warnings by design), counting
error findings; then every miss and every false alarm.
``--json OUT`` writes the same as data. ``--check-labels`` only checks the
label files against the exported trees (paths exist, lines within the file)
without scanning. Only the standard library and pyyaml are used; capability
ids the script does not know are scored like any other.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
LABELS_DIR = HERE / "labels"
REPOS_FILE = HERE / "repos.yaml"
# Capabilities scored as one: the same model string is reported either way.
FAMILY = {"model-id": "model-availability"}
TIERS = {"error": ("error",), "error+warning": ("error", "warning"), "blockers": ("error",)}
# Bedrock statuses whose default severity is error (design.md, "Statuses and severities").
BLOCKING_STATUSES = ("not_available", "conditional")


class ScoreError(Exception):
    """A problem that stops scoring; its text is the one-line message shown."""


@dataclass(frozen=True)
class Label:
    """One use a migration engineer must see: a capability at a line of a file."""

    repo: str
    path: str
    line: int
    cap: str
    note: str = ""


@dataclass(frozen=True)
class Hit:
    """One error or warning finding of the scanner in a labelled file."""

    repo: str
    path: str
    line: int
    end_line: int
    cap: str
    severity: str
    message: str


def family(cap: str) -> str:
    """The scoring family of a capability id (itself unless grouped)."""
    return FAMILY.get(cap, cap)


def load_yaml(path: Path) -> object:
    """Parse one YAML file safely, turning any failure into a ScoreError naming it."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScoreError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from exc


def load_commits() -> dict[str, str]:
    """Map owner/name to its pinned commit from ``repos.yaml``."""
    data = load_yaml(REPOS_FILE)
    repos = data.get("repos") if isinstance(data, dict) else None
    if not isinstance(repos, list):
        raise ScoreError(f"{REPOS_FILE}: expected a mapping with a 'repos' list")
    out: dict[str, str] = {}
    for i, entry in enumerate(repos):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("repo"), str)
            or not isinstance(entry.get("commit"), str)
        ):
            raise ScoreError(f"{REPOS_FILE}: repos[{i}] needs 'repo' and 'commit'")
        out[entry["repo"]] = entry["commit"]
    return out


def load_labels(path: Path) -> tuple[str, dict[str, list[Label]]]:
    """Read one label file; return its repo and {file path: labels} (clean files map to [])."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("repo"), str) or not isinstance(data.get("files"), list):
        raise ScoreError(f"{path}: expected a mapping with 'repo' (owner/name) and a 'files' list")
    repo = data["repo"]
    if path.name != repo.replace("/", "+") + ".yaml":
        raise ScoreError(f"{path}: file name does not match repo {repo} (expected {repo.replace('/', '+')}.yaml)")
    files: dict[str, list[Label]] = {}
    for i, entry in enumerate(data["files"]):
        where = f"{path}: files[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ScoreError(f"{where}: needs a 'path'")
        fpath = entry["path"].removeprefix("./")
        if fpath in files:
            raise ScoreError(f"{where}: {fpath} is labelled twice")
        expect = entry.get("expect")
        if not isinstance(expect, list):
            raise ScoreError(f"{where} ({fpath}): 'expect' must be a list ([] for a clean file)")
        labels = []
        for j, item in enumerate(expect):
            ok = isinstance(item, dict) and isinstance(item.get("cap"), str) and type(item.get("line")) is int
            if not ok or item["line"] < 1:
                raise ScoreError(f"{where} ({fpath}): expect[{j}] needs 'cap' (an id) and 'line' (1-based int)")
            labels.append(Label(repo, fpath, item["line"], item["cap"], str(item.get("note", ""))))
        files[fpath] = labels
    return repo, files


def load_all_labels(only: list[str]) -> dict[str, dict[str, list[Label]]]:
    """Every label file under ``labels/`` (optionally only some repos), checked against repos.yaml."""
    commits = load_commits()
    out: dict[str, dict[str, list[Label]]] = {}
    for path in sorted(LABELS_DIR.glob("*.yaml")):
        repo, files = load_labels(path)
        if repo not in commits:
            raise ScoreError(f"{path}: {repo} has no entry in {REPOS_FILE.name}")
        if not only or repo in only:
            out[repo] = files
    unknown = set(only) - set(out)
    if unknown:
        raise ScoreError(f"no label file for: {', '.join(sorted(unknown))}")
    return out


def repo_dir(root: Path, repo: str, commit: str) -> Path:
    """The exported tree of ``repo``, checked to be at the pinned commit."""
    dest, stamp = root / repo.replace("/", "+"), root / f"{repo.replace('/', '+')}.commit"
    if not dest.is_dir() or not stamp.is_file() or stamp.read_text().strip() != commit:
        raise ScoreError(f"{dest} is missing or not at {commit[:12]}; run materialise.py {root} first")
    return dest


def check_labels(root: Path, labels: dict[str, dict[str, list[Label]]]) -> list[str]:
    """Problems with labels against the exported trees: missing files, lines past the end."""
    commits = load_commits()
    problems = []
    for repo, files in labels.items():
        base = repo_dir(root, repo, commits[repo])
        for fpath, items in files.items():
            f = base / fpath
            if not f.is_file():
                problems.append(f"{repo}: {fpath}: no such file at the pinned commit")
                continue
            n = len(f.read_bytes().splitlines())
            problems += [f"{repo}: {fpath}:{lb.line}: past the end ({n} lines)" for lb in items if lb.line > n]
    return problems


def scan(cmd: list[str], base: Path, timeout: float) -> dict:
    """Run the scanner over one whole exported repository and return its JSON document."""
    try:
        proc = subprocess.run(
            [*cmd, "scan", ".", "--format", "json", "--exit-zero"],
            cwd=base,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScoreError(f"scanning {base} failed: {exc}") from exc
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        raise ScoreError(f"scanning {base} exited {proc.returncode}: {err[-1] if err else '(no message)'}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise ScoreError(f"scanning {base}: output is not JSON: {exc}") from exc


def norm_path(path: str, base: Path) -> str:
    """A finding's path relative to the repository root, whatever form the scanner printed."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(base.resolve())
        except ValueError:
            return path
    return p.as_posix().removeprefix("./")


def covers(hit: Hit, label: Label) -> bool:
    """True when the finding is of the label's family and its lines reach the label's line (+-1)."""
    end = max(hit.end_line, hit.line)
    return family(hit.cap) == family(label.cap) and hit.line - 1 <= label.line <= end + 1


def blocking_caps(cmd: list[str]) -> set[str] | None:
    """Capability ids the scanner's matrix gives a blocking status on Bedrock (None if it cannot say)."""
    try:
        proc = subprocess.run(
            [*cmd, "matrix", "show", "--format", "json"], capture_output=True, timeout=120, check=False
        )
        caps = json.loads(proc.stdout)["capabilities"]
        return {str(c["id"]) for c in caps if c.get("bedrock") in BLOCKING_STATUSES}
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
        return None


def score(
    labels: dict[str, dict[str, list[Label]]],
    hits: dict[str, dict[str, list[Hit]]],
    blockers: set[str] | None = None,
) -> dict:
    """Match labels to findings; return per-family and overall counts, misses and false alarms per tier.

    The ``blockers`` tier (only when ``blockers`` is given) keeps the labels of those
    capability ids and counts error findings; its false alarms are the error tier's.
    """
    result: dict = {"tiers": {}}
    for tier, severities in TIERS.items():
        if tier == "blockers" and blockers is None:
            continue
        fams: dict[str, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(("labels", "found", "findings", "false_alarms"), 0)
        )
        misses, false_alarms = [], []
        for repo, files in labels.items():
            for fpath, items in files.items():
                found = [h for h in hits.get(repo, {}).get(fpath, []) if h.severity in severities]
                for lb in items:
                    if tier == "blockers" and blockers is not None and lb.cap not in blockers:
                        continue
                    c = fams[family(lb.cap)]
                    c["labels"] += 1
                    if any(covers(h, lb) for h in found):
                        c["found"] += 1
                    else:
                        misses.append(asdict(lb))
                for h in found:
                    c = fams[family(h.cap)]
                    c["findings"] += 1
                    if not any(covers(h, lb) for lb in items):
                        c["false_alarms"] += 1
                        false_alarms.append(asdict(h))
        total = dict.fromkeys(("labels", "found", "findings", "false_alarms"), 0)
        for c in fams.values():
            for k in total:
                total[k] += c[k]
        result["tiers"][tier] = {
            "capabilities": {k: with_rates(v) for k, v in sorted(fams.items())},
            "overall": with_rates(total),
            "misses": misses,
            "false_alarms": false_alarms,
        }
    return result


def with_rates(c: dict[str, int]) -> dict:
    """Counts plus recall (labels found / labels) and precision (findings on a label / findings)."""
    recall = c["found"] / c["labels"] if c["labels"] else None
    precision = (c["findings"] - c["false_alarms"]) / c["findings"] if c["findings"] else None
    return {**c, "recall": recall, "precision": precision}


def fmt(x: float | None) -> str:
    """A rate for the table ('-' when undefined)."""
    return "    -" if x is None else f"{x:5.3f}"


def print_report(res: dict, n_files: int, n_clean: int, n_repos: int) -> None:
    """Print the tables, then every miss and every false alarm (error and warning findings)."""
    titles = {"blockers": "error findings, labels of blocking capabilities only"}
    n_labels = res["tiers"]["error"]["overall"]["labels"]
    print(
        f"real-code evaluation: {n_repos} repositories, {n_files} labelled files ({n_clean} clean), {n_labels} labels"
    )
    for tier, data in res["tiers"].items():
        print(f"\n== counting {titles.get(tier, tier + ' findings')}")
        print(f"{'capability':28}{'labels':>7}{'found':>7}{'findings':>9}{'false':>7}{'recall':>8}{'precision':>10}")
        rows = [*data["capabilities"].items(), ("OVERALL", data["overall"])]
        for name, c in rows:
            print(
                f"{name:28}{c['labels']:>7}{c['found']:>7}{c['findings']:>9}{c['false_alarms']:>7}"
                f"{fmt(c['recall']):>8}{fmt(c['precision']):>10}"
            )
    ew, err = res["tiers"]["error+warning"], res["tiers"]["error"]
    print(f"\n== misses (no error or warning finding): {len(ew['misses'])}")
    for m in ew["misses"]:
        print(f"MISS {m['repo']}:{m['path']}:{m['line']} {m['cap']}" + (f"  ({m['note']})" if m["note"] else ""))
    ew_keys = {(m["repo"], m["path"], m["line"], m["cap"]) for m in ew["misses"]}
    warn_only = [m for m in err["misses"] if (m["repo"], m["path"], m["line"], m["cap"]) not in ew_keys]
    print(f"\n== found only as a warning (a miss at error severity): {len(warn_only)}")
    for m in warn_only:
        print(f"WARN-ONLY {m['repo']}:{m['path']}:{m['line']} {m['cap']}")
    print(f"\n== false alarms (error or warning findings on no label): {len(ew['false_alarms'])}")
    for h in ew["false_alarms"]:
        print(f"FALSE {h['repo']}:{h['path']}:{h['line']} {h['cap']} {h['severity']}: {h['message']}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (2 on bad labels or a failed scan)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="folder materialise.py exported into")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    ap.add_argument("--cmd", default="bedrock-check", help='scanner command (default: "bedrock-check")')
    ap.add_argument("--repo", action="append", default=[], help="only this owner/name (repeatable)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per repository scan")
    ap.add_argument("--check-labels", action="store_true", help="only check labels against the exported trees")
    args = ap.parse_args(argv)
    root = Path(args.dir).resolve()
    try:
        labels = load_all_labels(args.repo)
        commits = load_commits()
        if args.check_labels:
            problems = check_labels(root, labels)
            for p in problems:
                print(p)
            n = sum(len(f) for f in labels.values())
            print(f"{n} labelled files in {len(labels)} repositories; {len(problems)} problems")
            return 1 if problems else 0
        cmd = shlex.split(args.cmd)
        hits: dict[str, dict[str, list[Hit]]] = {}
        runs, diagnostics = [], []
        for repo, files in labels.items():
            base = repo_dir(root, repo, commits[repo])
            t0 = time.monotonic()
            doc = scan(cmd, base, args.timeout)
            secs = time.monotonic() - t0
            per_file: dict[str, list[Hit]] = defaultdict(list)
            for f in doc.get("findings", []):
                path = norm_path(str(f.get("path", "")), base)
                if path in files and f.get("severity") in ("error", "warning") and not f.get("suppressed"):
                    end = f.get("end_line") or f.get("line") or 0
                    per_file[path].append(
                        Hit(
                            repo,
                            path,
                            int(f.get("line") or 0),
                            int(end),
                            str(f.get("capability")),
                            str(f["severity"]),
                            str(f.get("message", "")),
                        ),
                    )
            hits[repo] = per_file
            for d in doc.get("diagnostics", []):
                path = norm_path(str(d.get("path", "")), base)
                if path in files:
                    diagnostics.append({"repo": repo, "path": path, "kind": d.get("kind"), "message": d.get("message")})
            runs.append({"repo": repo, "commit": commits[repo], "files": len(files), "scan_seconds": round(secs, 2)})
            print(f"scanned {repo} in {secs:.1f} s", file=sys.stderr)
    except ScoreError as exc:
        print(f"score: error: {exc}", file=sys.stderr)
        return 2
    blockers = blocking_caps(cmd)
    if blockers is None:
        print("score: the scanner did not list its matrix; the blockers tier is left out", file=sys.stderr)
    res = score(labels, hits, blockers)
    n_files = sum(len(f) for f in labels.values())
    n_clean = sum(1 for f in labels.values() for items in f.values() if not items)
    print_report(res, n_files, n_clean, len(labels))
    if diagnostics:
        print(f"\n== diagnostics in labelled files: {len(diagnostics)}")
        for d in diagnostics:
            print(f"DIAG {d['repo']}:{d['path']} {d['kind']}: {d['message']}")
    if args.json:
        doc = {
            "command": args.cmd,
            "repos": runs,
            "files": n_files,
            "clean_files": n_clean,
            "diagnostics": diagnostics,
            **res,
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
