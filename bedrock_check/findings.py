"""The records that flow through bedrock-check: observations in, findings out.

Extractors produce observations (a request body with a way to locate its values,
or a code-level call, constructor or string). The engine turns them into findings,
uses (capabilities that work) and the CLI adds diagnostics (inputs it could not read).
All are frozen: nothing downstream of the engine changes a finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import field
from typing import Any, Literal

from bedrock_check.digest import sha256
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import ApiEndpoint, DiagnosticKind, SuppressionKind

Severity = Literal["error", "warning", "note"]
SEVERITY_RANK: dict[str, int] = {"note": 1, "warning": 2, "error": 3}

Pointer = tuple[str | int, ...]

#: What a code observation is: a call, an imported constructor, a string literal, an AWS
#: Region named in code or configuration, or a client construction.
#: (`completes`: a call here completes a URL constant of another file into its request's URL;
#: the value is that file's path and `attrs` its line: the scan reports the request at the call.)
CodeKind = Literal["call", "constructor", "string", "region", "client", "setting", "dependency", "completes"]

#: The path of a finding about the target itself (the model or Region chosen), not a file.
TARGET_PATH = "(target)"


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding does not count: an inline comment, a file-wide comment, a config ignore
    rule or the baseline, with the reason given."""

    kind: SuppressionKind
    reason: str = ""

    @property
    def in_source(self) -> bool:
        """Written in the scanned file itself (SARIF's `inSource`), not in config or a baseline."""
        return self.kind in (SuppressionKind.INLINE, SuppressionKind.IGNORE_FILE)

    def __str__(self) -> str:
        # The JSON contract's `suppressed` string: "kind: reason" (or the kind alone).
        return f"{self.kind.value}: {self.reason}" if self.reason else self.kind.value


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file: 1-based line and column; the end column is one past the end."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class ElsewhereSpan(Span):
    """A span in another file than the observation's (a value imported from it): the
    finding is reported there, where the value is written."""

    #: The other file on disk.
    origin: str = ""
    #: The source text of the span's line (for the snippet).
    text: str = ""
    #: The other file's path as the report shows it (relative like the scanned file's).
    path: str | None = None
    #: Where the observation's own file names the value under its key (`voice: VOICE`, the
    #: constant imported): a finding that the key decides, whatever the value, is reported
    #: there, where the request is written (see `engine.request`).
    use: Span | None = None


@dataclass(frozen=True, slots=True)
class EmbeddedSpan(Span):
    """A span in code embedded in another file (a notebook cell, a Markdown code block): the
    file's line and columns, and the code's own line with the span's columns in it (a
    notebook's JSON escapes make them differ, and a one-line notebook holds many code lines)."""

    #: The code line the span starts on, and the span's 1-based columns in it (`text_end` 0:
    #: the span goes on past this line).
    text: str = ""
    text_column: int = 1
    text_end: int = 0


@dataclass(frozen=True, slots=True)
class RequestObservation:
    """One request body found in an input, with a way to map a JSON pointer in it
    back to the source file."""

    path: str
    body: Any
    #: Which API the request is for (`ApiEndpoint.UNKNOWN` when only the shape is known).
    #: A bare string is accepted and must name one (`ApiEndpoint("responses")`).
    endpoint: ApiEndpoint
    #: Where the request as a whole sits (used when a value cannot be located).
    span: Span
    #: Maps a pointer into `body` to its span; None when it cannot be located.
    locate: Callable[[Pointer], Span | None] = field(default=lambda _p: None, repr=False, compare=False)
    #: Returns the source text of a line (for snippets); None when not available.
    source_line: Callable[[int], str | None] = field(default=lambda _n: None, repr=False, compare=False)
    #: A human label for where in the file, e.g. "request 3" or "cell 2".
    context: str | None = None
    #: The label of one line of the file, where a request's values are written in several
    #: places that `context` names apart (a notebook: the cell that holds the line); None
    #: when `context` holds for every line.
    context_at: Callable[[int], str | None] | None = field(default=None, repr=False, compare=False)
    #: The provider the request goes to ("openai", "azure", "bedrock", another vendor's
    #: name), or None when it cannot be told (checked as the OpenAI API).
    provider: str | None = None
    #: A value checked where it is written (a hosted-tool literal outside any request),
    #: not a request: it does not count in the summary's `requests`.
    fragment: bool = False
    #: What the client the request goes through says about where it goes, as on
    #: `CodeObservation.attrs`: ("endpoint", "runtime"), ("region", "us-west-2").
    attrs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.endpoint, ApiEndpoint):
            object.__setattr__(self, "endpoint", ApiEndpoint(self.endpoint))


@dataclass(frozen=True, slots=True)
class CodeObservation:
    """A code-level signal: a call (`client.realtime.connect`), a constructor imported from
    a module (`WebSearchTool` from `agents`), a string literal, an AWS Region named in
    code or configuration, or a client construction (`client`: value is the client
    class, `provider` and `attrs` say where it sends requests)."""

    path: str
    kind: CodeKind
    value: str
    span: Span
    module: str | None = None
    snippet: str = ""
    context: str | None = None
    #: The provider this call or client goes to (see RequestObservation.provider).
    provider: str | None = None
    #: What a client's construction says: ("endpoint", "runtime"), ("region", "us-west-2"),
    #: ("base_url", ...), ("base_url_env", "OPENAI_BASE_URL"), (UNRESOLVED_BASE_URL, "row.base_url").
    attrs: tuple[tuple[str, str], ...] = ()


Observation = RequestObservation | CodeObservation

#: The attribute of a client (and of its calls) whose base URL is passed as a value the
#: code does not show (read from a database or a settings object); its value is that
#: value's source text.
UNRESOLVED_BASE_URL = "base_url_unresolved"

#: The attribute of an OpenAI client built with no base URL where none is set in the tree
#: (`OpenAI()`, `new OpenAI({ apiKey })`, no `OPENAI_BASE_URL` in a `.env`): it reaches the
#: SDK's default host, the OpenAI API, whatever model id its calls name.
DEFAULT_BASE_URL = "base_url_default"

#: The attribute of a request that is a framework's model object (LangChain's
#: `ChatOpenAI(model=...)`, the AI SDK's `openai("gpt-4o")`, LlamaIndex's `OpenAI(model=...)`):
#: the object sends nothing where it is built, and names no API, but every call made through
#: it asks its model for text. Its value is "1".
MODEL_OBJECT = "model_object"


@dataclass(frozen=True, slots=True)
class Finding:
    """A capability use that fails, or needs a check, on the target."""

    capability: str
    title: str
    severity: Severity
    #: The capability's Bedrock status for the target.
    status: str
    message: str
    remediation: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    snippet: str
    #: The offending value, as compact JSON (or the code text that revealed it).
    value: str
    #: JSON pointer of the value inside its request ("" for code signals).
    pointer: str
    context: str | None
    source: str
    fingerprint: str
    #: Set when a suppression comment, config ignore or the baseline covers this finding.
    suppressed: Suppression | None = None
    #: Where the offending span sits in `snippet`: (start, length), for the underline of text
    #: output and the mark of the HTML report; None when not known. Not part of the JSON.
    mark: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def on_target(self) -> bool:
        """A finding about the target itself (no file to point at)."""
        return self.path == TARGET_PATH

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON output contract spells it."""
        return {
            "capability": self.capability,
            "title": self.title,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "snippet": self.snippet,
            "value": self.value,
            "pointer": self.pointer,
            "context": self.context,
            "remediation": self.remediation,
            "source": self.source,
            "fingerprint": self.fingerprint,
            "suppressed": str(self.suppressed) if self.suppressed is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Use:
    """A capability the workload uses that works on the target (for the readiness summary)."""

    capability: str
    path: str
    line: int
    #: A framework's model object stands for the use (`MODEL_OBJECT`): the framework picks the
    #: API its calls go over, so the use says nothing of which API the workload needs.
    model_object: bool = False


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """An input that could not be read or parsed, and why (`DiagnosticKind`)."""

    path: str
    kind: DiagnosticKind
    message: str
    line: int | None = None
    column: int | None = None
    #: For a `could-not-follow`: the request key whose value was not followed (None: not
    #: told). Not part of the JSON contract; the scanner keeps only keys that decide a verdict.
    key: Pointer | None = None
    #: For a `could-not-follow` about a parameter no call of its file gives: the function's
    #: name (not part of the JSON contract; the scan drops it when another file calls that name).
    function: str | None = None

    def __post_init__(self) -> None:
        # A bare string names a kind too, and must be one of them (ValueError otherwise).
        if not isinstance(self.kind, DiagnosticKind):
            object.__setattr__(self, "kind", DiagnosticKind(self.kind))

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as the JSON output contract spells it."""
        return {
            "path": self.path, "kind": self.kind.value, "message": self.message, "line": self.line,
            "column": self.column,
        }  # fmt: skip


def compact_json(value: Any, limit: int = 200) -> str:
    """A short one-line JSON rendering of a value, credentials masked, then cut at `limit`
    characters (masking first: a secret across the cut never shows a prefix)."""
    from bedrock_check.redact import cut

    try:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (ValueError, RecursionError):
        text = repr(value)[: limit + 8192]
    return cut(text, limit)


def display_path(path: str) -> str:
    """A path as every report and fingerprint shows it: `.` and empty segments dropped and
    `/` as the separator, so `dir/.`, `dir/` and `dir//file` name a file as `dir` does
    (its fingerprint does not depend on how the path was typed). `.` itself stays `.`."""
    import os.path

    if not path or path == "-" or path.startswith("<"):
        return path  # stdin and pseudo-paths ("<request>") are shown as they are
    clean = os.path.normpath(path)
    return clean.replace(os.sep, "/") if os.sep != "/" else clean


def checkout_path(path: str, env: str) -> str:
    """A reported path as a CI service resolves it: relative to its checkout, the folder the
    environment variable `env` names (GitLab's `CI_PROJECT_DIR`, GitHub's `GITHUB_WORKSPACE`),
    so a run from a sub-folder still points at the repository's file, as ruff does. Unchanged
    when the variable is unset or the file lies outside it."""
    import os

    root = os.environ.get(env)
    if not root or not path or path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive
        return path
    return path if rel == ".." or rel.startswith(".." + os.sep) else display_path(rel)


def fingerprint(capability: str, path: str, value: str) -> str:
    """A stable id for a finding: capability, file and the normalised offending value.
    No line numbers, so it survives code moving around."""
    normal = " ".join(value.split())
    # surrogatepass: a lone surrogate (from a JSON escape or an undecodable file name)
    # still gives a stable fingerprint instead of stopping the run
    digest = sha256(f"{capability}\0{path}\0{normal}".encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:20]
