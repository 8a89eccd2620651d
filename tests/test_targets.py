"""`bedrock-check targets`: where a workload can run, best first, in text, JSON and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.matrix import load_matrix, resolve_target
from bedrock_check.scanner import scan_paths
from bedrock_check.targets import target_rows


def _workload(tmp_path: Path, body: str) -> Path:
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nclient = OpenAI()\n" + body
    )
    return tmp_path


def _rows(path: Path, as_of: str | None = None):
    mx = load_matrix()
    report = scan_paths([str(path)], mx, resolve_target(mx, None, None, None, as_of), jobs=1)
    return {(r.model, r.region, r.endpoint): r for r in target_rows(report)}, report


def test_web_search_blocks_everywhere_in_june_and_only_some_targets_later(tmp_path: Path) -> None:
    path = _workload(tmp_path, 'client.responses.create(model="openai.gpt-5.5", input="x", tools=[{"type": "web_search"}])\n')
    june, _ = _rows(path)
    assert june[("openai.gpt-5.4", "us-west-2", "mantle")].blocked_by == {"web-search": "not_available"}
    assert ("openai.gpt-5.6-sol", "us-east-1", "mantle") not in june  # not yet on Bedrock
    latest, _ = _rows(path, "latest")
    ok = latest[("openai.gpt-5.5", "us-east-2", "mantle")]
    assert ok.blocking == 0 and ok.checks == {"web-search": "conditional"}
    assert latest[("openai.gpt-6.1-sol", "us-east-1", "mantle")].blocked_by == {"web-search": "not_available"}
    assert latest[("us.openai.gpt-5.6-sol", "*", "runtime")].blocked_by == {"web-search": "not_available"}
    rows = list(latest.values())
    assert rows == sorted(rows, key=lambda r: (r.blocking, r.warnings, r.endpoint != "mantle", r.model, r.region))


def test_chat_completions_blocks_models_that_do_not_serve_it(tmp_path: Path) -> None:
    path = _workload(tmp_path, 'client.chat.completions.create(model="openai.gpt-5.5", messages=[{"role": "user", "content": "x"}])\n')
    latest, _ = _rows(path, "latest")
    assert "model-endpoint" in latest[("openai.gpt-5.4", "us-west-2", "mantle")].blocked_by
    assert "model-endpoint" not in latest[("openai.gpt-5.6-sol", "us-east-1", "mantle")].blocked_by
    assert "model-endpoint" not in latest[("openai.gpt-oss-120b-1:0", "*", "runtime")].blocked_by


def test_targets_command_formats(tmp_path: Path) -> None:
    path = _workload(tmp_path, 'client.responses.create(model="openai.gpt-5.5", input="x", background=True)\n')
    runner = CliRunner()
    text = runner.invoke(app, ["targets", str(path), "--no-config", "--as-of", "latest"])
    assert text.exit_code == 0 and "blocking" in text.stdout and "openai.gpt-6-astra" in text.stdout
    assert text.stdout.startswith("where this workload can run as of 2026-11-29: ")  # the date the facts are true on
    data = json.loads(runner.invoke(app, ["targets", str(path), "--no-config", "--format", "json"]).stdout)
    assert data["uses"] == ["text-generation", "background-mode"] and data["as_of"] == "2026-06-01"
    assert {r["as_of"] for r in data["targets"]} == {"2026-06-01"}
    md = runner.invoke(app, ["targets", str(path), "--no-config", "--format", "markdown"]).stdout
    assert md.startswith("Where this workload can run as of **2026-06-01**: ")
    assert "| Model | Region | Endpoint |" in md and "`openai.gpt-5.4`" in md
    scan = json.loads(runner.invoke(app, ["scan", str(path), "--no-config", "--format", "json"]).stdout)
    assert scan["targets"] == data["targets"]


def test_endpoint_and_as_of_from_the_config_file(tmp_path: Path) -> None:
    path = _workload(tmp_path, 'client.responses.create(model="openai.gpt-5.5", input="x")\n')
    (tmp_path / ".bedrock-check.yaml").write_text("endpoint: runtime\nas-of: latest\n")
    result = CliRunner().invoke(app, ["scan", str(path), "--config", str(tmp_path / ".bedrock-check.yaml"),
                                      "--format", "json", "--exit-zero"])  # fmt: skip
    target = json.loads(result.stdout)["target"]
    assert (target["endpoint"], target["as_of"]) == ("runtime", "2026-11-29")
    bad = CliRunner().invoke(app, ["scan", str(path), "--no-config", "--as-of", "yesterday"])
    assert bad.exit_code == 2 and "--as-of" in bad.output


def test_the_readme_targets_example_is_what_the_command_prints(tmp_path: Path) -> None:
    # The README's workload: text, Bedrock's own web search, background mode.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("$ bedrock-check targets --as-of latest\n", 1)[1].split("```", 1)[0]
    shown = [line.rstrip() for line in block.splitlines() if line.strip() and line.strip() != "..."]
    path = _workload(tmp_path, 'client.responses.create(model="gpt-5.5", input="x", tools=[{"type": "web_search"}],'
                               " background=True)\n")  # fmt: skip
    out = CliRunner().invoke(app, ["targets", str(path), "--no-config", "--as-of", "latest"]).stdout
    printed = [line.rstrip() for line in out.splitlines()]
    # Every line the README shows is printed, in the same order.
    at = [printed.index(line) for line in shown]
    assert at == sorted(at), shown


def test_a_model_object_does_not_ask_for_the_responses_api(tmp_path: Path) -> None:
    """A LangChain model object counts as text generation in the readiness, but the framework
    picks its API: beside Chat Completions calls it makes no target need Responses too."""
    path = _workload(tmp_path, 'client.chat.completions.create(model="openai.gpt-5.5", messages=[{"role": "user", "content": "x"}])\n'
                     'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="openai.gpt-oss-120b-1:0")\n')
    latest, report = _rows(path, "latest")
    assert [u.capability for u in report.uses if u.model_object] == ["text-generation"]
    assert "model-endpoint" not in latest[("openai.gpt-oss-120b-1:0", "*", "runtime")].blocked_by
