"""Model ids in config files that name the class a mapping builds.

Registries and dependency-injection configs write the class to instantiate and its
arguments side by side: an evals registry entry `class: evals.solvers.providers.openai.
openai_solver:OpenAISolver` with `args: {completion_fn_options: {model: gpt-4}}`, Hydra's
`_target_: langchain_openai.ChatOpenAI` beside `model: gpt-4o`, a framework class given by
name (`llm: ChatOpenAI` beside `llm_kwargs: {model_name: gpt-3.5-turbo}`). Which keys hold a
class and which class names say OpenAI or another vendor is catalogue data (`class_configs`
in frameworks.yaml).

- A class named for OpenAI (`OpenAISolver`, `ChatOpenAI`): each model-named setting below it
  that holds an OpenAI model id is that class's model.
- A class named for another vendor (`TogetherSolver`, `GeminiSolver`) or for an
  OpenAI-compatible server (`OpenAILike`): nothing below it is read.
- Any other class (`ChainOfThoughtCompletionFn`): a model-named setting whose value is itself
  an OpenAI model id (`cot_completion_fn: gpt-3.5-turbo`) is what the class calls.

A mapping below that names its own class is read on its own (`CoTSolver` holding an
`OpenAISolver` and a `TogetherSolver`). A model id in a mapping that names no class is not
read here, so a list of models or a price table stays clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.extract.config_values import compiled as _compiled
from bedrock_check.extract.config_values import mappings as _mappings
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

#: The catalogue's `class_configs.keys` (a test keeps them equal): a file with none of them
#: never loads the catalogue.
CLASS_KEYS = ["class", "_target_", "cls", "class_path", "class_name", "llm", "llm_class", "model_class", "solver_class"]
#: How deep below a class's mapping its settings are looked for (`args.completion_fn_options.model`).
_MAX_DEPTH = 6
#: A list of more items than this below a class is a table (choices), not settings.
_TABLE_ROWS = 8


def class_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                 source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One observation per OpenAI model id a mapping that names its class sets (see the
    module docstring), at the line where the id is written."""
    if not any(True for _ in _classed(value, CLASS_KEYS)):
        return []  # (most files: the catalogue is not loaded for them)
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    spec = cat.frameworks.class_configs
    if spec is None:
        return []
    found: list[RequestObservation] = []
    seen: set[Pointer] = set()
    for node, ptr, kind in _classed(value, spec.keys):
        verdict = _verdict(spec.openai, spec.vendors, spec.azure, kind)
        if verdict == "other":
            continue
        for key, setting, where in _settings(node, ptr, spec.keys, 0):
            if where in seen or not _compiled(spec.model_keys).search(key):
                continue
            from bedrock_check.extract.config_values import substituted

            mid, vendor = cat.read_model(substituted(setting.strip()))
            if vendor not in MIGRATING_PROVIDERS:
                continue
            span = locate(where)
            if span is None:
                continue
            seen.add(where)
            provider = "azure" if verdict == "azure" else vendor
            found.append(RequestObservation(
                path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                locate=_at_model(span), source_line=source_line, provider=provider, fragment=True,
            ))  # fmt: skip
    return found


def _verdict(openai: str, vendors: str, azure: str, kind: str) -> str:
    """"openai", "azure", "other" (another vendor's class) or "neutral", from a class
    reference's last name (`pkg.mod:OpenAISolver` -> `OpenAISolver`)."""
    name = re.split(r"[.:/]", kind.strip())[-1]
    if _compiled(vendors).search(name):
        return "other"
    if _compiled(openai).search(name):
        return "azure" if _compiled(azure).search(name) else "openai"
    return "neutral"


def _classed(value: Any, keys: list[str]) -> Iterator[tuple[dict[str, Any], Pointer, str]]:
    """Each mapping that names its class (a class key holding a class reference), with its
    pointer and the reference (the config walk of `configs._mappings`)."""
    for node, ptr in _mappings(value):
        kind = _class_of(node, keys)
        if kind is not None:
            yield node, ptr, kind


#: A class reference: a dotted or `module:Class` path, or a bare class name (CamelCase).
_REFERENCE = re.compile(r"^[A-Za-z_][\w.]*(:[A-Za-z_]\w*)?$")


def _class_of(node: dict[str, Any], keys: list[str]) -> str | None:
    """The class reference a mapping names under one of `keys`, if any. (A bare word is a
    class only when it starts upper case: `llm: ChatOpenAI`, not `llm: default`.)"""
    for key in keys:
        kind = node.get(key)
        if isinstance(kind, str) and _REFERENCE.match(kind.strip()):
            last = re.split(r"[.:]", kind.strip())[-1]
            if last[:1].isupper():
                return kind
    return None


def _settings(node: dict[str, Any], ptr: Pointer, keys: list[str],
              depth: int) -> Iterator[tuple[str, str, Pointer]]:  # fmt: skip
    """(key, value, pointer) for each string setting below a class's mapping, not entering a
    mapping that names its own class nor a long list (a table)."""
    if depth > _MAX_DEPTH:
        return
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        if isinstance(value, str):
            if key not in keys:
                yield key, value, (*ptr, key)
        elif isinstance(value, dict):
            if _class_of(value, keys) is None:
                yield from _settings(value, (*ptr, key), keys, depth + 1)
        elif isinstance(value, list) and len(value) <= _TABLE_ROWS:
            for i, item in enumerate(value):
                if isinstance(item, dict) and _class_of(item, keys) is None:
                    yield from _settings(item, (*ptr, key, i), keys, depth + 1)



def _at_model(span: Span) -> Callable[[Pointer], Span | None]:
    """A locator that knows only where the model is."""

    def locate(ptr: Pointer) -> Span | None:
        return span if ptr == ("model",) else None

    return locate


__all__ = ["class_models"]
