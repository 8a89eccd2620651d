"""The command line behaves as users of ruff and other linters expect."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bedrock_check import __version__


def test_python_dash_m_runs_the_command_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "bedrock_check", "--version"], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"bedrock-check {__version__}"
    helped = subprocess.run([sys.executable, "-m", "bedrock_check", "--help"], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert "Usage: bedrock-check " in helped.stdout, helped.stdout


import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from bedrock_check.cli import app  # noqa: E402

CALL = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])"


def _run(cwd: Path, *args: str):
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)


def test_short_help_version_and_completion(tmp_path: Path) -> None:
    assert _run(tmp_path, "-V").stdout.startswith("bedrock-check ")
    helped = _run(tmp_path, "scan", "-h").stdout
    assert "--model" in helped and "<str>" not in helped and "<list[str]>" not in helped.split("Options")[-1]
    for panel in ("Target", "Output", "CI gating", "Files", "Configuration"):
        assert panel in helped
    assert "--install-completion" in _run(tmp_path, "--help").stdout


COMMANDS = [["scan"], ["validate"], ["targets"], ["fix"], ["explain"], ["probe"], ["models"], ["matrix", "show"],
            ["matrix", "validate"], ["matrix", "diff"], ["baseline", "create"], ["baseline", "update"],
            ["config", "schema"], []]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_help_shows_metavars_not_python_types(tmp_path: Path, command: list[str]) -> None:
    import re

    helped = _run(tmp_path, *command, "--help").stdout
    assert "Usage: " in helped
    # No Python annotation anywhere: `<list[str]>`, `<str>`, `<bool>`, `<int range>`.
    assert not re.search(r"<(?:list\[|str>|bool>|int|float|Path>)", helped), helped


def test_errors_in_the_tools_own_words(tmp_path: Path) -> None:
    bad = _run(tmp_path, "scan", ".", "--format", "sarf")
    assert bad.exit_code == 2
    assert "--format 'sarf' is not one of text, json, sarif" in bad.stderr and "did you mean 'sarif'?" in bad.stderr
    assert "Value error" not in bad.stderr and "Traceback" not in bad.stderr


def test_a_path_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    result = _run(tmp_path, "scan", "nosuchdir")
    assert result.exit_code == 2 and result.stderr == "bedrock-check: error: nosuchdir: no such file or directory\n"
    assert _run(tmp_path, "validate", "nosuchdir").exit_code == 2  # with a report naming it


def test_ids_in_either_spelling_with_did_you_mean(tmp_path: Path) -> None:
    assert _run(tmp_path, "explain", "web_search").stdout.startswith("web-search: ")
    wrong = _run(tmp_path, "explain", "web_serch")
    assert wrong.exit_code == 2 and "did you mean 'web-search'" in wrong.stderr
    (tmp_path / "a.py").write_text(CALL + "  # bedrock-check: ignore[web_search]\n" + CALL.replace("web_search", "file_search")
                                   + "  # bedrock-check: ignore[file_serch]\n")  # fmt: skip
    out = json.loads(_run(tmp_path, "scan", ".", "--format", "json").stdout)
    assert [f["suppressed"] for f in out["findings"] if f["capability"] == "web-search"] == ["inline"]
    (bad,) = [d for d in out["diagnostics"] if d["kind"] == "bad-suppression"]
    assert "did you mean 'file-search'" in bad["message"]
    (tmp_path / ".bedrock-check.yaml").write_text("ignore:\n  - capability: file_serch\n    reason: x\n")
    config = _run(tmp_path, "scan", ".")
    assert config.exit_code == 2 and ".bedrock-check.yaml: ignore[0].capability: unknown capability 'file-serch'" in (
        config.stderr
    )
    (tmp_path / ".bedrock-check.yaml").write_text("ignore:\n  - capability: file_search\n    reason: later\n")
    out = json.loads(_run(tmp_path, "scan", ".", "--format", "json").stdout)
    assert [f["suppressed"] for f in out["findings"] if f["capability"] == "file-search"] == ["config: later"]


def test_unused_inline_suppressions_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1  # bedrock-check: ignore[web-search] nothing here\n" + "y = 2\n" * 3 + CALL
                                   + "  # bedrock-check: ignore[web-search]\n")  # fmt: skip
    out = json.loads(_run(tmp_path, "scan", ".", "--format", "json").stdout)
    unused = [(d["line"], d["kind"]) for d in out["diagnostics"]]
    assert unused == [(1, "unused-suppression")]
    text = _run(tmp_path, "scan", ".").stdout
    assert "Suppressions to fix:" in text and "1 suppression to fix" in text and "could not be read" not in text


def test_changed_since_shows_gits_own_message(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.py").write_text(CALL + "\n")
    result = _run(tmp_path, "scan", ".", "--changed-since", "no-such-rev")
    assert result.exit_code == 2
    assert "git says: fatal:" in result.stderr and "no-such-rev" in result.stderr


def test_stale_baseline_entries_only_inside_what_was_scanned(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text(CALL + "\n")
    assert _run(tmp_path, "baseline", "create").exit_code == 0
    only_a = _run(tmp_path, "scan", "a", "--baseline", ".bedrock-check-baseline.json")
    assert "no longer match" not in only_a.stderr, "entries for b/ were not scanned, so they are not stale"
    (tmp_path / "a" / "x.py").write_text("print(1)\n")
    gone = _run(tmp_path, "scan", "a", "--baseline", ".bedrock-check-baseline.json")
    assert "1 baseline entry no longer matches a finding" in gone.stderr


def test_live_commands_name_the_extra_when_its_packages_are_missing(tmp_path: Path) -> None:
    import subprocess
    import sys

    # A sitecustomize that hides httpx and boto3, as an install without the [live] extra would.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\nclass _Hide:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('httpx', 'boto3', 'botocore'):\n"
        "            raise ModuleNotFoundError(name)\n        return None\nsys.meta_path.insert(0, _Hide())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(hide)}
    for args in (["probe", "--region", "us-east-2"], ["models", "--region", "us-east-2"]):
        proc = subprocess.run([sys.executable, "-m", "bedrock_check", *args], capture_output=True, text=True, env=env,
                              timeout=120)  # fmt: skip
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().endswith("pip install 'bedrock-check[live]'") and "Traceback" not in proc.stderr
    scan = subprocess.run([sys.executable, "-m", "bedrock_check", "scan", str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip
    assert scan.returncode == 0, scan.stderr


def test_plurals() -> None:
    from bedrock_check.report.labels import plural

    assert [plural(1, "baseline entry"), plural(3, "baseline entry"), plural(1, "error"), plural(0, "error")] == [
        "1 baseline entry", "3 baseline entries", "1 error", "0 errors"
    ]  # fmt: skip
