"""The real-code evaluation scripts (bench/realcode): label files parse, matching follows the stated rules."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "bench" / "realcode"


def load(name: str):
    """Import a script of bench/realcode as a module."""
    spec = importlib.util.spec_from_file_location(f"realcode_{name}", ROOT / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


score = load("score")
materialise = load("materialise")


def test_every_label_file_parses_and_names_a_pinned_repo():
    labels = score.load_all_labels([])
    repos = {r["repo"] for r in materialise.load_repos()}
    assert labels, "no label files"
    assert set(labels) <= repos
    caps = {lb.cap for files in labels.values() for items in files.values() for lb in items}
    assert all(c == c.lower() and " " not in c for c in caps)


def test_matching_lines_families_and_false_alarms():
    L, H = score.Label, score.Hit
    labels = {
        "o/r": {
            "a.py": [L("o/r", "a.py", 10, "web-search"), L("o/r", "a.py", 20, "model-availability")],
            "clean.py": [],
        }
    }
    hits = {
        "o/r": {
            "a.py": [
                H("o/r", "a.py", 11, 11, "web-search", "error", ""),  # one line below: found
                H("o/r", "a.py", 18, 19, "model-id", "warning", ""),  # same family, range ends 1 line above
                H("o/r", "a.py", 10, 10, "file-search", "error", ""),  # right line, wrong capability
            ],
            "clean.py": [H("o/r", "clean.py", 3, 3, "unknown-new-cap", "warning", "")],
        }
    }
    res = score.score(labels, hits)
    err, both = res["tiers"]["error"], res["tiers"]["error+warning"]
    assert (err["overall"]["labels"], err["overall"]["found"], err["overall"]["false_alarms"]) == (2, 1, 1)
    assert [m["line"] for m in err["misses"]] == [20]
    assert (both["overall"]["found"], both["overall"]["findings"], both["overall"]["false_alarms"]) == (2, 4, 2)
    assert {h["cap"] for h in both["false_alarms"]} == {"file-search", "unknown-new-cap"}
    assert both["capabilities"]["model-availability"]["recall"] == 1.0


def test_blockers_tier_keeps_only_blocking_capabilities():
    L, H = score.Label, score.Hit
    labels = {
        "o/r": {
            "a.py": [
                L("o/r", "a.py", 10, "web-search"),
                L("o/r", "a.py", 20, "chat-completions"),
                L("o/r", "a.py", 30, "model-availability"),
            ]
        }
    }
    hits = {
        "o/r": {
            "a.py": [
                H("o/r", "a.py", 10, 10, "web-search", "error", ""),
                H("o/r", "a.py", 20, 20, "chat-completions", "warning", ""),
            ]
        }
    }
    res = score.score(labels, hits, {"web-search", "model-availability"})
    blk = res["tiers"]["blockers"]
    # chat-completions (unverified: a warning by design) is not counted; the model label is missed
    assert (blk["overall"]["labels"], blk["overall"]["found"]) == (2, 1)
    assert [m["line"] for m in blk["misses"]] == [30]
    assert res["tiers"]["error"]["overall"]["labels"] == 3
    assert "blockers" not in score.score(labels, hits)["tiers"]


def test_blocking_caps_come_from_the_scanners_matrix():
    caps = score.blocking_caps([sys.executable, "-m", "bedrock_check"])
    assert caps is not None
    assert {"web-search", "audio-input", "model-availability", "service-tiers"} <= caps
    assert not caps & {"chat-completions", "files-api", "conversation-state"}
    assert score.blocking_caps([sys.executable, "-c", "print('not json')"]) is None


def test_label_two_lines_away_is_a_miss():
    lb = score.Label("o/r", "a.py", 10, "web-search")
    assert not score.covers(score.Hit("o/r", "a.py", 12, 12, "web-search", "error", ""), lb)
    assert score.covers(score.Hit("o/r", "a.py", 5, 9, "web-search", "error", ""), lb)


def test_bad_label_file_is_one_line_error(tmp_path):
    bad = tmp_path / "o+r.yaml"
    bad.write_text("repo: o/r\nfiles:\n  - path: a.py\n    expect:\n      - {cap: web-search, line: zero}\n")
    with pytest.raises(score.ScoreError, match=r"o\+r.yaml: files\[0\] \(a.py\): expect\[0\]"):
        score.load_labels(bad)


def test_materialise_names_a_missing_mirror(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "materialise.py"), str(tmp_path / "out")],
        env={"MIRRORS": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "mirror for" in proc.stderr and "is missing" in proc.stderr
    assert "Traceback" not in proc.stderr
