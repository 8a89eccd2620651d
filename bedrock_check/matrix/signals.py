"""The records of a capability's signals: request shapes (paths and predicates, checked at
load) and code signals (calls, constructors, string patterns, the latter checked on first
use when read from a cache entry)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict

from bedrock_check.matrix.kinds import (
    _PATH_PATTERN,
    _STRICT,
    Verdict,
)
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import ApiEndpoint, field_path_problem, unknown_word

if TYPE_CHECKING:
    from bedrock_check.matrix.records import Matrix


#: A test on one JSON value. Positive tests (equals, in, prefix, regex, contains) are
#: alternatives: one must hold when any is given. Negative tests (not_in, not_prefix)
#: must all fail. `present` asks for the key to exist (or not); `truthy` for a
#: non-empty value; `unresolved` for a value the code does not show (true) or one it does
#: (false): a key that could not be checked. A key that is absent from the mapping is a test not made.
Predicate = TypedDict(
    "Predicate",
    {
        "equals": Any,
        "in": list[Any],
        "prefix": list[str],
        "regex": str,
        "not_in": list[Any],
        "not_prefix": list[str],
        "present": bool,
        "truthy": bool,
        "contains": Any,
        "unresolved": bool,
    },
    total=False,
)
Predicate.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]  # pydantic reads this attribute off the TypedDict; typing does not declare it


def _check_path(value: str) -> None:
    if value and not _PATH_PATTERN.match(value):
        raise ValueError(f"not a path: {value!r} (expected e.g. 'tools[]' or 'text.format.type')")


def _check_fields(where: str, path: str, *, top_level: bool) -> None:
    problem = field_path_problem(path, top_level=top_level)
    if problem:
        raise ValueError(f"{where}: {problem}")


_ENDPOINT_NAMES = frozenset(e.value for e in ApiEndpoint)


def _check_endpoint_predicate(pred: Predicate) -> None:
    """Every endpoint name an `endpoint` predicate compares with must be one the readers produce."""
    tests: dict[str, Any] = dict(pred)
    for test in ("equals", "in", "not_in", "prefix", "not_prefix", "contains"):
        if test not in tests:
            continue
        values = tests[test] if isinstance(tests[test], list) else [tests[test]]
        for value in values:
            known = _ENDPOINT_NAMES if test not in ("prefix", "not_prefix") else _ENDPOINT_NAMES | {
                n.split(".")[0] for n in _ENDPOINT_NAMES
            }
            if value not in known:
                raise ValueError(f"endpoint.{test}: {unknown_word('endpoint', value, _ENDPOINT_NAMES)}")


def _check_predicate(where: str, pred: Predicate) -> None:
    if not pred:
        raise ValueError(f"{where}: a predicate needs at least one test")
    if "regex" in pred:
        from bedrock_check.linear_regex import RegexError, compile_linear

        try:
            compile_linear(pred["regex"])  # validated at load: what the engine will run
        except RegexError as exc:
            raise ValueError(f"{where}: {exc}") from None


@dataclass(frozen=True, slots=True)
class RequestSignal:
    """A request shape that reveals the capability (see the header of capability_matrix.yaml)."""

    __pydantic_config__ = _STRICT
    at: str = ""
    when: dict[str, Predicate] = field(default_factory=dict)
    endpoint: Predicate | None = None
    unclaimed: bool = False
    locate: str | None = None
    verdict: Verdict | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        _check_path(self.at)
        _check_fields("at", self.at, top_level=True)
        if self.locate is not None:
            _check_path(self.locate)
            _check_fields("locate", self.locate, top_level=False)
        for key, pred in self.when.items():
            _check_path(key)
            # `when` paths are relative to the node `at` selects; on the body they are body fields.
            _check_fields(f"when.{key}", key, top_level=not self.at)
            _check_predicate(f"when.{key}", pred)
        if self.endpoint is not None:
            _check_predicate("endpoint", self.endpoint)
            _check_endpoint_predicate(self.endpoint)
        if not self.when and self.endpoint is None and not self.unclaimed:
            raise ValueError("a signal needs `when`, `endpoint` or `unclaimed`")
        if self.unclaimed and not self.at:
            raise ValueError("`unclaimed` needs `at`")


@dataclass(frozen=True, slots=True)
class Constructor:
    """A class or factory that, imported from `module`, reveals the capability in code."""

    __pydantic_config__ = _STRICT
    name: str
    module: str


@dataclass(frozen=True, slots=True)
class CodeSignals:
    """Code-level signals: dotted call patterns (`*.` any receivers, `?.` exactly one),
    imported constructors, and regular expressions over string literals."""

    __pydantic_config__ = _STRICT
    calls: list[str] = field(default_factory=list)
    constructors: list[Constructor] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if _STRINGS_CHECKED_ON_USE.get():
            return  # a cache entry's patterns: `compile_code_string` checks each when the engine needs it
        from bedrock_check.linear_regex import RegexError, compile_linear

        for pattern in self.strings:
            try:
                compile_linear(pattern)
            except RegexError as exc:
                raise ValueError(str(exc)) from None


#: Set while a cache entry is decoded: its code-signal patterns are checked on first use
#: instead (compiling them with RE2 and Python was a third of reading the entry, and
#: `validate` never uses them).
_STRINGS_CHECKED_ON_USE: ContextVar[bool] = ContextVar("strings_checked_on_use", default=False)


#: Each pattern decoded unchecked, with where it was read (`<entry>: capabilities[3](id).signals.code`).
_UNCHECKED: dict[str, str] = {}


@contextmanager
def strings_checked_on_use() -> Iterator[None]:
    """Records built in this block leave their code-signal patterns to `compile_code_string`;
    `mark_unchecked` must then say where the matrix was read from."""
    token = _STRINGS_CHECKED_ON_USE.set(True)
    try:
        yield
    finally:
        _STRINGS_CHECKED_ON_USE.reset(token)


def mark_unchecked(matrix: Matrix, origin: str) -> None:
    """Remember where each code-signal pattern of a matrix built by `strings_checked_on_use`
    came from, for the error `compile_code_string` gives if it is refused."""
    for i, cap in enumerate(matrix.capabilities):
        for pattern in cap.signals.code.strings:
            _UNCHECKED[pattern] = f"{origin}: capabilities[{i}]({cap.id}).signals.code"


def compile_code_string(pattern: str) -> Any:
    """A code-signal pattern compiled as `compile_linear` does (RE2, linear time). A pattern
    no check has passed yet (one read from a cache entry) that is refused gives the error a
    matrix file with it gives when loaded, naming the file it was read from (MatrixError)."""
    from bedrock_check.linear_regex import RegexError, compile_linear

    try:
        return compile_linear(pattern)
    except RegexError as exc:
        from bedrock_check.errors import MatrixError

        raise MatrixError(f"{_UNCHECKED.get(pattern, 'the capability matrix')}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Signals:
    """Everything that reveals a capability: request shapes and code signals."""

    __pydantic_config__ = _STRICT
    request: list[RequestSignal] = field(default_factory=list)
    code: CodeSignals = field(default_factory=CodeSignals)
