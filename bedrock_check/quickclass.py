"""`dataclass`: the standard decorator's classes, made without compiling code at import.

`dataclasses.dataclass` writes the source of six methods for each frozen class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and compiles
each one when the class is defined: about 1.5 ms a class, so the 100-odd records a
command line imports cost more than the rest of its start-up. This decorator lets
`dataclasses` do everything but write methods (fields, defaults, slots, `fields()`,
`replace()`, `asdict()` all work as they do), then gives the class:

- `__repr__`, `__eq__`, `__hash__`, frozen `__setattr__`/`__delattr__` and the pickling
  of a frozen slotted class as shared functions that read the class's field list, with
  the results the generated ones give (equality and hashing compare the same tuples);
- an `__init__` that binds and sets the fields itself for a class's first few
  instantiations, then compiles the class's own from the same source shape the standard
  library writes (so construction in bulk costs the same); classes made a few times in
  a run, or not at all, never compile one.

The options this code uses are supported: `frozen`, `slots`, `kw_only`, `eq`, `repr`,
`init`, and `field()` with `default`, `default_factory`, `init`, `repr`, `compare`,
`hash`, `kw_only`, `metadata`; `__post_init__` without `InitVar`. Anything else (`order`,
`unsafe_hash`, `InitVar`) raises at definition. A class with a base made by the standard
decorator (a library's) is made by the standard decorator. Type checkers see
`dataclasses.dataclass`.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["dataclass"]

_T = TypeVar("_T")
_MISSING = dataclasses.MISSING


def _key_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of these attributes (a tuple for one name, too)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    return getter


def _init_source(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool, slots: bool
) -> tuple[str, dict[str, Any]]:
    """The source of `cls.__init__` as `dataclasses` writes it, and the names it uses."""
    names: dict[str, Any] = {"__dataclass_builtins_object__": object, "_HAS_DEFAULT_FACTORY": _HAS_FACTORY}
    params: list[str] = ["__dataclass_self__"]
    kw_params: list[str] = []
    body: list[str] = []
    for f in fields:
        if f.init:
            if f.default is not _MISSING:
                names[f"_dflt_{f.name}"] = f.default
                param = f"{f.name}=_dflt_{f.name}"
            elif f.default_factory is not _MISSING:
                param = f"{f.name}=_HAS_DEFAULT_FACTORY"
            else:
                param = f.name
            (kw_params if f.kw_only else params).append(param)
        if f.default_factory is not _MISSING:
            names[f"_dflt_{f.name}"] = f.default_factory
            value = f"_dflt_{f.name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}" if f.init else f"_dflt_{f.name}()"
        elif f.init:
            value = f.name
        elif slots and f.default is not _MISSING:
            names[f"_dflt_{f.name}"] = f.default
            value = f"_dflt_{f.name}"
        else:
            continue  # a plain default without init: the class attribute holds it, as in dataclasses
        if frozen:
            body.append(f"__dataclass_builtins_object__.__setattr__(__dataclass_self__, {f.name!r}, {value})")
        else:
            body.append(f"__dataclass_self__.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("__dataclass_self__.__post_init__()")
    signature = ", ".join([*params, *(["*", *kw_params] if kw_params else [])])
    lines = "\n".join(f"  {line}" for line in body or ["pass"])
    return f"def __init__({signature}):\n{lines}\n", names


class _HasFactory:
    """The default of a parameter whose field has a `default_factory` (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _check_order(fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """A field without a default after one with a default is an error, as `dataclasses` says."""
    seen_default = False
    for f in fields:
        if not f.init:
            continue
        if f.default is _MISSING and f.default_factory is _MISSING:
            if seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
        else:
            seen_default = True


#: Instantiations of a class done by the shared `__init__` below before the class's own is
#: compiled: most record classes are made a few times in a run, if at all, and compiling
#: an `__init__` costs as much as a few dozen interpreted ones.
INTERPRETED_CALLS = 16


def _plan(cls: Any, slots: bool) -> tuple[Any, ...]:
    """What an `__init__` of `cls` binds and sets, for `_bind`: the positional parameters,
    every parameter, the required ones, the fields set in order (name, whether a
    parameter, default, factory) and whether `__post_init__` is called."""
    fields = dataclasses.fields(cls)
    steps = []
    for f in fields:
        if f.init or f.default_factory is not _MISSING or (slots and f.default is not _MISSING):
            steps.append((f.name, f.init, f.default, f.default_factory))
    return (
        tuple(f.name for f in fields if f.init and not f.kw_only),
        frozenset(f.name for f in fields if f.init),
        tuple(f.name for f in fields if f.init and f.default is _MISSING and f.default_factory is _MISSING),
        tuple(steps),
        hasattr(cls, "__post_init__"),
    )


def _bind(plan: tuple[Any, ...], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[str, Any]] | None:
    """The (field, value) pairs the compiled `__init__` would set for these arguments, or
    None when they do not bind (that `__init__` then raises its own error)."""
    positional, params, required, steps, _ = plan
    if len(args) > len(positional):
        return None
    given = dict(zip(positional, args, strict=False))
    for name, value in kwargs.items():
        if name in given or name not in params:
            return None
        given[name] = value
    if any(name not in given for name in required):
        return None
    out = []
    for name, is_param, default, factory in steps:
        if is_param and name in given:
            value = given[name]
            if value is _HAS_FACTORY and factory is not _MISSING:
                value = factory()
        elif default is not _MISSING:
            value = default
        else:
            value = factory()
        out.append((name, value))
    return out


def _lazy_init(cls: Any, frozen: bool, slots: bool) -> Callable[..., None]:
    """An `__init__` that sets the fields itself for the first `INTERPRETED_CALLS` calls,
    then compiles the real one (the source `dataclasses` writes), puts it on the class and
    runs it; arguments that do not bind go to the real one at once, for its error."""
    plans: list[tuple[Any, ...]] = []
    calls = [0]
    set_field = object.__setattr__ if frozen else setattr

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        if calls[0] <= INTERPRETED_CALLS:
            if not plans:
                plans.append(_plan(cls, slots))
            values = _bind(plans[0], args, kwargs)
            if values is not None:
                for name, value in values:
                    set_field(self, name, value)
                if plans[0][4]:
                    self.__post_init__()
                return
        source, names = _init_source(cls, dataclasses.fields(cls), frozen, slots)
        exec(source, names)  # our own field names and defaults, never text read from input
        real = names["__init__"]
        real.__qualname__ = f"{cls.__qualname__}.__init__"
        if cls.__dict__.get("__init__") is __init__:
            cls.__init__ = real
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _methods(cls: Any, *, frozen: bool, eq: bool, repr_: bool, slots: bool, explicit_hash: bool) -> None:
    """The shared methods, each only where the class does not define its own (as `dataclasses` does)."""
    fields = dataclasses.fields(cls)
    if repr_ and "__repr__" not in cls.__dict__:
        shown = tuple(f.name for f in fields if f.repr)

        @reprlib.recursive_repr()
        def __repr__(self: Any) -> str:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({inner})"

        __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
        cls.__repr__ = __repr__
    if eq and "__eq__" not in cls.__dict__:
        compared = _key_getter(tuple(f.name for f in fields if f.compare))

        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        __eq__.__qualname__ = f"{cls.__qualname__}.__eq__"
        cls.__eq__ = __eq__
    if eq and not explicit_hash:
        if frozen:
            hashed = _key_getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

            def __hash__(self: Any) -> int:
                return hash(hashed(self))

            __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
            cls.__hash__ = __hash__
        else:
            cls.__hash__ = None  # mutable and compared: unhashable
    if frozen:
        field_names = frozenset(f.name for f in fields)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in field_names:
                raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in field_names:
                raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
        if slots and "__getstate__" not in cls.__dict__:
            ordered = tuple(f.name for f in fields)

            def __getstate__(self: Any) -> list[Any]:
                return [getattr(self, name) for name in ordered]

            def __setstate__(self: Any, state: list[Any]) -> None:
                for name, value in zip(ordered, state, strict=False):
                    object.__setattr__(self, name, value)

            cls.__getstate__ = __getstate__
            cls.__setstate__ = __setstate__


def _quick(
    cls: type[_T] | None = None,
    /,
    *,
    init: bool = True,
    repr: bool = True,  # the standard decorator's keyword
    eq: bool = True,
    frozen: bool = False,
    kw_only: bool = False,
    slots: bool = False,
) -> Any:
    def wrap(cls: type[_T]) -> type[_T]:
        if frozen and ("__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__):
            raise TypeError(f"Cannot overwrite attribute __setattr__ or __delattr__ in class {cls.__name__}")
        class_hash = cls.__dict__.get("__hash__", _MISSING)
        explicit_hash = not (class_hash is _MISSING or (class_hash is None and "__eq__" in cls.__dict__))
        if any(hasattr(b, "__dataclass_params__") and not hasattr(b, "_quick_frozen") for b in cls.__mro__[1:]):
            # A base made by the standard decorator (a library's): the standard one, all through.
            std: type[_T] = dataclasses.dataclass(
                cls, init=init, repr=repr, eq=eq, frozen=frozen, kw_only=kw_only, slots=slots
            )
            return std
        documented = bool(cls.__doc__)
        if not documented:
            cls.__doc__ = cls.__name__  # spares `dataclasses` an `inspect.signature` of the class
        out: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, kw_only=kw_only, slots=slots)
        fields = dataclasses.fields(out)
        declared: dict[str, Any] = out.__dataclass_fields__
        if any(str(getattr(f, "_field_type", "")) == "_FIELD_INITVAR" for f in declared.values()):
            raise TypeError(f"{cls.__qualname__}: InitVar is not supported here; use dataclasses.dataclass")
        bases: list[Any] = [b for b in out.__mro__[-1:0:-1] if getattr(b, "__dataclass_fields__", None) is not None]
        if bases:
            any_frozen = any(getattr(b, "_quick_frozen", b.__dataclass_params__.frozen) for b in bases)
            if any_frozen and not frozen:
                raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
            if frozen and not any_frozen:
                raise TypeError("cannot inherit frozen dataclass from a non-frozen one")
        out._quick_frozen = frozen
        if not documented:
            out.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields if f.init)})"
        if init and "__init__" not in cls.__dict__:
            _check_order(tuple(f for f in fields if not f.kw_only))
            out.__init__ = _lazy_init(out, frozen, slots)
        _methods(out, frozen=frozen, eq=eq, repr_=repr, slots=slots, explicit_hash=explicit_hash)
        result: type[_T] = out
        return result

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass
else:
    dataclass = _quick
