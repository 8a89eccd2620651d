"""The capability matrix: pydantic schema, loading, override layers, target resolution.

The matrix is data. This module only validates it and answers lookups; what a
capability *means* for a request is decided by the engine from the signals
declared here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bedrock_check.errors import MatrixError

Status = Literal["available", "conditional", "not_available", "unverified"]
Verdict = Literal["ok", "note", "warning", "error"]
Severity = Literal["error", "warning", "note"]

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_PATH_PATTERN = re.compile(r"^(\.|[A-Za-z_][\w.]*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*)$")

#: The verdict a status implies when a signal does not set one.
STATUS_VERDICT: dict[str, Verdict] = {
    "available": "ok",
    "conditional": "warning",
    "not_available": "error",
    "unverified": "warning",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document (or the inference rule) that facts in the matrix cite."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    url: str | None = None
    section: str | None = None
    as_of: dt.date | None = None
    kind: Literal["document", "inferred", "probe", "user"] = "document"


class Citation(_Strict):
    """Where one entry's verdict comes from: a source id plus the row or section used."""

    ref: str
    row: str | None = None
    section: str | None = None
    reasoning: str | None = None


class Note(_Strict):
    """A cited remark from a source that disagrees with or refines the baseline verdict."""

    source: str
    text: str
    as_of: dt.date | None = None


class Docs(_Strict):
    """What the capability is, why it matters on Bedrock, and an example of its use."""

    what: str
    why: str
    example: str


class Predicate(_Strict):
    """A test on one JSON value. Positive tests (equals, in, prefix, regex) are alternatives:
    one of them must hold when any is given. Negative tests (not_in, not_prefix) must all
    hold. `present` asks for the key to exist (or not); `truthy` for a non-empty value;
    `contains` for a list holding the value."""

    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    prefix: list[str] | None = None
    regex: str | None = None
    not_in: list[Any] | None = None
    not_prefix: list[str] | None = None
    present: bool | None = None
    truthy: bool | None = None
    contains: Any = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Predicate:
        if not self.model_fields_set:
            raise ValueError("a predicate needs at least one test")
        return self


def _check_path(value: str) -> str:
    if value and not _PATH_PATTERN.match(value):
        raise ValueError(f"not a path: {value!r} (expected e.g. 'tools[]' or 'text.format.type')")
    return value


class RequestSignal(_Strict):
    """A request shape that reveals the capability (see the header of capability_matrix.yaml)."""

    at: str = ""
    when: dict[str, Predicate] = Field(default_factory=dict)
    endpoint: Predicate | None = None
    unclaimed: bool = False
    locate: str | None = None
    verdict: Verdict | None = None
    reason: str | None = None

    @field_validator("at", "locate")
    @classmethod
    def _paths(cls, value: str | None) -> str | None:
        return None if value is None else _check_path(value)

    @field_validator("when")
    @classmethod
    def _when_paths(cls, value: dict[str, Predicate]) -> dict[str, Predicate]:
        for key in value:
            _check_path(key)
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> RequestSignal:
        if not self.when and self.endpoint is None and not self.unclaimed:
            raise ValueError("a signal needs `when`, `endpoint` or `unclaimed`")
        if self.unclaimed and not self.at:
            raise ValueError("`unclaimed` needs `at`")
        return self


class Constructor(_Strict):
    """A class or factory that, imported from `module`, reveals the capability in code."""

    name: str
    module: str


class CodeSignals(_Strict):
    """Code-level signals: dotted call patterns (`*` matches any receiver), imported
    constructors, and regular expressions over string literals."""

    calls: list[str] = Field(default_factory=list)
    constructors: list[Constructor] = Field(default_factory=list)
    strings: list[str] = Field(default_factory=list)

    @field_validator("strings")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression {pattern!r}: {exc}") from exc
        return value


class Signals(_Strict):
    """Everything that reveals a capability: request shapes and code signals."""

    request: list[RequestSignal] = Field(default_factory=list)
    code: CodeSignals = Field(default_factory=CodeSignals)


class Probe(_Strict):
    """The smallest request that exercises the capability against a live endpoint.
    `model` is filled in from the target at probe time."""

    request: dict[str, Any]
    endpoint: str = "responses"
    transport: Literal["http", "websocket"] = "http"


class Variant(_Strict):
    """A per-model or per-Region exception to the capability's Bedrock status."""

    models: list[str] = Field(default_factory=lambda: ["*"])
    regions: list[str] = Field(default_factory=lambda: ["*"])
    bedrock: Status
    source: Citation
    as_of: dt.date | None = None


class Capability(_Strict):
    """One entry of the catalogue: facts, advice, docs, signals and probe."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["feature", "target"] = "feature"
    title: str
    openai: Status
    bedrock: Status
    condition: str | None = None
    source: Citation
    severity: Severity | None = None
    message: str
    remediation: str
    docs: Docs
    notes: list[Note] = Field(default_factory=list)
    signals: Signals = Field(default_factory=Signals)
    probe: Probe | None = None
    variants: list[Variant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _conditional_has_condition(self) -> Capability:
        if self.bedrock == "conditional" and not self.condition:
            raise ValueError("a conditional status needs a `condition`")
        return self


class Model(_Strict):
    """A model Bedrock offers, with the OpenAI id it corresponds to and its Regions."""

    id: str
    openai_id: str | None = None
    regions: list[str]
    aliases: list[str] = Field(default_factory=list)
    source: Citation
    as_of: dt.date | None = None


class Defaults(_Strict):
    """The target used when neither the command line nor a config file names one."""

    model: str
    region: str


class Matrix(_Strict):
    """The whole capability matrix, after layering."""

    schema_version: Literal[1] = 1
    as_of: dt.date
    sources: list[Source]
    defaults: Defaults
    models: list[Model]
    inference_profile_prefixes: list[str] = Field(default_factory=list)
    gateway_prefixes: list[str] = Field(default_factory=list)
    capabilities: list[Capability]
    layers: list[str] = Field(default_factory=list, description="Files layered over the shipped matrix, in order.")

    @model_validator(mode="after")
    def _cross_references(self) -> Matrix:
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
        return self

    def capability(self, cap_id: str) -> Capability:
        """Return the capability with this id, or raise KeyError."""
        for cap in self.capabilities:
            if cap.id == cap_id:
                return cap
        raise KeyError(cap_id)

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, if any."""
        return next((s for s in self.sources if s.id == source_id), None)


@dataclass(frozen=True, slots=True)
class Target:
    """The model and AWS Region every finding is about."""

    model: str
    region: str


# ----------------------------------------------------------------- loading


def shipped_matrix_path() -> Path:
    """Where the shipped matrix lives: inside the installed package, or at the repository root."""
    here = Path(__file__).resolve().parent
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


def format_validation_error(path: Path | str, exc: ValidationError, data: dict[str, Any]) -> str:
    """One line naming the file, the field path (with capability ids), and the problem."""
    err = exc.errors()[0]
    parts: list[str] = []
    node: Any = data
    for loc in err["loc"]:
        if isinstance(loc, int):
            label = f"[{loc}]"
            if isinstance(node, list) and loc < len(node) and isinstance(node[loc], dict) and "id" in node[loc]:
                label = f"[{loc}]({node[loc]['id']})"
            parts.append(label)
            node = node[loc] if isinstance(node, list) and loc < len(node) else None
        else:
            if str(loc).startswith(("function-", "model-", "literal[")):
                continue
            parts.append(("." if parts else "") + str(loc))
            node = node.get(loc) if isinstance(node, dict) else None
    where = "".join(parts) or "(top level)"
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    msg = err["msg"].removeprefix("Value error, ")
    return f"{path}: {where}: {msg}{more}"


def _validate(data: dict[str, Any], path: Path | str) -> Matrix:
    try:
        return Matrix.model_validate(data)
    except ValidationError as exc:
        raise MatrixError(format_validation_error(path, exc, data)) from None


def load_matrix(*override_paths: str | Path, base: str | Path | None = None) -> Matrix:
    """Load the shipped matrix (or `base`) and layer each override file over it, in order.

    Each layer is validated as soon as it is applied, so an error names the file that
    introduced it. Raises MatrixError with a one-line message.
    """
    base_path = Path(base) if base else shipped_matrix_path()
    data = _read_yaml_mapping(base_path, trusted=base is None)
    matrix = _validate(data, base_path)
    layers: list[str] = []
    for raw in override_paths:
        path = Path(raw)
        data = merge_layer(data, _read_yaml_mapping(path, trusted=False), path)
        layers.append(str(path))
        data["layers"] = list(layers)
        matrix = _validate(data, path)
    return matrix


def validate_matrix_file(path: str | Path) -> Matrix:
    """Validate one file as a complete matrix, or as a layer over the shipped matrix when
    it is not complete on its own (no `capabilities` list with a `defaults` block)."""
    path = Path(path)
    data = _read_yaml_mapping(path, trusted=False)
    if "defaults" in data and "capabilities" in data and "sources" in data:
        return _validate(data, path)
    return load_matrix(path)


def matrix_json_schema() -> dict[str, Any]:
    """The JSON Schema of a complete matrix file."""
    schema = Matrix.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bedrock-check capability matrix"
    return schema


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
