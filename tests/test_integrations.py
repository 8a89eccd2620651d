"""The integrations shipped in the repository: the pre-commit hook (run by pre-commit
itself) and the GitHub Action's definition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True
    )


def _pre_commit() -> str:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not os.path.exists(pre_commit):
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs this checkout to be a git repository")
    return pre_commit


CALL_PY = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
CALL_TS = "client.responses.create({model: 'openai.gpt-5.5', input: 'x', tools: [{type: 'web_search'}]});\n"


@pytest.mark.slow
def test_pre_commit_hook_scans_staged_files(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "clean.py").write_text("print('hello')\n")
    (repo / "agent.py").write_text("from openai import OpenAI\nclient = OpenAI()\n" + CALL_PY)
    (repo / "stubs.pyi").write_text(CALL_PY)
    (repo / "edge.mts").write_text(CALL_TS)
    (repo / "vendor").mkdir()
    (repo / "vendor" / "lib.py").write_text(CALL_PY)
    (repo / "victim.py").write_text("print('keep me')\n")
    (repo / "--output=victim.py").write_text("print('a file named like an option')\n")
    (repo / ".bedrock-check.yaml").write_text("exclude: ['vendor/**']\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("BEDROCK_CHECK_CACHE_DIR", None)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "bedrock-check", "--verbose", *files],
            cwd=repo, capture_output=True, text=True, env=env, timeout=900,
        )  # fmt: skip

    failing = run("--all-files")
    out = failing.stdout + failing.stderr
    assert failing.returncode == 1, out
    assert "agent.py:3" in out and "stubs.pyi:1" in out and "edge.mts:1" in out
    assert "vendor/lib.py" not in out, "the config's exclude applies to file names pre-commit passes"
    assert (repo / "victim.py").read_text() == "print('keep me')\n", "a file name was taken for an option"
    passing = run("--files", "clean.py", "vendor/lib.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_pre_commit_hook_definition() -> None:
    import re

    from bedrock_check.extract import SUFFIXES, kind_of

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "bedrock-check" and hook["language"] == "python"
    assert hook["entry"] == "bedrock-check scan --force-exclude" and hook["args"] == ["--"]
    assert hook["minimum_pre_commit_version"]
    files = re.compile(hook["files"])
    names = [f"src/a{suffix}" for suffix in SUFFIXES] + [".env", "deploy/.env.production", "prod.env", "A.PY"]
    assert all(kind_of(n) for n in names)
    assert [n for n in names if not files.search(n)] == [], "every kind the scan reads goes to the hook"
    assert not any(files.search(n) for n in ("README.txt", "a.py.orig", "environment.cfg", "x.envrc"))


def test_github_action_definition() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"model", "region", "fail-on", "baseline", "paths"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    script = "\n".join(s.get("run", "") for s in steps)
    assert "sarif=bedrock-check.sarif" in script and "$GITHUB_STEP_SUMMARY" in script
    assert any("upload-sarif" in s.get("uses", "") for s in steps)
    # the job fails on the scan's own exit code, after the SARIF upload
    assert steps[-1]["run"].strip() == "exit ${{ steps.scan.outputs.exit-code }}"


def test_action_scan_script_runs(tmp_path: Path) -> None:
    """The action's scan step, run by bash with the inputs it would get."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "scan")
    (tmp_path / "app.py").write_text(
        "client.responses.create(model='openai.gpt-5.5', input='x', service_tier='flex')\n"
    )
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {**os.environ, "BC_PATHS": ".", "BC_MODEL": "", "BC_REGION": "us-east-2", "BC_FAIL_ON": "error",
           "BC_BASELINE": "", "BC_CHANGED": "", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "::error file=app.py,line=1" in proc.stdout
    assert "service-tiers" in summary.read_text()
    assert "exit-code=1" in outputs.read_text() and (tmp_path / "bedrock-check.sarif").exists()
