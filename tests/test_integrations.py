"""The integrations shipped in the repository: the pre-commit hook (run by pre-commit
itself) and the GitHub Action's definition."""

from __future__ import annotations

import json
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
    assert {"model", "region", "fail-on", "baseline", "paths", "config", "working-directory", "args"} <= set(
        action["inputs"]
    )
    steps = action["runs"]["steps"]
    for step in steps:
        if "uses" in step:
            ref = step["uses"].partition("@")[2]
            assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), f"{step['uses']} not pinned by SHA"
    python = next(s for s in steps if "setup-python" in s.get("uses", ""))
    assert python["with"]["update-environment"] is False, "the job's own Python must stay the job's"
    script = "\n".join(s.get("run", "") for s in steps)
    assert "$RUNNER_TEMP" in script or "${RUNNER_TEMP}" in script
    assert "$GITHUB_STEP_SUMMARY" in script and "-c \"$ACTION_PATH/action-constraints.txt\"" in script
    assert any("actions/cache@" in s.get("uses", "") for s in steps)
    # the job fails on the scan's own exit code, after the SARIF upload
    assert steps[-1]["run"].strip() == 'exit "${BC_CODE:-2}"'


def _step_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    venv = Path(sys.executable).parent.parent
    return {**os.environ, "VENV": str(venv), "RUNNER_TEMP": str(tmp_path / "runner-temp"), "RUNNER_OS": "Linux",
            "BC_PATHS": ".", "BC_MODEL": "", "BC_REGION": "us-east-2", "BC_FAIL_ON": "error", "BC_BASELINE": "",
            "BC_CHANGED": "", "BC_CONFIG": "", "BC_ARGS": "", "BC_WD": ".", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "GITHUB_OUTPUT": str(tmp_path / "outputs.txt"), **extra}  # fmt: skip


def _run_step(step_id: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == step_id or s.get("name") == step_id)
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


def test_action_scan_script_runs(tmp_path: Path) -> None:
    """The action's scan step, run by bash with the inputs it would get."""
    repo = tmp_path / "repo"
    work = repo / "services" / "a"
    work.mkdir(parents=True)
    (work / ".bedrock-check.yaml").write_text("fail-on: error\n")
    (work / "app.py").write_text("client.responses.create(model='openai.gpt-5.5', input='x', service_tier='flex')\n")
    (work / "skip.py").write_text("client.responses.create(model='openai.gpt-5.5', input='x', service_tier='flex')\n")
    env = _step_env(tmp_path, BC_ARGS="--exclude 'skip*.py' --fail-on error", BC_WD="services/a")
    proc = _run_step("scan", repo, env)
    assert proc.returncode == 0, proc.stderr
    # paths as the repository names them, so code scanning and annotations find the file
    assert "::error file=services/a/app.py,line=1" in proc.stdout and "skip.py" not in proc.stdout
    assert "service-tiers" in (tmp_path / "summary.md").read_text()
    outputs = (tmp_path / "outputs.txt").read_text()
    sarif = tmp_path / "runner-temp" / "bedrock-check" / "bedrock-check.sarif"
    assert "exit-code=1" in outputs and f"sarif={sarif}" in outputs and sarif.exists()
    assert not list(repo.rglob("*.sarif")), "reports go under RUNNER_TEMP, not into the checkout"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(sarif.read_text())["runs"][0]["results"]}  # fmt: skip
    assert uris == {"services/a/app.py"}
    result = subprocess.run(["bash", "-c", 'exit "${BC_CODE:-2}"'], env={**env, "BC_CODE": "1"})
    assert result.returncode == 1


def test_action_args_are_not_run_by_a_shell(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print(1)\n")
    env = _step_env(tmp_path, BC_ARGS="$(touch pwned) `touch pwned2` ; touch pwned3", BC_WD=".")
    _run_step("scan", tmp_path, env)
    assert not list(tmp_path.glob("pwned*"))


@pytest.mark.slow
def test_action_installs_into_its_own_environment(tmp_path: Path) -> None:
    env = _step_env(tmp_path, ACTION_PATH=str(ROOT), PYTHON=sys.executable, VENV=str(tmp_path / "venv"))
    key = _run_step("key", tmp_path, env)
    assert key.returncode == 0, key.stderr
    assert "key=bedrock-check-Linux-py" in (tmp_path / "outputs.txt").read_text()
    installed = _run_step("Install bedrock-check", tmp_path, env)
    assert installed.returncode == 0, installed.stderr
    version = subprocess.run([str(tmp_path / "venv" / "bin" / "bedrock-check"), "--version"], capture_output=True,
                             text=True, timeout=60)  # fmt: skip
    assert version.stdout.startswith("bedrock-check ")


def test_github_annotations_are_capped_with_a_notice(tmp_path: Path) -> None:
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import scan_paths

    line = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    (tmp_path / "many.py").write_text(line * 14)
    mx = load_matrix()
    out = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None), jobs=1).render("github")
    assert out.count("::error ") == 10
    assert "4 more annotations were not shown" in out and "job summary" in out


def _zizmor() -> str:
    tool = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not os.path.exists(tool):
        if os.environ.get("CI"):
            pytest.fail("CI must have zizmor (pip install -e '.[test]')")
        pytest.skip("zizmor is not installed (pip install -e '.[test]')")
    return tool


def test_zizmor_reports_nothing_on_the_action_and_documented_workflows(tmp_path: Path) -> None:
    import re

    tool = _zizmor()
    doc = (ROOT / "docs" / "ci.md").read_text()
    section = doc[doc.index("## GitHub Actions") : doc.index("## GitLab CI")]
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for i, block in enumerate(blocks):
        (workflows / f"documented-{i}.yml").write_text(block)
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    proc = subprocess.run([tool, "--offline", "--no-progress", "--format", "plain", str(tmp_path / "action.yml"),
                           str(workflows)], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0 and "No findings to report" in proc.stdout, proc.stdout + proc.stderr
