"""Reading inputs for `validate`: files, directories of request files, and stdin.

Decides the format (by extension, or by sniffing for stdin), refuses binary and
non-UTF-8 text with a diagnostic, and hands the text to the right reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from bedrock_check.extract.requests import iter_jsonl, read_json, read_jsonl, read_yaml
from bedrock_check.findings import Diagnostic, RequestObservation
from bedrock_check.vocabulary import DiagnosticKind

REQUEST_SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".har": "har",
}


def decode(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Bytes to text, or a diagnostic saying why not."""
    if not data.strip():
        return None, Diagnostic(path, DiagnosticKind.EMPTY, "empty file: no request to check")
    if b"\0" in data[:8192]:
        return None, Diagnostic(path, DiagnosticKind.BINARY, "binary data, not a text request file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, Diagnostic(path, DiagnosticKind.ENCODING, f"not UTF-8 text (bad byte at offset {exc.start})")
    return text, None


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
    """Parse text in a known format into request observations."""
    if fmt == "jsonl":
        return read_jsonl(path, text)
    if fmt == "yaml":
        return read_yaml(path, text)
    if fmt == "har":
        from bedrock_check.extract.har import read_har

        return read_har(path, text)
    return read_json(path, text)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given; directories expand to the request files inside them, sorted."""
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files if Path(f).suffix.lower() in REQUEST_SUFFIXES)
            yield from sorted(found)
        else:
            yield raw


def read_input(raw: str, stdin: bytes | None = None) -> Iterator[RequestObservation | Diagnostic]:
    """Observations and diagnostics for one input path ("-" is stdin)."""
    if raw == "-":
        text, diag = decode("<stdin>", stdin or b"")
        if diag:
            yield diag
            return
        assert text is not None
        obs, diags = read_text("<stdin>", text, sniff_format(text))
        yield from obs
        yield from diags
        return
    path = Path(raw)
    fmt = REQUEST_SUFFIXES.get(path.suffix.lower())
    if fmt == "jsonl":
        yield from _stream_jsonl(raw)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(raw, exc)
        return
    text, diag = decode(raw, data)
    if diag:
        yield diag
        return
    assert text is not None
    obs, diags = read_text(raw, text, fmt or sniff_format(text))
    yield from obs
    yield from diags


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
        _, diag = decode(raw, head)
        if diag and diag.kind != "encoding":
            if diag.kind is DiagnosticKind.EMPTY and handle.read(1):
                diag = None
            else:
                yield diag
                return
        handle.seek(0)

        def lines() -> Iterator[tuple[int, str]]:
            for lineno, line in enumerate(handle, 1):
                try:
                    yield lineno, line.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield lineno, "\0"  # reported as invalid JSON on that line

        yield from iter_jsonl(raw, lines())
