"""`languages.yaml`: what `extract/sdklangs.py` needs to read the OpenAI SDKs of Ruby, Java,
Kotlin, C#, PHP and Rust (the grammar of each, the texts that show its SDK, its call chains and
named request parts, and the request settings every language spells its own way).

Loaded only when such a file is read, checked like the other catalogue files (unknown keys and
endpoints are errors naming the file and the field) and cached as JSON beside them.
"""

from __future__ import annotations

from dataclasses import field
from functools import lru_cache
from typing import Any

from pydantic import field_validator

from bedrock_check.catalogue.records import _Strict
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import ApiEndpoint


def _endpoint(value: str) -> str:
    """An endpoint id of the vocabulary (an unknown one is an error naming the field)."""
    ApiEndpoint(value)
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class LangCall(_Strict):
    """An SDK call chain as written after the client (`chat().create`) and its endpoint."""

    chain: list[str]
    endpoint: str

    @field_validator("endpoint")
    @classmethod
    def _known(cls, value: str) -> str:
        return _endpoint(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class LangSetting(_Strict):
    """A request key any language may write (`previous_response_id`), the value that makes it a
    use (a regular expression; any value but a null when empty) and the request part it is."""

    key: str
    value: str = ""
    body: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Language(_Strict):
    """One language's grammar and the signs of its OpenAI SDKs."""

    grammar: str
    sdk: list[str]
    function: str = "language"
    azure: list[str] = field(default_factory=list)
    calls: list[LangCall] = field(default_factory=list)
    constants: dict[str, dict[str, Any]] = field(default_factory=dict)

    #: Calls may be written without parentheses (Ruby: `client.batches.list`).
    bare_calls: bool = False
    #: Classes whose builder or constructor makes a client of one endpoint (`OpenAiImageModel.builder()`).
    classes: dict[str, str] = field(default_factory=dict)
    #: What joins a call chain's parts (`.`, `?.`, `::`; PHP's `->`).
    separators: list[str] = field(default_factory=lambda: [".", "?.", "::"])
    #: Texts that show the client is already Bedrock's (`BedrockOpenAIOkHttpClient`).
    bedrock: list[str] = field(default_factory=list)
    #: Texts of a test that answers its own requests, and of one that records real traffic.
    doubles: list[str] = field(default_factory=list)
    live: list[str] = field(default_factory=list)
    #: Calls whose first argument is the model (`new ChatClient("gpt-4o", key)`, `ModelId("gpt-4o")`).
    model_calls: list[str] = field(default_factory=list)

    @field_validator("classes")
    @classmethod
    def _known(cls, value: dict[str, str]) -> dict[str, str]:
        for endpoint in value.values():
            _endpoint(endpoint)
        return value


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguagesFile(_Strict):
    """`languages.yaml`."""

    languages: dict[str, Language]
    settings: list[LangSetting] = field(default_factory=list)


@lru_cache(maxsize=1)
def languages_catalogue() -> LanguagesFile:
    """The shipped `languages.yaml`, checked (and cached as JSON) on first use."""
    from bedrock_check.catalogue import load_checked

    found: LanguagesFile = load_checked("languages.yaml", LanguagesFile, "languages-catalogue")
    return found


__all__ = ["LangCall", "LangSetting", "Language", "LanguagesFile", "languages_catalogue"]
