"""The capability matrix records: sources, capabilities, models, the matrix and the target.

The matrix is data. The records here are frozen stdlib dataclasses that the engine
reads; pydantic validates them at the edge (`bedrock_check.matrix.schema`) only when
a matrix file is read for the first time, so a run that uses the cached shipped
matrix never imports pydantic. What a capability *means* for a request is decided
by the engine from the signals declared here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any, Literal

from bedrock_check.matrix.kinds import (
    _STRICT,
    DECISIVE,
    ENDPOINTS,
    ID_PATTERN,
    STATUS_VERDICT,
    Api,
    Citation,
    Confidence,
    Endpoint,
    Severity,
    Source,
    Status,
    Verdict,
    _check_id,
)
from bedrock_check.matrix.messages import check_messages
from bedrock_check.matrix.migration import ApiDefault, ClientForm, IamStep, Migration, ProviderWording, SettingStep
from bedrock_check.matrix.signals import (
    _UNCHECKED,
    CodeSignals,
    Constructor,
    Predicate,
    RequestSignal,
    Signals,
    compile_code_string,
    mark_unchecked,
    strings_checked_on_use,
)
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import EngineCapability, ModelKind, unknown_word


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




@dataclass(frozen=True, slots=True)
class Probe:
    """The smallest request that exercises the capability against a live endpoint.
    `model` is filled in from the target at probe time."""

    __pydantic_config__ = _STRICT
    request: dict[str, Any]
    #: The request path below `/v1` (one of the catalogue's `http_paths`, sdk.yaml).
    endpoint: str = "responses"
    transport: Literal["http", "websocket"] = "http"

    # (Checked against the catalogue's HTTP paths when the matrix file is validated:
    # `bedrock_check.matrix.schema.validate_matrix_data`.)


@dataclass(frozen=True, slots=True)
class Variant:
    """A per-model or per-Region exception to the capability's Bedrock status."""

    __pydantic_config__ = _STRICT
    bedrock: Status
    source: Citation
    models: list[str] = field(default_factory=lambda: ["*"])
    regions: list[str] = field(default_factory=lambda: ["*"])
    #: When the variant was observed (a probe's date).
    as_of: dt.date | None = None
    endpoints: list[Endpoint] = field(default_factory=lambda: list(ENDPOINTS))


@dataclass(frozen=True, slots=True)
class Fact:
    """A dated statement of a capability's Bedrock status on some endpoints, models and Regions.

    Resolution for a target takes the latest fact on or before the as-of date that matches
    the target's endpoint, model and Region (and is not over by then, see `until`); with none,
    the baseline status stands. `text` is the one line a finding shows when a later fact
    would change its verdict."""

    __pydantic_config__ = _STRICT
    since: dt.date
    bedrock: Status
    source: Citation
    confidence: Confidence
    text: str
    endpoints: list[Endpoint] = field(default_factory=lambda: list(ENDPOINTS))
    models: list[str] = field(default_factory=lambda: ["*"])
    regions: list[str] = field(default_factory=lambda: ["*"])
    until: dt.date | None = None
    condition: str | None = None

    def __post_init__(self) -> None:
        if self.until is not None and self.until <= self.since:
            raise ValueError(f"a fact's `until` ({self.until}) must come after its `since` ({self.since})")
        if self.bedrock == "conditional" and not self.condition:
            raise ValueError("a conditional fact needs a `condition`")
        if not self.endpoints:
            raise ValueError("a fact needs at least one endpoint")


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
    #: feature: a capability a request uses; target: the model, Region, endpoint checks;
    #: migration: a step every OpenAI API workload takes to reach Bedrock (a note by default).
    kind: Literal["feature", "target", "migration"] = "feature"
    condition: str | None = None
    severity: Severity | None = None
    notes: list[Note] = field(default_factory=list)
    signals: Signals = field(default_factory=Signals)
    probe: Probe | None = None
    variants: list[Variant] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    #: A target check's sentences, one template per thing it can say (`bedrock_check.matrix.messages`).
    messages: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_id(self.id)
        check_messages(self.id, self.messages)
        if self.bedrock == "conditional" and not self.condition:
            raise ValueError("a conditional status needs a `condition`")
        if not self.remediation.strip():
            raise ValueError("a capability needs a remediation")


@dataclass(frozen=True, slots=True)
class Offer:
    """A dated fact about where a model is served on one endpoint: the Bedrock ids it answers to
    there, the Regions, the APIs, and on Mantle the base path. The latest offer on or before the
    as-of date is the state of that endpoint (per id); `until` ends an offer."""

    __pydantic_config__ = _STRICT
    endpoint: Endpoint
    since: dt.date
    source: Citation
    confidence: Confidence
    #: Regions a request can be sent to; `*` when the sources do not enumerate them.
    regions: list[str]
    #: Bedrock ids on this endpoint. Empty means the model's own id (the in-Region id).
    ids: list[str] = field(default_factory=list)
    apis: list[Api] = field(default_factory=lambda: ["responses"])
    #: The path under the Mantle host that serves the model (`/openai/v1` or `/v1`).
    base_path: str | None = None
    #: Runtime only: the endpoint takes cross-Region inference profile ids, not the bare id.
    profiles_only: bool = False
    until: dt.date | None = None
    note: str | None = None
    #: A source whose fact decides against this one (sources disagree, fact sheet §5): the
    #: offer is carried with its own confidence and shown, but never decisive.
    overruled_by: str | None = None

    @property
    def decides(self) -> bool:
        """Whether this offer can decide a verdict: confidence H or M, and not overruled."""
        return self.confidence in DECISIVE and self.overruled_by is None

    def __post_init__(self) -> None:
        if self.until is not None and self.until <= self.since:
            raise ValueError(f"an offer's `until` ({self.until}) must come after its `since` ({self.since})")
        if self.base_path is not None and self.endpoint != "mantle":
            raise ValueError("`base_path` is a Mantle fact; runtime serves OpenAI APIs under /openai/v1")
        if not self.regions:
            raise ValueError("an offer needs its Regions (`*` when the sources do not list them)")


@dataclass(frozen=True, slots=True)
class Model:
    """A model Bedrock offers: its in-Region id, the OpenAI id it corresponds to, and dated
    offers per endpoint (ids, Regions, APIs, base path), each with its source and confidence."""

    __pydantic_config__ = _STRICT
    id: str
    offers: list[Offer]
    openai_id: str | None = None
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.offers:
            raise ValueError(f"model {self.id!r} needs at least one dated offer")

    def ids(self) -> list[str]:
        """Every id this model answers to, on any endpoint and date."""
        out = [self.id, *self.aliases]
        for offer in self.offers:
            out.extend(i for i in offer.ids if i not in out)
        return out


@dataclass(frozen=True, slots=True)
class KindWording:
    """How `model-availability` words a model of one kind other than text generation (the
    catalogue's models.yaml says which OpenAI family is which kind): `name` in its sentences
    ("`tts-1` is an OpenAI text-to-speech model"), and the capability whose remediation replaces
    it (the endpoint that serves that kind: `audio-speech`), so the remedy is written once.
    `remediation` is the kind's own remedy where that capability's does not fit every use of
    the kind (a realtime model runs over WebRTC too, not only a socket)."""

    __pydantic_config__ = _STRICT
    name: str
    capability: str
    remediation: str = ""


@dataclass(frozen=True, slots=True)
class Defaults:
    """The target used when neither the command line nor a config file names one."""

    __pydantic_config__ = _STRICT
    model: str
    region: str
    #: The seed page's endpoint; a client in the code that names another one wins over it.
    endpoint: Endpoint = "mantle"
    #: When no model is named: the models to take after `model`, in order, for an endpoint,
    #: Region and date where `model` is not served (the first one served there wins).
    fallbacks: list[str] = field(default_factory=list)


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
    #: The date through which facts were collected: what `--as-of latest` means.
    latest: dt.date | None = None
    migration: Migration = field(default_factory=Migration)
    #: Model kind (a `ModelKind` word other than `text`) -> how a model of that kind is worded
    #: and replaced; a kind not listed is worded as a text model.
    model_kinds: dict[str, KindWording] = field(default_factory=dict)
    #: Files layered over the shipped matrix, in order.
    layers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from fnmatch import fnmatchcase

        source_ids = {s.id for s in self.sources}
        model_ids = {i for m in self.models for i in m.ids()}
        seen: set[str] = set()
        for model in self.models:
            if model.id in seen:
                raise ValueError(f"model id {model.id!r} appears twice")
            seen.add(model.id)
            for offer in model.offers:
                for ref in (offer.source.ref, offer.overruled_by):
                    if ref is not None and ref not in source_ids:
                        raise ValueError(f"model {model.id!r}: an offer cites unknown source {ref!r}")
            for note in model.notes:
                if note.source not in source_ids:
                    raise ValueError(f"model {model.id!r}: a note cites unknown source {note.source!r}")
        seen = set()
        for cap in self.capabilities:
            if cap.id in seen:
                raise ValueError(f"capability id {cap.id!r} appears twice")
            seen.add(cap.id)
            refs = [
                cap.source.ref,
                *(n.source for n in cap.notes),
                *(v.source.ref for v in cap.variants),
                *(f.source.ref for f in cap.facts),
            ]
            for ref in refs:
                if ref not in source_ids:
                    raise ValueError(f"capability {cap.id!r} cites unknown source {ref!r}")
            for fact in cap.facts:
                for pattern in fact.models:
                    if not any(fnmatchcase(mid, pattern) for mid in model_ids):
                        raise ValueError(
                            f"capability {cap.id!r}: the fact since {fact.since} names unknown model {pattern!r}"
                        )
        steps: list[ClientForm | ApiDefault | SettingStep | IamStep] = [
            *self.migration.clients, *self.migration.api_defaults, *self.migration.settings, *self.migration.iam
        ]
        for step in steps:
            if step.source.ref not in source_ids:
                raise ValueError(f"migration: a step cites unknown source {step.source.ref!r}")
        for default in self.migration.api_defaults:
            if default.capability not in seen:
                raise ValueError(f"migration.api_defaults ({default.package}): unknown capability {default.capability!r}")
        for name in (self.defaults.model, *self.defaults.fallbacks):
            if name not in model_ids:
                raise ValueError(f"defaults: unknown model {name!r}")
        for name, wording in self.migration.providers.items():
            for cap_id in wording.own_apis:
                if cap_id not in seen:
                    raise ValueError(f"migration.providers.{name}.own_apis: unknown capability {cap_id!r}")
        if self.latest is not None and self.latest < self.as_of:
            raise ValueError(f"`latest` ({self.latest}) is before the baseline `as_of` ({self.as_of})")
        kinds = {k.value for k in ModelKind} - {ModelKind.TEXT.value}
        for kind, said in self.model_kinds.items():
            if kind not in kinds:
                raise ValueError(f"model_kinds: {unknown_word('model kind', kind, kinds)}")
            if said.capability not in seen:
                raise ValueError(f"model_kinds.{kind}.capability: unknown capability {said.capability!r}")
        # The engine reports these itself (model and Region checks); a matrix must say what they are.
        missing = [c.value for c in EngineCapability if c.value not in seen]
        if missing:
            raise ValueError(f"capabilities: missing {', '.join(missing)}, which the engine reports")

    @property
    def latest_date(self) -> dt.date:
        """The newest date the matrix has facts for (`latest`, or the baseline date)."""
        return self.latest or self.as_of

    def model(self, model_id: str) -> Model | None:
        """The model entry with this id (in-Region id, alias, or any endpoint's id), if any."""
        for model in self.models:
            if model_id == model.id or model_id in model.aliases or any(model_id in o.ids for o in model.offers):
                return model
        return None

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
    """The model, AWS Region, Bedrock endpoint and as-of date every finding is about.
    `as_of` None means the matrix's baseline date."""

    model: str
    region: str
    endpoint: Endpoint = "mantle"
    as_of: dt.date | None = None
    #: The model was not named (command line, config): the matrix's default for this
    #: endpoint, Region and date (see `resolve.default_model`).
    default_model: bool = False

    def date(self, matrix: Matrix) -> dt.date:
        """The as-of date this target resolves facts at."""
        return self.as_of or matrix.as_of

    def describe(self, matrix: Matrix) -> str:
        """`openai.gpt-5.5 in us-east-2 on mantle as of 2026-06-01`; a default model other than
        the matrix's own default (one the endpoint serves) is marked `(default for runtime)`."""
        model = self.model
        if self.default_model and model != matrix.defaults.model:
            model += f" (default for {self.endpoint})"
        return f"{model} in {self.region} on {self.endpoint} as of {self.date(matrix).isoformat()}"


#: The records of the matrix, with those defined beside them (`kinds`, `signals`, `migration`)
#: and imported from here.
__all__ = ["DECISIVE", "ENDPOINTS", "ID_PATTERN", "STATUS_VERDICT", "_UNCHECKED", "Capability", "Citation",
           "ClientForm", "CodeSignals", "Constructor", "Defaults", "Docs", "Endpoint", "Fact", "KindWording", "Matrix", "Model",
           "Note", "Offer", "Predicate", "Probe", "ProviderWording", "RequestSignal", "Severity", "Signals", "Source",
           "Status", "Target", "Variant", "Verdict", "compile_code_string", "mark_unchecked",
           "strings_checked_on_use"]
