"""git metadata is hostile: a scanned tree's own `.git` must not run anything, nor lead
the scan out of the tree, nor make `--changed-since` diff the wrong repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hostile.capped import PLANTED, cli, one_line_error

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "core.hooksPath=/dev/null",
                    *args], cwd=cwd, check=True, capture_output=True)  # fmt: skip


def _repo(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q")
    (root / "app.py").write_text("x = 1\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "one")


def _arm(root: Path, marker: Path) -> None:
    """Point every program-naming setting of the repository at a script writing `marker`."""
    script = root.parent / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> {marker}\ncat\n")
    script.chmod(0o755)
    for key, value in {
        "core.fsmonitor": str(script), "core.pager": f"{script} pager", "diff.external": f"{script} external",
        "filter.evil.clean": f"{script} clean", "filter.evil.smudge": f"{script} smudge",
        "filter.evil.process": f"{script} process", "diff.evil.textconv": f"{script} textconv",
        "diff.evil.command": f"{script} command", "core.hooksPath": str(root.parent),
    }.items():  # fmt: skip
        _git(root, "config", key, value)
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    for hook in ("post-checkout", "pre-commit", "post-index-change", "fsmonitor-watchman"):
        (root / ".git" / "hooks" / hook).write_text(f"#!/bin/sh\necho hook >> {marker}\n")
        (root / ".git" / "hooks" / hook).chmod(0o755)


def test_repository_config_runs_nothing(tmp_path: Path) -> None:
    root, marker = tmp_path / "repo", tmp_path / "MARKER"
    _repo(root)
    _arm(root, marker)
    (root / "app.py").write_text(PLANTED)  # a tracked file changed: git must read the work tree
    (root / "new.py").write_text(PLANTED)
    assert not marker.exists()
    for extra in ([], ["--changed-since", "HEAD"]):
        proc = cli("scan", "--no-config", "--format", "json", *extra, "repo", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        found = sorted(f["path"] for f in json.loads(proc.stdout)["findings"])
        assert found == ["repo/app.py", "repo/new.py"], (extra, found)
        assert not marker.exists(), (extra, marker.read_text())


def test_repository_config_runs_nothing_when_scanning_from_inside(tmp_path: Path) -> None:
    root, marker = tmp_path / "repo", tmp_path / "MARKER"
    _repo(root)
    _arm(root, marker)
    (root / "app.py").write_text(PLANTED)
    proc = cli("scan", "--no-config", "--format", "json", "--changed-since", "HEAD~0", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["app.py"]
    assert not marker.exists(), marker.read_text()


def test_index_entry_under_a_symlinked_folder_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _repo(root)
    (root / "sub").mkdir()
    (root / "sub" / "inner.py").write_text("y = 2\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "two")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "inner.py").write_text(PLANTED)  # what the link leads to: must never be read
    shutil.rmtree(root / "sub")
    (root / "sub").symlink_to(outside)
    proc = cli("scan", "--no-config", "--format", "json", "repo", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert data["findings"] == [], data["findings"]
    assert {(d["path"], d["kind"]) for d in data["diagnostics"]} >= {("repo/sub/inner.py", "symlink")}


def test_changed_since_diffs_the_scanned_trees_own_repository(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    _repo(outer)
    inner = outer / "vendor" / "inner"
    _repo(inner)  # its own repository, inside another one
    (inner / "app.py").write_text("x = 1\n" + PLANTED)
    proc = cli("scan", "--no-config", "--format", "json", "--changed-since", "HEAD", "vendor/inner", cwd=outer)
    assert proc.returncode == 1, proc.stderr
    assert [(f["path"], f["line"]) for f in json.loads(proc.stdout)["findings"]] == [("vendor/inner/app.py", 2)]


def test_changed_since_on_a_tree_outside_any_repository_says_so(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    _repo(outer)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.py").write_text(PLANTED)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    proc = cli("scan", "--no-config", "--changed-since", "HEAD", str(plain), cwd=outer, env=env)
    assert "not in one" in one_line_error(proc) and str(plain) in proc.stderr


def test_changed_since_refuses_an_option_as_revision(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _repo(root)
    proc = cli("scan", "--no-config", "--changed-since=--output=../victim", ".", cwd=root)
    assert "not a revision" in one_line_error(proc)
    assert not (tmp_path / "victim").exists()


def test_git_is_not_pointed_at_another_repository_by_the_environment(tmp_path: Path) -> None:
    root, other = tmp_path / "repo", tmp_path / "other"
    _repo(root)
    _repo(other)
    (other / "elsewhere.py").write_text(PLANTED)
    _git(other, "add", ".")
    (root / "mine.py").write_text(PLANTED)
    env = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other), "GIT_INDEX_FILE": str(other / ".git/index")}
    proc = cli("scan", "--no-config", "--format", "json", ".", cwd=root, env=env)
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["mine.py"]
    assert os.environ.get("GIT_DIR") is None


def test_fix_asks_git_about_uncommitted_changes_without_running_anything(tmp_path: Path) -> None:
    from bedrock_check.fix.apply import uncommitted

    root, marker = tmp_path / "repo", tmp_path / "MARKER"
    _repo(root)
    _arm(root, marker)
    (root / "app.py").write_text("x = 2\n")
    assert uncommitted(str(root / "app.py")) is True
    assert not marker.exists(), marker.read_text()
