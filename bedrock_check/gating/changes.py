"""Diff-aware runs: keep only findings on lines changed since a git revision."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace

from bedrock_check.errors import ConfigError
from bedrock_check.report.model import Report

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--changed-since: cannot run git: {exc}") from None
    if proc.returncode != 0:
        lines = [x for x in proc.stderr.strip().splitlines() if not x.startswith(("usage:", "Use '--'"))]
        message = lines[0] if lines else f"git {args[0]} failed (exit {proc.returncode})"
        raise ConfigError(f"--changed-since: git says: {message}")
    return proc.stdout


def changed_lines(rev: str, cwd: str = ".") -> dict[str, set[int] | None]:
    """Absolute path -> changed line numbers since `rev` (None: the whole file is new)."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    except ConfigError:
        raise ConfigError("--changed-since needs a git repository; this directory is not in one") from None
    # No separate check of `rev`: git's own message ("unknown revision or path not in the
    # working tree") says what is wrong better than a paraphrase.
    changes: dict[str, set[int] | None] = {}
    current: str | None = None
    for line in _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", rev, "--"], top).splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.join(top, name[2:] if name.startswith("b/") else name)
            if current is not None:
                changes.setdefault(current, set())
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            bucket = changes[current]
            if bucket is not None:
                bucket.update(range(start, start + count))
    for name in _git(["ls-files", "--others", "--exclude-standard"], top).splitlines():
        changes[os.path.join(top, name)] = None
    return changes


def only_changed(report: Report, rev: str, cwd: str = ".") -> Report:
    """The report with findings outside the changed lines dropped."""
    changes = changed_lines(rev, cwd)
    kept = []
    for f in report.findings:
        if f.on_target:
            kept.append(f)
            continue
        lines = changes.get(os.path.abspath(os.path.join(cwd, f.path)), set())
        if lines is None or f.line in lines:
            kept.append(f)
    return replace(report, findings=tuple(kept))
