"""Findings in notebooks: the column is the one in the `.ipynb` file (through the JSON string's
escapes, also when a cell's source is one string or the notebook is written on one line), the
code frame shows the cell's code line with the offending span underlined as in any other
file, and the HTML report marks the same span."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app

CODE = [
    "from openai import OpenAI\n",
    "client = OpenAI()\n",
    'resp = client.responses.create(model="gpt-4o", input="x", background=True, '
    'tools=[{"type": "web_search_preview"}])\n',
]
CALL = CODE[2].rstrip("\n")


def _notebook(source: list[str] | str, indent: int | None) -> str:
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}
    intro = {"cell_type": "markdown", "metadata": {}, "source": ["# A \"quoted\" title\n"]}
    return json.dumps({"cells": [intro, cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=indent)


SHAPES = {
    "list": (CODE, 1),
    "one-string": ("".join(CODE), 1),
    "one-line": (CODE, None),
}


def _run(tmp_path: Path, *args: str) -> str:
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["scan", ".", "--no-config", *args])
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("shape", SHAPES)
def test_columns_are_the_files_and_the_snippet_is_the_code_line(tmp_path: Path, shape: str) -> None:
    source, indent = SHAPES[shape]
    text = _notebook(source, indent)
    (tmp_path / "demo.ipynb").write_text(text)
    found = {f["capability"]: f for f in json.loads(_run(tmp_path, "--format", "json"))["findings"]}
    lines = text.splitlines()
    expected = {"model-availability": '\\"gpt-4o\\"', "web-search": '{\\"type\\": \\"web_search_preview\\"}',
                "background-mode": "True", "migrate-client": "OpenAI()"}  # fmt: skip
    for capability, written in expected.items():
        f = found[capability]
        # The file's own text at the reported columns is the value as the JSON writes it.
        assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == written, (shape, capability)
        assert f["context"] == "cell 2"
    assert found["model-availability"]["snippet"] == CALL
    assert found["migrate-client"]["snippet"] == "client = OpenAI()"


@pytest.mark.parametrize("shape", SHAPES)
def test_the_code_frame_underlines_the_span(tmp_path: Path, shape: str) -> None:
    source, indent = SHAPES[shape]
    (tmp_path / "demo.ipynb").write_text(_notebook(source, indent))
    (tmp_path / "same.py").write_text("".join(CODE))
    out = _run(tmp_path, "--color", "never").splitlines()
    frames: dict[tuple[str, str], str] = {}
    for i, line in enumerate(out):
        if "[" in line and line.split(":", 1)[0] in ("demo.ipynb", "same.py") and "] " in line:
            where, capability = line.split(":", 1)[0], line.split("[", 1)[1].split("]", 1)[0]
            at = next(j for j in range(i + 1, i + 6) if " | " in out[j] and out[j].split(" | ", 1)[0].strip())
            source_row, marks = out[at], out[at + 1]
            assert "^" in marks, (shape, capability, source_row, marks)
            start = marks.index("^")
            frames[(where, capability)] = source_row[start : start + marks.count("^")]
    for capability, span in (("model-availability", '"gpt-4o"'), ("web-search", '{"type": "web_search_preview"}'),
                             ("background-mode", "True"), ("migrate-client", "OpenAI")):  # fmt: skip
        assert frames[("demo.ipynb", capability)] == span, (shape, capability)
        assert frames[("same.py", capability)] == span  # the same underline as in a .py file


def test_the_html_report_marks_the_span(tmp_path: Path) -> None:
    (tmp_path / "demo.ipynb").write_text(_notebook(CODE, None))
    page = _run(tmp_path, "--format", "html")
    assert '<mark>&quot;gpt-4o&quot;</mark>' in page
    assert "client = <mark>OpenAI</mark>()" in page
    assert "\\&quot;" not in page  # the code line, not the JSON that holds it
