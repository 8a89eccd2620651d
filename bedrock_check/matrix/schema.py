"""Validation of matrix data with pydantic: the edge where YAML becomes matrix records.

Imported only when a matrix file has to be validated (not for a cached matrix), so
the common `validate` and `scan` runs do not pay pydantic's import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bedrock_check.errors import MatrixError
from bedrock_check.matrix.records import Matrix

_ADAPTER: TypeAdapter[Matrix] | None = None


def _adapter() -> TypeAdapter[Matrix]:
    global _ADAPTER
    if _ADAPTER is None:
        _ADAPTER = TypeAdapter(Matrix)
    return _ADAPTER


def format_validation_error(path: Path | str, exc: ValidationError, data: Any) -> str:
    """One line naming the file, the field path (with capability ids), and the problem."""
    from bedrock_check.errors import telling_error

    err = telling_error(exc)
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
            parts.append(("." if parts else "") + str(loc))
            node = node.get(loc) if isinstance(node, dict) else None
    where = "".join(parts) or "(top level)"
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    msg = str(err["msg"]).removeprefix("Value error, ")
    if msg == "Unexpected keyword argument":
        msg = "unknown key"
    return f"{path}: {where}: {msg}{more}"


def validate_matrix_data(data: Any, path: Path | str) -> Matrix:
    """Matrix records from parsed YAML, or MatrixError naming the file and field."""
    try:
        matrix = _adapter().validate_python(data)
    except ValidationError as exc:
        raise MatrixError(format_validation_error(path, exc, data)) from None
    _check_probe_paths(matrix, path)
    return matrix


def _check_probe_paths(matrix: Matrix, path: Path | str) -> None:
    """Every probe's request path is one of the catalogue's HTTP paths (sdk.yaml `http_paths`)."""
    from bedrock_check.httppaths import path_table
    from bedrock_check.vocabulary import unknown_word

    paths = path_table().paths
    for i, cap in enumerate(matrix.capabilities):
        if cap.probe is not None and cap.probe.endpoint not in paths:
            problem = unknown_word("request path", cap.probe.endpoint, paths)
            raise MatrixError(f"{path}: capabilities[{i}]({cap.id}).probe.endpoint: {problem}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a complete matrix file."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bedrock-check capability matrix"
    schema.get("properties", {}).pop("layers", None)
    return schema
