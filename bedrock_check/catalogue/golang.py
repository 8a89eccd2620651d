"""`go.yaml`: what the Go front end needs to lower Go code to the shared call-site form (the
Go SDKs' import paths, model-id constants, settings builders and value wrappers).

Loaded only when a Go file (or a Go code block) is parsed, checked like the other catalogue
files (unknown keys are errors naming the file and the field) and cached as JSON beside them.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import cached_property, lru_cache

from bedrock_check.catalogue.records import Names, _Strict
from bedrock_check.quickclass import dataclass

#: A Go module path's major-version suffix (`github.com/openai/openai-go/v3/option`).
_MAJOR = re.compile(r"/v\d+(?=/|$)")


@dataclass(frozen=True, slots=True, kw_only=True)
class GoConfig(_Strict):
    """Functions that build a client's settings: each positional argument is one setting."""

    name: Names
    args: list[str] = field(default_factory=list)
    #: Settings the function sets itself (`DefaultAzureConfig` makes an Azure client's).
    set: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class GoFile(_Strict):
    """`go.yaml`."""

    modules: dict[str, list[str]]
    configs: list[GoConfig] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    union_prefix: str = "Of"
    constants: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Struct types and constructors whose JSON `type` the SDK sets (openai-go's tool params).
    typed: dict[str, str] = field(default_factory=dict)


class GoCatalogue:
    """The lookups of `go.yaml`."""

    def __init__(self, data: GoFile) -> None:
        self.data = data

    @cached_property
    def _modules(self) -> list[tuple[str, str]]:
        return sorted(((path, sdk) for sdk, paths in self.data.modules.items() for path in paths), key=lambda p: -len(p[0]))

    def sdk_of(self, module: str) -> str | None:
        """The Go SDK an import path belongs to (`go-openai`, `openai-go`), or None."""
        for path, sdk in self._modules:
            if module == path or module.startswith(path + "/"):
                return sdk
        return None

    @cached_property
    def configs(self) -> dict[str, GoConfig]:
        """Settings builders by function name."""
        return {name: c for c in self.data.configs for name in c.name}

    @cached_property
    def values(self) -> frozenset[str]:
        """Functions that only wrap a value (`openai.String`)."""
        return frozenset(self.data.values)

    def constant(self, sdk: str, name: str) -> str | None:
        """The model id an SDK's exported constant holds, or None."""
        return self.data.constants.get(sdk, {}).get(name)


def module_path(path: str) -> str:
    """A Go import path without its major-version suffix (`.../openai-go/v3/option` ->
    `.../openai-go/option`): one name for every version of a module."""
    return _MAJOR.sub("", path) if "/v" in path else path


@lru_cache(maxsize=1)
def go_catalogue() -> GoCatalogue:
    """The shipped `go.yaml`, checked (and cached as JSON) on first use."""
    from bedrock_check.catalogue import load_checked

    return GoCatalogue(load_checked("go.yaml", GoFile, "go-catalogue"))
