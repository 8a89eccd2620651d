"""Baselines: accept today's findings so CI fails only on new ones.

A baseline lists fingerprints (capability + path + normalised value; no line numbers,
no timestamps), with a count when the same value appears more than once in a file.
Entries are sorted, so regenerating an unchanged baseline changes no byte.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from bedrock_check.errors import ConfigError
from bedrock_check.findings import Finding, Suppression
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import SuppressionKind

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".bedrock-check-baseline.json"


#: The keys of a baseline entry besides its count.
_ENTRY_KEYS: tuple[str, ...] = ("path", "capability", "fingerprint", "value")


def _key(f: Finding) -> tuple[str, str, str, str]:
    return (f.path, f.capability, f.fingerprint, f.value)


def baseline_dict(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, Any]:
    """The baseline for these findings (suppressed ones are not part of it)."""
    counts = Counter(_key(f) for f in findings if f.suppressed is None or f.suppressed.kind is SuppressionKind.BASELINE)
    entries = []
    for (path, cap, fp, value), n in sorted(counts.items()):
        entry: dict[str, Any] = {"path": path, "capability": cap, "fingerprint": fp, "value": value}
        if n > 1:
            entry["count"] = n
        entries.append(entry)
    return {"tool": "bedrock-check", "baseline_version": BASELINE_VERSION, "findings": entries}


def render_baseline(data: dict[str, Any]) -> str:
    """Stable text for a baseline file."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_baseline(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a baseline file; ConfigError (exit 2) when it cannot be used."""
    from bedrock_check.readfile import read_text

    try:
        data = json.loads(read_text(path))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: baseline file not found (create one with `bedrock-check baseline create`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not UTF-8 text (bad byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}: baseline is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:  # a >4,300-digit integer, nesting too deep
        raise ConfigError(f"{path}: baseline cannot be read: {str(exc).splitlines()[0][:200]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a bedrock-check baseline (no `findings` list)")
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"{path}: findings[{i}]: each entry needs a `fingerprint`")
        for key in ("path", "capability", "value"):
            if key in entry and not isinstance(entry[key], str):
                raise ConfigError(f"{path}: findings[{i}].{key}: expected a string")
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            shown = "NaN" if isinstance(count, float) and math.isnan(count) else json.dumps(count)[:40]
            raise ConfigError(f"{path}: findings[{i}].count: expected a whole number of at least 1, not {shown}")
    return data["findings"]


def apply_baseline(report: Report, entries: list[dict[str, Any]]) -> Report:
    """Mark findings that the baseline knows (they stay listed, as known, and stop counting
    toward the exit code) and collect the entries that no longer match any finding."""
    budget: Counter[str] = Counter()
    for entry in entries:
        budget[entry["fingerprint"]] += int(entry.get("count", 1))
    findings = []
    for f in report.findings:
        if f.suppressed is None and budget[f.fingerprint] > 0:
            budget[f.fingerprint] -= 1
            f = replace(f, suppressed=Suppression(SuppressionKind.BASELINE, "known finding"))
        findings.append(f)
    stale = []
    for entry in entries:
        left = budget.get(entry["fingerprint"], 0)
        if left > 0:
            stale.append({k: entry[k] for k in _ENTRY_KEYS if k in entry})
            budget[entry["fingerprint"]] = max(0, left - int(entry.get("count", 1)))
    return replace(report, findings=tuple(findings), stale=tuple(stale))


def _in_scope(entry_path: str, scope: list[str]) -> bool:
    """Whether a finding path (as reports show it, relative to the current folder) lies
    under one of the scanned paths."""
    where = os.path.abspath(entry_path)
    for p in scope:
        top = os.path.abspath(p)
        if where == top or where.startswith(top.rstrip(os.sep) + os.sep):
            return True
    return False


def pruned(
    entries: list[dict[str, Any]], report: Report, scope: list[str] | None = None
) -> tuple[dict[str, Any], int]:
    """The baseline with stale entries dropped (and counts lowered to what still matches),
    and how many entries lay outside `scope` (the scanned paths) and were kept untouched:
    a scan of one folder says nothing about findings elsewhere."""
    present = Counter(
        f.fingerprint for f in report.findings if f.suppressed is None or f.suppressed.kind is SuppressionKind.BASELINE
    )
    kept: list[dict[str, Any]] = []
    outside = 0
    for entry in entries:
        if scope is not None and not _in_scope(str(entry.get("path", "")), scope):
            outside += 1
            kept.append({k: entry[k] for k in ("path", "capability", "fingerprint", "value", "count") if k in entry})
            continue
        n = min(int(entry.get("count", 1)), present[entry["fingerprint"]])
        if n <= 0:
            continue
        present[entry["fingerprint"]] -= n
        new: dict[str, Any] = {k: entry[k] for k in _ENTRY_KEYS if k in entry}
        if n > 1:
            new["count"] = n
        kept.append(new)
    kept.sort(key=lambda e: (e.get("path", ""), e.get("capability", ""), e["fingerprint"], e.get("value", "")))
    return {"tool": "bedrock-check", "baseline_version": BASELINE_VERSION, "findings": kept}, outside


def in_scope(path: object, roots: list[str]) -> bool:
    """Whether a baseline entry's path lies inside what this run scanned."""
    if not isinstance(path, str):
        return False
    target = os.path.normpath(path)
    for root in roots:
        base = os.path.normpath(root)
        if base == "." or target == base or target.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False
