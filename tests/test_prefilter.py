"""The scan's prefilter: a file it skips can never be found, so every firing fixture must
pass it; files that only look alike must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.discover import Candidate, discover
from bedrock_check.engine import Engine
from bedrock_check.matrix import Matrix, Target
from bedrock_check.prefilter import TokenTest, classify, is_weak
from bedrock_check.scanner import Prefilter, prefilter_sets

from .conftest import FIXTURES
from .test_scan_fixtures import SCAN, expectations


@pytest.fixture(scope="module")
def tests(matrix: Matrix, target: Target) -> dict[str, TokenTest]:
    return {kind: TokenTest(tokens) for kind, tokens in prefilter_sets(Engine(matrix, target)).items()}


def test_every_file_with_an_expected_finding_passes(matrix: Matrix, target: Target) -> None:
    prefilter = Prefilter(Engine(matrix, target), 1 << 22)
    expected = {(lang, path) for lang in sorted(p.name for p in SCAN.iterdir() if p.is_dir())
                for path, _, _ in expectations(SCAN / lang)}  # fmt: skip
    assert len(expected) > 15
    # A config module whose constants (or class field defaults) are reported where they are
    # written is found through the file that imports them (scanned with the directory): it
    # need not pass on its own.
    through_importers = {("providers-ts", "config/tools-list.ts"), ("javascript", "ai_config.ts"),
                         ("crossfile-py", "app/llm_settings.py"), ("crossfile-py", "app/agents/types.py"),
                         ("javascript", "reexported/settings.ts"), ("javascript", "reexported/flags.ts")}
    for lang, rel in expected:
        [cand] = [c for c in discover([str(SCAN / lang / rel)]) if isinstance(c, Candidate)]
        data, _ = prefilter.read(cand)
        if (lang, rel) in through_importers:
            continue
        assert data is not None, f"the prefilter skips {lang}/{rel}, which has expected findings"


def test_every_framework_constructor_with_an_openai_model_passes(tests: dict[str, TokenTest]) -> None:
    cat = shipped_catalogue()
    checked = 0
    for spec in cat.frameworks.constructors:
        if spec.model is None:
            continue
        for name in spec.name:
            module, _, func = name.rpartition(".")
            if "/" in module or "@" in module or spec.camel or "()" in name:
                continue  # JS packages (camelCase options) and instance methods: their own fixtures
            head = f"from {module} import {func}\n" if func[0].isupper() or "." in module else f"import {module}\n"
            call = func if head.startswith("from") else f"{module}.{func}"
            where = spec.model_args[0]
            arg = "'x', " * where + "'gpt-4o'" if isinstance(where, int) else f"{where}='gpt-4o'"
            text = head + f"x = {call}({arg})\n"
            assert tests["python"].passes(text.encode()), text
            checked += 1
    assert checked > 5


def test_request_fixtures_that_scan_reads_pass(tests: dict[str, TokenTest]) -> None:
    """Every request fixture `scan` recognises as a request (strict shape) passes."""
    import json

    from bedrock_check.extract.requests import request_shape

    checked = 0
    for path in sorted((FIXTURES / "requests").glob("*/fires.json")):
        value = json.loads(path.read_text())
        items = value if isinstance(value, list) else [value]
        if any(request_shape(item, strict=True) for item in items):
            assert tests["json"].passes(path.read_bytes()), path
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    ("kind", "text", "passes"),
    [
        ("python", "def ask(client):\n    return client.responses.create(input='x')\n", True),
        ("python", "client.chat.completions\n    .create(messages=[])\n", True),
        # A client built and no call: the module holds the client's migration step.
        ("python", "from openai import OpenAI\nclient = OpenAI()\n", True),
        ("typescript", 'import OpenAI from "openai";\nexport const openai = new OpenAI();\n', True),
        ("python", "from openai import OpenAI\n\ndef ask(client: OpenAI) -> str: ...\n", False),  # a type only
        ("python", "def up(storage, f):\n    return storage.files.create(f)\n", False),  # no sign of OpenAI
        ("python", "import openai\nopenai.files.create(file=f)\n", True),
        ("python", "def up(client, f):\n    client.files.create(file=f, purpose='batch')\n", True),
        ("python", "from agents import Agent\nagent = Agent(name='a', model='o3')\n", True),
        ("python", "from pydantic_ai import Agent\nAgent('openai:gpt-4o')\n", True),
        ("python", "from pydantic_ai import Agent\nAgent('anthropic:claude-sonnet-4-5')\n", False),
        ("typescript", "const s = { providerOptions: { google: { x: 1 } } };\n", False),
        ("typescript", 'import { openai } from "@ai-sdk/openai";\nconst s = { providerOptions: { openai: {} } };\n', True),
        ("typescript", 'const tools = [{ type: "mcp", server_label: "x" }];\n', True),
        ("yaml", "model: openai.gpt-5.5\ninput: hi\n", True),
        ("yaml", "# a request\ninput: hi\ntools: []\n", True),
        ("yaml", "interactions:\n- request:\n    parsed_body:\n      messages: []\n      model: gpt-4o\n", False),
        # Config files that configure an OpenAI client (catalogue `config_models`).
        ("yaml", "provider: autogen_ext.models.openai.OpenAIChatCompletionClient\nconfig:\n  model: gpt-4o\n", True),
        ("yaml", "models:\n  chat:\n    type: openai_chat\n    model: gpt-4o\n", True),
        ("yaml", "pricing:\n  - name: gpt-4o\n    cost: 2.5\n", False),
        ("jsonl", '{"messages": [{"role": "user", "content": "hi"}]}\n', False),  # a fine-tuning data set
        ("jsonl", '{"custom_id": "1", "method": "POST", "url": "/v1/responses", "body": {"input": "x"}}\n', True),
        ("json", '{"input": "hi", "tools": [{"type": "web_search"}]}', True),
        # Framework names count beside their module only (the import that makes them its calls).
        ("python", "from litellm import embedding\nembedding(model='text-embedding-3-small', input=['x'])\n", True),
        ("python", "def embedding(self, text):\n    return self.encoder.embedding(text)\n", False),
        ("python", "from agents import Runner\nRunner.run_sync(agent, 'hi')\n", True),
        ("python", "loop.run_sync(job)\nresult = executor.run_streamed(task)\n", False),
        ("typescript", 'import { createAgent } from "langchain";\nconst a = createAgent({ model: m });\n', True),
        ("typescript", "export function createAgent(opts: Options) { return new Bot(opts); }\n", False),
        ("python", "from agents import WebSearchTool\ntools = [WebSearchTool()]\n", True),
        ("python", "class WebSearchTool(BaseTool):\n    name = 'search'\n", False),
        # Through the app's own module (a tutorial's `from helper_functions import *`): followed there.
        ("python", "from helper_functions import *\nllm = ChatOpenAI(model_name='gpt-4o-mini')\n", True),
        ("python", "from .llm import ChatOpenAI\nllm = ChatOpenAI(model_name='gpt-4o-mini')\n", True),
        ("python", "from helper_functions import *\nclient = make_client()\n", False),
        # A hosted-tool literal is found by its `type` entry as written, with no other sign of OpenAI.
        ("typescript", 'export const webSearch = { type: "web_search" };\n', True),
        ("python", "TOOLS = [{'type': 'file_search', 'vector_store_ids': ids}]\n", True),
        ("python", "SEARCH_TOOL = 'web_search'\n", False),
        # Assistants v1's tool: its literal passes; the word in prose or another API's key does not.
        ("python", "assistant_tools = [{'type': 'retrieval'}]\n", True),
        ("python", "import openai\ntools = [{'type': kind}]  # kind: retrieval\n", True),
        ("python", "# Retrieval-augmented generation over a knowledge base\nretrieval = kb.retrieve(q)\n", False),
        ("typescript", "const cfg = { retrievalConfiguration: { vectorSearchConfiguration: {} } };\n", False),
        # `purpose` anchors as the Files API's argument is written, not as a word in prose.
        ("typescript", "await openaiLike.files.create({ file, purpose: 'batch' });\n", True),
        ("python", '"""Uploads the files. Its purpose is caching."""\nstorage.files.create(f)\n', False),
        # A framework's module counts as imported, not as a word inside others (`graphics`
        # holds `phi`, a comment `openai agents`), while an OpenAI anchor is in the file.
        ("python", "import graphics  # for openai plots\ngraphics.plot(xs)\n", False),
        ("typescript", "// agents talk to openai\nconst sessions = store.sessions.list();\n", False),
        ("python", "import litellm  # openai-compatible\nlitellm.models.list()\n", True),
        ("typescript", 'import { Agent } from "crewai";\nconst m = "gpt-4o";\n', True),
        # A token written from a line's start holds on the file's first line too (an Azure
        # credentials block at the top of a config file, its model setting below).
        ("yaml", "azure:\n  api_key: KEY\n  base_url: URL\nmodel: text-davinci-003\n", True),
        ("yaml", "server:\n  port: 80\nazure:\n  api_key: KEY\nmodel: text-davinci-003\n", True),
        ("yaml", "azure_region: eastus\nmodel: resnet50\n", False),
    ],
)
def test_triggers_weak_tokens_and_anchors(tests: dict[str, TokenTest], kind: str, text: str, passes: bool) -> None:
    assert tests[kind].passes(text.encode()) is passes


def test_classification() -> None:
    assert not is_weak("responses.create") and not is_weak("chat.completions") and not is_weak("web_search_preview")
    assert is_weak("files.create") and is_weak("completions.create") and is_weak("openai/") and is_weak("chat.")
    tokens = classify("python", ["OpenAI", "AsyncAzureOpenAI", "ChatOpenAI", "files.create"])
    assert tokens.triggers == (b"ChatOpenAI",) and tokens.weak == (b"files.create",)


def test_the_corpus_tokens_cover_what_rg_is_given(matrix: Matrix, target: Target) -> None:
    """`prefilter_tokens` (what the benchmark hands to `rg -l`) is triggers plus weak tokens."""
    from bedrock_check.scanner import prefilter_tokens

    sets = prefilter_sets(Engine(matrix, target))
    flat = prefilter_tokens(Engine(matrix, target))
    for kind, tokens in sets.items():
        assert set(flat[kind]) == set(tokens.triggers) | set(tokens.weak) | {word for word, _ in tokens.pairs}
    assert Path(__file__).name  # keep the module importable on its own


_SPEC = """openapi: 3.1.0
info:
  title: Chat gateway
paths:
  /v1/chat/completions:
    post:
      requestBody:
        content:
          application/json:
            example:
              model: gpt-4o
              messages: [{role: user, content: hi}]
              max_tokens: 100
components:
  schemas:
    CreateChatCompletionRequest:
      properties:
        model: {type: string, example: gpt-4o}
        max_tokens: {type: integer}
"""


@pytest.mark.parametrize(
    ("name", "text", "parsed"),
    [
        ("openapi.yaml", _SPEC, False),
        ("api.yml", "# generated\n---\n" + _SPEC.replace("openapi: 3.1.0", 'swagger: "2.0"'), False),
        ("spec.json", '{\n  "openapi": "3.0.0",\n  "info": {"title": "x"},\n  "paths": {"/v1/responses": {"post": '
                      '{"requestBody": {"content": {"application/json": {"example": {"model": "gpt-4o", '
                      '"input": "hi", "tools": [{"type": "web_search"}]}}}}}}}\n}\n', False),
        # A test's HTTP recording (a vcrpy cassette): the requests the code under test sent.
        ("test_chat.yaml", "interactions:\n- request:\n    body: '{\"model\": \"gpt-4o\", \"max_tokens\": 100}'\n"
                           "    headers: {}\n    method: POST\n    uri: https://api.openai.com/v1/chat/completions\n"
                           "  response:\n    body:\n      string: '{\"usage\": {}}'\n"
                           "    parsed_body:\n      model: gpt-4o\n      max_tokens: 100\nversion: 1\n", False),
        # A request or config file that only holds an `openapi` key further down is read.
        ("request.yaml", "model: gpt-4o\ninput: hi\nmax_tokens: 100\nopenapi: 3\n", True),
        ("gateway.yaml", "services:\n  openapi:\n    model: gpt-4o\n    max_tokens: 100\ninput: hi\n", True),
    ],
)
def test_an_api_description_or_a_recording_in_a_folder_is_not_parsed(matrix: Matrix, target: Target, tmp_path: Path,
                                                      name: str, text: str, parsed: bool) -> None:  # fmt: skip
    """An OpenAPI (Swagger) description's `model:` and `max_tokens:` are its schemas and
    examples, and a cassette's requests were sent by the code under test: neither is
    requests the code sends, and a folder's is not parsed; one named on the command line
    is read as any file named is."""
    prefilter = Prefilter(Engine(matrix, target), 1 << 22)
    (tmp_path / name).write_text(text)
    [found] = [c for c in discover([str(tmp_path)]) if isinstance(c, Candidate)]
    assert (prefilter.read(found)[0] is not None) is parsed
    [named] = [c for c in discover([str(tmp_path / name)]) if isinstance(c, Candidate)]
    assert named.named and prefilter.read(named)[0] is not None
