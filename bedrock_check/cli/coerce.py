"""Command-line values converted without pydantic when the conversion is plain.

Recent typer (0.2x) converts every parameter of the command that runs through a
pydantic `TypeAdapter`, built on first use: running any command imports pydantic
and builds one adapter per parameter, which costs more CPU than `import typer`
itself (see bench/README.md). For the annotations this command line declares (str,
bool, int without bounds, Path without checks beyond typer's defaults, lists of
those, and Enum choices) the conversion is typer's own helper or the obvious one,
so it is done here directly. Anything else, and any value that is not plainly of
the expected form (a word where a number belongs, say), goes to typer's own
conversion, so values and error messages are the ones typer gives. A typer
without these internals (older releases convert through click's types, with no
pydantic) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from bedrock_check.quickclass import dataclass

#: A converter's answer when the value is not plainly of its type: typer decides.
_SLOW = object()
_INT = re.compile(r"-?[0-9]+")

Convert = Callable[[Any, Any, Any], Any]


def _str(value: Any, param: Any, ctx: Any) -> Any:
    return value if type(value) is str else _SLOW


def _bool(value: Any, param: Any, ctx: Any) -> Any:
    return value if type(value) is bool else _SLOW


def _int(value: Any, param: Any, ctx: Any) -> Any:
    if type(value) is int:
        return value
    if type(value) is str and _INT.fullmatch(value):
        return int(value)
    return _SLOW


def _converter(annotation: Any, info: Any) -> Convert | None:
    """The plain converter for this annotation and its typer options, or None (typer's own)."""
    if getattr(info, "parser", None) is not None:
        return None
    if annotation is str:
        return _str
    if annotation is bool:
        return _bool
    if annotation is int and info.min is None and info.max is None:
        return _int
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, info)
    if annotation is Path and info.path_type is None and not info.resolve_path and not info.allow_dash:
        return _path(info)
    if getattr(annotation, "__origin__", None) is list and len(annotation.__args__) == 1:
        item = _converter(annotation.__args__[0], info)
        return _list(item) if item is not None else None
    return None


def _choice(enum: type[Enum], info: Any) -> Convert | None:
    try:
        from typer._param_types import coerce_cli_choice
    except ImportError:
        return None
    choices = list(enum)

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _SLOW  # typer words the error

    return convert


def _path(info: Any) -> Convert | None:
    try:
        from typer._param_types import coerce_cli_path
    except ImportError:
        return None

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str and value and "\0" not in value:
            value = Path(value)
        if not isinstance(value, Path):
            return _SLOW
        # typer's own checks (exists, file_okay, readable, ...), given the Path it would have built.
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

    return convert


def _list(item: Convert) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        items = value if isinstance(value, (list, tuple)) else [value]
        out = [item(v, param, ctx) for v in items]
        return _SLOW if any(v is _SLOW for v in out) else out

    return convert


def install() -> bool:
    """Route typer's parameter conversion through the plain converters where they apply.
    Returns whether typer has the internals this relies on (else nothing changes)."""
    try:
        from typer import _coercion, core
    except ImportError:
        return False
    cls = getattr(core, "_TyperParameter", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    original = getattr(cls, "get_runtime_param", None)
    if cls is None or base is None or build is None or original is None or getattr(cls, "_plain_values", False):
        return False
    slow: Callable[[Any], Any] = build

    @dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc,valid-type]  # typer's own base class, found at run time
        """A parameter converted by `convert`, or by typer's pydantic adapter when it declines."""

        convert: Convert
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = self.convert(value, param, ctx)
            if out is _SLOW:
                return slow(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            return out

    def get_runtime_param(self: Any) -> Any:
        desc = getattr(self, "type_descriptor", None)
        if getattr(self, "_runtime_param", None) is None and desc is not None and desc.file_annotation is None:
            info = desc.parameter_info
            convert = _converter(desc.annotation, info)
            if convert is not None:
                self._runtime_param = PlainRuntimeParam(
                    parameter_info=info, annotation=desc.annotation, convert=convert, descriptor=desc
                )
        return original(self)

    cls.get_runtime_param = get_runtime_param
    cls._plain_values = True
    return True
