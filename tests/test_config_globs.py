"""A config's `include` and `exclude` are read from the folder of the config file that declares
them (as ruff reads its globs), for every command that finds files and whatever path it is
given or folder it runs in: `scan` of a sub-folder, `scan .` inside it, file names as
pre-commit passes them (with `--force-exclude`), `validate`, `fix`, `baseline`, the library."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bedrock_check
from bedrock_check.cli import app

from .helpers import cli_in

CALL = "client.responses.create(model='openai.gpt-5.5', input='x', background=True)\n"
REQUEST = json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True})


@pytest.fixture()
def mono(tmp_path: Path) -> Path:
    """A repository whose root pyproject.toml excludes `services/b/legacy/old.*` (and no
    config below it), so every run under services/b uses the root's file."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    legacy = tmp_path / "services" / "b" / "legacy"
    legacy.mkdir(parents=True)
    for folder in (tmp_path / "services" / "b", legacy):
        (folder / "app.py").write_text(CALL)
        (folder / "req.json").write_text(REQUEST)
    (legacy / "old.py").write_text(CALL)
    (legacy / "old.json").write_text(REQUEST)
    (tmp_path / "pyproject.toml").write_text('[tool.bedrock-check]\nexclude = ["services/b/legacy/old.*"]\n')
    return tmp_path


def _paths(cwd: Path, *args: str) -> set[str]:
    """The files a `scan`/`validate` run reported findings in (as the run shows them)."""
    out = cli_in(cwd, args[0], "--format", "json", *args[1:])
    suffix = ".json" if args[0] == "validate" else ".py"  # scan reads the request files too
    found = json.loads(out)["findings"]
    return {f["path"] for f in found if f["capability"] == "background-mode" and f["path"].endswith(suffix)}


B = ("services/b/app.py", "services/b/legacy/app.py")


def test_scan_of_a_sub_folder_from_the_root(mono: Path) -> None:
    assert _paths(mono, "scan", "services/b") == set(B)
    assert _paths(mono, "scan", ".") == set(B)


def test_scan_dot_inside_the_sub_folder(mono: Path) -> None:
    assert _paths(mono / "services" / "b", "scan", ".") == {"app.py", "legacy/app.py"}
    assert _paths(mono / "services" / "b" / "legacy", "scan", ".") == {"app.py"}


def test_file_names_as_pre_commit_passes_them(mono: Path) -> None:
    """pre-commit runs `scan --force-exclude -- FILES` from the root; a file named without
    --force-exclude is scanned as named (ruff's rule)."""
    named = ("services/b/legacy/old.py", "services/b/app.py")
    assert _paths(mono, "scan", "--force-exclude", "--", *named) == {"services/b/app.py"}
    assert _paths(mono, "scan", "--", *named) == {*named}
    inside = mono / "services" / "b"
    assert _paths(inside, "scan", "--force-exclude", "legacy/old.py", "app.py") == {"app.py"}
    assert _paths(inside, "scan", "--force-exclude", str(inside / "legacy" / "old.py")) == set()


def test_a_folder_named_on_the_command_line_is_scanned_unless_forced(mono: Path) -> None:
    """A glob that excludes the named folder itself does not empty it (a path named is
    checked, as with ruff), unless --force-exclude; the globs below it still apply."""
    (mono / "pyproject.toml").write_text(
        '[tool.bedrock-check]\nexclude = ["services/b/legacy/", "services/b/legacy/old.*"]\n'
    )
    assert _paths(mono, "scan", "services/b") == {"services/b/app.py"}
    assert _paths(mono, "scan", "services/b/legacy") == {"services/b/legacy/app.py"}
    assert _paths(mono, "scan", "--force-exclude", "services/b/legacy") == set()


def test_validate_from_the_root_and_inside(mono: Path) -> None:
    assert _paths(mono, "validate", "services/b") == {"services/b/req.json", "services/b/legacy/req.json"}
    assert _paths(mono / "services" / "b", "validate", ".") == {"req.json", "legacy/req.json"}
    # A file named is checked as named.
    assert _paths(mono, "validate", "services/b/legacy/old.json") == {"services/b/legacy/old.json"}


def test_fix_diff_from_the_root_and_inside(mono: Path) -> None:
    for cwd, path in ((mono, "services/b"), (mono / "services" / "b", ".")):
        out = cli_in(cwd, "fix", "--diff", path)
        assert "legacy/app.py" in out and "old.py" not in out, out


def test_baseline_create_and_update(mono: Path) -> None:
    for cwd, path in ((mono, "services/b"), (mono / "services" / "b", ".")):
        target = cwd / "known.json"
        cli_in(cwd, "baseline", "create", path, "-o", str(target))
        created = target.read_text()
        assert "legacy/app.py" in created and "old.py" not in created
        cli_in(cwd, "baseline", "update", path, "--baseline", str(target))
        assert "old.py" not in target.read_text()


def test_include_is_read_from_the_config_folder(mono: Path) -> None:
    (mono / "services" / "a").mkdir()
    (mono / "services" / "a" / "app.py").write_text(CALL)
    (mono / "pyproject.toml").write_text('[tool.bedrock-check]\ninclude = ["services/b/legacy/**"]\n')
    assert _paths(mono, "scan", "services") == {"services/b/legacy/app.py", "services/b/legacy/old.py"}
    assert _paths(mono / "services" / "b", "scan", ".") == {"legacy/app.py", "legacy/old.py"}
    assert _paths(mono / "services" / "a", "scan", ".") == set()


def test_globs_of_an_extended_file_are_read_from_its_folder(mono: Path) -> None:
    """services/b's own config extends a shared file at the root: the shared file's exclude
    is read from the root, services/b's own from services/b."""
    (mono / "pyproject.toml").unlink()
    (mono / "shared.yaml").write_text("exclude:\n  - services/b/legacy/old.*\n")
    config = mono / "services" / "b" / ".bedrock-check.yaml"
    config.write_text("extend: ../../shared.yaml\n")
    assert _paths(mono, "scan", "services/b") == set(B)
    assert _paths(mono / "services" / "b", "scan", ".") == {"app.py", "legacy/app.py"}
    config.write_text("extend: ../../shared.yaml\nexclude: [legacy/app.py]\n")  # its own: from services/b
    assert _paths(mono, "scan", "services/b") == {"services/b/app.py", "services/b/legacy/old.py"}


def test_command_line_globs_are_read_from_each_scanned_folder(mono: Path) -> None:
    """`--exclude` replaces the config's and is read from the folder scanned (as before)."""
    assert _paths(mono, "scan", "services/b", "--exclude", "legacy/app.py") == {
        "services/b/app.py", "services/b/legacy/old.py"
    }  # fmt: skip


def test_the_library_reads_them_the_same_way(mono: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mono / "services" / "b")
    found = {f.path for f in bedrock_check.scan(".").findings if f.capability == "background-mode" and f.path.endswith(".py")}
    assert found == {"app.py", "legacy/app.py"}
    checked = {f.path for f in bedrock_check.validate(".").findings if f.capability == "background-mode"}
    assert checked == {"req.json", "legacy/req.json"}
    monkeypatch.chdir(mono)
    found = {f.path for f in bedrock_check.scan("services/b").findings if f.capability == "background-mode"}
    assert found == {*B, "services/b/req.json", "services/b/legacy/req.json"}


def test_a_bad_config_glob_names_the_file(mono: Path) -> None:
    (mono / "pyproject.toml").write_text('[tool.bedrock-check]\nexclude = ["a/***/b\\\\"]\n')
    here = os.getcwd()
    os.chdir(mono)
    try:
        result = CliRunner().invoke(app, ["scan", "services/b"])
    finally:
        os.chdir(here)
    assert result.exit_code == 2 and "pyproject.toml: exclude 'a/***/b\\\\': not a valid glob" in result.stderr
