"""Reading a parsed config file's values: its mappings with their pointers, a setting's
value behind a variable substitution, and the small helpers the config readers share
(`extract/configs.py`, `config_env.py`, `config_owned.py`, `class_configs.py`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import ApiEndpoint

_MAX_DEPTH = 64


def mappings(value: Any, skip: tuple[str, ...] = ()) -> Iterator[tuple[dict[str, Any], Pointer]]:
    """Each mapping in a parsed config with its pointer, depth first, to `_MAX_DEPTH`
    levels (an explicit stack: a deeply nested file cannot exhaust Python's); the values
    of keys in `skip` are not entered."""
    stack: list[tuple[Any, Pointer, int]] = [(value, (), 0)]
    while stack:
        node, ptr, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, list):
            stack.extend((v, (*ptr, i), depth + 1) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        stack.extend((v, (*ptr, k), depth + 1) for k, v in node.items() if isinstance(k, str) and k not in skip)
        yield node, ptr


#: `${OPENAI_MODEL:-gpt-4o}` (compose, shell), `${OPENAI_MODEL:gpt-4o}` (many YAML loaders),
#: `${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}` (azd's parameter files, shell's `=`): the value used
#: when the variable is unset.
_SUBSTITUTION = re.compile(r"^\$\{([A-Za-z_]\w*)(?::-|-|:=|:|=)([^}]*)\}$")


#: A GitHub Actions expression with a fallback: `${{ secrets.LLM_MODEL || 'gpt-4o' }}`.
_ACTIONS_FALLBACK = re.compile(r"^\$\{\{.*\|\|\s*'([^']*)'\s*\}\}$")


#: A template's default (Liquid `{{ model | default: 'openai/gpt-4o' }}`, Jinja `{{ model |
#: default('gpt-4o') }}`, Helm `{{ .Values.model | default "gpt-4o" }}`): what it renders unset.
_TEMPLATE_DEFAULT = re.compile(r"""^\{\{-?[^{}|]*\|\s*default\s*(?::|\(|\s)\s*["']([^"'{}]*)["']\s*\)?\s*-?\}\}$""")


def substituted(value: str) -> str:
    """A setting's value (without the padding a compose file may give it), or the default
    of the variable substitution, the fallback of the CI expression or the template default it is."""
    value = value.strip()
    m = _SUBSTITUTION.match(value) or _ACTIONS_FALLBACK.match(value) or _TEMPLATE_DEFAULT.match(value)
    return m.group(m.lastindex or 1).strip().strip("'\"") if m else value


def substitution_variable(value: str) -> str | None:
    """The variable a setting's value is read from when it is a substitution with a default
    (`${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}` -> `AZURE_OPENAI_CHAT_DEPLOYMENT`), else None."""
    m = _SUBSTITUTION.match(value.strip())
    return m.group(1) if m else None


def at_model(span: Span) -> Callable[[Pointer], Span | None]:
    """A locator that knows only where the model is."""

    def locate(ptr: Pointer) -> Span | None:
        return span if ptr == ("model",) else None

    return locate


def model_fragment(path: str, span: Span, mid: str, provider: str | None,
                   source_line: Callable[[int], str | None]) -> RequestObservation:  # fmt: skip
    """The request fragment of one model id a file names at `span` (a BAML client's, a
    `.properties` setting's, an SDK call's in a language read as written)."""
    return RequestObservation(path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                              locate=at_model(span), source_line=source_line, provider=provider, fragment=True)


def offset_span(text: str, offset: int, width: int) -> Span:
    """The span of `width` characters at character `offset` of `text` (on one line)."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, col, line, col + width)


def line_reader(text: str) -> Callable[[int], str | None]:
    """A 1-based line getter of `text`."""
    lines = text.splitlines()
    return lambda n: lines[n - 1] if 0 < n <= len(lines) else None


def model_settings(path: str, named: Iterable[tuple[str, Any, str | None]], locate: Callable[[Any], Span | None],
                   source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One fragment per model a config file names (`(model id, where, provider)`), at the
    place `locate` finds for `where`; a model whose place is not found is not reported."""
    found: list[RequestObservation] = []
    for mid, where, provider in named:
        span = locate(where)
        if span is not None:
            found.append(RequestObservation(
                path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                locate=at_model(span), source_line=source_line, provider=provider, fragment=True,
            ))  # fmt: skip
    return found


@functools.lru_cache(maxsize=8)
def compiled(pattern: str) -> re.Pattern[str]:
    """A catalogue pattern, compiled once."""
    return re.compile(pattern)


__all__ = ["at_model", "compiled", "mappings", "substituted", "substitution_variable"]
