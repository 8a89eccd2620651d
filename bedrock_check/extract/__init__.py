"""Extractors: one per input kind, each turning text into observations, in one registry.

`READERS` lists every input kind with its file suffixes, the words that make a file
worth parsing (the prefilter), whether it is a request file (`validate` reads it),
and its extractor, imported only when used.
`scan`'s discovery and prefilter, `validate`'s directory expansion and format choice,
and the pre-commit hook's `files` pattern are all built from it, and both commands turn
bytes into text with the same `decode`, so they read every kind, encoding and empty
file the same way.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from typing import Any, Protocol

from bedrock_check.config_locate import CONFIG_NAMES
from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Diagnostic
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import DiagnosticKind


class Extractor(Protocol):
    """What the registry knows about one input kind."""

    kind: str
    suffixes: tuple[str, ...]
    #: Request files: `validate` reads them, and an empty one is a diagnostic.
    requests: bool

    def tokens(self) -> tuple[str, ...]:
        """Words one of which a file must contain to be worth parsing (besides code signals)."""
        ...

    def extract(self, path: str, text: str, *, origin: str | None = None, project: Any = None,
                strict: bool = False) -> Extracted:  # fmt: skip
        """Observations and diagnostics from one file's text."""
        ...


@dataclass(frozen=True)
class Reader:
    """An `Extractor` whose code lives in a module imported on first use."""

    kind: str
    suffixes: tuple[str, ...]
    #: "module:function" of the extractor.
    function: str
    requests: bool = False
    #: The matrix's code signals (calls, constructors, strings) can occur in this kind.
    code: bool = False
    #: Literal prefilter words, and "module:NAME" tuples of more words.
    words: tuple[str, ...] = ()
    word_sources: tuple[str, ...] = ()
    #: Kinds whose words apply too (a Markdown file embeds code blocks).
    embeds: tuple[str, ...] = ()

    def tokens(self) -> tuple[str, ...]:
        """The prefilter words of this kind (not counting the matrix's code tokens)."""
        words = list(self.words)
        for source in self.word_sources:
            words.extend(_load(source))
        for kind in self.embeds:
            words.extend(READERS[kind].tokens())
        return tuple(sorted(set(words)))

    def extract(self, path: str, text: str, *, origin: str | None = None, project: Any = None,
                strict: bool = False) -> Extracted:  # fmt: skip
        """Run this kind's extractor (`strict`: a request file named on purpose, whose
        non-request JSON is a diagnostic rather than silence)."""
        run = _load(self.function)
        result: Extracted = run(path, text, kind=self.kind, origin=origin, project=project, strict=strict)
        return result


def _load(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


#: (Also an API client's saved collection, whose bodies are JSON texts: `getpostman.com`, Bruno's `.bru"`.)
_REQUEST_WORDS = ('"input"', '"messages"', '"instructions"', '"custom_id"', '"response.create"', '"session.update"',
                  "getpostman.com/json/collection", '.bru"')

#: What a `.env` setting the reader can report has in it (`FAST_LLM=openai/gpt-4o`, `VLM="azure/gpt-4.1"`:
#: a provider/model string under any name).
_DOTENV_WORDS = ("://", "REGION", "MODEL", "TIER", "OPENAI_", "openai:", '"model"', "=openai/", "=azure/",
                 '="openai/', '="azure/')

READERS: dict[str, Reader] = {
    r.kind: r
    for r in (
        Reader("python", (".py", ".pyi"), "bedrock_check.extract.adapters:python", code=True,
               word_sources=("bedrock_check.extract.python:TOKENS",)),
        # (A TypeScript or JavaScript kernel's cells are read as such: their words too.)
        Reader("notebook", (".ipynb",), "bedrock_check.extract.adapters:notebook", code=True,
               word_sources=("bedrock_check.extract.python:TOKENS", "bedrock_check.extract.javascript:TOKENS")),
        Reader("javascript", (".js", ".mjs", ".cjs", ".jsx"), "bedrock_check.extract.adapters:javascript", code=True,
               word_sources=("bedrock_check.extract.javascript:TOKENS",)),
        # (Vue and Svelte components: their `<script>` blocks, read as TypeScript; see `extract/sfc.py`.)
        Reader("typescript", (".ts", ".mts", ".cts", ".vue", ".svelte"), "bedrock_check.extract.adapters:javascript", code=True,
               word_sources=("bedrock_check.extract.javascript:TOKENS",)),
        Reader("tsx", (".tsx",), "bedrock_check.extract.adapters:javascript", code=True,
               word_sources=("bedrock_check.extract.javascript:TOKENS",)),
        # Go: only files that import an OpenAI Go SDK or name the API's host (see `golang.TOKENS`).
        Reader("go", (".go",), "bedrock_check.extract.adapters:go", word_sources=("bedrock_check.extract.golang:TOKENS",)),
        Reader("json", (".json",), "bedrock_check.extract.adapters:json", requests=True, words=_REQUEST_WORDS),
        Reader("jsonl", (".jsonl", ".ndjson"), "bedrock_check.extract.adapters:jsonl", requests=True,
               words=_REQUEST_WORDS),
        Reader("yaml", (".yaml", ".yml"), "bedrock_check.extract.adapters:yaml", requests=True,
               words=("input:", "messages:", "instructions:", "custom_id:")),
        Reader("toml", (".toml",), "bedrock_check.extract.adapters:toml",
               word_sources=("bedrock_check.extract.toml_config:TOKENS",)),
        # Prompty templates: the model configuration of their YAML front matter.
        Reader("prompty", (".prompty",), "bedrock_check.extract.adapters:prompty",
               words=("deployment", "model:", "type: openai")),
        # Bicep templates: the Azure OpenAI models a deployment names (see `extract/bicep.py`).
        Reader("bicep", (".bicep",), "bedrock_check.extract.adapters:bicep", word_sources=("bedrock_check.extract.bicep:TOKENS",)),
        # BAML: the models of its `client<llm>` blocks and `client "openai/..."` shorthands.
        Reader("baml", (".baml",), "bedrock_check.extract.adapters:baml", words=("openai",)),
        # Ruby, Java, Kotlin, C#, PHP, Rust: their OpenAI SDKs as written (see `extract/sdklangs.py`;
        # each kind is a language of `catalogue/languages.yaml`).
        *(Reader(kind, suffixes, "bedrock_check.extract.adapters:sdk_language",
                 word_sources=("bedrock_check.extract.sdklangs:TOKENS",))
          for kind, suffixes in (("ruby", (".rb",)), ("java", (".java",)), ("kotlin", (".kt", ".kts")),
                                 ("csharp", (".cs",)), ("php", (".php",)), ("rust", (".rs",)))),
        # Spring Boot's `application.properties`: OpenAI client starters' model settings.
        Reader("properties", (".properties",), "bedrock_check.extract.adapters:properties", words=("open-ai", "openai")),
        Reader("har", (".har",), "bedrock_check.extract.adapters:har", requests=True, words=('"postData"',)),
        # REST-client files (VS Code REST Client, JetBrains HTTP Client): `POST https://.../chat/completions` + a body.
        Reader("http", (".http", ".rest"), "bedrock_check.extract.adapters:http_file", words=("POST",)),
        Reader("markdown", (".md", ".mdx", ".markdown", ".qmd"), "bedrock_check.extract.adapters:markdown", code=True,
               embeds=("python", "javascript", "shell", "json", "toml", "go", "baml")),
        Reader("rst", (".rst",), "bedrock_check.extract.adapters:rst", code=True,
               embeds=("python", "javascript", "shell", "json", "toml")),
        Reader("shell", (".sh", ".bash", ".zsh"), "bedrock_check.extract.adapters:shell",
               word_sources=("bedrock_check.extract.shell:TOKENS",)),
        Reader("dotenv", (".env",), "bedrock_check.extract.adapters:dotenv", words=_DOTENV_WORDS),
        # INI settings (`config.ini`'s `MODEL=gpt-4o-mini` under `[OpenAI]`): read as `.env` lines
        # (their keys are often lower case: `model = gpt-4o`).
        Reader("ini", (".ini",), "bedrock_check.extract.adapters:ini", words=(*_DOTENV_WORDS, "model")),
        # Package manifests and lock files, matched by name (see DEPENDENCY_FILES), for the `openai` pin.
        Reader("dependencies", (), "bedrock_check.extract.adapters:dependencies", words=("openai",)),
    )
}  # fmt: skip

#: File suffix -> input kind.
SUFFIXES: dict[str, str] = {suffix: r.kind for r in READERS.values() for suffix in r.suffixes}
#: Kinds `validate` reads (request files).
REQUEST_KINDS = frozenset(k for k, r in READERS.items() if r.requests)


#: Package manifests and lock files whose `openai` pin the migration steps check.
DEPENDENCY_FILES = frozenset({"pyproject.toml", "package.json", "package-lock.json", "poetry.lock", "uv.lock"})

#: Files read by their name, whatever their suffix says: AutoGen's and AG2's `OAI_CONFIG_LIST`,
#: the JSON list of client configs `config_list_from_json("OAI_CONFIG_LIST")` reads, committed
#: as `OAI_CONFIG_LIST`, `OAI_CONFIG_LIST_sample` or `OAI_CONFIG_LIST.json` (the catalogue's
#: `config_lists.files` say how it is read). Each name as a prefix -> the kind of its text.
NAMED_FILES = {"OAI_CONFIG_LIST": "json"}
_NAMED = re.compile(r"^(" + "|".join(re.escape(n) for n in NAMED_FILES) + r")(?:[_-][\w-]*)?(?:\.json)?$")


def named_kind(name: str) -> str | None:
    """The input kind of a file read by its name (`NAMED_FILES`), or None."""
    m = _NAMED.match(name.rpartition("/")[2])
    return NAMED_FILES[m.group(1)] if m else None


#: `.env` templates named without the leading dot (`env.example` beside a server's code): the
#: suffix is a template's, never a language's (`env.py`, `env.ts` stay code).
DOTENV_TEMPLATES = frozenset(
    f"env.{suffix}" for suffix in ("example", "sample", "template", "tmpl", "dist", "default", "defaults", "local")
)


def kind_of(name: str) -> str | None:
    """The input kind of a file name, or None when bedrock-check does not read it."""
    base = name.rpartition("/")[2]
    if base in DEPENDENCY_FILES or (base.startswith("requirements") and base.endswith((".txt", ".in"))):
        return "dependencies"
    if base == ".env" or base.startswith(".env.") or base.endswith(".env") or base in DOTENV_TEMPLATES:
        return "dotenv"
    named = named_kind(base)
    if named is not None:
        return named
    dot = base.rfind(".")
    return SUFFIXES.get(base[dot:].lower()) if dot > 0 else None


#: Tools' settings that hold nothing `scan` reads either: no request body, no client's
#: config, no environment block that sets a model (`env`, `environment`). Neither command
#: opens them in a folder (gitignore-style globs on the file name).
SETTINGS_ONLY_FILES = (
    # bedrock-check's own: a config file, and a shared one others `extend` (`bedrock-check.base.yaml`).
    *CONFIG_NAMES, "bedrock-check.yaml", "bedrock-check.yml", "bedrock-check.*.yaml", "bedrock-check.*.yml",
    "tsconfig.json", "tsconfig.*.json", "jsconfig.json", "deno.json", "biome.json", "turbo.json", "nx.json",
    "lerna.json", "angular.json", "firebase.json", "renovate.json", "tslint.json", "devcontainer.json",
    "*.schema.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "mkdocs.yml", "mkdocs.yaml", "codecov.yml",
    "environment.yml", "environment.yaml", "dependabot.yml", "Chart.yaml",
    ".eslintrc.json", ".eslintrc.*.json", ".prettierrc.json", ".babelrc.json", ".babelrc.*.json", ".oxlintrc.json",
    ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".yarnrc.yml", ".readthedocs.yaml", ".readthedocs.yml",
    ".release-please-manifest.json", ".hadolint.yaml", ".markdownlint.json", ".markdownlint.yaml",
)
#: Files of a request kind (JSON, YAML) that configure a tool and so are never request
#: bodies: `validate` leaves them out of a folder. `scan` still reads these ones: a compose
#: file's or a deployment's environment may set the model.
TOOL_CONFIG_FILES = (
    *SETTINGS_ONLY_FILES, "vercel.json", "cdk.json",
    "docker-compose.yml", "docker-compose.yaml", "docker-compose.*.yml", "docker-compose.*.yaml", "compose.yml",
    "compose.yaml", "action.yml", "action.yaml", "serverless.yml", "buildspec.yml", "appspec.yml",
    "openapi.json", "openapi.yaml", "openapi.yml", "swagger.json", "swagger.yaml",
    *(f"{name}*" for name in NAMED_FILES),
)


@functools.lru_cache(maxsize=2)
def _names(globs: tuple[str, ...]) -> re.Pattern[str]:
    from fnmatch import translate

    return re.compile("|".join(translate(glob) for glob in globs))


def is_settings_only(name: str) -> bool:
    """Whether a JSON or YAML file is a tool's settings `scan` does not open in a folder
    (`SETTINGS_ONLY_FILES`); a file named on the command line is read all the same."""
    return _names(SETTINGS_ONLY_FILES).match(name.rpartition("/")[2]) is not None


def is_request_file(name: str) -> bool:
    """Whether a file found in a folder given to `validate` is a request file: of a request
    kind (so not a package manifest or lock file), not a tool's configuration, and not
    hidden (`.pre-commit-config.yaml`, `.eslintrc.json`: tools' settings, as hidden folders
    are). A file named on the command line is read whatever its name."""
    base = name.rpartition("/")[2]
    return (kind_of(base) in REQUEST_KINDS and not base.startswith(".")
            and _names(TOOL_CONFIG_FILES).match(base) is None)  # fmt: skip


def extract(kind: str, path: str, text: str, *, origin: str | None = None, project: Any = None,
            strict: bool = False) -> Extracted:  # fmt: skip
    """Run the extractor for `kind` on one file's text. `origin` is the file on disk and
    `project` the cross-file cache (`extract.project.Project`), for following imports."""
    reader = READERS.get(kind)
    if reader is None:
        raise ValueError(f"no extractor for {kind!r}")
    return reader.extract(path, text, origin=origin, project=project, strict=strict)


def extract_safely(kind: str, path: str, text: str, *, origin: str | None = None, project: Any = None,
                   strict: bool = False) -> Extracted:  # fmt: skip
    """`extract`, with any failure turned into a diagnostic for this file (the run goes on).

    An unexpected exception names the extractor and the exception; its traceback goes
    to the `bedrock_check` logger at DEBUG level, which `--debug` shows on stderr.
    """
    try:
        return extract(kind, path, text, origin=origin, project=project, strict=strict)
    except RecursionError:
        return Extracted(diagnostics=[Diagnostic(path, DiagnosticKind.TOO_DEEP, "nested too deeply to check")])
    except MemoryError:
        message = "too large to check in the memory available"
        return Extracted(diagnostics=[Diagnostic(path, DiagnosticKind.TOO_LARGE, message)])
    except Exception as exc:
        from bedrock_check.redact import redact

        function = READERS[kind].function if kind in READERS else kind
        import logging  # only when an extractor fails: a run without failures never imports it

        logging.getLogger("bedrock_check").debug(
            "the %s extractor (%s) failed on %s", kind, function, path, exc_info=True
        )
        detail = redact(str(exc))[:200]
        message = (f"the {kind} extractor failed on this file ({type(exc).__name__}{': ' + detail if detail else ''}); "
                   "please report it (--debug shows the traceback)")  # fmt: skip
        return Extracted(diagnostics=[Diagnostic(path, DiagnosticKind.INTERNAL_ERROR, message)])


Decoded = tuple[str | None, Diagnostic | None]


#: Kinds read as prose with code fences in it: a stray byte of another encoding does not hide them.
_PROSE_KINDS = frozenset({"markdown", "rst"})


#: Control bytes that are neither whitespace nor ESC: binary data is full of them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
#: How many of them a text file may hold by accident in its first 8 KiB (a NUL written into a
#: regex literal, `value.replace(/<NUL>/g, '')`) and still be read as text.
_STRAY_CONTROL_BYTES = 2


def _bad_bytes(data: bytes) -> int:
    """How many bytes of `data` are not UTF-8."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")


def decode(path: str, data: bytes, kind: str | None) -> Decoded:
    """A file's bytes as text, the same way for every command: UTF-8 (with or without a
    BOM) or UTF-16 with a BOM; binary data (NULs among more than two control bytes in the first
    8 KiB), other encodings (but a Markdown or reST page
    with a few stray bytes: four, or 0.5 % of a longer page) and (for request files) an
    empty file are a diagnostic. `(None, None)`: nothing to read (an empty code file)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return None, Diagnostic(path, DiagnosticKind.ENCODING, f"not UTF-16 text (bad byte at offset {exc.start})")
    elif b"\0" in data[:8192] and len(_CONTROL_BYTES.findall(data[:8192])) > _STRAY_CONTROL_BYTES:
        return None, Diagnostic(path, DiagnosticKind.BINARY, "binary data, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if kind not in _PROSE_KINDS or _bad_bytes(data) > max(4, len(data) // 200):
                return None, Diagnostic(path, DiagnosticKind.ENCODING, f"not UTF-8 text (bad byte at offset {exc.start})")
            # A page of prose with a stray byte of another encoding (a cp1252 quote pasted into a
            # Markdown guide): read as UTF-8, that byte as U+FFFD; its code fences are still code.
            text = data.decode("utf-8-sig", errors="replace")
    if not text.strip():
        if kind is None or kind in REQUEST_KINDS:
            return None, Diagnostic(path, DiagnosticKind.EMPTY, "empty file: no request to check")
        return None, None
    return text, None


def pre_commit_files() -> str:
    """The pre-commit hook's `files` pattern: every suffix the registry reads, `.env` files and
    the files read by their name (`OAI_CONFIG_LIST_sample`)."""
    names = sorted({suffix[1:] for suffix in SUFFIXES if suffix != ".env"})
    named = "".join(f"|(^|/){re.escape(n)}[^/.]*$" for n in sorted(NAMED_FILES))
    return rf"(?i)(\.({'|'.join(names)})$|(^|/)\.env(\.[^/]*)?${named}|\.env$)"


ExtractFunction = Callable[..., Extracted]
