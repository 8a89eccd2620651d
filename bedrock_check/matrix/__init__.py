"""The capability matrix: its records, loading, override layers, target resolution.

The matrix is data. The records here are frozen stdlib dataclasses that the engine
reads; pydantic validates them at the edge (`bedrock_check.matrix.schema`) only when
a matrix file is read for the first time, so a run that uses the cached shipped
matrix never imports pydantic. What a capability *means* for a request is decided
by the engine from the signals declared here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from typing_extensions import TypedDict

from bedrock_check.errors import MatrixError
from bedrock_check.vocabulary import REQUEST_PATHS, ApiEndpoint, EngineCapability, field_path_problem, unknown_word

Status = Literal["available", "conditional", "not_available", "unverified"]
Verdict = Literal["ok", "note", "warning", "error"]
Severity = Literal["error", "warning", "note"]

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_PATH_PATTERN = re.compile(r"^(\.|[A-Za-z_][\w.]*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*)$")

#: The verdict a status implies when a signal does not set one.
STATUS_VERDICT: dict[str, Verdict] = {
    "available": "ok",
    "conditional": "warning",
    "not_available": "error",
    "unverified": "warning",
}

#: pydantic reads this on each record: matrix files are ours, so unknown keys are errors.
_STRICT = {"extra": "forbid"}


def _check_id(value: str) -> None:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (e.g. web-search)")


@dataclass(frozen=True, slots=True)
class Source:
    """A document (or the inference rule) that facts in the matrix cite."""

    __pydantic_config__ = _STRICT
    id: str
    title: str
    url: str | None = None
    section: str | None = None
    as_of: dt.date | None = None
    kind: Literal["document", "inferred", "probe", "user"] = "document"

    def __post_init__(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where one entry's verdict comes from: a source id plus the row or section used."""

    __pydantic_config__ = _STRICT
    ref: str
    row: str | None = None
    section: str | None = None
    reasoning: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A cited remark from a source that disagrees with or refines the baseline verdict."""

    __pydantic_config__ = _STRICT
    source: str
    text: str
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Docs:
    """What the capability is, why it matters on Bedrock, and an example of its use."""

    __pydantic_config__ = _STRICT
    what: str
    why: str
    example: str


#: A test on one JSON value. Positive tests (equals, in, prefix, regex, contains) are
#: alternatives: one must hold when any is given. Negative tests (not_in, not_prefix)
#: must all fail. `present` asks for the key to exist (or not); `truthy` for a
#: non-empty value. A key that is absent from the mapping is a test not made.
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
_PROBE_PATHS = frozenset(p for paths in REQUEST_PATHS.values() for p in paths)


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
        try:
            re.compile(pred["regex"])
        except re.error as exc:
            raise ValueError(f"{where}: not a valid regular expression: {exc}") from None


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
        for pattern in self.strings:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression {pattern!r}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Signals:
    """Everything that reveals a capability: request shapes and code signals."""

    __pydantic_config__ = _STRICT
    request: list[RequestSignal] = field(default_factory=list)
    code: CodeSignals = field(default_factory=CodeSignals)


@dataclass(frozen=True, slots=True)
class Probe:
    """The smallest request that exercises the capability against a live endpoint.
    `model` is filled in from the target at probe time."""

    __pydantic_config__ = _STRICT
    request: dict[str, Any]
    #: The request path below `/v1` (one of `bedrock_check.vocabulary.REQUEST_PATHS`).
    endpoint: str = "responses"
    transport: Literal["http", "websocket"] = "http"

    def __post_init__(self) -> None:
        if self.endpoint not in _PROBE_PATHS:
            raise ValueError(f"endpoint: {unknown_word('request path', self.endpoint, _PROBE_PATHS)}")


@dataclass(frozen=True, slots=True)
class Variant:
    """A per-model or per-Region exception to the capability's Bedrock status."""

    __pydantic_config__ = _STRICT
    bedrock: Status
    source: Citation
    models: list[str] = field(default_factory=lambda: ["*"])
    regions: list[str] = field(default_factory=lambda: ["*"])
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Capability:
    """One entry of the catalogue: facts, advice, docs, signals and probe."""

    __pydantic_config__ = _STRICT
    id: str
    title: str
    openai: Status
    bedrock: Status
    source: Citation
    message: str
    remediation: str
    docs: Docs
    kind: Literal["feature", "target"] = "feature"
    condition: str | None = None
    severity: Severity | None = None
    notes: list[Note] = field(default_factory=list)
    signals: Signals = field(default_factory=Signals)
    probe: Probe | None = None
    variants: list[Variant] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_id(self.id)
        if self.bedrock == "conditional" and not self.condition:
            raise ValueError("a conditional status needs a `condition`")
        if not self.remediation.strip():
            raise ValueError("a capability needs a remediation")


@dataclass(frozen=True, slots=True)
class Model:
    """A model Bedrock offers, with the OpenAI id it corresponds to and its Regions."""

    __pydantic_config__ = _STRICT
    id: str
    regions: list[str]
    source: Citation
    openai_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Defaults:
    """The target used when neither the command line nor a config file names one."""

    __pydantic_config__ = _STRICT
    model: str
    region: str


@dataclass(frozen=True, slots=True)
class Matrix:
    """The whole capability matrix, after layering."""

    __pydantic_config__ = _STRICT
    as_of: dt.date
    sources: list[Source]
    defaults: Defaults
    models: list[Model]
    capabilities: list[Capability]
    schema_version: Literal[1] = 1
    inference_profile_prefixes: list[str] = field(default_factory=list)
    gateway_prefixes: list[str] = field(default_factory=list)
    #: Files layered over the shipped matrix, in order.
    layers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        source_ids = {s.id for s in self.sources}
        seen: set[str] = set()
        for cap in self.capabilities:
            if cap.id in seen:
                raise ValueError(f"capability id {cap.id!r} appears twice")
            seen.add(cap.id)
            refs = [cap.source.ref, *(n.source for n in cap.notes), *(v.source.ref for v in cap.variants)]
            for ref in refs:
                if ref not in source_ids:
                    raise ValueError(f"capability {cap.id!r} cites unknown source {ref!r}")
        for model in self.models:
            if model.source.ref not in source_ids:
                raise ValueError(f"model {model.id!r} cites unknown source {model.source.ref!r}")
        # The engine reports these itself (model and Region checks); a matrix must say what they are.
        missing = [c.value for c in EngineCapability if c.value not in seen]
        if missing:
            raise ValueError(f"capabilities: missing {', '.join(missing)}, which the engine reports")

    def capability(self, cap_id: str) -> Capability:
        """Return the capability with this id, or raise KeyError."""
        for cap in self.capabilities:
            if cap.id == cap_id:
                return cap
        raise KeyError(cap_id)

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, if any."""
        return next((s for s in self.sources if s.id == source_id), None)

    def replace(self, **changes: Any) -> Matrix:
        """A copy with some fields changed (for tests and override tooling)."""
        import dataclasses

        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Target:
    """The model and AWS Region every finding is about."""

    model: str
    region: str


# ----------------------------------------------------------------- loading


def shipped_matrix_path() -> Path:
    """Where the shipped matrix lives: inside the installed package, or at the repository root."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "capability_matrix.yaml", here.parent / "capability_matrix.yaml"):
        if candidate.is_file():
            return candidate
    raise MatrixError("the shipped capability_matrix.yaml is missing from this installation")


def _read_yaml_mapping(path: Path, *, trusted: bool) -> dict[str, Any]:
    from bedrock_check.yamlsafe import YamlError, load_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MatrixError(f"{path}: cannot read: {exc}") from exc
    try:
        data = load_yaml(text, fast=trusted)
    except YamlError as exc:
        raise MatrixError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise MatrixError(f"{path}: a matrix file must be a mapping, not {type(data).__name__}")
    return data


def _merge_by_id(base: list[Any], layer: list[Any], path: Path, field: str) -> list[Any]:
    merged = list(base)
    index = {item.get("id"): i for i, item in enumerate(merged) if isinstance(item, dict)}
    for item in layer:
        if not isinstance(item, dict) or "id" not in item:
            raise MatrixError(f"{path}: {field}: every entry needs an `id`")
        if item["id"] in index:
            i = index[item["id"]]
            merged[i] = _deep_merge(merged[i], item)
        else:
            index[item["id"]] = len(merged)
            merged.append(item)
    return merged


def _deep_merge(base: dict[str, Any], layer: dict[str, Any]) -> dict[str, Any]:
    """Merge a layer into a base mapping: mappings merge key by key, anything else
    (lists included) is replaced, so a layer can restate `signals.request` wholesale."""
    out = dict(base)
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def merge_layer(base: dict[str, Any], layer: dict[str, Any], path: Path) -> dict[str, Any]:
    """Layer an override mapping over a matrix mapping (entries matched by `id`)."""
    out = dict(base)
    for key, value in layer.items():
        if key in ("capabilities", "models", "sources"):
            if not isinstance(value, list):
                raise MatrixError(f"{path}: {key}: expected a list")
            out[key] = _merge_by_id(out.get(key, []), value, path, key)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _validate(data: dict[str, Any], path: Path | str) -> Matrix:
    from bedrock_check.matrix.schema import validate_matrix_data

    return validate_matrix_data(data, path)


def _load_uncached(base_path: Path, trusted: bool, override_paths: tuple[Path, ...]) -> Matrix:
    data = _read_yaml_mapping(base_path, trusted=trusted)
    matrix = _validate(data, base_path)
    layers: list[str] = []
    for path in override_paths:
        data = merge_layer(data, _read_yaml_mapping(path, trusted=False), path)
        layers.append(str(path))
        data["layers"] = list(layers)
        matrix = _validate(data, path)
    return matrix


def load_matrix(*override_paths: str | Path, base: str | Path | None = None, cache: bool = True) -> Matrix:
    """Load the shipped matrix (or `base`) and layer each override file over it, in order.

    Each layer is validated as soon as it is applied, so an error names the file that
    introduced it. A validated result is cached as plain JSON (see `bedrock_check.matrix.cache`),
    keyed by every file's path and content, so later runs skip validation.
    Raises MatrixError with a one-line message.
    """
    base_path = Path(base) if base else shipped_matrix_path()
    overrides = tuple(Path(p) for p in override_paths)
    if not cache:
        return _load_uncached(base_path, base is None, overrides)
    from bedrock_check.matrix import cache as matrix_cache

    key = matrix_cache.cache_key((base_path, *overrides))
    if key is not None:
        cached = matrix_cache.read(key)
        if cached is not None:
            return cached
    matrix = _load_uncached(base_path, base is None, overrides)
    if key is not None:
        matrix_cache.write(key, matrix)
    return matrix


def validate_matrix_file(path: str | Path) -> Matrix:
    """Validate one file as a complete matrix, or as a layer over the shipped matrix when
    it is not complete on its own (no `capabilities` list with a `defaults` block)."""
    path = Path(path)
    data = _read_yaml_mapping(path, trusted=False)
    if "defaults" in data and "capabilities" in data and "sources" in data:
        return _validate(data, path)
    return load_matrix(path, cache=False)


def matrix_json_schema() -> dict[str, Any]:
    """The JSON Schema of a complete matrix file."""
    from bedrock_check.matrix.schema import json_schema

    return json_schema()


# ----------------------------------------------------------------- targets


def resolve_target(matrix: Matrix, model: str | None, region: str | None) -> Target:
    """The target: explicit values win, then the matrix defaults."""
    return Target(model=model or matrix.defaults.model, region=region or matrix.defaults.region)


def _glob(pattern: str, value: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(value, pattern)


def effective_status(cap: Capability, target: Target) -> tuple[Status, Citation]:
    """The capability's Bedrock status for this target: the last matching variant wins."""
    status, citation = cap.bedrock, cap.source
    for variant in cap.variants:
        if any(_glob(m, target.model) for m in variant.models) and any(
            _glob(r, target.region) for r in variant.regions
        ):
            status, citation = variant.bedrock, variant.source
    return status, citation
