"""Text output like ruff's, colour choices, quiet/verbose, and outputs that scanned content
cannot inject into (terminal escapes, XML and JSON control characters)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.matrix import Matrix, Target

from .helpers import scan_folder

CALL = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])"


def _scan_text(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["scan", ".", *args], env=env or {})
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_code_frame_underlines_the_span_and_says_where_to_read_more(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text("if True:\n    " + CALL + "\n")
    out = _scan_text(tmp_path, "--color", "never")
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("agent.py:2:"))
    # (a Bedrock model id: the call already targets Bedrock, and the message says so first)
    assert "error[web-search] This call already targets Amazon Bedrock" in lines[head]
    assert lines[head].endswith("The hosted web search tool is not offered on Bedrock.")
    source, marks = lines[head + 2], lines[head + 3]
    assert source.startswith("2 | client.responses.create(")
    start = marks.index("^")
    # The finding's span (its columns, as SARIF shows it): the hosted tool.
    assert source[start : start + marks.count("^")] == "{'type': 'web_search'}"
    assert "  = read more: bedrock-check explain web-search" in out


def test_a_long_line_is_framed_around_the_span(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text("x = 1; " * 18 + CALL + "\n")
    out = _scan_text(tmp_path, "--color", "never")
    source = next(line for line in out.splitlines() if line.startswith("1 | "))
    marks = out.splitlines()[out.splitlines().index(source) + 1]
    assert len(source) <= 110 and source.startswith("1 | …")
    start = marks.index("^")
    assert source[start : start + marks.count("^")] == "{'type': 'web_search'}"


def test_a_url_is_underlined_whole_not_from_its_hosts_last_dot(tmp_path: Path) -> None:
    """A raw HTTP call's URL string (indented: the frame shows the line stripped) is underlined
    from its first character, not from `com/...` after the host's last dot."""
    (tmp_path / "speech.ts").write_text(
        "export async function speak(t: string) {\n"
        "    const res = await fetch('https://api.openai.com/v1/audio/speech', { method: 'POST' });\n"
        "    return res;\n}\n")
    out = _scan_text(tmp_path, "--color", "never")
    lines = out.splitlines()
    source = next(line for line in lines if line.startswith("2 | "))
    marks = lines[lines.index(source) + 1]
    start = marks.index("^")
    assert source[start : start + marks.count("^")] == "https://api.openai.com/v1/audio/speech"


def test_the_models_an_endpoint_offers_are_listed_once(tmp_path: Path) -> None:
    """Every model finding names the models the endpoint offers; the text says the list in full
    at the first and `as above` after (the JSON message keeps it whole)."""
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nclient = OpenAI()\n"
        "client.responses.create(model='gpt-4o', input='x')\nclient.responses.create(model='gpt-4.1', input='x')\n")
    out = _scan_text(tmp_path, "--color", "never")
    heads = [line for line in out.splitlines() if "error[model-availability]" in line]
    assert len(heads) == 2
    assert "(offered on mantle: openai." in heads[0] and heads[1].endswith("(offered on mantle: as above).")
    found = json.loads(_scan_text(tmp_path, "--format", "json"))["findings"]
    assert all("(offered on mantle: openai." in f["message"] for f in found if f["capability"] == "model-availability")


def test_color_flag_and_environment(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(CALL + "\n")
    assert "\x1b[" not in _scan_text(tmp_path)
    assert "\x1b[" in _scan_text(tmp_path, env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in _scan_text(tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" in _scan_text(tmp_path, "--color", "always", env={"NO_COLOR": "1"})
    assert "\x1b[" not in _scan_text(tmp_path, "--color", "never", env={"FORCE_COLOR": "1"})


def test_quiet_and_verbose(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(CALL + "\n" + CALL.replace("web_search", "file_search")
                                       + "  # bedrock-check: ignore[file-search]\n")  # fmt: skip
    quiet = _scan_text(tmp_path, "-q")
    assert quiet.count("\n") == 1 and quiet.startswith("1 error, 0 warnings (1 suppressed)")
    assert "file-search" not in _scan_text(tmp_path)
    verbose = _scan_text(tmp_path, "-v")
    assert "error[file-search]" in verbose and "suppressed:" in verbose and "= source:" in verbose


def test_terminal_control_sequences_from_scanned_code_are_stripped(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(CALL + "  # \x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b1m\x07\n")
    out = _scan_text(tmp_path, "--color", "never")
    assert "web-search" in out
    assert not any(c in out for c in "\x1b\x07\x9b"), repr(out)


def test_junit_one_failure_per_finding_and_well_formed(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "two.py").write_text(CALL + "  # \x1b[31m \x0c \x08\n" + CALL.replace("web_search", "file_search") + "\n")
    (tmp_path / "clean.py").write_text("print(1)\n")
    report = scan_folder(tmp_path, matrix, target)
    suite = ElementTree.fromstring(report.render("junit").encode())
    assert suite.get("failures") == "2" and len(suite.findall("testcase/failure")) == 2
    assert suite.get("tests") == str(len(suite.findall("testcase")))
    failing = sorted(c.get("name") for c in suite.findall("testcase") if c.find("failure") is not None)
    assert [n.split(" at ")[0] for n in failing] == ["file-search", "web-search"]
    sarif = json.dumps(json.loads(report.render("sarif")))
    assert "\\u000c" not in sarif and "\\u001b" not in sarif and "\\b" not in sarif


def test_a_default_imported_client_is_underlined_at_the_name_the_file_gave_it(tmp_path: Path) -> None:
    """`import Client from "openai"` binds the SDK's default export: the migration note on
    `new Client()` underlines `Client`, not nothing (the value is `openai.default`)."""
    (tmp_path / "app.ts").write_text(
        'import Client from "openai";\n\nconst client = new Client();\n'
        'await client.responses.create({ model: "gpt-4o", input: "x" });\n')
    lines = _scan_text(tmp_path, "--color", "never").splitlines()
    head = next(i for i, line in enumerate(lines) if "note[migrate-client]" in line)
    source, marks = lines[head + 2], lines[head + 3]
    assert source == "3 | const client = new Client();"
    start = marks.index("^")
    assert source[start : start + marks.count("^")] == "Client"


def test_the_frame_never_underlines_part_of_a_longer_name(tmp_path: Path) -> None:
    from bedrock_check.report.text import _anchor

    class F:
        value = "mcp"

    assert _anchor(F(), "const mcpTool: any = {") is None  # `mcp` inside `mcpTool` is not the span
    assert _anchor(F(), "const mcpTool = { type: 'mcp' }") == (24, 5)  # the quoted value is
    assert _anchor(F(), "tools = [mcp]") == (9, 3)


def test_a_later_fact_is_said_once_per_capability_after_the_findings(tmp_path: Path) -> None:
    """Three web-search findings: the later fact about web search is one line at the end,
    not a line under each finding; `Later` never stays inside a finding's headline."""
    (tmp_path / "agent.py").write_text("\n".join([CALL, CALL, CALL]) + "\n")
    out = _scan_text(tmp_path, "--color", "never")
    lines = out.splitlines()
    assert sum(line.startswith("agent.py:") and "error[web-search]" in line for line in lines) == 3
    later = [i for i, line in enumerate(lines) if "since 2026-08-04" in line]
    assert len(later) == 1, out
    assert lines[later[0] - 1] == "Later facts (after the date of the verdicts):"
    assert lines[later[0]].startswith("  web-search: since 2026-08-04, Bedrock's own web search")
    last_finding = max(i for i, line in enumerate(lines) if line.startswith("agent.py:"))
    assert later[0] > last_finding and not any("Later:" in line for line in lines)


def test_html_and_markdown_say_a_later_fact_once_per_capability(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CALL + "\n")
    (tmp_path / "b.py").write_text("x = 1\n" + CALL.replace("input='x'", "input='y'") + "\n")  # not folded with a.py
    for fmt in ("html", "markdown"):
        out = _scan_text(tmp_path, "-f", fmt)
        assert out.count("since 2026-08-04") == 1, fmt
        assert out.count("The hosted web search tool is not offered on Bedrock.") == 2, fmt
    # The JSON keeps each finding's whole message (its contract is unchanged).
    data = json.loads(_scan_text(tmp_path, "-f", "json"))
    assert sum("Later: since 2026-08-04" in f["message"] for f in data["findings"]) == 2


def test_many_doc_blocks_that_do_not_parse_are_one_line_per_file(tmp_path: Path) -> None:
    broken = "```python\nclient.responses.create(\n```\n\n"
    (tmp_path / "a.md").write_text(broken * 9)
    (tmp_path / "b.md").write_text("intro\n\n" + broken * 3)
    (tmp_path / "agent.py").write_text(CALL + "\n")
    out = _scan_text(tmp_path, "--color", "never")
    # 12 blocks: above the cap, so one line per file, first block's line and the count
    assert "  a.md:2: 9 code blocks do not parse (snippet-parse-error)" in out
    assert "  b.md:4: 3 code blocks do not parse (snippet-parse-error)" in out
    assert "code block at line" not in out and "-v lists each code block" in out
    assert "12 doc snippets did not parse" in out
    verbose = _scan_text(tmp_path, "--color", "never", "-v")
    assert verbose.count("(snippet-parse-error)") == 12 and "-v lists each" not in verbose
    (tmp_path / "a.md").write_text(broken * 2)
    few = _scan_text(tmp_path, "--color", "never")
    assert few.count("code block at line") == 5  # at or under the cap, each block is listed


def test_the_summary_says_how_many_calls_went_to_other_providers(tmp_path: Path) -> None:
    """Calls to another provider are no findings; the summary line still says they were read,
    so "No OpenAI calls recognised" is not taken for a scan that saw nothing."""
    (tmp_path / "local.py").write_text(
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='http://localhost:11434/v1', api_key='ollama')\n"
        "client.chat.completions.create(model='llama3', messages=[])\n"
        "client.responses.create(model='llama3', input='x')\n"
    )
    out = _scan_text(tmp_path, "--no-config")
    assert "No OpenAI calls recognised." in out
    assert "(2 calls to other providers not checked: Ollama 2)" in out.splitlines()[-1]
    (tmp_path / "local.py").unlink()
    (tmp_path / "app.py").write_text("from openai import OpenAI\nclient = OpenAI()\n" + CALL + "\n")
    assert "other providers" not in _scan_text(tmp_path, "--no-config")


def test_the_summary_says_how_many_findings_are_in_tests_and_docs(tmp_path: Path) -> None:
    """A test suite's fixtures and a docs example are reported like the app's own requests;
    the summary line says how many of the errors and warnings are not in product code, by the
    path conventions and by the user's `--component` rules."""
    head = "from openai import OpenAI\nclient = OpenAI()\n"
    (tmp_path / "app.py").write_text(head + CALL + "\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(head + "def test_it():\n    " + CALL + "\n")
    (tmp_path / "README.md").write_text("# App\n\n```python\n" + head + CALL + "\n```\n")
    last = _scan_text(tmp_path, "--no-config").splitlines()[-1]
    assert last.startswith("3 errors, 0 warnings (of these 3, 1 in docs, 1 in tests), "), last
    last = _scan_text(tmp_path, "--no-config", "--component", "product=README.md").splitlines()[-1]
    assert last.startswith("3 errors, 0 warnings (of these 3, 1 in tests), "), last
    (tmp_path / "app.py").unlink()  # all in tests and docs: nothing to tell apart
    assert _scan_text(tmp_path, "--no-config").splitlines()[-1].startswith("2 errors, 0 warnings, 3 notes; ")
    (tmp_path / "app.py").write_text(head + CALL + "\n")
    (tmp_path / "tests" / "test_app.py").unlink()
    (tmp_path / "README.md").unlink()
    assert _scan_text(tmp_path, "--no-config").splitlines()[-1].startswith("1 error, 0 warnings, 2 notes; ")


def test_an_embeddings_call_and_its_model_are_one_block(tmp_path) -> None:
    """An embeddings call and its OpenAI embedding model give the same fix: the text report
    shows both headlines, the line once with both spans underlined, and the fix once (the JSON
    keeps both findings)."""
    import bedrock_check
    from bedrock_check.report.text import render_text

    (tmp_path / "embed.py").write_text(
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
        "def embed(texts):\n    return client.embeddings.create(model=\"text-embedding-3-small\", input=texts)\n"
    )
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert {f.capability for f in report.findings if f.line == 7} == {"embeddings", "model-availability"}
    text = render_text(report)
    assert text.count("= fix: Use a Bedrock embeddings model") == 1
    assert text.count("7 | return client.embeddings.create(") == 1
    assert "^^^^^^       ^^^^^^^^^^^^^^^^^^^^^^^^" in text
    assert "= read more: bedrock-check explain embeddings; bedrock-check explain model-availability" in text
