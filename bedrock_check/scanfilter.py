"""Reading one candidate file for `scan`: the size limit, UTF-16 and binary detection, the
prefilter's token test (tokens per input kind from the readers, the matrix and the catalogue)
and minified bundles; `FileResult`, what scanning one file produced."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import field

from bedrock_check.discover import Candidate
from bedrock_check.engine import Engine
from bedrock_check.extract import READERS, decode, named_kind
from bedrock_check.findings import Diagnostic, Finding, Use
from bedrock_check.prefilter import (
    CLIENT_CONSTRUCTION,
    EXTRA_TOKENS,
    KindTokens,
    TokenTest,
    classify,
    described_or_recorded,
    minified,
)
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import DiagnosticKind

#: Input kinds whose files can be minified bundles.
_SCRIPT_KINDS = frozenset({"javascript", "typescript", "tsx"})
#: Input kinds whose files can be API descriptions or HTTP recordings.
_DESCRIPTION_KINDS = frozenset({"yaml", "json"})


@dataclass(slots=True)
class FileResult:
    """What scanning one file produced (picklable: it crosses process boundaries)."""

    findings: list[Finding] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The names of the functions and methods the file calls (see `Extracted.called`).
    called: set[str] = field(default_factory=set)
    #: The callees of its calls as written, dotted (see `Extracted.chains`).
    chains: set[str] = field(default_factory=set)
    parsed: bool = False
    size: int = 0
    requests: int = 0
    path: str = ""
    #: Calls that go to a provider other than OpenAI, Azure OpenAI or Bedrock (not checked), per
    #: provider id; and calls on test doubles (which reach no provider).
    skipped_providers: dict[str, int] = field(default_factory=dict)
    skipped_test_doubles: int = 0
    #: The Bedrock endpoints the file's Bedrock clients name (`endpoint="runtime"`, a base URL).
    bedrock_endpoints: list[str] = field(default_factory=list)
    #: A minified bundle, skipped as build output (counted in `--stats`).
    generated: bool = False
    #: URL constants of other files that a call of this one completes into its request's URL
    #: (`fetch(`${REALTIME_BASE_URL}?model=${MODEL}`)`): (their path, line, this path, the call's line).
    completed: list[tuple[str, int, str, int]] = field(default_factory=list)

    @property
    def skipped_by_provider(self) -> int:
        """How many calls went to another provider (not checked)."""
        return sum(self.skipped_providers.values())


def prefilter_sets(engine: Engine, kinds: Iterable[str] | None = None) -> dict[str, KindTokens]:
    """Per input kind (`kinds`, default every kind), the tokens of the prefilter (see
    `bedrock_check.prefilter`): the kind's own words from the reader registry and, for
    kinds that hold code, the matrix's code signals and the catalogue's, so a new signal
    widens the filter."""
    from bedrock_check.catalogue_words import catalogue_words

    # The catalogue's share, cached apart: a scan whose files all fail the test never loads it.
    words = catalogue_words()
    code = (*engine.code_tokens, *words.code, *EXTRA_TOKENS)
    modules = words.modules
    pairs: dict[str, set[str]] = {}
    for source in (engine.code_pairs, words.pairs):
        for word, needs in source.items():
            pairs.setdefault(word, set()).update(needs)
    # Config files that configure an OpenAI client (`type: openai_chat`) are read for their model.
    configs = tuple(words.configs)
    # So are environment blocks (docker compose, CI jobs) that set a model variable.
    from bedrock_check.extract.config_env import ENV_TOKENS, JSON_ENV_TOKENS
    from bedrock_check.extract.config_named import YAML_TOKENS  # (and model-named settings: `grader_model: gpt-4o`)

    strong = {"yaml": (*configs, *ENV_TOKENS, *YAML_TOKENS), "json": (*configs, *JSON_ENV_TOKENS),
              # Docs show the same config files in fences (`provider: openai` in a YAML block).
              "markdown": configs, "rst": configs}  # fmt: skip
    return {
        kind: classify(kind, (*reader.tokens(), *(code if reader.code else ())), modules if reader.code else (),
                       pairs if reader.code else None, (*strong.get(kind, ()), *(CLIENT_CONSTRUCTION if reader.code else ())))
        for kind, reader in READERS.items()
        if kinds is None or kind in kinds
    }  # fmt: skip


def prefilter_tokens(engine: Engine) -> dict[str, tuple[bytes, ...]]:
    """Per input kind, every token that can make a file worth parsing (triggers and weak
    tokens; what `rg -l` is given in the benchmarks)."""
    return {kind: tokens.all for kind, tokens in prefilter_sets(engine).items()}


class Prefilter:
    """Reads a file and decides whether it is worth parsing: size limit, UTF-16 and binary
    detection, then the token test. Thread-safe: its only state, the automata built so
    far, is filled under a lock."""

    def __init__(self, engine: Engine, max_file_size: int) -> None:
        self.engine = engine
        self.max_file_size = max_file_size
        # One Aho-Corasick automaton per kind: a single pass over the bytes answers
        # "does a trigger, or a weak token and an anchor, occur". Each is built when the
        # first file of its kind is read: a folder of Python files never pays for the
        # JavaScript or shell word lists.
        self.filters: dict[str, TokenTest] = {}
        self._lock = threading.Lock()

    def test_for(self, kind: str) -> TokenTest:
        """The token test of this input kind."""
        test = self.filters.get(kind)
        if test is None:
            with self._lock:
                test = self.filters.get(kind)
                if test is None:
                    test = self.filters[kind] = TokenTest(prefilter_sets(self.engine, (kind,))[kind])
        return test

    def read(self, cand: Candidate) -> tuple[bytes | None, FileResult]:
        """The file's bytes when it is worth parsing (else None), and what was learnt."""
        result = FileResult()
        try:
            # os.open/os.read: half the cost of open() for the many small files a scan reads.
            fd = os.open(cand.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                size = os.fstat(fd).st_size
                if size > self.max_file_size:
                    limit = f"{self.max_file_size:,}-byte limit (--max-file-size)"
                    result.diagnostics.append(
                        Diagnostic(cand.display, DiagnosticKind.TOO_LARGE, f"skipped: {size:,} bytes is over the {limit}")
                    )
                    return None, result
                data = os.read(fd, size + 1)
                while len(data) < size:  # a short read (network filesystems): keep going
                    more = os.read(fd, size + 1 - len(data))
                    if not more:
                        break
                    data += more
            finally:
                os.close(fd)
        except OSError as exc:
            result.diagnostics.append(Diagnostic(cand.display, DiagnosticKind.UNREADABLE, f"cannot read: {exc.strerror or exc}"))
            return None, result
        result.size = len(data)
        # Before the token test: a UTF-16 file is read as its text (the tokens are UTF-8),
        # and a binary or empty request file must be said so, not passed as clean. (An empty one
        # found by walking a folder, a placeholder `db_meta.json`, holds no request: nothing to say.)
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in data[:8192] or not data.strip():
            text, diag = decode(cand.display, data, cand.kind)
            if text is None:
                result.diagnostics.extend([diag] if diag and (cand.named or diag.kind != DiagnosticKind.EMPTY) else [])
                return None, result
            data = text.encode("utf-8")
        if not self.test_for(cand.kind).passes(data) and named_kind(cand.path) is None:
            # (A file read by its name, `OAI_CONFIG_LIST`, is a client config whatever words it holds.)
            return None, result
        if cand.kind in _SCRIPT_KINDS and not cand.named and minified(data):
            result.generated = True
            return None, result
        if cand.kind in _DESCRIPTION_KINDS and not cand.named and described_or_recorded(data):
            return None, result  # an HTTP API's description or a test's recording: not requests sent
        return data, result
