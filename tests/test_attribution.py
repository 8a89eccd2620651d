"""Whose call is it, and what the code does not show: optional arguments that default to
"not given", base URLs read at run time, another vendor's SDK package, and where a finding
about an object written over several lines is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.catalogue import shipped_catalogue

from .conftest import FIXTURES


def _scan(root: Path) -> list[bedrock_check.Finding]:
    return list(bedrock_check.scan([str(root)], config=False).findings)


# ------------------------------------------------------------ defaults that mean "not given"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("send.py", "from openai import OpenAI\nclient = OpenAI()\n\n\ndef send(text, prev=None):\n"
         '    body = {"model": "gpt-5.5", "input": text}\n    if prev:\n'
         '        body["previous_response_id"] = prev\n    return client.responses.create(**body)\n', 8),
        ("send.ts", 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
         "export async function send(text: string, prev: string | undefined = undefined) {\n"
         '  const body: any = { model: "gpt-5.5", input: text };\n'
         "  if (prev) body.previous_response_id = prev;\n  return client.responses.create(body);\n}\n", 5),
        ("resume.ts", 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
         "export async function resume(text: string, prev: string | null = null) {\n"
         '  return client.responses.create({ model: "gpt-5.5", input: text, previous_response_id: prev });\n}\n', 4),
    ],
)
def test_a_parameter_defaulting_to_none_is_the_callers_value(tmp_path: Path, name: str, text: str, line: int) -> None:
    """`prev=None` (`= undefined`, `= null`) is "not given": the key is sent whenever a caller
    gives one, so it is reported as not checked, never read as the value None."""
    (tmp_path / name).write_text(text)
    found = [(f.line, f.severity) for f in _scan(tmp_path) if f.capability == "conversation-state"]
    assert found == [(line, "warning")]


def test_a_real_default_is_still_the_value_sent(tmp_path: Path) -> None:
    (tmp_path / "tier.py").write_text(
        "from openai import OpenAI\nclient = OpenAI()\n\n\ndef ask(q, tier='flex', other=None):\n"
        "    return client.responses.create(model='gpt-5.5', input=q, service_tier=tier)\n"
    )
    (tier,) = [f for f in _scan(tmp_path) if f.capability == "service-tiers"]
    assert tier.value == '"flex"' and tier.line == 5


# ------------------------------------------------------------ base URLs the code does not show


@pytest.mark.parametrize(
    ("name", "text", "shown"),
    [
        ("db.py", "from openai import OpenAI\n\n\ndef answer(db, user, q):\n    row = db.provider_for(user)\n"
         "    client = OpenAI(base_url=row.base_url, api_key=row.api_key)\n"
         "    return client.responses.create(model='gpt-4o', input=q, tools=[{'type': 'web_search'}])\n", "row.base_url"),
        ("db.ts", 'import OpenAI from "openai";\nexport async function answer(db: any, q: string) {\n'
         "  const cfg = await db.settings();\n  const client = new OpenAI({ baseURL: cfg.llm.baseURL });\n"
         '  return client.responses.create({ model: "gpt-4o", input: q, tools: [{ type: "web_search" }] });\n}\n',
         "cfg.llm.baseURL"),
    ],
)
def test_a_base_url_read_at_run_time_is_checked_and_said(tmp_path: Path, name: str, text: str, shown: str) -> None:
    """A base URL from a database or a settings object: the calls are still checked (the
    class's default is the OpenAI API), and every finding about them and the client says
    the base URL could not be resolved, naming where it comes from."""
    (tmp_path / name).write_text(text)
    found = {f.capability: f.message for f in _scan(tmp_path)}
    assert {"migrate-client", "model-availability", "web-search"} <= set(found)
    for cap in ("migrate-client", "model-availability", "web-search"):
        assert f"base URL comes from `{shown}`" in found[cap] and "could not resolve" in found[cap], cap


def test_an_unresolved_base_url_is_quoted_as_written_on_one_line(tmp_path: Path) -> None:
    """A field given its value elsewhere in the class (`self.base_url = f"{url}/v1/"`): the
    message quotes the argument as the call writes it, one line, not the lines that bind it."""
    (tmp_path / "serving.py").write_text(
        "from openai import OpenAI\n\n\nclass Served:\n    def __init__(self, url, model):\n"
        '        self.base_url = f"{url}/v1/"\n        self.model = model\n'
        "        self.client = OpenAI(base_url=self.base_url,\n                             api_key='x')\n\n"
        "    def ask(self, q):\n        return self.client.chat.completions.create(\n"
        "            model=self.model, messages=[{'role': 'user', 'content': q}])\n"
    )
    found = {f.capability: f.message for f in _scan(tmp_path)}
    assert {"migrate-client", "chat-completions"} <= set(found)
    for cap in ("migrate-client", "chat-completions"):
        assert "base URL comes from `self.base_url`, which" in found[cap], found[cap]
        assert "\n" not in found[cap] and "f\"{url}" not in found[cap], found[cap]


_ENV_CLIENT_PY = ("import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=os.getenv(\"{var}\"))\n\n\n"
                  "def ask(q):\n    return client.responses.create(model='gpt-4o', input=q, tools=[{{'type': 'web_search'}}])\n")
_ENV_CLIENT_TS = ('import OpenAI from "openai";\nconst client = new OpenAI({{ baseURL: process.env.{var} }});\n'
                  'export const ask = (q: string) =>\n'
                  '  client.responses.create({{ model: "gpt-4o", input: q, tools: [{{ type: "web_search" }}] }});\n')
_ENV_HTTP_PY = ("import os\n\nimport requests\n\n\ndef speak(text):\n"
                "    return requests.post(f\"{{os.environ['{var}']}}/v1/audio/speech\", json={{'input': text}})\n")


_ENV_CASES = [("client.py", _ENV_CLIENT_PY), ("client.ts", _ENV_CLIENT_TS), ("http.py", _ENV_HTTP_PY)]


@pytest.mark.parametrize(("name", "template"), _ENV_CASES)
def test_a_base_url_from_the_environment_is_checked_and_said(tmp_path: Path, name: str, template: str) -> None:
    """`base_url=os.getenv("OPENAI_API_BASE")`, `process.env.OPENAI_BASE_URL`, a raw HTTP URL
    that starts with one: checked as the OpenAI API (the name says it is), and each finding
    says the base URL comes from that variable, which may point at another provider."""
    (tmp_path / name).write_text(template.format(var="OPENAI_API_BASE"))
    found = [f for f in _scan(tmp_path) if f.severity != "note"]
    assert {f.capability for f in found} >= ({"audio-speech"} if "audio" in template else {"web-search"})
    for f in found:
        assert "base URL comes from `$OPENAI_API_BASE`" in f.message and "another provider" in f.message, f.message


@pytest.mark.parametrize(("name", "template"), _ENV_CASES)
def test_a_base_url_from_the_environment_set_in_a_dotenv_goes_there(tmp_path: Path, name: str, template: str) -> None:
    """The same variable set in a `.env` of the tree to another provider's server: its calls
    are that provider's (no finding); another provider's variable name says so without one."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text("OPENAI_API_BASE=https://api.groq.com/openai/v1\n")
    (tmp_path / name).write_text(template.format(var="OPENAI_API_BASE"))
    assert [f.capability for f in _scan(tmp_path) if f.severity != "note"] == []
    (tmp_path / name).write_text(template.format(var="GROQ_BASE_URL"))
    assert [f.capability for f in _scan(tmp_path) if f.severity != "note"] == []


def test_a_written_base_url_is_not_said_to_be_unknown(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "from openai import OpenAI\nclient = OpenAI(base_url='https://api.openai.com/v1')\n"
        "client.responses.create(model='gpt-4o', input='x')\n"
    )
    assert all("could not resolve" not in f.message for f in _scan(tmp_path))



@pytest.mark.parametrize("name", ["providers-py/openai_app.py", "providers-ts/route.ts"])
def test_a_bedrock_model_id_on_a_default_client_is_an_openai_api_call(name: str) -> None:
    """`OpenAI()` (`new OpenAI()`) with no base URL reaches the OpenAI API, where
    `openai.gpt-5.5` is no model: its calls are the OpenAI API's, to migrate. One story: the
    client's migration note, and no finding of its calls saying they already target Bedrock."""
    found = list(bedrock_check.scan([str(FIXTURES / "scan" / name)], config=False).findings)
    assert "migrate-client" in {f.capability for f in found}
    assert {"chat-completions", "model-endpoint"} <= {f.capability for f in found}
    assert [f.message for f in found if "already targets Amazon Bedrock" in f.message] == []


def test_a_bedrock_model_id_on_a_client_of_an_unknown_host_is_bedrocks(tmp_path: Path) -> None:
    """A base URL (or an SDK provider) the code does not show, and a Bedrock model id: the id
    says where it goes."""
    (tmp_path / "ask.py").write_text(
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=os.environ['LLM_BASE_URL'])\n\n\n"
        "def ask(q):\n    return client.chat.completions.create(model='openai.gpt-5.5', messages=[{'role': 'user', 'content': q}])\n"
    )
    (tmp_path / "runtime.ts").write_text(
        'import OpenAI from "openai";\nimport { makeProvider } from "./provider";\n\n'
        "export async function hello(region: string) {\n"
        "  const client = new OpenAI({ provider: await makeProvider(region) });\n"
        '  return client.chat.completions.create({ model: "openai.gpt-5.5", messages: [{ role: "user", content: "hi" }] });\n}\n'
    )
    calls = [f for f in _scan(tmp_path) if f.severity != "note"]
    assert {Path(f.path).name for f in calls} == {"ask.py", "runtime.ts"}
    assert all("already targets Amazon Bedrock" in f.message for f in calls)

# ------------------------------------------------------------ another vendor's SDK package

_TOOLS_TS = 'export const TOOLS = [\n  { type: "web_search" },\n  { type: "code_interpreter" },\n];\n'
_TOOLS_PY = 'TOOLS = [\n    {"type": "web_search"},\n    {"type": "code_interpreter"},\n]\n'


@pytest.mark.parametrize(
    ("manifest", "content", "source", "text"),
    [
        ("package.json", json.dumps({"name": "@ai-sdk/xai"}), "src/tools.ts", _TOOLS_TS),
        ("package.json", json.dumps({"name": "@langchain/xai"}), "src/tests/tools.test.ts", _TOOLS_TS),
        ("pyproject.toml", '[project]\nname = "langchain-xai"\n', "langchain_xai/tools.py", _TOOLS_PY),
    ],
)
def test_hosted_tool_literals_in_another_vendors_package_are_theirs(
    tmp_path: Path, manifest: str, content: str, source: str, text: str
) -> None:
    """xAI's and Google's SDK packages (and their tests) write `{type: "web_search"}` for their
    own server-side tools: not OpenAI's, whatever they import. The same file in an app's
    package is reported."""
    vendor, app = tmp_path / "vendor", tmp_path / "app"
    for root, pkg in ((vendor, content), (app, json.dumps({"name": "my-app"}) if manifest.endswith(".json")
                                          else '[project]\nname = "my-app"\n')):  # fmt: skip
        (root / source).parent.mkdir(parents=True)
        (root / manifest).write_text(pkg)
        (root / source).write_text(text)
    assert _scan(vendor) == []
    assert {f.capability for f in _scan(app)} == {"web-search", "code-interpreter"}


def test_a_constant_sent_to_another_provider_is_theirs_and_to_openai_is_reported(tmp_path: Path) -> None:
    text = ("import os\nfrom openai import OpenAI\n\nTOOLS = [{'type': 'web_search'}]\n"
            "xai = OpenAI(base_url='https://api.x.ai/v1', api_key=os.environ['XAI_API_KEY'])\n"
            "xai.responses.create(model='grok-4', input='x', tools=TOOLS)\n")  # fmt: skip
    (tmp_path / "a.py").write_text(text)
    assert [f for f in _scan(tmp_path) if f.capability == "web-search"] == []
    (tmp_path / "a.py").write_text(text + "OpenAI().responses.create(model='gpt-5.5', input='x', tools=TOOLS)\n")
    assert [f.line for f in _scan(tmp_path) if f.capability == "web-search"] == [4]


# ------------------------------------------------------------ the line that names the thing


def _hosted_literal(kind: str, tool_type: str, requires: list[str]) -> tuple[str, int]:
    """A multi-line hosted-tool literal in an app file, and the line of its `type`."""
    extra = requires[:1]
    # A hosted shell runs in a hosted container; the other settings are strings.
    value = '{"type": "container_auto"}' if tool_type == "shell" else '"x"'
    if kind == "python":
        lines = ["from openai import OpenAI", "", "TOOLS = [", "    {", f'        "type": "{tool_type}",',
                 *[f'        "{k}": {value},' for k in extra], "    },", "]", ""]  # fmt: skip
    else:
        lines = ['import OpenAI from "openai";', "", "export const TOOLS = [", "  {", f'    type: "{tool_type}",',
                 *[f"    {k}: {value}," for k in extra], "  },", "];", ""]  # fmt: skip
    return "\n".join(lines), 5


@pytest.mark.parametrize("kind", ["python", "typescript"])
def test_every_hosted_tool_is_shown_at_its_type_line(tmp_path: Path, kind: str) -> None:
    """A hosted tool written over several lines is reported at the line that names it (its
    `type`), so the snippet shows which tool it is, not the `{` that opens it."""
    for spec in shipped_catalogue().frameworks.hosted_tools:
        tool_type = spec.type[0]
        text, line = _hosted_literal(kind, tool_type, spec.requires_any)
        folder = tmp_path / f"{kind}-{tool_type}"
        folder.mkdir()
        (folder / ("tools.py" if kind == "python" else "tools.ts")).write_text(text)
        tools = [f for f in _scan(folder) if f.pointer == "/tools/0"]
        assert tools, tool_type
        for f in tools:
            assert (f.line, f.end_line) == (line, line + 1 + len(spec.requires_any[:1])), (tool_type, f.capability)
            assert tool_type in f.snippet, (tool_type, f.snippet)


@pytest.mark.parametrize(("name", "double"), [("chat.test.ts", True), ("tests/chat.ts", True), ("src/chat.ts", False)])
def test_a_client_with_its_own_fetch_is_a_double_only_in_a_test(tmp_path: Path, name: str, double: bool) -> None:
    """`new OpenAI({ fetch: ... })` in a test answers itself; in the app, a custom fetch (a
    proxy, a retry wrapper) still sends the request to the API."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(
        'import OpenAI from "openai";\nimport { customFetch } from "./net";\n'
        "const client = new OpenAI({ fetch: customFetch });\n"
        'export const r = client.embeddings.create({ model: "text-embedding-3-small", input: ["a"] });\n'
    )
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert bool([f for f in report.findings if f.capability == "embeddings"]) is not double
    assert report.skipped_test_doubles == (1 if double else 0) and report.skipped_by_provider == 0


@pytest.mark.parametrize(
    ("model", "vendor_call"),
    [("anthropic/claude-3-haiku-20240307", True), ("google/gemini-2.0-flash", True), ("openai/gpt-4o-mini", False)],
)
def test_a_client_from_a_provider_string_belongs_to_that_provider(
    tmp_path: Path, model: str, vendor_call: bool
) -> None:
    """instructor's `from_provider("anthropic/...")` builds Anthropic's client with OpenAI's
    call shape: its `chat.completions.create(...)` (no model of its own) is Anthropic's, skipped
    by provider; an `openai/...` string keeps the OpenAI reading."""
    (tmp_path / "extract.py").write_text(
        "import instructor\n\n"
        f'client = instructor.from_provider("{model}")\n'
        'user = client.chat.completions.create(messages=[{"role": "user", "content": "Ada, 36"}], response_model=dict)\n'
    )
    report = bedrock_check.scan([str(tmp_path)], config=False)
    at_call = [f.capability for f in report.findings if f.line == 4]
    assert at_call == ([] if vendor_call else ["chat-completions"])
    assert report.skipped_by_provider == (2 if vendor_call else 0)
