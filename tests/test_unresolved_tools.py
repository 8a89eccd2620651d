"""A request's `tools` that the scanned code does not show (a parameter no call of the file
gives, a function of an installed package) decides every hosted-tool verdict: it is never
dropped in silence, but named in a `could-not-follow` diagnostic at the call, in Python and
TypeScript. Tools written out, the SDKs' "not given" sentinels and calls to other providers
give none."""

from __future__ import annotations

from pathlib import Path

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


def test_tools_the_code_does_not_show_are_named_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "agent.py").write_text(PY)
    (tmp_path / "agent.ts").write_text(TS)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    found = {(Path(d.path).name, d.line): d.message for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW}
    assert set(found) == {("agent.py", 11), ("agent.py", 15), ("agent.ts", 7)}
    assert found[("agent.py", 11)] == ("could not work out the value of `tools` from the code; "
                                       "hosted tools in it are not checked")  # fmt: skip
    assert "(it comes from `mcp_toolkit.hosted_tools()`)" in found[("agent.py", 15)]
    assert "(it comes from `@acme/tools.getTools()`)" in found[("agent.ts", 7)]
    assert diagnostic_counts(report.diagnostics)["not-followed"] == 3
