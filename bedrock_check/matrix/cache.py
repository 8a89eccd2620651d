"""A cache of validated matrices (and of the checked SDK catalogue), so a run does not
re-validate unchanged files.

Anyone who can write the cache folder (a shared CI cache, a restored cache
archive) controls what this module reads, so an entry is plain JSON and nothing
else: `json.loads` builds only dicts, lists, strings, numbers and booleans, and
the records are rebuilt from them by `decoder_for`, which walks the type
annotations of the record classes. The file never names a type or a function;
the only constructors it can reach are the record classes the caller names (the
matrix records, each with its own checks in `__post_init__`, or the catalogue's)
and `datetime.date`. Unknown keys, wrong types and
values outside a `Literal` make the entry a miss.

The key covers the package version, the codec version and, for every file, its
resolved path and a hash of its content, so an edited layer of the same size and
modification time is never served stale. An entry that is not a regular file
owned by this user, is writable by others, or is larger than `_MAX_ENTRY` is
ignored. Every failure here is silent: the cache is an optimisation, never a
requirement, and a miss only means the YAML is validated again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import inspect
import json
import os
import stat
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from typing_extensions import is_typeddict

from bedrock_check import __version__
from bedrock_check.digest import sha256

#: Bumped when the JSON layout of an entry changes, so old entries become misses.
CODEC_VERSION = "json-1"
#: An entry larger than this is not a matrix this tool wrote.
_MAX_ENTRY = 16 * 1024 * 1024

Decoder = Callable[[Any], Any]


class CacheEntryError(ValueError):
    """A cache entry that does not decode into matrix records (always handled here)."""


def cache_dir() -> Path:
    """Where cache entries live: $BEDROCK_CHECK_CACHE_DIR, else the platform's user cache folder."""
    explicit = os.environ.get("BEDROCK_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
    if sys.platform.startswith("linux") and (os.path.isabs(xdg) or (not xdg and os.path.isabs(home))):
        # What every platformdirs release gives on Linux in these common cases (the XDG
        # base directory spec), without importing it: that import was a third of reading
        # a cache entry. Anything unusual (a relative path, no HOME) is left to platformdirs.
        return Path(xdg or os.path.join(home, ".cache")) / "bedrock-check"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bedrock-check", appauthor=False))


def cache_key(paths: tuple[Path, ...]) -> str | None:
    """A key for these matrix files' contents, or None when caching is off or a file cannot be read."""
    if os.environ.get("BEDROCK_CHECK_NO_CACHE"):
        return None
    digest = sha256(f"{__version__}\0{CODEC_VERSION}".encode())
    for path in paths:
        try:
            resolved = path.resolve()
            content = _read_regular(resolved, limit=_MAX_ENTRY, owned=False)
        except OSError:
            return None
        digest.update(b"\0" + os.fsencode(resolved) + b"\0" + sha256(content).digest())
    return digest.hexdigest()[:40]


def _read_regular(path: Path, *, limit: int, owned: bool) -> bytes:
    """The bytes of a regular file no larger than `limit` (never a FIFO, device or link target
    when `owned`), else OSError. `owned` also requires this user's file, not writable by others."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (getattr(os, "O_NOFOLLOW", 0) if owned else 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        if owned and hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            raise OSError(f"{path}: not owned by this user, or writable by others")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise OSError(f"{path}: grew past {limit} bytes while read")
        return data
    finally:
        os.close(fd)


# ----------------------------------------------------------------- codec


def encode(record: Any) -> str:
    """A record tree as JSON text (dates as ISO strings)."""
    return json.dumps(dataclasses.asdict(record), default=_encode_default, separators=(",", ":"))


def _encode_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON form")


_DECODERS: dict[Any, Decoder] = {}


def decoder_for(tp: Any) -> Decoder:
    """A function that rebuilds a value of annotation `tp` from decoded JSON, or raises CacheEntryError.

    Built once per annotation from the record classes' type hints: what may be
    constructed is fixed by the code, never by the data.
    """
    if tp in _DECODERS:
        return _DECODERS[tp]
    # A placeholder first, so a record that (indirectly) contains itself resolves lazily.
    _DECODERS[tp] = lambda value: _DECODERS[tp](value)
    built = _build(tp)
    _DECODERS[tp] = built
    return built


def _fail(expected: str, value: Any) -> typing.NoReturn:
    raise CacheEntryError(f"expected {expected}, found {type(value).__name__}")


def _scalar(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        # bool is an int in Python; the record fields never mean one as the other.
        if type(value) is not kind and not (kind is float and type(value) is int):
            _fail(kind.__name__, value)
        return value

    return decode


def _date(value: Any) -> dt.date:
    if type(value) is not str:
        _fail("an ISO date", value)
    return dt.date.fromisoformat(value)


def _plain(value: Any) -> Any:
    # `Any` fields hold request bodies and predicate operands: JSON values already.
    return value


def _build(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return _plain
    if tp is type(None):
        return lambda value: None if value is None else _fail("null", value)
    if tp in (str, int, float, bool):
        return _scalar(tp)
    if tp is dt.date:
        return _date
    if origin is Literal:
        allowed = set(args)
        return lambda value: value if value in allowed and type(value) in (str, int, bool) else _fail(str(args), value)
    if origin is Union or origin is types.UnionType:
        return _union([decoder_for(a) for a in args], None in args or type(None) in args)
    if origin is list:
        item = decoder_for(args[0] if args else Any)
        return lambda value: [item(v) for v in value] if type(value) is list else _fail("a list", value)
    if origin is dict:
        key, val = decoder_for(args[0]), decoder_for(args[1])
        return lambda value: (
            {key(k): val(v) for k, v in value.items()} if type(value) is dict else _fail("a map", value)
        )
    if is_typeddict(tp):
        return _mapping(tp, typing.get_type_hints(tp), construct=dict)
    if origin is Annotated:
        return decoder_for(args[0])  # metadata for YAML validation; the cache holds checked values
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        names = [f.name for f in dataclasses.fields(tp) if f.init]
        return _mapping(tp, _field_hints(tp, names), construct=tp)
    raise TypeError(f"no cache decoder for {tp!r}")


#: Annotations already evaluated, by (module, text): the records repeat a few dozen.
_EVALUATED: dict[tuple[str, str], Any] = {}


def _field_hints(tp: type, names: list[str]) -> dict[str, Any]:
    """The annotations of these fields of a record class, evaluated as `typing.get_type_hints`
    evaluates them (in the module of the class that declares each), each distinct text once
    per module: the records' annotations are strings (`from __future__ import annotations`),
    and evaluating each through `get_type_hints` was most of building the decoders."""
    wanted, hints = set(names), {}
    for base in reversed(tp.__mro__):
        module = base.__module__
        for name, value in inspect.get_annotations(base).items():
            if name not in wanted:
                continue
            if isinstance(value, str):
                key = (module, value)
                if key not in _EVALUATED:
                    _EVALUATED[key] = eval(value, vars(sys.modules[module]))  # our own source's annotations
                value = _EVALUATED[key]
            hints[name] = type(None) if value is None else value
    return {name: hints[name] for name in names}


def _union(options: list[Decoder], nullable: bool) -> Decoder:
    def decode(value: Any) -> Any:
        if value is None and nullable:
            return None
        for option in options:
            try:
                return option(value)
            except (CacheEntryError, TypeError, ValueError):
                continue
        _fail("one of a union's types", value)

    return decode


def _mapping(tp: Any, hints: dict[str, Any], construct: Callable[..., Any]) -> Decoder:
    fields = {name: decoder_for(hint) for name, hint in hints.items()}

    def decode(value: Any) -> Any:
        if type(value) is not dict:
            _fail(f"a {tp.__name__} map", value)
        unknown = value.keys() - fields.keys()
        if unknown:
            raise CacheEntryError(f"{tp.__name__}: unknown keys {sorted(map(str, unknown))}")
        return construct(**{name: fields[name](item) for name, item in value.items()})

    return decode


# ----------------------------------------------------------------- read and write


def entry_path(key: str, name: str = "matrix") -> Path:
    """The file of the cache entry for this key (it may not exist)."""
    return cache_dir() / f"{name}-{key}.json"


def read(key: str, record: type | None = None, name: str = "matrix") -> Any | None:
    """The cached record (a `Matrix` unless `record` says otherwise) for this key, or None
    (missing, unreadable, foreign or malformed entry). `name` keeps kinds of entry apart."""
    if record is None:
        from bedrock_check.matrix import Matrix

        record = Matrix
    try:
        data = json.loads(_read_regular(entry_path(key, name), limit=_MAX_ENTRY, owned=True))
        return decoder_for(record)(data)
    except (OSError, ValueError, TypeError, RecursionError):
        # json's and the records' own errors are ValueErrors; a deep nest is a RecursionError.
        return None


def write(key: str, matrix: Any, name: str = "matrix") -> None:
    """Store a validated matrix (or another record) atomically (temp file and rename); errors are ignored.

    A matrix whose JSON form does not decode back into an equal matrix (a date
    inside a free-form request body, say) is not stored: a later run would read
    something other than what was validated.
    """
    try:
        text = encode(matrix)
        if decoder_for(type(matrix))(json.loads(text)) != matrix:
            return
    except (TypeError, ValueError, RecursionError):
        return
    import tempfile  # only on a miss: its import costs more than reading an entry

    directory = cache_dir()
    tmp: str | None = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, entry_path(key, name))
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
