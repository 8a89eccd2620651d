"""Python 3.12 type parameters (PEP 695) and `type` statements: the file is read on every
supported Python, with its findings at the lines and columns they are written."""

from __future__ import annotations

import ast
from pathlib import Path

from bedrock_check.extract.typeparams import older_type_params

CODE = '''from openai import OpenAI

type Pair = tuple[str, int]
type Table[K] = dict[K, list[
    Pair]]


class Box[T]:
    item: T


def first[T: (str, bytes)](items: list[T]) -> T:
    return items[0]


def ask[
    M: str,
](prompt: str, model: M) -> str:
    client = OpenAI()
    reply = client.responses.create(model="gpt-4o", input=prompt, tools=[{"type": "web_search"}])
    return reply.output_text
'''


def test_rewrite_keeps_every_line_and_column_and_parses() -> None:
    rewritten = older_type_params(CODE)
    assert rewritten is not None and len(rewritten) == len(CODE)
    assert rewritten.splitlines()[19] == CODE.splitlines()[19]  # the request's line, unchanged
    assert [len(line) for line in rewritten.splitlines()] == [len(line) for line in CODE.splitlines()]
    ast.parse(rewritten)  # (what Python 3.10 and 3.11 can read)
    assert older_type_params("def plain(x):\n    return x\n") is None


def test_a_request_inside_a_generic_function_is_found(tmp_path: Path) -> None:
    from bedrock_check.extract.python import extract_python

    found = extract_python("agent.py", CODE)
    assert not found.diagnostics
    assert any(getattr(o, "span", None) is not None and o.span.line == 20 for o in found.observations)
