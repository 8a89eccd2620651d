"""Which files are worth parsing: the scan's token test on raw bytes.

Tokens come from the matrix's code signals, the catalogue and the extractors, so a new
signal widens the filter. Each is one of:

- a *trigger*: distinctive enough that a file holding it is parsed (`responses.create`,
  `"web_search_preview"`, `ChatOpenAI`, `wss://`);
- a *weak* token: common in code that never talks to OpenAI (`files.create`,
  `providerOptions`, `completions.`, `bedrock/`); a file holding only weak tokens is
  parsed when it also holds an *anchor*, a sign of an OpenAI workload (`openai` in any
  case, a `gpt-` model id, the API host);
- a *paired* token: a framework name (`embedding`, `run_sync`, `createAgent`) that
  counts only when the file also names one of its modules (`litellm`, `agents`,
  `langchain`), as the import through which the call is recognised must;
- an *anchor only*: client class names such as `OpenAI`, as a bare word (a type hint, an
  import, prose). Their construction, `OpenAI(` (`new OpenAI(`, `AsyncAzureOpenAI(`), is a
  trigger of code kinds (`CLIENT_CONSTRUCTION`): a module that only builds the app's client
  (`export const openai = new OpenAI();`, `llm_client=OpenAI()` handed to a helper) holds the
  migration step that replaces it, while the files that call the client reach it through
  imports, which the resolver follows whether or not the prefilter passed that file.

One Aho-Corasick pass answers both questions for a file. A file the prefilter skips can
never be found, so the catalogue test checks every firing fixture passes it.

Besides the tokens, what a file is can rule it out: a minified bundle (build output), and a
YAML or JSON document whose first key says it is an API description or an HTTP recording
(`described_or_recorded`), which hold requests no code of the repository sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bedrock_check.quickclass import dataclass

#: Resource names that many libraries share: `<resource>.<method>` with one of these is weak.
_GENERIC_RESOURCES = frozenset(
    {
        "files", "batches", "jobs", "items", "messages", "models", "content", "calls", "evals", "containers",
        "embeddings", "images", "moderations", "completions", "uploads", "parts", "runs", "sessions", "threads",
        "assistants", "conversations", "inputItems", "input_items", "inputTokens", "input_tokens", "speech",
        "transcriptions", "translations", "live", "videos", "chatkit", "webhooks", "graders",
        # Events on an open realtime connection (`conn.session.update`, `conn.response.create`):
        # `response.created_at` is any HTTP library's.
        "session", "response",
    }
)  # fmt: skip

#: A model id written as a call's first argument (the app's model helper, `getModel("gpt-4o")`).
_MODEL_ARGS = ('("gpt-', "('gpt-", '("text-embedding-', "('text-embedding-", '("o3', "('o3", '("o4', "('o4")

#: A model id a getter returns or falls back to (`return "gpt-3.5-turbo"`, `model ?? "gpt-4o"`):
#: see extract/getters.py.
RETURNED = tuple(f"{lead} {q}{prefix}" for lead in ("return", "??", "||", "or") for q in ("'", '"')
                 for prefix in ("gpt-", "text-embedding-"))  # fmt: skip
#: A string stored in a model-named field or variable (`modelName = 'gpt-4o'`, `model = "gpt-4o"`), or
#: given as a model-named keyword (`ThinkGPT(model_name="gpt-3.5-turbo")`, `llm_model_name="gpt-4o-mini"`).
FIELD_STORES = (*(f"{name} = {q}" for name in ("odel", "odelName", "odel_name") for q in ("'", '"')),
                *(f"odel_name={q}" for q in ("'", '"')))  # fmt: skip

#: An OpenAI model id under a model-named key of a settings object (`customModelName: "gpt-3.5-turbo"`;
#: not a display name, `modelName: "GPT-4o"`): see extract/stored_models.py.
ENTRY_STORES = tuple(f"{name}: {q}{prefix}" for name in ("odelName", "odel_name") for q in ("'", '"')
                     for prefix in ("gpt-", "o3", "o4"))  # fmt: skip

#: Weak tokens by name (besides `<generic resource>.<method>` tails and model-string prefixes).
_WEAK = frozenset(
    {
        "responses.", "completions.", ".responses", ".completions", "providerOptions", "https://api", "from agents", "import agents",
        "ModelSettings", "bind_tools", "init_chat_model", "acompletion", "aresponses", "from_provider",
        "connector_id", "server_url", "Portkey", "/v1/", "curl", "MODEL", "://",
        "RealtimeSession", "RealtimeAgent", "RealtimeRunner", "ShellTool", "shellTool", "ComputerTool",
        "computerTool", "ApplyPatchTool", "OpenAIModel", "OpenAIChatModel", "responses.retrieve",
        "responses.delete", "responses.cancel", "file_search", "image_generation", "code_interpreter", "web_search",
        "local_shell", "tool_search",
        # Assistants v1's file search type as a bare word is everyday prose and code
        # (`retrieval-augmented`, a Knowledge Base's `retrievalConfiguration`); the tool
        # literal as written (`{"type": "retrieval"}`) is a trigger of its own.
        "retrieval",
        # A model setting's default (`os.getenv("OPENAI_MODEL", "gpt-4o")`, `--model`, a
        # pydantic `BaseSettings` field, a zod `.default(...)`): see extract/defaults.py.
        "-model", "BaseSettings", ".default(", "model=", "model:", *ENTRY_STORES,
        # A raw HTTP call to a URL joined from path constants another module holds
        # (`fetch(this.path(OpenaiPath.ChatPath))`, `requests.post(_url(OpenAIPaths.CHAT))`): see extract/joins.py.
        "fetch(", ".post(",
        # A model id given to the app's own model helper (`getModel("gpt-4o", "openai")`): see extract/helpers.py.
        *_MODEL_ARGS,
        # A model id held in a class field or a variable (`static override modelName = 'gpt-4o'`,
        # `self.model = "gpt-4o"`): see extract/defaults.py.
        *FIELD_STORES,
        *RETURNED,
    }
)  # fmt: skip

#: Tokens no other source names: keys only OpenAI's hosted tools have (a hosted shell's
#: container, an `mcp` tool's label; their `type` values alone are too common a word), and
#: an SDK resource at the end of a line (`client.responses\n    .stream(`), which is weak.
EXTRA_TOKENS = ("container_auto", "container_reference", "server_label", ".responses", ".completions", "fetch(", ".post(",
                *_MODEL_ARGS)

#: A client class's construction, a trigger wherever code is read (see the module docstring).
CLIENT_CONSTRUCTION = ("OpenAI(",)

#: Tokens that are never enough alone: provider client classes (see the module docstring).
_ANCHOR_ONLY = re.compile(r"^(?:Async)?(?:Azure|Bedrock)?OpenAI$")

#: Signs of an OpenAI workload; matched in the spellings code uses.
ANCHORS = (
    "openai", "OpenAI", "OPENAI", "Openai", "gpt-", "GPT-", "o3-", "o4-", "api.openai.com", "wss://",
    # OpenAI's own model ids of its other endpoints (an app's embedding helper given
    # `"text-embedding-3-small"` names no `openai` in a file that imports the helper).
    "text-embedding-3-", "text-embedding-ada-", "dall-e-", "whisper-1", "tts-1",
    # openai-agents (Python) names no `openai` in its imports; `purpose` is the Files API's own
    # argument, as code writes it (the bare word is in every other docstring).
    "from agents", "import agents", "purpose=", "purpose:", '"purpose"', "'purpose'",
)  # fmt: skip

#: Per input kind: anchors for request files whose tokens are all weak (a `messages:` key
#: alone is any YAML file's; a JSON Lines file of `messages` without a `model` is a
#: fine-tuning data set, not requests). A JSON file keeps its tokens as triggers.
_REQUEST_ANCHORS = {
    "jsonl": ('"model"', '"custom_id"', '"type"'),
    # A YAML request keeps `model` at the top of a document or of a list item; recorded
    # HTTP cassettes, CI files and charts nest it deeper.
    "yaml": tuple(f"\n{lead}{key}:" for lead in ("", "- ", "  ") for key in ("model", "input", "messages", "instructions")),
}


#: A script whose average line is this long, with a line over `_MINIFIED_LINE` bytes, is a
#: minified bundle (a committed `out/_next/static/chunks/*.js`, `*.min.js`): build output,
#: like the `.next/` and `dist/` folders discovery skips. Its calls are its sources' calls,
#: reported there; parsed, one such file costs more than the rest of a repository.
_MINIFIED_AVERAGE = 300
_MINIFIED_LINE = 2_000
_MINIFIED_SIZE = 8 * 1024


#: The first key of a YAML or JSON document (after any comments and a `---` document start)
#: that says what the file is when it is not requests the code sends nor a client's config:
#: - `openapi`, `swagger`: an HTTP API's description (OpenAI's own `openapi.yaml`, a vendored
#:   copy, a service's spec), whose `model:` and `max_tokens:` are schema properties and examples;
#: - `interactions`: an HTTP recording a test replays (a vcrpy cassette), whose requests the code
#:   under test sent and is checked for where it sends them.
#: The readers give nothing for either; parsing them (megabytes of YAML for a spec, hundreds of
#: cassettes in a test suite) cost seconds.
_NOT_REQUESTS = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s*(?:#[^\n]*|---[ \t]*)\n)*\s*\{?\s*[\"']?(?:openapi|swagger|interactions)[\"']?[ \t]*:"
)


def described_or_recorded(data: bytes) -> bool:
    """Whether a YAML or JSON file is an API description or an HTTP recording (see `_NOT_REQUESTS`)."""
    return _NOT_REQUESTS.match(data) is not None


def minified(data: bytes) -> bool:
    """Whether a script's bytes are a minified bundle (see `_MINIFIED_AVERAGE`)."""
    if len(data) < _MINIFIED_SIZE:
        return False
    lines = data.count(b"\n") + 1
    if len(data) / lines < _MINIFIED_AVERAGE:
        return False
    return any(len(line) > _MINIFIED_LINE for line in data.split(b"\n"))


def is_weak(token: str) -> bool:
    """Whether a token needs an anchor beside it (see the module docstring)."""
    if token in _WEAK or token.endswith(("/", ":", ".")):
        return True  # model-string prefixes (`openai/`, `bedrock:`) and bare resources (`chat.`)
    head, dot, tail = token.partition(".")
    return bool(dot and "." not in tail and head in _GENERIC_RESOURCES)


def method_tokens(paths: Iterable[str]) -> set[str]:
    """Tokens from SDK method paths that survive a call split over lines
    (`client.chat.completions\n    .stream(`): the first two names of a longer path
    (`chat.completions`, `vectorStores.files`) and the first name with its dot (`files.`)."""
    words: set[str] = set()
    for path in paths:
        names = path.split(".")
        if len(names) >= 3:
            words.add(".".join(names[:2]))
        if len(names) >= 2:
            words.add(names[0] + ".")
    return words


@dataclass(frozen=True, slots=True)
class KindTokens:
    """The tokens of one input kind: triggers (enough alone), weak ones, and anchors."""

    triggers: tuple[bytes, ...]
    weak: tuple[bytes, ...]
    anchors: tuple[bytes, ...]
    #: Paired tokens, each with the module names one of which must occur beside it.
    pairs: tuple[tuple[bytes, tuple[bytes, ...]], ...] = ()

    @property
    def all(self) -> tuple[bytes, ...]:
        """Every token whose presence can make a file worth parsing (for `rg -l`)."""
        return tuple(sorted({*self.triggers, *self.weak, *(word for word, _ in self.pairs)}))


def scoped_package(package: str) -> tuple[str, ...]:
    """How an import names a scoped npm package (`"@openai/agents"`, `'@openai/agents'`, a
    subpath `@openai/agents/realtime`): never a longer package name that starts the same
    (`@openai/agents-core`, `@ai-sdk/openai-compatible`), whose own `openai` would anchor it."""
    return (f'"{package}"', f"'{package}'", f"{package}/")


def module_tokens(names: Iterable[str]) -> set[str]:
    """The top-level modules of qualified framework names (`pydantic_ai.Agent` ->
    `pydantic_ai`): weak tokens, so a framework whose class names are common words
    (`Agent`, `LLM`, `completion`) is still parsed beside an OpenAI model id."""
    tops: set[str] = set()
    for name in names:
        if "." not in name and "/" not in name:
            continue
        if name.startswith("@"):  # a scoped package: `@ai-sdk/openai.openai` -> `@ai-sdk/openai`
            tops.update(scoped_package("/".join(name.split(".", 1)[0].split("/")[:2])))
        else:
            tops.add(name.split(".", 1)[0].split("/", 1)[0])
    # The SDK's own module (`openai/realtime/ws.OpenAIRealtimeWS`) is an anchor already; as
    # a weak token too, a file that only builds a client would pass. (`ai`, the AI SDK's core
    # package, is inside too many words to be a token: its files name their provider package,
    # `@ai-sdk/openai`, anyway.)
    return {form for t in tops if len(t) > 2 and t != "openai" for form in imported_module(t)}


def imported_module(module: str) -> tuple[str, ...]:
    """How code imports a module (`from agents import`, `import litellm`, `"crewai"`,
    `require('langchain/...')`), as a scoped package is matched: the bare name is inside
    common words (`agents`, `llm`, `phi` in `graphics`) and would pass every file that also
    says `openai` in a comment, while the resolver recognises a framework's names only
    through an import of its module."""
    if module.startswith(("'", '"')) or module.endswith("/"):
        return (module,)  # already a form of a scoped package
    return (f"from {module}", f"import {module}", f'"{module}"', f"'{module}'", f'"{module}/', f"'{module}/")


def classify(kind: str, tokens: Iterable[str], weak_only: Iterable[str] = (),
             pairs: Mapping[str, Iterable[str]] | None = None, strong: Iterable[str] = ()) -> KindTokens:  # fmt: skip
    """Split one kind's tokens into triggers, weak tokens and anchors (`weak_only` are
    weak whatever they are, `strong` triggers whatever the kind); `pairs` maps paired
    tokens to their modules (a word that is also an ordinary token stays ordinary)."""
    request_kind = kind in _REQUEST_ANCHORS
    triggers: set[str] = set(strong)
    weak: set[str] = set(weak_only)
    for token in tokens:
        if _ANCHOR_ONLY.match(token):
            continue
        if request_kind or is_weak(token):
            weak.add(token)
        else:
            triggers.add(token)
    anchors = _REQUEST_ANCHORS.get(kind, ANCHORS)
    plain = triggers | weak
    paired = tuple(sorted((word.encode(), tuple(sorted(m.encode() for m in modules)))
                          for word, modules in (pairs or {}).items()
                          if word not in plain and modules and not _ANCHOR_ONLY.match(word)))  # fmt: skip
    return KindTokens(
        tuple(sorted(t.encode() for t in triggers)),
        tuple(sorted(t.encode() for t in weak)),
        tuple(sorted({a.encode() for a in anchors})),
        paired,
    )


class TokenTest:
    """The test for one kind: one automaton over triggers, weak tokens and anchors."""

    def __init__(self, tokens: KindTokens) -> None:
        import ahocorasick_rs

        patterns = [*tokens.triggers, *tokens.weak, *tokens.anchors, *(word for word, _ in tokens.pairs)]
        self._kinds = [0] * len(tokens.triggers) + [1] * len(tokens.weak) + [2] * len(tokens.anchors) + [3] * len(tokens.pairs)
        first = len(patterns) - len(tokens.pairs)
        #: Pattern index -> the modules a paired token needs beside it.
        self._needs = {first + i: modules for i, (_, modules) in enumerate(tokens.pairs)}
        self._automaton = ahocorasick_rs.BytesAhoCorasick(patterns)
        # A token that starts a line (`\nmodel:`, `\nazure:\n`) also holds on the file's first line.
        self._heads = tuple(a[1:] for a in tokens.anchors if a.startswith(b"\n"))
        self._trigger_heads = tuple(t[1:] for t in tokens.triggers if t.startswith(b"\n"))
        self._weak_heads = tuple(w[1:] for w in tokens.weak if w.startswith(b"\n"))

    def passes(self, data: bytes) -> bool:
        """Whether the bytes hold a trigger, or a weak token and an anchor."""
        if self._trigger_heads and data.startswith(self._trigger_heads):
            return True
        seen = 0b100 if self._heads and data.startswith(self._heads) else 0
        if self._weak_heads and data.startswith(self._weak_heads):
            seen |= 0b010
            if seen == 0b110:
                return True
        tried: set[int] = set()  # paired tokens already looked at (a name used 50 times)
        for index, _start, _end in self._automaton.find_matches_as_indexes(data, overlapping=True):
            kind = self._kinds[index]
            if kind == 0:
                return True
            if kind == 3:
                if index not in tried:
                    tried.add(index)
                    if any(module in data for module in self._needs[index]):
                        return True
                continue
            seen |= 1 << kind
            if seen == 0b110:
                return True
        return False
