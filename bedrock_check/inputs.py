"""Reading inputs for `validate`: files, directories of request files, and stdin.

Decides the format (by the reader registry's suffixes, or by sniffing for stdin),
decodes with the registry's `decode` (as `scan` does), and hands the text to that
kind's extractor: a code file named on the command line is read as `scan` reads it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bedrock_check.extract import REQUEST_KINDS, SUFFIXES, decode, extract_safely, is_request_file, kind_of
from bedrock_check.extract.requests import iter_jsonl
from bedrock_check.findings import Diagnostic, Observation, RequestObservation, display_path
from bedrock_check.vocabulary import DiagnosticKind

if TYPE_CHECKING:
    from bedrock_check.globs import Globs

#: Suffixes of request files, which a folder given to `validate` expands to (from the
#: registry; `is_request_file` leaves out tools' configuration among them).
REQUEST_SUFFIXES = {suffix: kind for suffix, kind in SUFFIXES.items() if kind in REQUEST_KINDS}


def sniff_format(text: str) -> str:
    """Guess the format of text from stdin: JSON, JSON Lines, or YAML."""
    head = text.lstrip()[:1]
    if head in "[{":
        first, _, rest = text.strip().partition("\n")
        if rest.strip() and first.strip().endswith("}") and rest.lstrip().startswith("{"):
            return "jsonl"
        return "json"
    return "yaml"


def read_text(path: str, text: str, fmt: str) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """Parse text of a request kind into request observations (a file named on purpose:
    JSON that holds no request is a diagnostic)."""
    found = extract_safely(fmt, path, text, strict=True)
    return [o for o in found.observations if isinstance(o, RequestObservation)], found.diagnostics


def expand_paths(paths: list[str], skip: Iterable[str] = (), globs: Sequence[Globs] = ()) -> Iterator[str | Diagnostic]:
    """Files as given; directories expand to the request files inside them, sorted. Inside
    a directory, only regular files are taken: a link out of it, a FIFO (which would block)
    or a device (which never ends) is a diagnostic, and so is a folder that cannot be read.
    Hidden folders and those `scan` never descends into (`node_modules`, virtual
    environments) are left out, and so are files that are plainly not request files
    (`is_request_file`: tools' configuration, package manifests).
    `skip`: folders below a directory to leave out, written `/rel/` from that directory
    (a folder with a target of its own, checked in a part of its own). `globs`: the config's
    include and exclude, for the files found in a directory (a file named is taken as named)."""
    filters = None
    if globs:  # pathspec is imported only by a run that has globs
        from bedrock_check.globs import FileFilter

        filters = FileFilter(globs)
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            from bedrock_check.discover import SKIP_DIRS

            found: list[str | Diagnostic] = []
            top = os.path.realpath(p)
            left_out = {os.path.normpath(os.path.join(raw, rel.strip("/"))) for rel in skip}
            kept = filters.under(raw) if filters else None

            def unreadable(err: OSError, found: list[str | Diagnostic] = found, raw: str = raw) -> None:
                where = err.filename if isinstance(err.filename, str) else raw
                found.append(Diagnostic(where, DiagnosticKind.UNREADABLE, f"cannot read folder: {err.strerror or err}"))

            for root, dirs, files in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                                 and os.path.normpath(os.path.join(root, d)) not in left_out)  # fmt: skip
                for name in files:
                    rel = os.path.relpath(os.path.join(root, name), raw).replace(os.sep, "/")
                    if is_request_file(name) and (kept is None or kept(rel)):
                        full = display_path(os.path.join(root, name))
                        found.append(_regular(full, top) or full)
            yield from sorted(found, key=lambda item: item if isinstance(item, str) else item.path)
        elif ".." in p.parts:
            yield raw  # `link/../x` may not be `x`: opened (and shown) as typed
        else:
            yield display_path(raw)


def _regular(full: str, top: str) -> Diagnostic | None:
    """None when `full` is a regular file inside `top` (links resolved), else why not."""
    try:
        st = os.lstat(full)
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(full)
            if not real.startswith(top.rstrip(os.sep) + os.sep):
                return Diagnostic(full, DiagnosticKind.SYMLINK, "symbolic link out of the folder; not followed")
            st = os.stat(real)
    except OSError as exc:
        return Diagnostic(full, DiagnosticKind.UNREADABLE, f"cannot stat: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return Diagnostic(full, DiagnosticKind.NOT_A_FILE, "not a regular file (FIFO, socket or device); skipped")
    return None


def read_input(raw: str, stdin: bytes | None = None) -> Iterator[Observation | Diagnostic]:
    """Observations and diagnostics for one input path ("-" is stdin)."""
    if raw == "-":
        text, diag = decode("<stdin>", stdin or b"", None)
        if text is None:
            yield from [diag] if diag else []
            return
        obs, diags = read_text("<stdin>", text, sniff_format(text))
        yield from obs
        yield from diags
        return
    fmt = kind_of(raw)
    if fmt == "dependencies" and raw.endswith(".json"):
        fmt = "json"  # a package.json named to `validate` is read as the request file it was named as
    if fmt == "jsonl":
        yield from _stream_jsonl(raw)
        return
    try:
        data = _read_named(raw)
    except OSError as exc:
        yield _unreadable(raw, exc)
        return
    text, diag = decode(raw, data, fmt)
    if text is None:
        yield from [diag] if diag else []
        return
    fmt = fmt or sniff_format(text)
    if fmt not in REQUEST_KINDS:
        yield from extract_safely(fmt, raw, text, origin=raw).observations_and_diagnostics()
        return
    obs, diags = read_text(raw, text, fmt)
    yield from obs
    yield from diags


#: A file named on the command line may be a FIFO (`<(jq …)`), so it is read as a stream,
#: but never past this size (a link to /dev/urandom would otherwise never end).
MAX_INPUT = 256 * 2**20


def _read_named(raw: str) -> bytes:
    with open(raw, "rb") as handle:
        data = handle.read(MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        raise OSError(27, f"over the {MAX_INPUT:,}-byte limit for one input")
    return data


def _unreadable(raw: str, exc: OSError) -> Diagnostic:
    if isinstance(exc, FileNotFoundError):
        return Diagnostic(raw, DiagnosticKind.NOT_FOUND, "no such file")
    if isinstance(exc, IsADirectoryError):
        return Diagnostic(raw, DiagnosticKind.UNREADABLE, "is a directory")
    return Diagnostic(raw, DiagnosticKind.UNREADABLE, f"cannot read: {exc.strerror or exc}")


def _stream_jsonl(raw: str) -> Iterator[RequestObservation | Diagnostic]:
    """JSON Lines straight from the file, one line at a time (bounded memory)."""
    try:
        handle = open(raw, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield _unreadable(raw, exc)
        return
    with handle:
        head = handle.read(8192)
        _, diag = decode(raw, head, "jsonl")
        if diag and diag.kind != "encoding":
            if diag.kind is DiagnosticKind.EMPTY and handle.read(1):
                diag = None
            else:
                yield diag
                return
        handle.seek(0)

        overlong: list[int] = []

        def lines() -> Iterator[tuple[int, str]]:
            lineno = 0
            while line := handle.readline(MAX_INPUT + 1):
                lineno += 1
                if len(line) > MAX_INPUT:  # /dev/zero named *.jsonl: one line without end
                    overlong.append(lineno)
                    return
                try:
                    yield lineno, line.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield lineno, "\0"  # reported as invalid JSON on that line

        yield from iter_jsonl(raw, lines())
        if overlong:
            message = f"line {overlong[0]} is over the {MAX_INPUT:,}-byte limit; the rest of the file was not read"
            yield Diagnostic(raw, DiagnosticKind.TOO_LARGE, message, overlong[0])
