"""Test files that answer their own HTTP, and recorded test traffic, are not uses.

The fixture repositories (`tests/fixtures/scan/python/tests`, `.../javascript/tests`) hold the
app-style cases with inline expectations; this module checks the rules one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.extract import extract
from bedrock_check.extract.har import is_cassette
from bedrock_check.extract.requests import read_json, read_yaml
from bedrock_check.report.json_format import render_json
from bedrock_check.vocabulary import TEST_DOUBLE

CALL = 'client.responses.create(model="gpt-4o", input="hi", tools=[{"type": "web_search_preview"}])\n'
PY_HEAD = "from openai import OpenAI\n\nclient = OpenAI()\n"


def _providers(path: str, text: str, kind: str = "python") -> set[str | None]:
    found = extract(kind, path, text).observations
    return {o.provider for o in found if getattr(o, "kind", None) not in ("client", "string")}


@pytest.mark.parametrize("fake", [
    "import respx\n",
    "from pytest_httpx import HTTPXMock\n",
    "import responses\n",
    "import vcr\n",
    "import httpx\nhttpx.MockTransport(lambda r: None)\n",
    "from httpx import MockTransport\nMockTransport(lambda r: None)\n",
    "import pytest\n\n@pytest.mark.vcr\ndef test_a():\n    pass\n",
    "def test_a(httpx_mock):\n    pass\n",
    "from pydantic_ai.models.test import TestModel\n",
    "from langchain_core.language_models.fake_chat_models import FakeListChatModel\n",
])  # fmt: skip
def test_a_python_test_with_a_fake_transport_sends_nothing(fake: str) -> None:
    assert _providers("tests/test_app.py", fake + PY_HEAD + CALL) == {TEST_DOUBLE}


def test_the_same_test_without_a_fake_is_checked() -> None:
    assert TEST_DOUBLE not in _providers("tests/test_app.py", PY_HEAD + CALL)


def test_a_fake_outside_a_test_file_changes_nothing() -> None:
    # (An app module that happens to import `responses`-like names is the app's own code.)
    assert TEST_DOUBLE not in _providers("app/answer.py", "import respx\n" + PY_HEAD + CALL)


GO_TEST = ('package openai_test\n\nimport (\n\t"context"\n\t"net/http"\n@IMPORT@\n\t"github.com/openai/openai-go"\n'
           '\t"github.com/openai/openai-go/option"\n)\n\nfunc TestChat(t *testing.T) {\n@SETUP@'
           '\tclient := openai.NewClient(option.WithHTTPClient(hc))\n'
           '\tclient.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{Model: "gpt-4o"})\n}\n')


@pytest.mark.parametrize(("imports", "setup"), [
    ('\t"net/http/httptest"', "\tts := httptest.NewServer(nil)\n\thc := ts.Client()\n"),
    ("", "\thc := &http.Client{Transport: fn(func(r *http.Request) (*http.Response, error) {\n"
         "\t\treturn &http.Response{StatusCode: 200}, nil\n\t})}\n"),
])  # fmt: skip
def test_a_go_test_that_answers_its_own_http_sends_nothing(imports: str, setup: str) -> None:
    """A Go test with `httptest`, or one that builds the `*http.Response` its transport returns."""
    code = GO_TEST.replace("@IMPORT@", imports).replace("@SETUP@", setup)
    assert _providers("client_test.go", code, "go") == {TEST_DOUBLE}
    live = GO_TEST.replace("@IMPORT@", "").replace("@SETUP@", "\thc := http.DefaultClient\n")
    assert TEST_DOUBLE not in _providers("client_test.go", live, "go")


JS_CALL = ('import OpenAI from "openai";\nconst client = new OpenAI();\n'
           'await client.responses.create({ model: "gpt-4o", input: "hi", tools: [{ type: "web_search_preview" }] });\n')  # fmt: skip


@pytest.mark.parametrize("fake", [
    'import nock from "nock";\n',
    'import { setupServer } from "msw/node";\n',
    'import fetchMock from "fetch-mock";\n',
    'import { createTestServer } from "@ai-sdk/test-server/with-vitest";\n',
    "globalThis.fetch = vi.fn();\n",
    'vi.stubGlobal("fetch", vi.fn());\n',
    'jest.spyOn(global, "fetch");\n',
    'import { MockLanguageModelV2 } from "ai/test";\n',
])  # fmt: skip
def test_a_js_test_with_a_fake_transport_sends_nothing(fake: str) -> None:
    assert _providers("src/answer.test.ts", fake + JS_CALL, "typescript") == {TEST_DOUBLE}


@pytest.mark.parametrize("path", ["src/answer.vitest.ts", "src/answer.test.mts", "src/answer.spec.cjs", "src/__tests__/answer.ts",
                                  "spec/openai/chat_spec.rb", "lib/chat_test.rb", "src/main/java/ChatTest.java",
                                  "Sample/ChatTests.cs", "app/ChatTest.php", "src/chat_test.rs", "ChatTests.kt"])
def test_every_test_file_naming_is_a_test_file(path: str) -> None:
    """Test files are told by the catalogue's `test_files` (folders, name globs): vitest's
    `x.vitest.ts` and ESM `x.test.mts` as `x.test.ts`; the same code elsewhere is the app's."""
    fake = 'import nock from "nock";\n'
    assert _providers(path, fake + JS_CALL, "typescript") == {TEST_DOUBLE}
    assert TEST_DOUBLE not in _providers("src/answer.ts", fake + JS_CALL, "typescript")


def test_comparing_fetch_is_not_replacing_it() -> None:
    text = "if (globalThis.fetch === undefined) throw new Error();\n" + JS_CALL
    assert TEST_DOUBLE not in _providers("src/answer.test.ts", text, "typescript")


FAKE_CALL = ('const client = { responses: { create: vi.fn() } } as unknown as OpenAI;\n'
             'await client.responses.create({ model: "gpt-4o", input: "hi", tools: [{ type: "web_search_preview" }] });\n')  # fmt: skip


@pytest.mark.parametrize("head", [
    'import type OpenAI from "openai";\n',
    'import type { OpenAI } from "openai";\nimport { type Chat } from "openai/resources/index";\n',
])  # fmt: skip
def test_a_js_test_that_imports_the_sdk_for_types_alone_builds_only_doubles(head: str) -> None:
    assert _providers("src/answer.test.ts", head + FAKE_CALL, "typescript") == {TEST_DOUBLE}


@pytest.mark.parametrize(("path", "head"), [
    ("src/answer.test.ts", 'import OpenAI, { type Chat } from "openai";\n'),  # a value import: a client can be built
    ("src/answer.test.ts", 'import type OpenAI from "openai";\nconst key = process.env.OPENAI_API_KEY;\n'),  # a live key
    ("src/answer.ts", 'import type OpenAI from "openai";\n'),  # not a test file
])  # fmt: skip
def test_a_value_import_a_live_key_or_a_non_test_file_keeps_the_calls(path: str, head: str) -> None:
    text = head + "const spy = vi.fn();\n" + FAKE_CALL.replace("{ responses: { create: vi.fn() } } as unknown as OpenAI", "makeClient()")
    assert TEST_DOUBLE not in _providers(path, text, "typescript")


def test_the_fakes_are_catalogue_data() -> None:
    fakes = shipped_catalogue().providers.transport_fakes
    assert {"respx", "pytest_httpx", "responses", "vcr", "nock", "msw/node"} <= set(fakes.modules)
    assert "httpx.MockTransport" in fakes.calls and "httpx_mock" in fakes.fixtures and fakes.globals == ["fetch"]


CASSETTE = {"interactions": [{"request": {"method": "POST", "uri": "https://api.openai.com/v1/responses",
                                          "parsed_body": {"model": "gpt-4o", "input": "hi",
                                                          "tools": [{"type": "web_search_preview"}]}},
                              "response": {"status": {"code": 200}, "parsed_body": {"object": "response",
                                                                                     "model": "gpt-4o-2024-08-06"}}}],
            "version": 1}  # fmt: skip


def test_a_vcr_cassette_is_recorded_test_traffic() -> None:
    assert is_cassette(CASSETTE)
    assert not is_cassette({"interactions": []}) and not is_cassette({"interactions": [{"request": {}}]})
    body = CASSETTE["interactions"][0]["request"]["parsed_body"]  # type: ignore[index]
    # The request alone would be read and checked; inside the cassette it is not.
    assert read_json("req.json", json.dumps(body))[0]
    assert read_json("tests/cassettes/test_a.json", json.dumps(CASSETTE)) == ([], [])
    import yaml

    observations, diagnostics = read_yaml("tests/cassettes/test_a.yaml", yaml.safe_dump(CASSETTE))
    assert observations == [] and diagnostics == []


def test_every_call_of_a_faked_test_is_one_double_call(tmp_path: Path) -> None:
    """A test that answers its own HTTP counts each call written in it once in
    `skipped_test_doubles`, as written, without its calls being resolved; they go to no
    provider, so `skipped_by_provider` (and the text summary) does not count them."""
    py = "import respx\n" + PY_HEAD + "\n\ndef test_answer():\n    r = " + CALL + "    print(len(r.output))\n"
    found = extract("python", "tests/test_app.py", py).observations
    assert [(o.kind, o.value, o.provider, o.span.line) for o in found] == [
        ("call", "OpenAI", TEST_DOUBLE, 4),
        ("call", "client.responses.create", TEST_DOUBLE, 8),
        ("call", "print", TEST_DOUBLE, 9),
        ("call", "len", TEST_DOUBLE, 9),
    ]
    js = ('import nock from "nock";\n' + JS_CALL
          + 'nock("https://api.openai.com").post("/v1/responses").reply(200, {});\nexpect(1).toBe(1);\n')  # fmt: skip
    found = extract("typescript", "src/answer.test.ts", js).observations
    assert sorted(o.value for o in found) == sorted([
        "OpenAI", "client.responses.create", "nock", "nock().post", "nock().post().reply", "expect", "expect().toBe"])
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(py)
    (tmp_path / "answer.test.ts").write_text(js)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert report.skipped_test_doubles == 4 + 7 and not report.findings
    assert report.skipped_by_provider == 0 and report.skipped_providers == {}
    summary = json.loads(render_json(report))["summary"]
    assert (summary["skipped_test_doubles"], summary["skipped_by_provider"], summary["skipped_providers"]) == (11, 0, {})
