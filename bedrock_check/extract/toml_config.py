"""TOML config files: the model an application's settings name, read as data only.

A TOML file is parsed with the standard library's `tomllib` (`tomli` before Python 3.11)
and read like a YAML config file (`extract/configs.py`, `extract/class_configs.py`): an LLM
settings table (`[llm]` with `api_key` and `model = "gpt-4o"`, also a named one such as
`[llm.gpt4o-mini]`), a mapping whose provider setting says OpenAI, a class named with its
arguments, and environment lists (`[tool.pytest.ini_options] env = ["D:APP_MODEL=openai:gpt-4o"]`,
pytest-env's). Nothing in the file is ever run. A file that does not parse gets one
diagnostic naming it.

`tomllib` keeps no positions, so each setting is found again in the text by a small line
reader (`_Locator`): table headers, `key = value` lines (dotted keys too), inline tables and
the items of a string array.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Diagnostic, Pointer, Span
from bedrock_check.vocabulary import DiagnosticKind

#: Words one of which a TOML file (or a TOML block of a page) must hold to be read for models.
TOKENS = ("model =", "model=", "MODEL=", "model_name =", "class =", "_target_ =",
          # A `provider/model` string under any key (R2R's `fast_llm = "openai/gpt-5-nano"`).
          '= "openai/', "= 'openai/", '= "azure/', "= 'azure/")


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document as data (raises ValueError when it does not parse)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def toml_models(path: str, text: str) -> Extracted:
    """Model settings of a TOML config file, each at the line where its value is written."""
    from bedrock_check.extract.class_configs import class_models
    from bedrock_check.extract.config_env import env_models
    from bedrock_check.extract.config_named import named_models
    from bedrock_check.extract.configs import config_models

    result = Extracted()
    try:
        value = parse_toml(text)
    except (ValueError, RecursionError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        at = _POSITION.search(message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (None, None)
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"not valid TOML: {message}", line, column))
        return result
    locator = _Locator(text)
    lines = text.splitlines()

    def source_line(n: int) -> str | None:
        return lines[n - 1] if 1 <= n <= len(lines) else None

    for read in (config_models, named_models, env_models, class_models):
        result.observations.extend(read(path, value, locator.span, source_line))
    return result


#: Where tomllib says a document stops parsing.
_POSITION = re.compile(r"at line (\d+), column (\d+)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=\s*")
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")


def _parts(dotted: str) -> tuple[str, ...]:
    """A dotted TOML key's parts, without quotes (`a."b.c"` -> ("a", "b.c"))."""
    return tuple(m.group(0).strip("\"'") for m in re.finditer(r"\"[^\"]*\"|'[^']*'|[^.\s]+", dotted))


class _Locator:
    """Where each key's value is written in a TOML text, by pointer."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        #: pointer -> (0-based line, column of the value)
        self.where: dict[Pointer, tuple[int, int]] = {}
        table: tuple[Any, ...] = ()
        arrays: dict[tuple[str, ...], int] = {}
        for i, line in enumerate(self.lines):
            header = _HEADER.match(line)
            if header is not None and not _KEY_LINE.match(line):
                names = _parts(header.group(2))
                if header.group(1) == "[[":  # an array of tables: one more item
                    arrays[names] = arrays.get(names, -1) + 1
                    table = (*names, arrays[names])
                else:
                    table = names
                continue
            m = _KEY_LINE.match(line)
            if m is not None:
                self.where.setdefault((*table, *_parts(m.group(1))), (i, m.end()))

    def span(self, ptr: Pointer) -> Span | None:
        """The span of the value at `ptr` (a key's value, an item of a string array, or a
        key of an inline table), None when it cannot be told."""
        at = self.where.get(ptr)
        if at is not None:
            return self._value_span(*at)
        if not ptr:
            return None
        parent = self.where.get(ptr[:-1])
        if parent is None:
            return None
        last = ptr[-1]
        if isinstance(last, int):
            return self._item(parent, last)
        line = self.lines[parent[0]]  # an inline table: `llm = {model = "gpt-4o"}`
        m = re.search(rf"(?:^|[{{,\s]){re.escape(str(last))}\s*=\s*", line[parent[1] :])
        return self._value_span(parent[0], parent[1] + m.end()) if m else None

    def _value_span(self, line: int, column: int) -> Span:
        text = self.lines[line]
        value = text[column:].split(" #", 1)[0].rstrip()
        return Span(line + 1, column + 1, line + 1, column + 1 + max(len(value), 1))

    def _item(self, at: tuple[int, int], index: int) -> Span | None:
        """The `index`-th string of the array that starts at `at`, on this line or below."""
        count = 0
        line, column = at
        depth = 0
        while line < len(self.lines):
            text = self.lines[line]
            pos = column
            while pos < len(text):
                char = text[pos]
                if char == "#":
                    break
                if char == "[":
                    depth += 1
                elif char == "]":
                    depth -= 1
                    if depth <= 0:
                        return None
                elif char in "\"'":
                    m = _STRING.match(text, pos)
                    if m is None:
                        return None
                    if count == index:
                        return Span(line + 1, pos + 1, line + 1, m.end() + 1)
                    count += 1
                    pos = m.end()
                    continue
                pos += 1
            line, column = line + 1, 0
        return None


__all__ = ["TOKENS", "parse_toml", "toml_models"]
