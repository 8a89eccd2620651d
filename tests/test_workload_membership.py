"""Which code belongs to an OpenAI workload, and what the summary counts for the rest: a
hosted-tool literal with no request in view is OpenAI's only in a package that talks to
OpenAI; other vendors' SDK calls are counted in `skipped_by_provider`, once each; one tool
is one finding; a client or a `.env` that only ever reaches another server gets no
migration step."""

from __future__ import annotations

from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.extract.manifests import _python_mentions


def _scan(root: Path) -> bedrock_check.Report:
    return bedrock_check.scan([str(root)], config=False, jobs=1)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


# ------------------------------------------------------------ bare hosted-tool literals

_MENU_TS = ('export const MENU = [\n  { type: "web_search", label: "Search the web", icon: "globe" },\n'
            '  { type: "image_generation", label: "Create image", icon: "brush" },\n];\n')  # fmt: skip
_MENU_PY = 'ACTIONS = [\n    {"type": "web_search", "label": "Search the web"},\n    {"type": "file_search", "label": "Search files"},\n]\n'


@pytest.mark.parametrize(
    ("manifest", "text", "source", "found"),
    [
        ("package.json", '{"name": "ui", "dependencies": {"react": "^19.0.0"}}', ("menu.ts", _MENU_TS), set()),
        # (A manifest that lists no dependency says nothing: the literal is kept.)
        ("package.json", '{"name": "my-app"}', ("menu.ts", _MENU_TS), {(2, "web-search"), (3, "image-generation")}),
        ("pyproject.toml", '[project]\nname = "my-app"\n', ("actions.py", _MENU_PY), {(2, "web-search"), (3, "file-search")}),
        ("package.json", '{"name": "bot", "dependencies": {"openai": "^6.0.0", "react": "*"}}', ("menu.ts", _MENU_TS),
         {(2, "web-search"), (3, "image-generation")}),
        ("package.json", '{"name": "bot", "devDependencies": {"@openai/agents": "^0.3.0"}}', ("menu.ts", _MENU_TS),
         {(2, "web-search"), (3, "image-generation")}),
        ("requirements.txt", "anthropic>=0.40\nflask\n", ("actions.py", _MENU_PY), set()),
        ("requirements.txt", "flask\nopenai[realtime]>=1.60 ; python_version >= '3.9'\n", ("actions.py", _MENU_PY),
         {(2, "web-search"), (3, "file-search")}),
        ("pyproject.toml", '[project]\nname = "svc"\ndescription = "An OpenAI-style menu"\ndependencies = ["anthropic>=0.40"]\n',
         ("actions.py", _MENU_PY), set()),
        ("pyproject.toml", '[project]\nname = "svc"\ndependencies = ["openai-agents>=0.4", "flask"]\n',
         ("actions.py", _MENU_PY), {(2, "web-search"), (3, "file-search")}),
    ],
)
def test_a_bare_tool_literal_is_openais_only_in_a_package_that_talks_to_openai(
        tmp_path: Path, manifest: str, text: str, source: tuple[str, str], found: set[tuple[int, str]]) -> None:  # fmt: skip
    """`{type: "web_search", label: ...}` in a React app's menu or a Flask service on `anthropic`
    is the app's own word; the same constant in a package that installs an OpenAI library is
    that app's tool list (the nearest manifest of the file's ecosystem says which)."""
    root = _write(tmp_path, {manifest: text, source[0]: source[1]})
    report = _scan(root)
    assert {(f.line, f.capability) for f in report.findings if f.severity != "note"} == found


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("tools.py", 'from openai import OpenAI\n\nTOOLS = [{"type": "web_search_preview"}]\n'),
        ("tools.py", 'OPENAI_TOOLS = [{"type": "web_search_preview"}]\n'),
        ("tools.ts", 'const URL = "https://api.openai.com/v1/responses";\nexport const TOOLS = [{ type: "web_search_preview" }];\n'),
    ],
)
def test_the_file_itself_can_say_it_is_openais(tmp_path: Path, name: str, text: str) -> None:
    """An OpenAI import, an `OPENAI_` name or the API's URL in the file is enough, whatever the manifest."""
    manifest = ("requirements.txt", "flask\n") if name.endswith(".py") else ("package.json", '{"dependencies": {"react": "*"}}')
    root = _write(tmp_path, {manifest[0]: manifest[1], name: text})
    assert [f.capability for f in _scan(root).findings if f.severity != "note"] == ["web-search"]


def test_a_package_without_a_manifest_keeps_its_tool_literals(tmp_path: Path) -> None:
    """With no manifest up to the repository's top there is nothing to tell by: the literal counts."""
    (tmp_path / ".git").mkdir()
    root = _write(tmp_path, {"menu.ts": _MENU_TS})
    assert {f.capability for f in _scan(root).findings} == {"web-search", "image-generation"}


def test_a_manifest_is_read_for_requirements_not_for_prose() -> None:
    names = frozenset({"openai", "openai-agents"})
    assert _python_mentions("openai==1.60.0\n", names)
    assert _python_mentions('dependencies = ["openai_agents>=0.4"]\n', names)
    assert _python_mentions("[tool.poetry.dependencies]\nopenai = \"^1.0\"\n", names)
    assert _python_mentions("dependencies:\n  - pip:\n    - openai\n", names)
    assert not _python_mentions('description = "An OpenAI chat app"\n', names)
    assert not _python_mentions('"OpenAI chatbot"\n', names)
    assert not _python_mentions("openai-whisper==20231117\n", names)


# ------------------------------------------------------------ other providers' calls, counted


@pytest.mark.parametrize(
    ("name", "text", "count"),
    [
        ("claude.py", "import anthropic\n\nclient = anthropic.Anthropic()\n"
         'reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=[])\n', 1),
        ("gemini.py", "from google import genai\nfrom google.genai import types\n\nclient = genai.Client()\n"
         "config = types.GenerateContentConfig(tools=[types.Tool(google_search=types.GoogleSearch())])\n"
         'reply = client.models.generate_content(model="gemini-2.5-flash", contents="hi", config=config)\n', 1),
        ("rerank.py", "import cohere\n\nco = cohere.ClientV2()\n"
         'reply = co.chat(model="command-a-03-2025", messages=[{"role": "user", "content": "hi"}])\n', 1),
        ("claude.ts", 'import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic();\n'
         'export const ask = () => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [] });\n', 1),
        ("gemini.ts", 'import { GoogleGenAI } from "@google/genai";\n\nconst ai = new GoogleGenAI({});\n'
         'export const ask = () => ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" });\n', 1),
        ("local.py", "from litellm import completion\n\n\ndef ask(q):\n"
         '    return completion(model="ollama/llama3", messages=[{"role": "user", "content": q}])\n', 1),
        ("local_async.py", "import litellm\n\n\nasync def ask(q):\n"
         '    return await litellm.acompletion(model="groq/llama3-8b-8192", messages=[])\n', 1),
        # The Ollama library: its module functions, imported or not, and its clients (`ollama/browser` too).
        ("ollama_chat.py", "import ollama\nfrom ollama import Client, chat\n\nclient = Client(host='http://gpu-box:11434')\n\n\n"
         "def ask(q):\n    msgs = [{'role': 'user', 'content': q}]\n"
         "    ollama.chat(model='llama3', messages=msgs)\n    chat('gpt-oss:20b', messages=msgs)\n"
         "    return client.chat(model='llama3.1', messages=msgs, stream=True)\n", 3),
        ("ollama_chat.ts", 'import ollama from "ollama";\nimport { Ollama } from "ollama/browser";\n\n'
         'const local = new Ollama({ host: "http://gpu-box:11434" });\n'
         'export const ask = async (q: string) => [await ollama.chat({ model: "llama3", messages: [] }),\n'
         '  await local.embed({ model: "nomic-embed-text", input: q })];\n', 2),
    ],
)
def test_another_vendors_sdk_call_is_counted_once(tmp_path: Path, name: str, text: str, count: int) -> None:
    """A call made on another vendor's SDK client reaches that vendor: no finding, one count in
    `skipped_by_provider`. Building the client or its config objects (`types.Tool(...)`) is no call."""
    report = _scan(_write(tmp_path, {name: text}))
    assert not report.findings
    assert report.skipped_by_provider == count


def test_each_providers_calls_in_one_module_are_counted(tmp_path: Path) -> None:
    text = ("import anthropic\nimport cohere\nimport litellm\nimport ollama\nfrom google import genai\nfrom openai import OpenAI\n\n"
            "oai = OpenAI()\nclaude = anthropic.Anthropic()\ngem = genai.Client()\nco = cohere.ClientV2()\n\n\n"
            "def ask(q):\n"
            '    claude.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=[])\n'
            '    gem.models.generate_content(model="gemini-2.5-flash", contents=q)\n'
            '    co.chat(model="command-a-03-2025", messages=[])\n'
            '    litellm.completion(model="ollama/llama3", messages=[])\n'
            '    ollama.chat(model="llama3", messages=[])\n'
            '    return oai.responses.create(model="openai.gpt-5.5", input=q)\n')  # fmt: skip
    report = _scan(_write(tmp_path, {"llms.py": text}))
    assert report.skipped_by_provider == 5
    assert report.skipped_providers == {"anthropic": 1, "google": 1, "cohere": 1, "ollama": 2}
    assert report.requests == 1


# ------------------------------------------------------------ one use, one finding; no step for other servers


def test_a_tool_constructor_and_its_tool_config_are_one_finding(tmp_path: Path) -> None:
    text = ("from agents import Agent, CodeInterpreterTool, WebSearchTool\n\n"
            'agent = Agent(name="a", tools=[WebSearchTool(), CodeInterpreterTool(tool_config={"type": "code_interpreter", '
            '"container": {"type": "auto"}})])\n')  # fmt: skip
    found = [(f.line, f.capability) for f in _scan(_write(tmp_path, {"agent.py": text})).findings]
    assert sorted(found) == [(3, "code-interpreter"), (3, "web-search")]


def test_the_agents_sdk_tool_constructors_of_the_fixture_are_one_finding_each() -> None:
    """`CodeInterpreterTool`, `HostedMCPTool` and `ImageGenerationTool` given a `tool_config` literal."""
    from collections import Counter

    from .conftest import FIXTURES

    report = _scan(FIXTURES / "scan" / "python" / "agent_app.py")
    twice = [k for k, n in Counter((f.line, f.capability) for f in report.findings).items() if n > 1]
    assert not twice


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("grok.py", 'from openai import OpenAI\n\nclient = OpenAI()\nr = client.chat.completions.create(model="grok-3", messages=[])\n'),
        ("claude.ts", 'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
         'export const r = () => client.chat.completions.create({ model: "claude-3-5-sonnet-20241022", messages: [] });\n'),
    ],
)
def test_a_client_called_only_with_other_vendors_models_gets_no_migration_step(tmp_path: Path, name: str, text: str) -> None:
    report = _scan(_write(tmp_path, {name: text}))
    assert not report.findings
    assert report.skipped_by_provider == 1


def test_a_client_with_one_openai_call_keeps_its_migration_step(tmp_path: Path) -> None:
    text = ('from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="grok-3", messages=[])\n'
            'client.chat.completions.create(model="gpt-4o", messages=[])\n')  # fmt: skip
    caps = {f.capability for f in _scan(_write(tmp_path, {"mixed.py": text})).findings}
    assert "migrate-client" in caps


@pytest.mark.parametrize(
    ("env", "noted"),
    [
        ("OPENAI_BASE_URL=http://localhost:11434/v1\nOPENAI_API_KEY=ollama\n", False),
        ("OPENAI_API_BASE=http://127.0.0.1:8000/v1\nOPENAI_API_KEY=EMPTY\n", False),
        ("OPENAI_BASE_URL=https://api.openai.com/v1\nOPENAI_API_KEY=sk-proj-abc\n", True),
        ("OPENAI_API_KEY=sk-proj-abc\n", True),
    ],
)
def test_an_openai_key_beside_another_servers_base_url_is_no_setting_to_migrate(tmp_path: Path, env: str, noted: bool) -> None:
    report = _scan(_write(tmp_path, {".env": env}))
    assert any(f.capability == "migrate-settings" for f in report.findings) is noted
    assert report.skipped_by_provider == 0  # (a setting is no call)


def test_a_manifest_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    """A FIFO named like a manifest (`requirements.txt`) would block a plain `open()` forever:
    it is refused like any file that is not a regular one, and the literal is judged without it
    (in a subprocess, so a regression fails the test instead of hanging the suite)."""
    import os
    import subprocess
    import sys

    root = _write(tmp_path / "svc", {"menu.py": _MENU_PY})
    os.mkfifo(root / "requirements.txt")
    done = subprocess.run([sys.executable, "-m", "bedrock_check", "scan", str(root), "--exit-zero", "--no-config",
                           "-f", "json"], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"web-search"' in done.stdout  # no manifest could be read: nothing says the package is not OpenAI's


_BLUEPRINT_APP = '''\
import os

import openai
from quart import Blueprint, request, stream_with_context

bp = Blueprint("chat", __name__, template_folder="templates")


@bp.before_app_serving
async def configure_clients():
    bp.openai_client = openai.AsyncOpenAI()


@bp.post("/chat/stream")
async def chat_handler():
    request_input = (await request.get_json())["input"]

    @stream_with_context
    async def response_stream():
        async with bp.openai_client.responses.stream(model=os.environ["AZURE_OPENAI_CHATGPT_DEPLOYMENT"], input=request_input,
                                                     store=False) as stream:
            async for event in stream:
                yield event

    return response_stream()
'''


def test_a_client_kept_on_a_framework_object_keeps_its_migration_step(tmp_path: Path) -> None:
    """A call made through a web framework's object (`bp.openai_client...` on a Quart
    blueprint) is put down to that library, which says nothing about where the client sends
    it: the client the file builds still gets its migration step."""
    root = _write(tmp_path / "app", {"chat.py": _BLUEPRINT_APP})
    notes = {(f.line, f.capability) for f in _scan(root).findings}
    assert (11, "migrate-client") in notes
