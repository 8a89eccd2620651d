"""Targets scoped to folders of one config file (`targets:`): each folder of the monorepo
fixture is checked against its own model and Region, reported per folder, placed on the
config entry that chose it, refused with a "did you mean" when misspelt, and the library
gives the command line's answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.checker import Checker
from bedrock_check.cli import app

from .conftest import FIXTURES

runner = CliRunner()
MONOREPO = FIXTURES / "scoped-monorepo"


@pytest.fixture()
def mono(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "mono"
    shutil.copytree(MONOREPO, root)
    (root / ".git").mkdir()  # the config search stops here, as at a work tree's top
    monkeypatch.chdir(root)
    return root


def _scan(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["scan", "-f", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _by_file(data: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in data["findings"]:
        out.setdefault(f["path"], []).append(f)
    return out


def test_each_folder_is_checked_against_its_own_target(mono: Path) -> None:
    _, data = _scan()
    found = _by_file(data)
    client = {path: next(f["message"] for f in items if f["capability"] == "migrate-client")
              for path, items in found.items() if any(f["capability"] == "migrate-client" for f in items)}  # fmt: skip
    assert 'aws_region="us-west-2"' in client["apps/voice/agent.py"]
    assert 'aws_region="us-east-2"' in client["apps/web/app.py"]
    assert 'aws_region="eu-central-1"' in client["libs/shared/llm.py"]
    # openai.gpt-5.5 is not offered in the libraries' Region: said where the code names it.
    assert "region-availability" in {f["capability"] for f in found["libs/shared/llm.py"]}
    assert "region-availability" not in {f["capability"] for f in found["apps/web/app.py"]}
    assert data["target"]["model"] == "openai.gpt-5.5" and data["target"]["region"] == "us-east-2"
    assert [(t["path"], t["model"], t["region"]) for t in data["scoped_targets"]] == [
        ("apps/voice", "openai.gpt-5.4", "us-west-2"),
        ("libs/shared", "openai.gpt-5.5", "eu-central-1"),
    ]


def test_a_scope_whose_target_fails_is_placed_on_its_config_entry(mono: Path) -> None:
    _, data = _scan()
    placed = [f for f in data["findings"] if f["path"] == ".bedrock-check.yaml"]
    assert [(f["capability"], f["line"]) for f in placed] == [("region-availability", 9)]
    assert placed[0]["snippet"] == "region: eu-central-1"
    sarif = json.loads(runner.invoke(app, ["scan", "-f", "sarif"]).stdout)["runs"][0]
    assert all(r["locations"] for r in sarif["results"])
    assert [t["path"] for t in sarif["properties"]["scopedTargets"]] == ["apps/voice", "libs/shared"]


def test_reported_per_folder_in_every_readable_format(mono: Path) -> None:
    text = runner.invoke(app, ["scan"]).stdout
    summary = text.strip().splitlines()[-1]
    assert summary.endswith("target openai.gpt-5.5 in us-east-2 on mantle as of 2026-06-01; "
                            "apps/voice: openai.gpt-5.4 in us-west-2 on mantle as of 2026-06-01; "
                            "libs/shared: openai.gpt-5.5 in eu-central-1 on mantle as of 2026-06-01")  # fmt: skip
    md = runner.invoke(app, ["scan", "-f", "markdown"]).stdout
    assert "- Files under <code>apps/voice</code>: <code>openai.gpt-5.4</code> in <code>us-west-2</code>" in md
    page = runner.invoke(app, ["scan", "-f", "html"]).stdout
    assert '<p class="scope">Files under <b>apps/voice</b>: <b>openai.gpt-5.4</b> in <b>us-west-2</b>' in page


@pytest.mark.parametrize("where", ["apps/voice", "apps/voice/.", "apps/voice/agent.py"])
def test_a_scoped_folder_scanned_on_its_own_keeps_its_target(mono: Path, where: str) -> None:
    _, data = _scan(where)
    assert {f["path"] for f in data["findings"]} == {"apps/voice/agent.py"}
    assert [t["path"] for t in data["scoped_targets"]] == ["apps/voice"]
    assert any('aws_region="us-west-2"' in f["message"] for f in data["findings"])


def test_the_command_line_wins_over_every_scope(mono: Path) -> None:
    _, data = _scan("--region", "us-east-2")
    assert {t["region"] for t in data["scoped_targets"]} == {"us-east-2"}
    assert not any('aws_region="eu-central-1"' in f["message"] for f in data["findings"])


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("model: openai.gpt-5.4", "model: openai.gpt-5.44",
         "targets[0]: model: unknown model id 'openai.gpt-5.44'; did you mean 'openai.gpt-5.4'"),
        ("region: eu-central-1", "region: eu-centrl-1",
         "targets[1]: region: unknown AWS Region 'eu-centrl-1'; did you mean 'eu-central-1'"),
        ("path: apps/voice/**", "path: apps/voise/**",
         "targets[0]: path: unknown folder 'apps/voise'; did you mean 'apps/voice'"),
        ("    region: us-west-2", "    regoin: us-west-2", "targets[0].regoin: unknown key; did you mean 'region'?"),
        ("path: libs/*", "path: ../elsewhere", "targets[1]: path: '../elsewhere' must be a folder inside"),
        ("path: libs/*", "path: nothing/*", "targets[1]: path: 'nothing/*' matches no folder"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line_errors_with_did_you_mean(mono: Path, before: str, after: str, message: str) -> None:
    config = mono / ".bedrock-check.yaml"
    assert before in config.read_text()
    config.write_text(config.read_text().replace(before, after, 1))
    result = runner.invoke(app, ["scan"])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert ".bedrock-check.yaml" in result.stderr and "Traceback" not in result.stderr


def test_the_library_gives_the_command_lines_answer(mono: Path) -> None:
    _, data = _scan()
    report = Checker.from_config().scan(".")
    assert sorted((f.path, f.line, f.capability, f.message) for f in report.active) == sorted(
        (f["path"], f["line"], f["capability"], f["message"]) for f in data["findings"] if not f.get("suppressed")
    )
    assert [shown for shown, _ in report.scopes] == ["apps/voice", "libs/shared"]


def test_fix_writes_each_folders_own_region(mono: Path) -> None:
    import subprocess

    shutil.rmtree(mono / ".git")  # fix edits only committed files: make it a real work tree
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=mono, check=True)
    result = runner.invoke(app, ["fix", "--diff"])
    assert '+client = BedrockOpenAI(aws_region="us-west-2")' in result.stdout
    assert '+client = BedrockOpenAI(aws_region="us-east-2")' in result.stdout
    assert '+client = BedrockOpenAI(aws_region="eu-central-1")' in result.stdout


def test_the_command_line_wins_for_fix_and_baseline_too(mono: Path) -> None:
    import subprocess

    shutil.rmtree(mono / ".git")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=mono, check=True)
    fixed = runner.invoke(app, ["fix", "--diff", "--region", "us-east-1"]).stdout
    assert fixed.count('+client = BedrockOpenAI(aws_region="us-east-1")') == 3 and "us-west-2" not in fixed
    assert runner.invoke(app, ["baseline", "create", "--region", "us-east-1"]).exit_code == 0
    entries = json.loads((mono / ".bedrock-check-baseline.json").read_text())["findings"]
    # Every file was checked in us-east-1: no finding about the scopes' Regions.
    assert entries and not any(r in json.dumps(entries) for r in ("us-west-2", "eu-central-1"))


def _requests(mono: Path) -> None:
    """A request for openai.gpt-5.5 in each app's folder (JSON request files, as `validate` reads)."""
    for folder in ("apps/web", "apps/voice", "libs/shared"):
        (mono / folder / "request.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "hi"}) + "\n")


@pytest.mark.parametrize("args", [["."], ["apps", "libs"], ["libs/shared/request.json", "apps/web/request.json"]])
def test_validate_checks_each_folders_requests_against_its_own_target(mono: Path, args: list[str]) -> None:
    """`validate` applies the config's `targets:` as `scan` does: a request under libs/shared is
    checked in eu-central-1 (where openai.gpt-5.5 is not offered), one under apps/web in us-east-2."""
    _requests(mono)
    result = runner.invoke(app, ["validate", "-f", "json", *args])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    regions = {f["path"]: f["message"] for f in data["findings"] if f["capability"] == "region-availability"}
    assert "eu-central-1" in regions["libs/shared/request.json"]
    assert "apps/web/request.json" not in regions
    # The scope's failing target is placed on its config entry, as for scan.
    assert [f["line"] for f in data["findings"] if f["path"] == ".bedrock-check.yaml"] == [9]
    assert "libs/shared" in [t["path"] for t in data["scoped_targets"]]
    assert data["target"]["region"] == "us-east-2"
    if args == ["."]:
        assert "us-west-2" in regions["apps/voice/request.json"]
        # Each request once: a scoped folder is left out of the part that holds it.
        assert data["summary"]["inputs"] == 3  # the three requests: the config file is not one
        assert data["diagnostics"] == []
        library = Checker.from_config().validate(".")
        assert sorted((f.path, f.line, f.capability) for f in library.active) == sorted(
            (f["path"], f["line"], f["capability"]) for f in data["findings"]
        )


def test_validate_the_command_line_wins_over_every_scope(mono: Path) -> None:
    _requests(mono)
    result = runner.invoke(app, ["validate", "-f", "json", "--region", "us-east-2", "."])
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["capability"] == "region-availability"]
    assert {t["region"] for t in data["scoped_targets"]} == {"us-east-2"}


def test_the_iam_step_is_said_once_per_endpoint_not_once_per_folder(mono: Path) -> None:
    _, data = _scan()
    iam = [f for f in data["findings"] if f["capability"] == "migrate-iam"]
    assert len(iam) == 1 and "mantle endpoint" in iam[0]["message"]
    # A folder on the other endpoint needs the other grant: one note each.
    config = mono / ".bedrock-check.yaml"
    config.write_text(config.read_text().replace("    region: eu-central-1", "    region: eu-central-1\n    endpoint: runtime"))
    _, data = _scan()
    iam = [f for f in data["findings"] if f["capability"] == "migrate-iam"]
    assert sorted(f["message"].split(" endpoint")[0] for f in iam) == ["On the mantle", "On the runtime"]
