"""Markdown, shell and `.env` extraction: blocks where docs really put them, curl as it is
written, settings that name models, and costs that stay linear on hostile inputs (checked
in a child process under memory and CPU limits, never with a timer)."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

import pytest

from bedrock_check.extract import extract, kind_of
from bedrock_check.extract.markdown import SNIPPET_PARSE_ERROR, fenced_blocks
from bedrock_check.extract.requests import request_shape
from bedrock_check.extract.shell import _lex, extract_shell
from bedrock_check.findings import CodeObservation, RequestObservation
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import scan_paths

MKDOCS = textwrap.dedent(
    """\
    # T

    - item

      ```python
      x = 1
      ```

    > ```js
    > foo()
    > ```

    !!! note "Title"
        ```python
        y = 2
        ```

    === "Python"

        ```python
        z = 3
        ```

    1. step

        ??? tip

            ```bash
            curl x
            ```
    """
)


def test_fences_in_lists_quotes_admonitions_and_tabs_have_their_file_line() -> None:
    blocks = [(b.kind, b.line, b.column, b.code) for b in fenced_blocks(MKDOCS)]
    assert blocks == [
        ("python", 6, 2, "x = 1\n"),
        ("javascript", 10, 2, "foo()\n"),
        ("python", 15, 4, "y = 2\n"),
        ("python", 21, 4, "z = 3\n"),
        ("shell", 29, 8, "curl x\n"),
    ]


def test_findings_in_an_indented_fence_point_at_the_file_line_and_column() -> None:
    text = '1. Ask:\n\n    ```python\n    client.responses.create(model="openai.gpt-5.5", input="x", tools=[{"type": "web_search"}])\n    ```\n'
    result = extract("markdown", "doc.md", text)
    [request] = [o for o in result.observations if isinstance(o, RequestObservation) and not o.fragment]
    span = request.locate(("tools", 0, "type"))
    assert span is not None and span.line == 4
    assert text.split("\n")[3][span.column - 1 :].startswith('"web_search"')


def test_a_fence_that_does_not_parse_is_a_snippet_diagnostic_at_its_line() -> None:
    text = "# Doc\n\n```python\nclient.responses.create(\n```\n\n```python\nok = 1\n```\n"
    result = extract("markdown", "doc.md", text)
    assert [(d.kind, d.line) for d in result.diagnostics] == [(SNIPPET_PARSE_ERROR, 4)]
    assert "code block at line 4" in result.diagnostics[0].message


def test_a_fence_that_names_nothing_of_openai_is_no_diagnostic_when_it_does_not_parse() -> None:
    """A block that names no `openai`, no OpenAI model id, no endpoint path of the API and no
    SDK call cannot hold an OpenAI use: that it does not parse is not said. One that names any
    of them still is, each at its own line."""
    text = textwrap.dedent("""\
        # Setup

        ```python
        df = pd.read_csv(
        ```

        ```json
        {"port": 8501, // can be null
        ```

        ```bash
        docker run -p 8501:8501 {image
        ```

        ```python
        from openai import OpenAI
        client = OpenAI(
        ```

        ```python
        llm = make_llm(model="gpt-4o-mini"
        ```

        ```json
        {"url": "https://example.test/v1/chat/completions", // the proxy
        ```

        ```python
        client.chat.completions.create(
        ```
        """)
    result = extract("markdown", "README.md", text)
    assert [(d.kind, d.line) for d in result.diagnostics] == [
        (SNIPPET_PARSE_ERROR, 17), (SNIPPET_PARSE_ERROR, 21), (SNIPPET_PARSE_ERROR, 25), (SNIPPET_PARSE_ERROR, 29)]


def test_a_json_fragment_in_a_fence_is_one_snippet_diagnostic_and_json_lines_are_still_read(
        matrix: Matrix, target: Target, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A JSON fence showing one entry of a larger file (`"key": {...},` with a comment) is one
    snippet that did not parse, not one per line; a JSON Lines fence is read line by line."""
    (tmp_path / "README.md").write_text(
        'Add your template:\n\n```json\n"streamlit-developer": {\n  "name": "Streamlit",\n'
        '  "lib": ["streamlit", "pandas"],\n  "model": "gpt-4o-mini",\n  "port": 8501 // can be null\n},\n```\n\n'
        '```python\nclient.responses.create(model="openai.gpt-5.5", input="hi")\n```\n')
    (tmp_path / "batch.md").write_text(
        '```json\n{"custom_id": "a", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-4o", "input": "x"}}\n'
        '{"custom_id": "b", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-4o", "input": "y"}}\n```\n')
    monkeypatch.chdir(tmp_path)
    report = scan_paths(["."], matrix, target, jobs=1)
    assert [(d.path, d.kind, d.line) for d in report.diagnostics] == [("README.md", SNIPPET_PARSE_ERROR, 4)]
    assert [(f.path, f.line) for f in report.findings if f.capability == "model-availability"] == [("batch.md", 2), ("batch.md", 3)]


def test_a_page_or_block_repeated_in_other_files_is_reported_in_each_at_its_own_lines(matrix: Matrix, target: Target,
                                                                                     tmp_path) -> None:  # fmt: skip
    # A versioned, translated docs site: the same page per release, the same block per language.
    block = '```python\nclient.responses.create(model="gpt-4o", input="x", tools=[{"type": "web_search"}])\n```\n'
    for release in ("v1", "v2"):
        (tmp_path / release).mkdir()
        (tmp_path / release / "en.md").write_text("# Tools\n\n" + block)
        (tmp_path / release / "ko.md").write_text("# 도구\n\n설명.\n\n" + block)
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    per_file: dict[str, list[tuple[int, str]]] = {}
    for f in report.findings:
        if f.path != "(target)":
            per_file.setdefault("/".join(f.path.split("/")[-2:]), []).append((f.line, f.capability))
    assert sorted(per_file) == ["v1/en.md", "v1/ko.md", "v2/en.md", "v2/ko.md"]
    assert ("4", "web-search") in {(str(line), cap) for line, cap in per_file["v2/en.md"]}
    assert sorted(per_file["v1/en.md"]) == sorted(per_file["v2/en.md"])
    assert sorted(per_file["v1/ko.md"]) == sorted(per_file["v2/ko.md"])
    # The block's findings in the Korean page are two lines further down.
    assert sorted(per_file["v2/ko.md"]) == sorted((line + 2, cap) for line, cap in per_file["v1/en.md"])


def test_recorded_responses_and_output_items_are_not_requests() -> None:
    assert request_shape({"id": "resp_1", "object": "response", "tools": [{"type": "web_search"}]}) is None
    assert request_shape({"object": "chat.completion", "choices": []}) is None
    assert request_shape({"type": "web_search_call", "id": "ws_1", "status": "completed"}) is None
    assert request_shape({"type": "mcp_list_tools", "server_label": "x", "tools": [{"name": "a"}]}) is None
    assert request_shape({"type": "response.created", "response": {"tools": [{"type": "web_search"}]}}) is None
    assert request_shape({"type": "conversation.item.added", "item": {}}) is None
    # What a client sends still is one.
    assert request_shape({"type": "input_audio_buffer.append", "audio": "AAAA"}).endpoint == "realtime"
    assert request_shape({"type": "response.create", "input": "hi"}).endpoint == "responses.websocket"


def test_dataset_examples_with_their_answer_are_not_requests(tmp_path, matrix: Matrix, target: Target) -> None:
    """A repository's few-shot or evaluation set (`[{"input": question, "output": answer}, ...]`,
    an evals sample's `ideal`) is data the app reads: no request, no text-generation use. A
    request file whose body names its model, or an `input` without an answer, still is one."""
    import json

    pairs = [{"input": f"What changed in {year}?", "output": f"What was the change in {year}?"} for year in range(2000, 2040)]
    (tmp_path / "rephrase_train.json").write_text(json.dumps(pairs, indent=2))
    (tmp_path / "samples.jsonl").write_text(
        '{"input": [{"role": "user", "content": "2+2?"}], "ideal": "4"}\n'
        '{"input": [{"role": "user", "content": "3+3?"}], "expected_output": "6"}\n'
    )
    (tmp_path / "request.json").write_text('{"model": "gpt-5.5", "input": "hi", "tools": [{"type": "web_search"}]}\n')
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    assert report.requests == 1
    assert {u.path.rpartition("/")[2] for u in report.uses} == {"request.json"}
    assert {f.path.rpartition("/")[2] for f in report.findings} == {"request.json"}
    assert request_shape({"input": "q", "output": "a"}, strict=True) is None
    assert request_shape({"input": "q"}, strict=True).endpoint == "responses"
    assert request_shape({"model": "gpt-5.5", "input": "q", "output": "a"}, strict=True).endpoint == "responses"
    # Given on purpose (validate), a body is checked whatever else it holds.
    assert request_shape({"input": "q", "output": "a"}).endpoint == "responses"


def test_bare_message_lists_and_anthropic_bodies_in_docs_are_not_chat_requests() -> None:
    md = textwrap.dedent(
        """\
        An MCP prompt returns:

        ```json
        {"messages": [{"role": "user", "content": "Review this code"}]}
        ```

        Anthropic Messages with extended thinking:

        ```json
        {"model": "my-model", "max_tokens": 1024, "thinking": {"type": "enabled"},
         "messages": [{"role": "user", "content": "hi"}]}
        ```

        ```json
        {"model": "x", "system": "Be brief.", "messages": [{"role": "user", "content": "hi"}]}
        ```

        A Chat Completions body (still one):

        ```json
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
        ```
        """
    )
    obs = [o for o in extract("markdown", "docs/api.md", md).observations if isinstance(o, RequestObservation)]
    assert [(o.endpoint, o.span.line) for o in obs] == [("chat.completions", 21)]
    # Given on purpose (validate), a body of messages alone is still checked as Chat Completions.
    assert request_shape({"messages": []}).endpoint == "chat.completions"
    assert request_shape({"messages": []}, strict=True) is None
    assert request_shape({"messages": [], "temperature": 0}, strict=True).endpoint == "chat.completions"


def test_saved_app_state_with_a_notice_log_named_messages_is_not_a_chat_request(tmp_path, matrix: Matrix, target: Target) -> None:
    """A web app's saved session (a demo file it ships) keeps its notice log under `messages`:
    items with a timestamp and a value, no `role`. Every turn of a Chat Completions body names
    its role, so the file holds no request; one real turn among them is enough to be one."""
    import json

    state = {"tables": [], "charts": [], "config": {"maxRepairAttempts": 1},
             "messages": [{"timestamp": 1760831191070, "type": "success", "component": "loader", "value": "Loaded"}]}  # fmt: skip
    (tmp_path / "df_movies.json").write_text(json.dumps(state))
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    assert (report.requests, list(report.findings), list(report.uses)) == (0, [], [])
    assert request_shape(state, strict=True) is None
    turns = {**state, "messages": [*state["messages"], {"role": "user", "content": "hi"}]}
    assert request_shape(turns, strict=True).endpoint == "chat.completions"
    # Given on purpose (validate), the body is still checked.
    assert request_shape(state).endpoint == "chat.completions"


def test_curl_multipart_heredoc_and_endpoint_urls() -> None:
    text = (
        "curl https://api.openai.com/v1/audio/speech -d '{\"model\": \"tts-1\", \"input\": \"hi\", \"voice\": \"alloy\"}'\n"
        "curl https://api.openai.com/v1/audio/transcriptions -F model=whisper-1 -F file=@a.wav\n"
        "curl -s https://api.openai.com/v1/responses -d @- <<'EOF'\n"
        '{"model": "gpt-4o", "input": "x", "tools": [{"type": "web_search"}]}\n'
        "EOF\n"
        "curl https://api.openai.com/v1/realtime/calls --data-binary @offer.sdp\n"
    )
    obs = [o for o in extract_shell("a.sh", text).observations if isinstance(o, RequestObservation)]
    assert [(o.endpoint, o.span.line) for o in obs] == [
        ("audio.speech", 1), ("audio.transcriptions", 2), ("responses", 4), ("realtime.calls", 6),
    ]  # fmt: skip
    assert obs[0].body == {} and obs[2].body["tools"] == [{"type": "web_search"}]
    assert obs[2].locate(("tools", 0, "type")).line == 4


def test_a_curl_chat_completions_call_is_reported_at_its_url(matrix: Matrix, target: Target, tmp_path) -> None:
    """The Chat Completions use is the command (its URL names the endpoint), not the body's
    `"messages"` line some lines below; the model stays where it is written."""
    (tmp_path / "vision.sh").write_text(
        "curl https://api.openai.com/v1/chat/completions \\\n"
        "  -H \"Content-Type: application/json\" \\\n"
        "  -d '{\n    \"model\": \"gpt-4o\",\n    \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]\n  }'\n"
    )
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    found = sorted((f.line, f.capability) for f in report.findings if f.path != "(target)" and f.severity != "note")
    assert found == [(1, "chat-completions"), (4, "model-availability")]


def test_shell_lexer_quotes_comments_and_operators() -> None:
    text = "echo 'a # b' # comment\ncurl \"$URL/v1/files\" && echo https://api.openai.com/v1/images\nx=\"unclosed\n"
    commands = [[w for w, _ in c.words] for c in _lex(text)]
    assert commands == [["echo", "a # b"], ["curl", "$URL/v1/files", "&&", "echo", "https://api.openai.com/v1/images"],
                        ["x=unclosed\n"]]  # fmt: skip
    found = extract_shell("a.sh", text).observations
    # the URL after `&&` belongs to echo, not to curl
    assert [o.endpoint for o in found if isinstance(o, RequestObservation)] == ["files"]


def test_env_settings_that_name_openai_models_tiers_and_regions(matrix: Matrix, target: Target, tmp_path) -> None:
    (tmp_path / ".env").write_text(
        "OPENAI_MODEL=gpt-4o\nFAST_MODEL='o4-mini'\nANTHROPIC_MODEL=claude-sonnet-4-5\nOPENAI_SERVICE_TIER=priority\n"
        "AWS_REGION=eu-west-1\n"
    )
    (tmp_path / "example.env").write_text("AWS_REGION=ADD_YOURS_HERE\nOPENAI_MODEL=claude-sonnet-4-5\n")
    (tmp_path / ".env.test").write_text("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=fake\nAWS_REGION=eu-west-1\n")
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    found = sorted((f.path.rsplit("/", 1)[-1], f.line, f.capability) for f in report.findings if f.path != "(target)")
    assert found == [
        (".env", 1, "model-availability"), (".env", 2, "model-availability"), (".env", 4, "service-tiers"),
        (".env", 5, "region-availability"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind"),
    [("env.example", "dotenv"), ("server/env.sample", "dotenv"), ("env.template", "dotenv"), (".env.local", "dotenv"),
     ("prod.env", "dotenv"), ("env.py", "python"), ("src/env.ts", "typescript"), ("env.json", "json")],
)
def test_env_templates_named_without_the_dot(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_env_value_column_and_kinds() -> None:
    result = extract("dotenv", ".env", "export MODEL_NAME=\"gpt-4.1\"  # default\nBASE_URL=wss://api.openai.com/v1/realtime\n")
    req, url = result.observations
    assert isinstance(req, RequestObservation) and req.body == {"model": "gpt-4.1"}
    assert (req.span.line, req.span.column) == (1, 20)
    assert isinstance(url, CodeObservation) and url.kind == "string"


# ------------------------------------------------------------ bounded cost
_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
from bedrock_check.extract import extract
text = {text}
result = extract({kind!r}, "hostile", text)
print(len(result.observations), len(result.diagnostics))
"""


def _run_limited(kind: str, text_expr: str, *, mem_mb: int = 768, cpu_s: int = 240) -> str:
    code = _LIMITED.format(mem=mem_mb * 2**20, cpu=cpu_s, text=text_expr, kind=kind)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.slow
def test_markdown_with_120000_fences_stays_within_memory_and_cpu_limits() -> None:
    # 3.2 MB, 120,000 fences: padding each fence to its line took 20 GB here.
    out = _run_limited("markdown", "'text\\n\\n```python\\nx = 1\\n```\\n\\n' * 120_000")
    assert out.split() == ["0", "0"]


def test_shell_script_with_an_unclosed_quote_stays_linear() -> None:
    # 700 KB after an unclosed quote: re-splitting the growing command line took 201 s.
    out = _run_limited("shell", "\"echo 'unclosed\\n\" + 'curl https://api.openai.com/v1/files -F a=b\\n' * 16_000",
                       cpu_s=60)  # fmt: skip
    assert out.split() == ["0", "0"]


def test_limits_are_enforced_in_the_child() -> None:
    """The caps are real: a child that needs more memory than allowed fails."""
    code = _LIMITED.format(mem=256 * 2**20, cpu=60, text="'x' * (512 * 2**20)", kind="shell")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "MemoryError" in proc.stderr
    assert resource.RLIMIT_AS  # (the constant exists on this platform)


def test_azure_deployment_settings_that_name_an_openai_model(tmp_path, matrix, target) -> None:
    (tmp_path / ".env").write_text(
        "AZURE_OPENAI_CHAT_DEPLOYMENT_NAME=gpt-4o\n"
        "AZURE_OPENAI_EMBEDDING_DEPLOYMENT=text-embedding-3-large\n"
        "AZURE_OPENAI_DEPLOYMENT=my-chat\n"  # someone's own deployment name: no model id
        "FAST_LLM=azure_openai:gpt-4o-mini\n"
    )
    (tmp_path / "README.md").write_text(
        "```bash\nAZURE_OPENAI_REALTIME_DEPLOYMENT=gpt-4o-realtime-preview\n```\n"
    )
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    environment:\n      AZURE_OPENAI_DEPLOYMENT_NAME: gpt-4.1\n"
    )
    # A config file's lower-case key names a deployment of someone's own naming scheme.
    (tmp_path / "settings.yaml").write_text("openai:\n  deployment_name: gpt-4o-2\n  api_type: azure\n")
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    got = sorted((f.path.rpartition("/")[2], f.line) for f in report.findings if f.capability == "model-availability")
    assert got == [(".env", 1), (".env", 2), (".env", 4), ("README.md", 2), ("compose.yaml", 4)]


NEXTRA = (
    "import { Tabs, Tab } from 'nextra/components'\n"  # 1
    "\n"  # 2
    "<Tabs items={['GPT-4 (OpenAI)', 'Mixtral (Fireworks)']}>\n"  # 3
    "    <Tab>\n"  # 4
    "        ```python\n"  # 5
    "        from openai import OpenAI\n"  # 6
    "        client = OpenAI()\n"  # 7
    "        ```\n"  # 8
    "    </Tab>\n"  # 9
    "\n"  # 10
    "    <Tab>\n"  # 11
    "```tsx\n"  # 12
    "<div>\n"  # 13
    "  <Chat />\n"  # 14
    "</div>\n"  # 15
    "```\n"  # 16
    "    </Tab>\n"  # 17
    "</Tabs>\n"  # 18
)


def test_fences_wrapped_in_mdx_components_are_found_and_tags_inside_a_fence_stay() -> None:
    """Nextra/Docusaurus `<Tabs>`/`<Tab>` lines swallow the fence they wrap (an HTML block or
    a paragraph in CommonMark); tag-only lines outside fences are blanked, never inside one."""
    blocks = [(b.kind, b.line, b.column, b.code) for b in fenced_blocks(NEXTRA)]
    assert blocks == [
        ("python", 6, 8, "from openai import OpenAI\nclient = OpenAI()\n"),
        ("tsx", 13, 0, "<div>\n  <Chat />\n</div>\n"),
    ]


def test_an_untagged_fence_is_read_in_the_language_its_imports_or_command_show() -> None:
    text = ("```\nfrom openai import OpenAI\n```\n\n```\nimport OpenAI from 'openai'\n```\n\n"
            "```\n$ curl https://api.openai.com/v1/responses\n```\n\n```\nClassify the text: {input}\n```\n")
    assert [(b.kind, b.line) for b in fenced_blocks(text)] == [("python", 2), ("javascript", 6), ("shell", 10)]
    # A command whose model option sits on a line it continues to (a README's docker run).
    run = '```\nsh tests_integration/test_with_docker.sh \\\n  --source-file-path "app.go" \\\n  --model "gpt-4o"\n```\n'
    assert [(b.kind, b.line) for b in fenced_blocks(run)] == [("shell", 2)]
    found = extract("markdown", "README.md", run)
    assert [(o.body.get("model"), o.span.line) for o in found.observations if isinstance(o, RequestObservation)] == [
        ("gpt-4o", 4)]


def test_a_request_in_a_component_wrapped_fence_is_reported_at_its_file_line(matrix: Matrix, target: Target,
                                                                              tmp_path) -> None:  # fmt: skip
    page = NEXTRA.replace("        client = OpenAI()\n",
                          '        OpenAI().responses.create(model="gpt-4o", input="x", tools=[{"type": "web_search"}])\n')
    (tmp_path / "prompt.en.mdx").write_text(page)
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    assert sorted((f.capability, f.line) for f in report.findings if f.severity == "error") == [
        ("model-availability", 7), ("web-search", 7)]


def test_a_block_with_a_slip_is_read_past_it_but_one_left_open_is_not_mended() -> None:
    """Tabs beside spaces read as four columns, and a line whose string quotes do not match is
    left out (the rest of the block is what the page shows); a call left open stays a snippet
    that does not parse."""
    from bedrock_check.extract.markdown import mended_python

    tabs = 'def main():\n\tllm = ChatOpenAI(\n\t\tmodel="gpt-4.1-mini",\n\t)\n    agent = Agent(llm=llm)\n'
    assert mended_python(tabs) == tabs.expandtabs(4)
    slip = 'tool = Tool(\n    name="example\',\n    size=3,\n)\nagent = Agent(llm="gpt-4o-mini")\n'
    mended = mended_python(slip)
    assert mended is not None and mended.split("\n")[1] == "" and mended.count("\n") == slip.count("\n")
    assert mended_python("client.responses.create(\n") is None
    elided = "agent = create_agent(model=model, ...)\n"
    assert mended_python(elided) == "agent = create_agent(model=model, _=0)\n"
    comma = "f(\n    a=1\n    b=2,\n)\n"
    assert mended_python(comma) == "f(\n    a=1,\n    b=2,\n)\n"
    assert mended_python('a = "x\nb = "y\nc = "z\nd = 1\n') is None  # more slips than a reader skips
    # A body left out under a statement that spans lines: `pass` on the line with its colon.
    empty = ('with tracer.start_as_current_span(\n    "tool",\n) as span:\n    # Helper logic here\n'
             'result = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n')
    assert mended_python(empty) == empty.replace(") as span:", ") as span: pass")
    assert mended_python("def helper():\n    # omitted\n") == "def helper(): pass\n    # omitted\n"


def test_javascript_under_a_python_tag_is_read_as_javascript_and_python_that_does_not_parse_stays_a_diagnostic() -> None:
    text = ('```python\nconst OpenAI = require("openai");\nconst client = new OpenAI();\n'
            'await client.responses.create({ model: "gpt-4o-mini", input: "x" });\n```\n\n'
            '```python\nfrom openai import OpenAI\nclient = OpenAI(\n```\n')  # fmt: skip
    result = extract("markdown", "doc.md", text)
    assert [o.body.get("model") for o in result.observations if isinstance(o, RequestObservation)] == ["gpt-4o-mini"]
    assert [(d.kind, d.line) for d in result.diagnostics] == [(SNIPPET_PARSE_ERROR, 9)]
