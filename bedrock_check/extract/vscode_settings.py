"""The model a VS Code extension sends unless its user picks another: a setting of its
`package.json` (`contributes.configuration`) named for a model whose `default` is an
OpenAI model id (`"chatgpt.gpt3.model": {"type": "string", "default": "gpt-3.5-turbo",
"enum": [...]}`), read by the extension with `getConfiguration().get("model")`.

The `enum` beside it is the picker's list of choices, not a use; only the default is what
every install sends until changed. A setting of the same block that names another provider
by default (`"ext.provider": {"default": "ollama"}`) makes the model that provider's."""

from __future__ import annotations

import json
import re
from typing import Any

from bedrock_check.extract.config_values import at_model
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.jsonloc import LineIndex, locate_offsets
from bedrock_check.vocabulary import ApiEndpoint

#: A setting that chooses the model (`chatgpt.gpt3.model`, `rubberduck.model`, `ext.chatModelName`):
#: the last segment of its key ends in `model` (or `model` + name/id).
_MODEL_SETTING = re.compile(r"(?i)model(?:[_-]?(?:name|id))?$")
#: A setting that chooses the provider the model goes to (`ext.provider`, `ext.apiType`).
_PROVIDER_SETTING = re.compile(r"(?i)(?:provider|api[_-]?type)$")


def _blocks(data: dict[str, Any]) -> list[tuple[Pointer, dict[str, Any]]]:
    """The `properties` of each `contributes.configuration` block (an object, or a list of them)."""
    contributes = data.get("contributes")
    config = contributes.get("configuration") if isinstance(contributes, dict) else None
    found: list[tuple[Pointer, dict[str, Any]]] = []
    for ptr, block in ([(("contributes", "configuration"), config)] if isinstance(config, dict) else
                       [(("contributes", "configuration", i), b) for i, b in enumerate(config)] if isinstance(config, list)
                       else []):  # fmt: skip
        props = block.get("properties") if isinstance(block, dict) else None
        if isinstance(props, dict):
            found.append(((*ptr, "properties"), props))
    return found


def setting_models(path: str, text: str) -> list[RequestObservation]:
    """One observation per model setting of an extension's manifest whose default is an
    OpenAI model id, at the default's line."""
    if '"contributes"' not in text or '"default"' not in text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []  # (the dependency reader reports the parse error)
    if not isinstance(data, dict):
        return []
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    found: list[RequestObservation] = []
    index: LineIndex | None = None
    lines = text.splitlines()
    for ptr, props in _blocks(data):
        # (The names that say OpenAI or Azure OpenAI: the catalogue's `setting_names`.)
        others = [spec.get("default") for key, spec in props.items() if isinstance(spec, dict)
                  and _PROVIDER_SETTING.search(key.rpartition(".")[2]) and isinstance(spec.get("default"), str)
                  and spec["default"] and cat.provider_named(spec["default"]) is None]  # fmt: skip
        if others:
            continue  # the default provider is someone else's
        for key, spec in props.items():
            default = spec.get("default") if isinstance(spec, dict) else None
            if not isinstance(default, str) or not _MODEL_SETTING.search(key.rpartition(".")[2]):
                continue
            mid, vendor = cat.read_model(default)
            if vendor != "openai":
                continue
            where = locate_offsets(text, (*ptr, key, "default"))
            if where is None:
                continue
            index = index or LineIndex(text)
            span: Span = index.span(*where)
            found.append(RequestObservation(
                path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN, span=span, locate=at_model(span),
                source_line=lambda n: lines[n - 1] if 0 < n <= len(lines) else None, provider="openai", fragment=True,
            ))  # fmt: skip
    return found
