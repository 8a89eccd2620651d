"""A framework's model object (LangChain's `ChatOpenAI(...)`, the AI SDK's `openai("gpt-4o")`,
LlamaIndex's `OpenAI(...)`) is the text generation of every call made through it: the readiness
counts it under *works on Bedrock*, as it counts a request that sends `input`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bedrock_check.matrix import Matrix, Target
from bedrock_check.report.model import Report
from bedrock_check.scanner import scan_paths

LANGCHAIN = '''
import streamlit as st
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o", temperature=0, streaming=True)
st.write(llm.invoke(st.chat_input()).content)
'''

LLAMAINDEX = '''
from llama_index.core import Settings
from llama_index.llms.openai import OpenAI

Settings.llm = OpenAI(model="gpt-4o-mini", temperature=0.1)
'''

AI_SDK = '''
import { openai } from "@ai-sdk/openai";
import { streamText } from "ai";

export async function POST(req: Request) {
  const { messages } = await req.json();
  const result = await streamText({ model: openai("gpt-4o"), messages });
  return result.toDataStreamResponse();
}
'''

EMBEDDINGS_ONLY = '''
from langchain_openai import OpenAIEmbeddings

embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
'''


def _scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matrix: Matrix, target: Target,
          files: dict[str, str]) -> Report:  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    monkeypatch.chdir(tmp_path)
    return scan_paths(["."], matrix, target, jobs=1)


def _works(report: Report) -> dict[str, int]:
    return {row["capability"]: row["count"] for row in report.readiness()["works"]}


@pytest.mark.parametrize("name, text", [("app.py", LANGCHAIN), ("index.py", LLAMAINDEX),
                                        ("app/api/chat/route.ts", AI_SDK)])  # fmt: skip
def test_a_model_object_is_a_text_generation_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matrix: Matrix,
                                                 target: Target, name: str, text: str) -> None:  # fmt: skip
    report = _scan(tmp_path, monkeypatch, matrix, target, {name: text})
    # Its model is still checked (an OpenAI model Bedrock does not offer is blocked) ...
    assert [f.capability for f in report.active if f.capability == "model-availability"] == ["model-availability"]
    # ... and the text generation it stands for works on Bedrock.
    assert _works(report) == {"text-generation": 1}
    assert "1 works on Bedrock" in report.render("text")


def test_every_model_object_counts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matrix: Matrix,
                                        target: Target) -> None:  # fmt: skip
    report = _scan(tmp_path, monkeypatch, matrix, target, {"a.py": LANGCHAIN, "b.py": LLAMAINDEX, "route.ts": AI_SDK})
    assert _works(report) == {"text-generation": 3}


def test_an_embeddings_model_object_generates_no_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       matrix: Matrix, target: Target) -> None:  # fmt: skip
    report = _scan(tmp_path, monkeypatch, matrix, target, {"embed.py": EMBEDDINGS_ONLY})
    assert "text-generation" not in _works(report)
    assert "embeddings" in [row["capability"] for row in report.readiness()["blocked"]]


def test_an_embeddings_request_whose_input_is_text_to_embed_generates_no_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matrix: Matrix, target: Target) -> None:  # fmt: skip
    """A Batch line to `/v1/embeddings` sends `input` as text to embed: not a text generation use,
    where the same `input` in a Responses request is one."""
    line = ('{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", '
            '"body": {"model": "text-embedding-3-small", "input": "hello"}}\n')  # fmt: skip
    responses = ('{"custom_id": "b", "method": "POST", "url": "/v1/responses", '
                 '"body": {"model": "openai.gpt-5.5", "input": "hello"}}\n')  # fmt: skip
    report = _scan(tmp_path, monkeypatch, matrix, target, {"embed.jsonl": line})
    assert "text-generation" not in _works(report)
    report = _scan(tmp_path, monkeypatch, matrix, target, {"embed.jsonl": line, "ask.jsonl": responses})
    assert _works(report).get("text-generation") == 1
