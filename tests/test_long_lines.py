"""Minified bundles and long lines: skipped as build output, and never a cost that grows
faster than the line (a committed Next.js `out/_next/static/chunks/*.js` once took a
minute and gigabytes per file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.extract import extract_safely
from bedrock_check.extract.common import SourceText
from bedrock_check.matrix import Matrix, Target
from bedrock_check.prefilter import minified
from bedrock_check.scanner import scan_paths

#: One statement of a bundled client module, as a minifier writes it (one line, no spaces).
_CALL = ('function f{n}(e){{return new o.ZP({{apiKey:e}}).responses.create({{model:"gpt-4o",'
         'tools:[{{type:"web_search_preview"}}],input:"é{n}"}})}}')


def _bundle(calls: int) -> str:
    return '"use strict";(self.webpackChunk=self.webpackChunk||[]).push([[1],{' + ";".join(
        _CALL.format(n=n) for n in range(calls)) + "}]);\n"  # fmt: skip


def test_a_minified_bundle_is_skipped_and_counted(matrix: Matrix, target: Target, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "server" / "static").mkdir(parents=True)
    (tmp_path / "server" / "static" / "chunk-4b7f5a.js").write_text(_bundle(200))
    # The source the bundle was built from is scanned as usual.
    (tmp_path / "search.js").write_text(
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'await client.responses.create({ model: "gpt-5.5", tools: [{ type: "web_search_preview" }], input: "q" });\n')
    monkeypatch.chdir(tmp_path)
    report = scan_paths(["."], matrix, target, jobs=1)
    assert {f.path for f in report.findings if f.severity != "note"} == {"search.js"}
    assert report.stats["files_generated"] == 1
    assert not report.diagnostics
    # Named on the command line, the bundle is read like any script.
    named = scan_paths(["server/static/chunk-4b7f5a.js"], matrix, target, jobs=1)
    assert {f.capability for f in named.findings if f.severity == "error"} >= {"web-search"}
    assert named.stats["files_generated"] == 0


@pytest.mark.parametrize(
    ("text", "is_bundle"),
    [
        (_bundle(200), True),
        (_bundle(2), False),  # a one-line script too small to be a build's output
        # Source with one long line (an inline data URI) among ordinary ones.
        ("const logo = 'data:image/png;base64," + "A" * 6000 + "';\n" + "const x = 1;\n" * 400, False),
        # Long lines, but many short ones too: a pretty-printed generated file is read.
        (("x" * 2500 + "\n") + ("a = b;\n" * 2000), False),
    ],
)
def test_what_counts_as_minified(text: str, is_bundle: bool) -> None:
    assert minified(text.encode()) is is_bundle


def test_a_bundle_read_anyway_is_reported_at_its_columns() -> None:
    """Extracted directly (a bundle is still readable): every request of its one line is
    found, at the column where it is written, counted in characters past the non-ASCII
    ones before it."""
    text = _bundle(60)
    line = text.splitlines()[0]
    result = extract_safely("javascript", "bundle.js", text)
    tools = [o.span.column for o in result.observations if getattr(o, "body", None) == {"tools": [{"type": "web_search_preview"}]}]
    calls = [o.span.column for o in result.observations if getattr(o, "value", None) == "o.ZP().responses.create"]
    assert len(tools) == len(calls) == 60
    assert all(line[c - 1 :].startswith('{type:"web_search_preview"}') for c in tools)
    assert all(line[c - 1 :].startswith("new o.ZP(") for c in calls)


@pytest.mark.parametrize("line", ["plain ascii", "héllo wörld “x” 😀 y", "a😀b€c", "€", "x" * 50 + "é" * 50])
def test_character_columns_from_byte_offsets(line: str) -> None:
    src = SourceText(f"first\n{line}\n")
    byte = 0
    for i, ch in enumerate(line + " "):
        assert src.char_column(2, byte) == i + 1
        byte += len(ch.encode())
    assert src.char_column(1, 3) == 4
