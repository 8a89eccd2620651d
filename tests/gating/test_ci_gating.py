"""CI gating: exit codes in every format, outputs, baseline, diff-aware runs, configuration."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.report import FORMATS

runner = CliRunner()
WEB = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
BACKGROUND = "client.responses.create(model='openai.gpt-5.5', input='x', background=True)\n"
MCP = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'mcp', 'server_label': 'a', 'server_url': 'https://a'}])\n"


def scan(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None):
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return runner.invoke(app, ["scan", *args])


# ------------------------------------------------------------------ exit codes


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("source", "options", "code"),
    [
        (WEB, [], 1),
        (WEB, ["--fail-on", "never"], 0),
        (WEB, ["--exit-zero"], 0),
        (BACKGROUND, [], 0),
        (BACKGROUND, ["--fail-on", "warning"], 1),
        ("x = 1\n", ["--fail-on", "warning"], 0),
        (WEB, ["--matrix", "missing-layer.yaml"], 2),
    ],
)
def test_exit_code_table_is_the_same_in_every_format(
    tmp_path: Path, fmt: str, source: str, options: list[str], code: int
) -> None:
    (tmp_path / "app.py").write_text(source)
    result = runner.invoke(app, ["scan", "--no-config", "--format", fmt, *options, str(tmp_path)])
    assert result.exit_code == code, result.output


def test_validate_exit_two_for_unreadable_input_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{")
    for fmt in FORMATS:
        assert (
            runner.invoke(app, ["validate", "--no-config", "--format", fmt, str(tmp_path / "bad.json")]).exit_code == 2
        )


# ------------------------------------------------------------------ outputs


def test_output_and_also_write_every_file(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(WEB)
    out = tmp_path / "out"
    out.mkdir()  # bedrock-check creates no folders (tests/hostile/test_writes.py)
    result = runner.invoke(app, ["scan", "--no-config", str(tmp_path / "src"), "--format", "text",
                                 "--also", f"sarif={out}/r.sarif", "--also", f"junit={out}/r.xml",
                                 "--also", f"html={out}/r.html", "--output", str(out / "r.txt")])  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "web-search" in (out / "r.txt").read_text()
    assert json.loads((out / "r.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "web-search"
    assert "<failure" in (out / "r.xml").read_text() and "<!DOCTYPE html>" in (out / "r.html").read_text()
    assert not list(out.glob(".*.tmp"))


def test_bad_also_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", "--no-config", str(tmp_path), "--also", "pdf=x.pdf"])
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.stderr


def test_atomic_write_keeps_the_old_file_when_rendering_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_check import output

    target = tmp_path / "report.sarif"
    target.write_text("previous")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "fsync", broken_fsync)
    from bedrock_check.errors import ConfigError

    with pytest.raises(ConfigError, match="disk full"):  # one line, exit 2: not a traceback
        output.write_atomic(target, "new content")
    assert target.read_text() == "previous"
    assert not list(tmp_path.glob(".*.tmp"))


# ------------------------------------------------------------------ baseline


def test_baseline_across_line_moves_reformatting_new_and_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text(WEB + BACKGROUND)
    created = runner.invoke(app, ["baseline", "create", "--no-config"])
    assert created.exit_code == 0, created.output
    first = Path(".bedrock-check-baseline.json").read_text()
    assert runner.invoke(app, ["baseline", "create", "--no-config"]).exit_code == 0
    assert Path(".bedrock-check-baseline.json").read_text() == first  # no churn
    entries = json.loads(first)["findings"]
    assert {e["capability"] for e in entries} == {"web-search", "background-mode"}
    assert all("line" not in e for e in entries)

    # moved down and reformatted: still known
    Path("app.py").write_text(
        '"""docs"""\n\nimport os\n\n\n'
        "client.responses.create(\n    model='openai.gpt-5.5',\n    input='x',\n    tools=[\n        {'type': 'web_search'},\n    ],\n)\n"
        + BACKGROUND
    )
    result = scan("--no-config", "--baseline", ".bedrock-check-baseline.json", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert data["summary"]["findings"] == 0 and data["summary"]["suppressed"] == 2

    # a new finding fails; the known ones stay listed as known
    Path("app.py").write_text(WEB + BACKGROUND + MCP)
    result = scan("--no-config", "--baseline", ".bedrock-check-baseline.json", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [f["capability"] for f in data["findings"] if not f["suppressed"]] == ["remote-mcp"]
    assert sorted(f["capability"] for f in data["findings"] if f["suppressed"]) == ["background-mode", "web-search"]

    # a fixed finding leaves a stale entry; update prunes it
    Path("app.py").write_text(BACKGROUND)
    result = scan("--no-config", "--baseline", ".bedrock-check-baseline.json")
    assert result.exit_code == 0 and "1 baseline entry no longer matches" in result.stderr
    updated = runner.invoke(app, ["baseline", "update", "--no-config"])
    assert updated.exit_code == 0 and "1 stale entry pruned" in updated.stdout
    assert [e["capability"] for e in json.loads(Path(".bedrock-check-baseline.json").read_text())["findings"]] == [
        "background-mode"
    ]


def test_bad_baseline_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text(WEB)
    Path("b.json").write_text("[1, 2")
    result = scan("--no-config", "--baseline", "b.json")
    assert result.exit_code == 2 and "b.json" in result.stderr and "not valid JSON" in result.stderr
    assert scan("--no-config", "--baseline", "nope.json").exit_code == 2


# ------------------------------------------------------------------ diff-aware


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True
    )


def test_changed_since_reports_only_changed_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q")
    Path("app.py").write_text(WEB + "x = 1\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    Path("app.py").write_text(WEB + MCP)  # line 2 changed
    Path("new.py").write_text(BACKGROUND)  # untracked: all of it is new
    result = scan("--no-config", "--changed-since", "HEAD", "--format", "json", "--fail-on", "warning")
    data = json.loads(result.stdout)
    assert sorted((f["path"], f["capability"]) for f in data["findings"]) == [
        ("app.py", "remote-mcp"),
        ("new.py", "background-mode"),
    ]
    assert result.exit_code == 1


def test_changed_since_outside_git_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    Path("app.py").write_text(WEB)
    result = scan("--no-config", "--changed-since", "HEAD")
    assert result.exit_code == 2 and "needs a git repository" in result.stderr
    _git(tmp_path, "init", "-q")
    result = scan("--no-config", "--changed-since", "no-such-rev")
    assert result.exit_code == 2 and "--changed-since" in result.stderr


# ------------------------------------------------------------------ configuration


def test_pyproject_config_and_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text(
        BACKGROUND
        + "client = BedrockOpenAI(aws_region='us-west-2')\n".replace(
            "client = ", "from openai import BedrockOpenAI\nclient = "
        )
    )
    Path("pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bedrock-check]\nfail-on = "warning"\nregion = "us-west-2"\n'
    )
    result = scan("--format", "json")
    data = json.loads(result.stdout)
    assert data["target"]["region"] == "us-west-2"
    assert result.exit_code == 1
    # the command line wins over the file
    result = scan("--format", "json", "--fail-on", "never", "--region", "us-east-2")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["target"]["region"] == "us-east-2"
    assert "region-availability" in {f["capability"] for f in data["findings"]}  # code names us-west-2


def test_yaml_config_ignores_with_reasons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("legacy").mkdir()
    Path("legacy/old.py").write_text(WEB)
    Path("app.py").write_text(MCP + BACKGROUND)
    Path(".bedrock-check.yaml").write_text(
        "ignore:\n  - path: 'legacy/**'\n    reason: stays on OpenAI\n  - capability: background-mode\n    reason: tested on Bedrock\n"
    )
    data = json.loads(scan("--format", "json").stdout)
    reasons = {f["capability"]: f["suppressed"] for f in data["findings"]}
    assert reasons == {
        "web-search": "config: stays on OpenAI",
        "background-mode": "config: tested on Bedrock",
        "remote-mcp": None,
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (".bedrock-check.yaml", "colour: blue\n", ".bedrock-check.yaml: colour: unknown key"),
        (".bedrock-check.yaml", "fail-on: sometimes\n", ".bedrock-check.yaml: fail-on:"),
        (".bedrock-check.yaml", "ignore:\n  - path: x\n", "ignore[0].reason"),
        (".bedrock-check.yaml", "also: ['pdf=x']\n", "also"),
        (
            "pyproject.toml",
            "[tool.bedrock-check]\nmax-file-size = -1\n",
            "pyproject.toml [tool.bedrock-check]: max-file-size",
        ),
        ("pyproject.toml", "[tool.bedrock-check\n", "pyproject.toml: cannot read"),
    ],
)
def test_bad_config_names_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text)
    # a pyproject.toml that does not parse is not found by discovery: name it
    result = scan("--config", name) if "[tool.bedrock-check]" not in text else scan()
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_explicit_config_file_and_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text(BACKGROUND)
    Path("ci.yaml").write_text("fail-on: warning\n")
    assert scan().exit_code == 0
    assert scan("--config", "ci.yaml").exit_code == 1
    assert scan("--config", "missing.yaml").exit_code == 2
    schema = json.loads(runner.invoke(app, ["config", "schema"]).stdout)
    assert {"fail-on", "ignore", "baseline", "also", "matrix"} <= set(schema["properties"])
    import jsonschema

    jsonschema.validate({"fail-on": "warning", "ignore": [{"path": "a/**", "reason": "r"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"ignore": [{"path": "a/**"}]}, schema)
