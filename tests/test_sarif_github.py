"""SARIF that GitHub code scanning accepts for every target: every result has a location,
target findings sit on the config line that set the target (or are notifications),
suppressed and baselined findings are left out unless asked for, and each rule links to
its own documentation. Checked with Microsoft's validator and GitHub's rules when present."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.report.rules import rule_doc_url

from .conftest import ROOT

AGENT = (
    "from openai import OpenAI\nclient = OpenAI()\n"
    "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    "client.responses.create(model='openai.gpt-5.5', input='y', tools=[{'type': 'file_search'}])"
    "  # bedrock-check: ignore[file-search] reason: moving to a knowledge base\n"
)


def _project(tmp_path: Path, config: str | None = None) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "agent.py").write_text(AGENT)
    (tmp_path / "request.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True}))
    if config is not None:
        (tmp_path / ".bedrock-check.yaml").write_text(config)
    return tmp_path


def _sarif(tmp_path: Path, *args: str) -> dict:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["scan", ".", "--format", "sarif", *args])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _multitool_errors(log: dict, tmp_path: Path) -> list[str] | None:
    tool = os.environ.get("SARIF_MULTITOOL") or str(ROOT / ".ci" / "cache" / "sarif" / "package" / "Sarif.Multitool")
    if not os.access(tool, os.X_OK):
        return None
    path = tmp_path / "upload.sarif"
    path.write_text(json.dumps(log))
    out = tmp_path / "validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    proc = subprocess.run([tool, "validate", "--rule-kind", "Sarif;Gh", str(path),
                           "-o", str(out)], capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert out.exists(), proc.stdout + proc.stderr
    results = [r for run in json.loads(out.read_text())["runs"] for r in run.get("results", [])]
    return [f"{r['ruleId']}: {r['message']}" for r in results if r.get("level", "warning") in ("error", "warning")]


TARGETS = {
    "default": ([], None),
    "region-on-command-line": (["--region", "us-west-2"], None),
    "unknown-model": (["--model", "openai.nope"], None),
    "region-in-config": ([], "region: us-west-2\n"),
    "model-in-config": ([], "fail-on: warning\nmodel: openai.gpt-4-turbo\n"),
}


@pytest.mark.parametrize("name", TARGETS)
def test_every_result_has_a_location(tmp_path: Path, name: str) -> None:
    args, config = TARGETS[name]
    run = _sarif(_project(tmp_path, config), *args)["runs"][0]
    assert run["results"], "the fixture has findings"
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


@pytest.mark.slow  # Microsoft's validator, a .NET program, runs once per target (about a second each)
@pytest.mark.parametrize("name", TARGETS)
def test_github_accepts_the_sarif_of_every_target(tmp_path: Path, name: str) -> None:
    args, config = TARGETS[name]
    errors = _multitool_errors(_sarif(_project(tmp_path, config), *args), tmp_path)
    if errors is None:
        if os.environ.get("CI"):
            pytest.fail("CI must provide Sarif.Multitool (.ci/run fetches it)")
        pytest.skip("Sarif.Multitool is not installed (.ci/run fetches it from npm)")
    assert errors == []


def test_target_on_the_command_line_is_a_notification(tmp_path: Path) -> None:
    # No default model was offered in us-east-1 on the baseline date: the target itself is a finding.
    run = _sarif(_project(tmp_path), "--region", "us-east-1")["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["region-availability"]
    assert notes[0]["level"] == "error" and "us-east-1" in notes[0]["message"]["text"]
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "(target)" for r in run["results"])


def test_target_from_config_sits_on_the_line_that_sets_it(tmp_path: Path) -> None:
    run = _sarif(_project(tmp_path, "fail-on: warning\nregion: us-east-1\n"))["runs"][0]
    (placed,) = [r for r in run["results"] if _uri(r) == ".bedrock-check.yaml"]
    assert placed["ruleId"] == "region-availability"
    location = placed["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 2 and location["region"]["snippet"]["text"] == "region: us-east-1"
    # The command line wins over the config, and then no config line decides the target.
    run = _sarif(tmp_path, "--region", "us-east-1")["runs"][0]
    assert ".bedrock-check.yaml" not in {_uri(r) for r in run["results"]}
    assert run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "region-availability"


def _uri(result: dict) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_suppressed_and_baselined_findings_are_left_out_unless_asked(tmp_path: Path) -> None:
    project = _project(tmp_path)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        created = CliRunner().invoke(app, ["baseline", "create", "request.json"])
    finally:
        os.chdir(cwd)
    assert created.exit_code == 0, created.output
    run = _sarif(project, "--baseline", ".bedrock-check-baseline.json")["runs"][0]
    # The migration notes (the OpenAI client to replace, the IAM step) are new findings too.
    assert {r["ruleId"] for r in run["results"]} == {"web-search", "migrate-client", "migrate-iam"}
    assert all("suppressions" not in r for r in run["results"])
    kept = _sarif(project, "--baseline", ".bedrock-check-baseline.json", "--include-suppressed")["runs"][0]
    marked = {r["ruleId"]: r["suppressions"][0]["kind"] for r in kept["results"] if "suppressions" in r}
    assert marked == {"file-search": "inSource", "background-mode": "external"}


def test_each_rule_links_to_its_own_documentation(tmp_path: Path) -> None:
    from urllib.parse import unquote, urlparse

    run = _sarif(_project(tmp_path))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(rule["helpUri"] == rule_doc_url(rule["id"]) for rule in rules)
    assert len({rule["helpUri"] for rule in rules}) == len(rules)
    # No public docs URL is declared in [project.urls]: each link is the page that shipped
    # with this copy, and its anchor is a heading there. No made-up web address.
    for rule in rules:
        uri = urlparse(rule["helpUri"])
        assert uri.scheme == "file", rule["helpUri"]
        page = Path(unquote(uri.path))
        assert page.is_file() and f"\n## {uri.fragment}\n" in page.read_text(), rule["helpUri"]
    assert run["tool"]["driver"]["informationUri"] == rules[0]["helpUri"].partition("#")[0]


def test_a_declared_docs_url_is_used_everywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bedrock_check.report import rules

    for cached in (rules.project_urls, rules.docs_page_url):
        cached.cache_clear()
    monkeypatch.setattr(rules, "project_urls", lambda: {"repository": "https://example.org/team/bedrock-check"})
    try:
        assert rules.rule_doc_url("web-search") == (
            "https://example.org/team/bedrock-check/blob/main/docs/capabilities.md#web-search"
        )
        run = _sarif(_project(tmp_path))["runs"][0]
        assert run["tool"]["driver"]["informationUri"] == "https://example.org/team/bedrock-check"
        assert run["tool"]["driver"]["rules"][0]["helpUri"].startswith("https://example.org/team/bedrock-check/blob/")
    finally:
        rules.docs_page_url.cache_clear()


def test_capability_docs_page_is_generated_from_the_matrix() -> None:
    from bedrock_check.matrix import load_matrix
    from bedrock_check.report.rules import render_rule_docs

    page = (ROOT / "docs" / "capabilities.md").read_text()
    assert page == render_rule_docs(load_matrix()), (
        "docs/capabilities.md is out of date: python -m bedrock_check.report.rules > docs/capabilities.md"
    )


def test_sarif_drops_characters_json_viewers_cannot_hold(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(
        "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])"
        "  # \x1b[31m\x07 \x00\n"
    )
    text = json.dumps(_sarif(tmp_path))
    for escaped in ("\\u001b", "\\u0007", "\\u0000"):
        assert escaped not in text
