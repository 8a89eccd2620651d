"""A baseline cannot be emptied or corrupted by accident: a mistyped path changes
nothing, `update` prunes only what it scanned, and a malformed baseline is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.capped import PLANTED, cli, one_line_error

#: Each test runs the command line in capped subprocesses: seconds each (run by .ci/run).
pytestmark = pytest.mark.slow


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for folder in ("src", "lib"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "app.py").write_text(PLANTED)
    proc = cli("baseline", "create", "--no-config", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return tmp_path


def _entries(repo: Path) -> list[str]:
    return [e["path"] for e in json.loads((repo / ".bedrock-check-baseline.json").read_text())["findings"]]


@pytest.mark.parametrize("command", ["create", "update"])
def test_a_path_that_does_not_exist_changes_nothing(repo: Path, command: str) -> None:
    before = (repo / ".bedrock-check-baseline.json").read_bytes()
    assert "srcc" in one_line_error(cli("baseline", command, "--no-config", "srcc", cwd=repo))
    assert (repo / ".bedrock-check-baseline.json").read_bytes() == before


def test_update_prunes_only_inside_what_it_scanned(repo: Path) -> None:
    assert _entries(repo) == ["lib/app.py", "src/app.py"]
    (repo / "src" / "app.py").write_text("x = 1\n")  # the src finding is gone
    proc = cli("baseline", "update", "--no-config", "src", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "1 stale entry pruned" in proc.stdout and "1 outside the scanned paths" in proc.stdout
    assert _entries(repo) == ["lib/app.py"]
    # an absolute path names the same files: nothing else is pruned
    proc = cli("baseline", "update", "--no-config", str(repo / "src"), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert _entries(repo) == ["lib/app.py"]


@pytest.mark.parametrize(
    "entry",
    [{"count": "abc"}, {"count": float("nan")}, {"count": 0}, {"count": [2]}, {"path": ["a"]}, {"path": 3},
     {"capability": {"x": 1}}],
)
def test_malformed_baseline_entries_are_one_line_errors(repo: Path, entry: dict) -> None:
    data = json.loads((repo / ".bedrock-check-baseline.json").read_text())
    data["findings"][0].update(entry)
    data["findings"].append({"fingerprint": "x", "path": "zzz"})
    (repo / "b.json").write_text(json.dumps(data))
    for args in (["scan", "--no-config", "--baseline", "b.json", "."], ["baseline", "update", "--no-config",
                 "--baseline", "b.json", "."]):  # fmt: skip
        assert "b.json" in one_line_error(cli(*args, cwd=repo))


def test_baseline_with_a_huge_integer_is_one_line(repo: Path) -> None:
    (repo / "b.json").write_text('{"findings": [{"fingerprint": "x", "count": ' + "9" * 5000 + "}]}")
    one_line_error(cli("scan", "--no-config", "--baseline", "b.json", ".", cwd=repo))
