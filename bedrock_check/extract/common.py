"""Pieces every extractor shares: source text with line access, and the result type."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import field, replace
from functools import cache

from bedrock_check.findings import (
    CodeObservation,
    Diagnostic,
    ElsewhereSpan,
    EmbeddedSpan,
    Observation,
    RequestObservation,
    Span,
)
from bedrock_check.quickclass import dataclass

#: A value an extractor could not work out statically (a call result, an f-string).
#: Such values are left out of request bodies: a guess would be noise.
UNRESOLVED = object()
#: One character outside ASCII (its UTF-8 form is wider than one byte).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class SourceText:
    """The text of one file, split into lines once, with 1-based line access."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        #: An all-ASCII file (most code) has byte columns equal to character columns.
        self.ascii = text.isascii()
        #: Per line asked about: None when it is ASCII, else the byte offsets just past each
        #: non-ASCII character and the extra bytes up to there, so each column is a binary
        #: search, not a decode of the line (a long line holds thousands of spans).
        self._widths: dict[int, tuple[list[int], list[int]] | None] = {}

    def line(self, n: int) -> str | None:
        """The text of 1-based line `n`, or None past the end."""
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else None

    def char_column(self, lineno: int, byte_col: int) -> int:
        """A 1-based character column from a 0-based UTF-8 byte offset (as `ast` reports)."""
        if self.ascii:
            return byte_col + 1
        if lineno in self._widths:
            widths = self._widths[lineno]
        else:
            widths = self._widths[lineno] = _multibyte(self.line(lineno))
        if widths is None:
            return byte_col + 1
        ends, extra = widths
        i = bisect_right(ends, byte_col)
        return byte_col - (extra[i - 1] if i else 0) + 1


def _multibyte(text: str | None) -> tuple[list[int], list[int]] | None:
    """For a line with non-ASCII characters: the byte offset just past each of them and the
    bytes beyond one per character up to there (None for an ASCII line)."""
    if text is None or text.isascii():
        return None
    ends: list[int] = []
    extra: list[int] = []
    more = 0
    for m in _NON_ASCII.finditer(text):
        width = len(m.group().encode("utf-8", errors="surrogatepass"))
        more += width - 1
        ends.append(m.start() + more + 1)
        extra.append(more)
    return ends, extra


@dataclass(slots=True)
class Extracted:
    """What an extractor found in one file."""

    observations: list[Observation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The names of the functions and methods the file calls (`ask` of `helpers.ask(...)`): a
    #: parameter of another file's function one of them may pass is no value out of sight there.
    called: set[str] = field(default_factory=set)
    #: The callees of the file's calls as written, dotted (`openai.responses` of
    #: `openai.responses("gpt-5")`): whether the code relies on a framework's default call.
    chains: set[str] = field(default_factory=set)

    def observations_and_diagnostics(self) -> list[Observation | Diagnostic]:
        """Everything found, observations first."""
        return [*self.observations, *self.diagnostics]

    def extend(self, other: Extracted) -> None:
        """Add another result (for containers such as Markdown and notebooks)."""
        self.observations.extend(other.observations)
        self.diagnostics.extend(other.diagnostics)
        self.called.update(other.called)
        self.chains.update(other.chains)


def shift_observation(obs: Observation, line_map, context: str | None = None, source_line=None,
                      path: str | None = None, context_at=None) -> Observation:  # fmt: skip
    """Re-home an observation extracted from embedded code (a notebook cell) to the
    container file: `line_map(line, column) -> (line, column)`; `source_line` gives the
    code text for a container line (for snippets), `context_at` its label (the cell);
    `path` the container's path when the code was extracted under another (a block
    remembered from an earlier page)."""

    def move(span: Span) -> Span:
        line, col = line_map(span.line, span.column)
        end_line, end_col = line_map(span.end_line, span.end_column)
        return Span(line, col, end_line, end_col)

    if isinstance(obs, CodeObservation):
        return CodeObservation(
            path=path or obs.path, kind=obs.kind, value=obs.value, span=move(obs.span), module=obs.module,
            snippet=obs.snippet, context=context or obs.context, provider=obs.provider, attrs=obs.attrs,
        )  # fmt: skip
    inner_locate, inner_line = obs.locate, obs.source_line

    def locate(ptr):
        found = inner_locate(ptr)
        if isinstance(found, ElsewhereSpan):
            return found  # in another file, whose lines are its own
        if not found:
            return None
        moved = move(found)
        if isinstance(found, EmbeddedSpan):  # moved twice (a block from an earlier page): its code line stays
            return replace(found, line=moved.line, column=moved.column, end_line=moved.end_line,
                           end_column=moved.end_column)  # fmt: skip
        # The snippet is the code's own line, and the span's columns in it (see EmbeddedSpan).
        text = inner_line(found.line)
        if text is None:
            return moved
        end = found.end_column if found.end_line == found.line else 0
        return EmbeddedSpan(moved.line, moved.column, moved.end_line, moved.end_column, text, found.column, end)

    return RequestObservation(
        path=path or obs.path, body=obs.body, endpoint=obs.endpoint, span=move(obs.span), locate=locate,
        source_line=source_line or obs.source_line, context=context or obs.context, provider=obs.provider,
        fragment=obs.fragment, attrs=obs.attrs, context_at=context_at or obs.context_at,
    )  # fmt: skip


@cache
def model_string_heads() -> tuple[str, ...]:
    """How a provider-prefixed model string starts (`openai:gpt-4.1`, `openai-responses:o3`,
    `azure:...`, LangChain's and pydantic-ai's `provider:model` form, and `openai/gpt-4o`,
    LiteLLM's and many apps' own): a string literal starting so, written as a setting's value,
    is kept in `FileModel.model_strings` (which of them name an OpenAI model is the catalogue's
    `prefixed_model`: gateways write `openai/...` for their own models, see its `slash_models`).
    The words are the catalogue's (`model_prefixes` in models.yaml, `Catalogue.model_string_heads`),
    loaded when a string of that shape is first asked about (`model_string` tests the shape first):
    a scan that parses no file, or a request file without such a string, never loads the catalogue."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().model_string_heads


def writes_string(text: str, words: tuple[str, ...] | list[str]) -> bool:
    """Whether source `text` writes one of `words` as a string of its own, quoted as code
    writes it (`"oai-events"`, `'api.openai.com'`, `` `OpenAI-Beta` ``)."""
    return any(f"{q}{w}{q}" in text for w in words for q in ("'", '"', "`"))


def model_string(value: str) -> bool:
    """Whether a string literal may be a `provider:model` string (cheap shape test)."""
    head = value.partition("/")[0]
    # (The shape first: a string that cannot be one never loads the catalogue for its heads.)
    # (`openai/gpt-4o`; Portkey's model catalogue, `@openai/gpt-4o`)
    return ((":" in head or head in ("openai", "@openai", "@azure-openai")) and len(value) < 100 and " " not in value and "\n" not in value
            and value.startswith(model_string_heads()))  # fmt: skip


#: Keys that make a dict literal a client-config candidate (the keys of the catalogue's
#: `config_models` other than `type`, whose literals are `typed_literals` already, and a block
#: of OpenAI's own settings, `openai: {model: ...}`: the catalogue's `setting_names`), and the
#: endings of keys that name a provider or its server (`planner_provider`, `llm.api_type`,
#: `api_base`: the catalogue's `provider_siblings`).
#: (`config_list`: AutoGen's and AG2's list of client configs, the catalogue's `config_lists`;
#: `use`: the `module:Class` a model entry builds; `_type`: NeMo Agent Toolkit's kind of entry;
#: `service`: an Elasticsearch inference endpoint's.)
CONFIG_KEYS = frozenset({"provider", "model_provider", "model_type", "llm", "openai", "open_ai", "config_list",
                         "engine", "embedding_engine", "model_client", "guardrails", "use", "_type", "service"})
CONFIG_KEY_ENDINGS = ("provider", "providername", "provider_name", "providerid", "provider_id", "supplier", "api_type",
                      "api_base", "base_url", "default-api", "default_api")


#: OpenAI named in a text (`OPENAI_API_KEY`, `openai.js`, `Open-AI`): the cheap test that a
#: file, a setting or a name is about OpenAI.
SAYS_OPENAI = re.compile(r"open[_-]?ai", re.IGNORECASE)


#: A key named for the OpenAI model it holds (`openai_model`, `openaiModel`,
#: `OPENAI_EMBEDDING_MODEL`): the name says whose model it is, and
#: its mapping is a client-config candidate.
#: (Not `AZURE_OPENAI_MODEL`: an Azure model setting names a deployment.)
OPENAI_MODEL_KEY = re.compile(r"(?i)^openai_?(?:[a-z]+_?)?model(?:_?name|_?id)?$")


#: A key named for the OpenAI API's key, server or organisation (`openaiApiKey`, `openaiApiHost`,
#: `OPENAI_API_BASE`, `openai_organization`): the settings beside it configure an OpenAI client.
OPENAI_SETTING_KEY = re.compile(r"(?i)^open_?ai[_-]?(?:api[_-]?)?(?:key|host|url|base(?:_?url)?|endpoint|base_?path"
                                r"|org(?:ani[sz]ation)?(?:_?id)?)$")


#: Keys of a client's API key: a mapping that reads it from OpenAI's environment variable is
#: that client's settings (`{"model": "gpt-4", "api_key": os.environ["OPENAI_API_KEY"]}`).
API_KEY_KEYS = frozenset({"api_key", "apiKey", "apikey"})


def config_key(key: object) -> bool:
    """Whether a mapping key makes its mapping a client-config candidate."""
    return isinstance(key, str) and (key in CONFIG_KEYS or key.lower().endswith(CONFIG_KEY_ENDINGS)
                                     or OPENAI_MODEL_KEY.match(key) is not None
                                     or OPENAI_SETTING_KEY.match(key) is not None)  # fmt: skip
