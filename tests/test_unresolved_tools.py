"""A request's `tools` that the scanned code does not show (a parameter no call of the file
gives, a function of an installed package) decides every hosted-tool verdict: it is never
dropped in silence. On a Responses call it is a warning that names the key and says it could
not be checked (the matrix's `unresolved` test on `tools`, so `--fail-on warning` stops on it),
in Python and TypeScript. Tools written out, the SDKs' "not given" sentinels, a Chat
Completions call (which takes no hosted tool) and calls to other providers give none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.report.overview import diagnostic_counts
from bedrock_check.vocabulary import DiagnosticKind

PY = '''\
import os

from openai import NOT_GIVEN, OpenAI, omit
from mcp_toolkit import hosted_tools

client = OpenAI()
groq = OpenAI(base_url="https://api.groq.com/openai/v1", api_key=os.environ["GROQ_API_KEY"])


def ask(q, tools):
    return client.responses.create(model="openai.gpt-5.4", input=q, tools=tools)


def ask_hosted(q):
    return client.responses.create(model="openai.gpt-5.4", input=q, tools=hosted_tools())


def ask_written(q):
    return client.responses.create(model="openai.gpt-5.4", input=q, tools=[{"type": "function", "name": "f", "parameters": {}}])


def ask_optional(q, tools=None):
    client.responses.create(model="openai.gpt-5.4", input=q, tools=tools or NOT_GIVEN)
    return client.responses.create(model="openai.gpt-5.4", input=q, tools=tools if tools else omit)


def ask_groq(q, tools):
    return groq.chat.completions.create(model=os.environ["M"], messages=[{"role": "user", "content": q}], tools=tools)
'''

TS = '''\
import OpenAI from "openai";
import { getTools } from "@acme/tools";

const client = new OpenAI();

export async function ask(q: string) {
  return client.responses.create({ model: "openai.gpt-5.4", input: q, tools: getTools() });
}
'''


def test_tools_the_code_does_not_show_are_warnings_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(PY)
    (tmp_path / "agent.ts").write_text(TS)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    unseen = {(Path(f.path).name, f.line): f for f in report.findings if f.pointer == "/tools"}
    assert set(unseen) == {("agent.py", 11), ("agent.py", 15), ("agent.ts", 7)}
    for f in unseen.values():
        assert (f.capability, f.severity) == ("unknown-tool-type", "warning")
        assert "The value of `tools` could not be checked: the code does not show it." in f.message
        assert "could not work out" in f.value
    # (Said once, as the finding: no `could-not-follow` diagnostic beside it.)
    assert not [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW and "`tools`" in d.message]
    assert diagnostic_counts(report.diagnostics)["not-followed"] == 0


def test_unseen_tools_fail_a_warning_gate(tmp_path: Path) -> None:
    """`--fail-on warning` fails on a Responses call whose tools the code does not show."""
    from typer.testing import CliRunner

    from bedrock_check.cli import app

    (tmp_path / "agent.ts").write_text(TS.replace("getTools()", "getTools(), model: \"openai.gpt-5.4\""))
    runner = CliRunner()
    assert runner.invoke(app, ["scan", "--no-config", "--fail-on", "warning", str(tmp_path)]).exit_code == 1
    assert runner.invoke(app, ["scan", "--no-config", "--fail-on", "error", str(tmp_path)]).exit_code == 0


def test_unseen_tools_of_a_chat_completions_call_are_not_reported(tmp_path: Path) -> None:
    """Chat Completions takes function and custom tools only: a tool list the code does not
    show there hides no hosted tool."""
    (tmp_path / "chat.py").write_text(
        "from openai import OpenAI\nfrom acme_tools import all_tools\n\nclient = OpenAI()\n\n\n"
        "def ask(messages):\n"
        "    return client.chat.completions.create(model=\"gpt-4o\", messages=messages, tools=all_tools())\n"
    )
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert "chat-completions" in {f.capability for f in report.findings if f.line == 8}
    assert not [f for f in report.findings if f.pointer == "/tools" or f.capability == "unknown-tool-type"]


def test_spreads_and_models_the_code_does_not_show_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spread into a request (`**extra`, `...this.options` of a getter with several returns,
    an installed package's dict) and a model from a value the code does not show are named at
    the call; a parameter's model, the object's own and an environment variable's are not."""
    from .conftest import FIXTURES

    monkeypatch.chdir(FIXTURES / "scan")
    report = bedrock_check.scan(["python/unseen_options.py", "javascript/unseen_options.ts"], config=False)
    found = sorted((Path(d.path).suffix, d.line, d.message.split("`")[1]) for d in report.diagnostics
                   if d.kind is DiagnosticKind.COULD_NOT_FOLLOW)  # fmt: skip
    assert found == [(".py", 24, "**self.options"), (".py", 29, "**extra"), (".py", 34, "**request_extras()"),
                     (".py", 39, "model"), (".py", 46, "model"), (".py", 78, "model"), (".ts", 17, "...this.options"),
                     (".ts", 23, "...extra"), (".ts", 28, "...requestExtras()"), (".ts", 33, "model"), (".ts", 61, "model"),
                     (".ts", 66, "body")]  # fmt: skip
    relay = next(d.message for d in report.diagnostics if d.line == 78)
    assert relay == ("could not work out the value of `model` from the code (a parameter of `relay` that no call in the "
                     "scanned code gives; check what its callers pass); whether Bedrock offers the model is not checked")  # fmt: skip
    body = next(d.message for d in report.diagnostics if d.line == 66)
    assert body.startswith("could not work out the value of `body` from the code (a parameter of `passThrough`")
    model = next(d.message for d in report.diagnostics if d.line == 39)
    assert model == ("could not work out the value of `model` from the code (it comes from `acme_llm_settings.DEFAULT_MODEL`); "
                     "whether Bedrock offers the model is not checked")  # fmt: skip


def test_a_value_not_followed_in_a_notebook_keeps_the_cells_one_program(tmp_path: Path) -> None:
    """A notebook's cells are one program (a client built in one cell is called in the next)
    even when a value in it cannot be followed: the diagnostic is kept, in its cell."""
    cells = [
        'from openai import OpenAI\n\nlocal = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\nclient = OpenAI()\n',
        'def ask(q, extra):\n    local.responses.create(model="gpt-4o", input=q)\n'
        '    return client.responses.create(model="openai.gpt-5.5", input=q, **extra)\n',
    ]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": c.splitlines(keepends=True)} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    (tmp_path / "local.ipynb").write_text(json.dumps(notebook, indent=1))
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert not [f for f in report.findings if f.severity != "note"]  # the client of cell 1 is Ollama's
    (diag,) = [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW]
    assert diag.message.startswith("cell 2: could not work out the value of `**extra`")


@pytest.mark.parametrize(
    ("name", "helper", "caller"),
    [
        ("ask.py", "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(question, model):\n"
         "    return client.responses.create(model=model, input=question)\n",
         "from ask import ask\n\nprint(ask('hi', model='gpt-4o'))\n"),
        ("send.ts", 'import OpenAI from "openai";\n\nconst client = new OpenAI();\n\n'
         "export async function send(body) {\n  return client.responses.create(body);\n}\n",
         'import { send } from "./send";\n\nsend({ model: "gpt-4o", input: "hi" });\n'),
    ],
)
def test_a_parameter_no_call_gives_is_named_until_a_caller_is_scanned(tmp_path: Path, name: str, helper: str,
                                                                        caller: str) -> None:  # fmt: skip
    """`def ask(q, model)` (or `send(body)`) that nothing in the scanned code calls: the key is named
    at the call, once; a file of the tree that calls it is its caller (its values are checked
    there), and the diagnostic goes."""
    (tmp_path / name).write_text(helper)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    (diag,) = [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW]
    assert diag.line == (7 if name.endswith(".py") else 6) and "a parameter of `" in diag.message and "no call in the scanned code gives" in diag.message
    (tmp_path / ("main" + Path(name).suffix)).write_text(caller)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW] == []


def test_a_framework_command_s_parameter_is_not_named(tmp_path: Path) -> None:
    """A decorated function (a click command, a web route) gets its parameters from the framework:
    a CLI option's default is reported where it is written, so its model is no value out of sight."""
    (tmp_path / "cli.py").write_text(
        "import click\nfrom openai import OpenAI\n\n\n@click.command()\n@click.option(\n    '--model',\n"
        "    default='openai.gpt-5.5',\n)\ndef main(model):\n"
        "    print(OpenAI().responses.create(model=model, input='hi').output_text)\n")  # fmt: skip
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW] == []


def test_tools_made_of_the_app_s_values_or_an_mcp_client_s_are_not_keys_left_unchecked(tmp_path: Path) -> None:
    """A tool list built by a function given the app's own tools (`frontendTools(tools)`,
    `uniqWith([...])`, `Object.fromEntries(pairs)`), read back from an API answer, listed by an
    MCP client, or the SDK's "not given" written as a module attribute (`openai.NOT_GIVEN`) hides
    no hosted tool the code does not show: no warning and no diagnostic. A toolkit's list that
    nothing in the code feeds (`desk_tools()`) is the key not checked, on every call kind."""
    (tmp_path / "route.ts").write_text(
        'import { openai } from "@ai-sdk/openai";\nimport { frontendTools } from "@assistant-ui/ai-sdk";\n'
        'import { generateText } from "ai";\nimport uniqWith from "lodash/uniqWith";\nimport OpenAI from "openai";\n\n'
        "const client = new OpenAI();\n\n"
        "export async function POST(req: Request) {\n  const { messages, tools } = await req.json();\n"
        '  return generateText({ model: openai("openai.gpt-5.4"), messages, tools: frontendTools(tools) });\n}\n\n'
        "export async function sync(id: string, fns: any[]) {\n  const current = await client.beta.assistants.retrieve(id);\n"
        "  await client.beta.assistants.update(id, { tools: uniqWith([...current.tools, ...fns]) });\n"
        "  return client.responses.create({ model: \"openai.gpt-5.4\", input: \"hi\", tools: Object.fromEntries(fns) });\n}\n"
    )  # fmt: skip
    (tmp_path / "desk.py").write_text(
        "import openai\nfrom agents import Agent\nfrom langchain_mcp_adapters.client import MultiServerMCPClient\n"
        "from support_toolkit import desk_tools\n\n\n"
        "async def build(url):\n    client = MultiServerMCPClient({'desk': {'url': url, 'transport': 'sse'}})\n"
        "    return Agent(name='Desk', model='openai.gpt-5.4', tools=await client.get_tools())\n\n\n"
        "async def ask(q, tools=None):\n"
        "    return await openai.AsyncOpenAI().responses.create(model='openai.gpt-5.4', input=q, tools=tools or openai.NOT_GIVEN)\n\n\n"
        "triage = Agent(name='Triage', model='openai.gpt-5.4', tools=desk_tools())\n"
    )  # fmt: skip
    report = bedrock_check.scan([str(tmp_path)], config=False)
    unseen = sorted((Path(f.path).name, f.line) for f in report.findings if f.pointer == "/tools")
    assert unseen == [("desk.py", 16)]
    assert not [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW], report.diagnostics


def test_a_tool_whose_type_is_not_shown_but_whose_keys_tell_its_kind_is_no_unknown_tool(tmp_path: Path) -> None:
    """`{"type": version, "function": {...}}` (a function tool in a version the caller picks) and
    `{"type": version, "input_schema": {...}}` (Anthropic's custom tool) say their kind by their
    keys: no `unknown-tool-type`. An entry that says nothing but its unknown type still fires."""
    (tmp_path / "tools.py").write_text(
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
        "def tools(version):\n"
        "    return [{\"type\": version, \"function\": {\"name\": \"computer\", \"parameters\": {}}},\n"
        "            {\"type\": version, \"name\": \"lookup\", \"input_schema\": {\"type\": \"object\"}}]\n\n\n"
        "def ask(q, version):\n"
        "    return client.responses.create(model=\"openai.gpt-5.4\", input=q, tools=tools(version))\n\n\n"
        "def ask_new(q):\n"
        "    return client.responses.create(model=\"openai.gpt-5.4\", input=q, tools=[{\"type\": \"brand_new_tool\"}])\n"
    )
    report = bedrock_check.scan([str(tmp_path)], config=False)
    assert [f.line for f in report.findings if f.capability == "unknown-tool-type"] == [16]
