"""The SDK and framework catalogue: what a call *is*, as data.

Four YAML files beside this module say which SDK method and which HTTP path reaches which
endpoint (`sdk.yaml`), which provider a client, base URL, environment variable, SDK module or
model id belongs to (`providers.yaml`), which model ids are OpenAI's and which
model-string prefixes name a provider (`models.yaml`), and which framework
constructors and keywords become request fields, which functions wrap a client and
which literal `type` values are hosted tools (`frameworks.yaml`).

They are validated at load (pydantic, `extra="forbid"`) and cross-checked: an
endpoint, provider or request field that is not declared is an error naming the file,
the field and the closest declared name. The records are plain frozen dataclasses: the
checked shipped catalogue is cached as JSON like the matrix (`bedrock_check.matrix.cache`,
rebuilt field by field from these classes' annotations), so a run whose catalogue is
unchanged neither parses the YAML nor imports pydantic for it. The extractors only ask questions of the
loaded `Catalogue`; adding an SDK method or a framework is an entry here plus fixtures.

Layout: `records.py` and `framework_records.py` (the files' records), `check.py` (the
cross-file checks), and the lookups `Catalogue` composes: `base.py` (the tables),
`providers.py` (providers and model ids), `calls.py` (SDK methods, framework names,
literals) and `tokens.py` (the prefilter's words). Loading and caching are here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bedrock_check.catalogue.calls import CallLookups
from bedrock_check.catalogue.check import _check, _suggest
from bedrock_check.catalogue.framework_records import Constructor, FrameworksFile
from bedrock_check.catalogue.records import (
    CatalogueError,
    HttpCall,
    HttpPath,
    ModelsFile,
    ProvidersFile,
    SdkFile,
    _Strict,
)
from bedrock_check.catalogue.tokens import TokenLookups
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import CHECKED_PROVIDERS, TEST_DOUBLE

FILES = ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml")


class Catalogue(CallLookups, TokenLookups):
    """The loaded catalogue, with the lookups the extractors and the guard need."""


def _load_file(directory: Path, name: str, model: type[_Strict], fast: bool = False) -> Any:
    from pydantic import TypeAdapter, ValidationError

    from bedrock_check.errors import UNKNOWN_KEY, telling_error
    from bedrock_check.yamlsafe import YamlError, load_yaml_file

    try:
        data = load_yaml_file(directory / name, fast=fast)
    except YamlError as exc:
        raise CatalogueError(f"{name}: {exc}") from None
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        err = telling_error(exc)
        loc = ".".join(str(p) for p in err["loc"])
        hint, msg = "", err["msg"].removeprefix("Value error, ")
        if err["type"] in UNKNOWN_KEY:
            msg = "not a field here"
            hint = _suggest(str(err["loc"][-1]), set(_fields_at(model, err["loc"][:-1])))
        raise CatalogueError(f"{name}: {loc}: {msg}{hint}") from None


def load_checked(name: str, model: type[_Strict], kind: str) -> Any:
    """A shipped catalogue file of its own (`go.yaml`, `languages.yaml`), checked as `model`
    and cached as JSON (under `kind`) beside the other catalogue files' cache."""
    from bedrock_check.matrix import cache as store

    where = Path(__file__).parent
    key = store.cache_key((where / name,))
    if key is not None:
        cached = store.read(key, model, kind)
        if cached is not None:
            return cached
    data = _load_file(where, name, model, True)
    if key is not None:
        store.write(key, data, kind)
    return data


def _fields_at(model: type[Any], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the record at a validation error's location (for "did you mean")."""
    import dataclasses
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        hint = typing.get_type_hints(current).get(part)
        if hint is None:
            break
        args = typing.get_args(hint)
        current = next((a for a in (hint, *args) if dataclasses.is_dataclass(a)), None)
    return [f.name for f in dataclasses.fields(current)] if current is not None else []


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogueFiles(_Strict):
    """The four checked files together: what the cache stores."""

    sdk: SdkFile
    providers: ProvidersFile
    models: ModelsFile
    frameworks: FrameworksFile


def load_catalogue(directory: str | Path | None = None, cache: bool = True) -> Catalogue:
    """Load and check the catalogue (the shipped one by default). The checked shipped
    files are cached as JSON (`bedrock_check.matrix.cache`, keyed by every file's path
    and content), so a later run rebuilds the records without YAML or pydantic."""
    where = Path(directory) if directory is not None else Path(__file__).parent
    fast = directory is None  # libyaml for the trusted shipped files
    key = None
    if cache and directory is None:
        from bedrock_check.matrix import cache as store

        key = store.cache_key(tuple(where / name for name in FILES))
        if key is not None:
            cached = store.read(key, CatalogueFiles, "catalogue")
            if cached is not None:
                return Catalogue(cached.sdk, cached.providers, cached.models, cached.frameworks)
    files = CatalogueFiles(
        sdk=_load_file(where, "sdk.yaml", SdkFile, fast),
        providers=_load_file(where, "providers.yaml", ProvidersFile, fast),
        models=_load_file(where, "models.yaml", ModelsFile, fast),
        frameworks=_load_file(where, "frameworks.yaml", FrameworksFile, fast),
    )
    cat = Catalogue(files.sdk, files.providers, files.models, files.frameworks)
    _check(cat)
    if key is not None:
        store.write(key, files, "catalogue")
    return cat


@lru_cache(maxsize=1)
def shipped_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process (it is read-only data)."""
    return load_catalogue()


__all__ = ["CHECKED_PROVIDERS", "TEST_DOUBLE", "Catalogue", "CatalogueError", "Constructor", "HttpCall", "HttpPath",
           "load_catalogue", "shipped_catalogue"]
