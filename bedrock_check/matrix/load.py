"""Loading the matrix: the shipped file, override layers merged by id, validation, the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bedrock_check.errors import MatrixError
from bedrock_check.matrix.records import Matrix, mark_unchecked, strings_checked_on_use

# ----------------------------------------------------------------- loading


def shipped_matrix_path() -> Path:
    """Where the shipped matrix lives: inside the installed package, or at the repository root."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "capability_matrix.yaml", here.parent / "capability_matrix.yaml"):
        if candidate.is_file():
            return candidate
    raise MatrixError("the shipped capability_matrix.yaml is missing from this installation")


def _read_yaml_mapping(path: Path, *, trusted: bool) -> dict[str, Any]:
    from bedrock_check.yamlsafe import YamlError, load_yaml_file

    try:
        # bounded: a layer named /dev/zero or a FIFO is refused, not read forever
        data = load_yaml_file(path, fast=trusted)
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
        if not isinstance(item["id"], str):
            raise MatrixError(f"{path}: {field}: `id` must be a string, not {type(item['id']).__name__}")
        if item["id"] in index:
            i = index[item["id"]]
            merged[i] = _deep_merge(merged[i], item)
            if field == "capabilities" and "message" in item and merged[i].get("kind") == "target":
                # A target check's findings are worded by `messages`, one template per variant: a
                # layer's `message` (the key before there were variants) would change nothing.
                variants = ", ".join(sorted(merged[i].get("messages") or {}))
                raise MatrixError(f"{path}: capabilities[{i}]({item['id']}).message: a target check is worded by "
                                  f"`messages` (variants: {variants}); `message` has no effect on its findings")
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
        # The entry's code-signal regexes were checked when it was written; one that anyone
        # edited in since is refused when the engine first compiles it, naming the entry.
        with strings_checked_on_use():
            cached = matrix_cache.read(key)
        if cached is not None:
            mark_unchecked(cached, str(matrix_cache.entry_path(key)))
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
