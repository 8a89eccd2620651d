"""GitLab Code Quality: valid against the schema GitLab validates with (plus what its
documentation requires), fingerprints stable across line moves and unique per issue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import scan_paths

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gitlab-codeclimate.json").read_text())
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}

SRC = (
    "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    "client.responses.create(model='openai.gpt-5.5', input='y', background=True)\n"
    "client.responses.create(model='openai.gpt-5.5', input='z', tools=[{'type': 'file_search'}])"
    "  # bedrock-check: ignore[file-search]\n"
)


def _issues(tmp_path: Path, matrix: Matrix, target: Target, src: str) -> list[dict]:
    (tmp_path / "pkg").mkdir(exist_ok=True)
    (tmp_path / "pkg" / "agent.py").write_text(src)
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return json.loads(scan_paths(["pkg"], matrix, target, jobs=1).render("gitlab"))
    finally:
        os.chdir(cwd)


def test_code_quality_report_is_valid(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    issues = _issues(tmp_path, matrix, target, SRC)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("web-search", 1), ("web-search", 2), ("background-mode", 3),
    ]  # fmt: skip
    for issue in issues:
        jsonschema.validate(issue, SCHEMA)
        assert issue["severity"] in SEVERITIES and issue["check_name"] and issue["description"]
        assert issue["location"]["path"] == "pkg/agent.py" and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab merges issues with one fingerprint"
    bad = dict(issues[0], location={"path": "x", "lines": {"begin": "one"}})
    try:
        jsonschema.validate(bad, SCHEMA)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema must reject a non-integer line")


def test_fingerprints_survive_a_line_move(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    before = {i["fingerprint"] for i in _issues(tmp_path, matrix, target, SRC)}
    after = {i["fingerprint"] for i in _issues(tmp_path, matrix, target, "import os\n\n\n" + SRC)}
    assert before == after


def _doc_block(heading: str, lang: str) -> str:
    import re

    from .conftest import ROOT

    doc = (ROOT / "docs" / "ci.md").read_text()
    section = doc[doc.index(heading) :]
    return re.search(rf"```{lang}\n(.*?)```", section, re.S).group(1)


def _run_shell(script: str, cwd: Path) -> Any:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_documented_gitlab_job_writes_a_valid_report(tmp_path: Path) -> None:
    import yaml

    job = yaml.safe_load(_doc_block("## GitLab CI", "yaml"))["bedrock-check"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    (tmp_path / "agent.py").write_text(SRC)
    steps = [line for line in job["script"] if "pip install" not in line]
    proc = _run_shell("\n".join(steps), tmp_path)
    assert proc.returncode == 1, proc.stderr  # findings fail the job
    for issue in json.loads((tmp_path / "gl-code-quality-report.json").read_text()):
        jsonschema.validate(issue, SCHEMA)
    assert (tmp_path / "bedrock-check.xml").exists() and (tmp_path / "bedrock-check.html").exists()


def test_documented_plain_shell_step(tmp_path: Path) -> None:
    script = _doc_block("## A plain shell step", "sh")
    (tmp_path / "agent.py").write_text(SRC)
    proc = _run_shell("\n".join(line for line in script.splitlines() if "pip install" not in line), tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "## bedrock-check: Amazon Bedrock readiness" in proc.stdout
