"""The records of what every OpenAI API workload changes to reach Bedrock: client forms,
settings, IAM steps, and how findings are worded by the provider a call goes to."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Literal

from bedrock_check.matrix.kinds import (
    _STRICT,
    Citation,
    Confidence,
    Endpoint,
)
from bedrock_check.quickclass import dataclass


@dataclass(frozen=True, slots=True)
class ClientForm:
    """A Bedrock client form an SDK offers from a version on (`BedrockOpenAI(...)`, the provider form)."""

    __pydantic_config__ = _STRICT
    ecosystem: Literal["pypi", "npm"]
    package: str
    min_version: str
    endpoint: Endpoint
    since: dt.date
    code: str
    source: Citation
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class ApiDefault:
    """A framework package whose model object changed the API it calls at a version: below
    `min_version`, `call` sends its requests as `capability` (Chat Completions); from it on, over
    the Responses API. A pin that allows no version from `min_version` on is a
    `migrate-sdk-version` note while `capability` is not available on the target."""

    __pydantic_config__ = _STRICT
    ecosystem: Literal["pypi", "npm"]
    package: str
    min_version: str
    #: The capability id the old default's requests are (`chat-completions`).
    capability: str
    #: The model object as code writes it (`openai(model)`).
    call: str
    #: What calls the Responses API on an older version, when something does, and from which version.
    instead: str | None
    instead_from: str | None
    since: dt.date
    source: Citation


@dataclass(frozen=True, slots=True)
class SettingStep:
    """An OpenAI setting (an environment variable) and what replaces it on Bedrock."""

    __pydantic_config__ = _STRICT
    name: str
    instead: str
    source: Citation


@dataclass(frozen=True, slots=True)
class IamStep:
    """The IAM permission an endpoint needs."""

    __pydantic_config__ = _STRICT
    endpoint: Endpoint
    text: str
    source: Citation


@dataclass(frozen=True, slots=True)
class ProviderWording:
    """How findings about calls through one kind of client are worded: the provider is
    still checked, but what the finding asks for differs (an Azure client migrates like
    the OpenAI API; a Bedrock client has nothing to migrate)."""

    __pydantic_config__ = _STRICT
    #: Put before the capability's message.
    prefix: str = ""
    #: Put after it.
    suffix: str = ""
    #: The severity of a finding whose status is `unverified` (the page is silent).
    unverified: Literal["warning", "note"] = "warning"
    #: Replaces the remediation of those `unverified` findings (written for a migration).
    remediation: str | None = None
    #: Capabilities that are this provider's own API when called through its client (a
    #: fine-tuning job or a file upload sent to Bedrock is Bedrock's fine-tuning or Files
    #: API, not an OpenAI feature left behind): their findings there are notes.
    own_apis: list[str] = field(default_factory=list)
    #: The severity of a finding that a later dated fact reverses (the capability, or the
    #: model, is available on Bedrock after the target's date): code that already calls
    #: Bedrock with it works there today, so "note" says so without failing the gate.
    later_available: Literal["keep", "note"] = "keep"


@dataclass(frozen=True, slots=True)
class Migration:
    """What every OpenAI API workload changes to reach Bedrock at all: the client, the
    settings, the SDK version, the IAM permission."""

    __pydantic_config__ = _STRICT
    clients: list[ClientForm] = field(default_factory=list)
    #: Framework packages whose model object sends Chat Completions below a version.
    api_defaults: list[ApiDefault] = field(default_factory=list)
    settings: list[SettingStep] = field(default_factory=list)
    iam: list[IamStep] = field(default_factory=list)
    #: Wording of findings by the provider their call goes to (`azure`, `bedrock`).
    providers: dict[str, ProviderWording] = field(default_factory=dict)
