"""BAML files (`.baml`): the OpenAI models an app's LLM clients name.

BAML declares its model clients as data: a `client<llm> Name { provider openai options {
model "gpt-4o" } }` block, or the shorthand `client "openai/gpt-4o"` inside a `function`.
A client whose provider is OpenAI's (`openai`, `openai-responses`), Azure OpenAI's
(`azure-openai`, whose `deployment_id` may be a model id) or `openai-generic` pointed at
`api.openai.com` sends its model to the OpenAI API: a migration must change it, so each
such model is checked where it is written. Another provider's client (`anthropic`,
`aws-bedrock`, `openai-generic` at an Ollama URL) is not read; a `fallback` or `round-robin`
client's strategy is read for the shorthand clients it lists (`strategy ["openai/gpt-4o-mini", ...]`).

BAML is neither YAML nor JSON: the reader blanks comments (`//`) and prompt strings
(`#"..."#`, which may hold any text), keeping every offset, then reads each client block's
`provider`, `model`, `deployment_id` and `base_url` settings (quoted or bare values).
Nothing is resolved across files (a `model env.MODEL` is not read).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedrock_check.extract.common import Extracted
from bedrock_check.extract.config_values import line_reader, model_fragment, offset_span

#: BAML provider name -> the provider a migration reads it as (`openai-generic` is decided by
#: its `base_url`).
_PROVIDERS = {"openai": "openai", "openai-responses": "openai", "azure-openai": "azure",
              # (the names of BAML's first releases, still in older projects and docs)
              "baml-openai-chat": "openai", "baml-openai-completion": "openai", "baml-azure-chat": "azure"}
#: The host of the OpenAI API, for an `openai-generic` client.
_OPENAI_HOST = "api.openai.com"

#: A prompt string (`#"...."#`, several lines) or a `//` comment; a quoted string is matched
#: first so a URL's `//` is not a comment.
_NOISE = re.compile(r'#"(?:.|\n)*?"#|"(?:[^"\\\n]|\\.)*"|//[^\n]*')
#: `client<llm> Name {`: a client block's opening.
_CLIENT = re.compile(r"\bclient\s*<\s*llm\s*>\s*[A-Za-z_][\w]*\s*\{")
#: `key value` inside a block (a line's first word, or after `{`): a quoted value or a bare word.
_SETTING = re.compile(r'(?<![^\s{])(provider|model|deployment_id|base_url)[ \t]+(?:"([^"\n]*)"|([^\s{}"]+))')
#: The shorthand of a function: `client "openai/gpt-4o"`.
_SHORTHAND = re.compile(r'(?m)^[ \t]*client[ \t]+"([\w-]+)/([^"\n]+)"')
#: A fallback or round-robin client's `strategy [...]` list, whose entries may be shorthand clients.
_STRATEGY = re.compile(r"(?<![^\s{])strategy[ \t]*\[([^\]]*)\]")
#: A shorthand client in such a list: `"openai/gpt-4o-mini"`.
_LISTED = re.compile(r'"([\w-]+)/([^"\n]+)"')


def _blanked(text: str) -> str:
    """The text with comments and prompt strings replaced by spaces (newlines kept), so every
    offset still points where it did; a quoted string is kept as written."""

    def blank(m: re.Match[str]) -> str:
        s = m.group(0)
        if s.startswith('"'):
            return s
        return re.sub(r"[^\n]", " ", s)

    return _NOISE.sub(blank, text)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each `client<llm>` block's body, braces balanced."""
    for m in _CLIENT.finditer(text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        yield m.end(), i


def extract_baml(path: str, text: str) -> Extracted:
    """One model request fragment per OpenAI model a client block or a function's shorthand
    client names (see the module docstring)."""
    from bedrock_check.catalogue import shipped_catalogue

    clean = _blanked(text)
    source_line = line_reader(text)
    cat = shipped_catalogue()
    result = Extracted()

    def add(model: str, offset: int, provider: str) -> None:
        mid, vendor = cat.read_model(model)
        if provider == "azure" and not cat.deployment_model(mid):
            return  # a deployment named for the team, not for the model
        if provider != "azure" and vendor not in ("openai", None):
            return
        result.observations.append(model_fragment(path, offset_span(clean, offset, len(model)), mid, provider, source_line))

    for start, end in _blocks(clean):
        settings = {m.group(1): m for m in _SETTING.finditer(clean, start, end)}
        said = settings.get("provider")
        name = (said.group(2) or said.group(3)) if said else ""
        provider = _PROVIDERS.get(name)
        if name == "openai-generic":
            url = settings.get("base_url")
            provider = "openai" if url and _OPENAI_HOST in (url.group(2) or url.group(3) or "") else None
        if name in ("fallback", "round-robin"):
            for listed in _STRATEGY.finditer(clean, start, end):
                for entry in _LISTED.finditer(clean, listed.start(1), listed.end(1)):
                    short = _PROVIDERS.get(entry.group(1))
                    if short is not None:
                        add(entry.group(2), entry.start(2), short)
        if provider is None:
            continue
        for key in ("model", "deployment_id"):
            m = settings.get(key)
            group = 2 if m is not None and m.group(2) is not None else 3
            if m is not None and m.group(group):
                add(m.group(group), m.start(group), provider)
    for m in _SHORTHAND.finditer(clean):
        provider = _PROVIDERS.get(m.group(1))
        if provider is not None:
            add(m.group(2), m.start(2), provider)
    return result


__all__ = ["extract_baml"]
