"""Redaction of credentials in anything bedrock-check prints or writes.

Used for every message, snippet and value of every report format, baselines, probe
messages and override layers, the guard's request log and verbose lines. Masked:
`Authorization`-like headers and keys (`api-key`, `x-api-key`, `SecretAccessKey`,
`password`, `token`, ... whether the key or value is quoted or not), bearer tokens,
Bedrock API keys, AWS access keys and secrets, OpenAI keys, passwords in URLs
(`wss://user:pass@host`), credentials in query strings, and any secret we were handed
(every run of 8 or more of its characters, so a partial echo is masked too).

Masking happens before any cutting: `cut` and `window` mask a margin around the part
they keep, so a secret that straddles the cut never shows a prefix.
"""

from __future__ import annotations

import functools
import re
from typing import Any

MASK = "[REDACTED]"

#: Header-like names whose value is a credential whatever the quoting of key or value:
#: `Authorization: x`, `"api-key": "x"`, `SecretAccessKey: x` (YAML), `PASSWORD=x` (.env).
_HEADER_KEYS = (
    r"authorization|proxy[_-]?authorization|x[_-]?api[_-]?key|api[_-]?key|apikey|secret[_-]?access[_-]?key"
    r"|aws[_-]?secret[_-]?access[_-]?key|aws[_-]?session[_-]?token|session[_-]?token|client[_-]?secret"
    r"|password|passwd|aws[_-]?bearer[_-]?token[_-]?bedrock|x[_-]?amz[_-]?security[_-]?token|private[_-]?key"
)
#: A key that names a credential (exactly, case-insensitive; `max_tokens` is not one),
#: for structured values such as logged request bodies.
_SECRET_KEY = (
    rf"(?i)^(?:{_HEADER_KEYS}|token|access[_-]?token|refresh[_-]?token|id[_-]?token|secret|cookie|credentials?)$"
)

# Each pattern: group 1 is kept, the rest of the match is masked.
_PATTERN_SOURCES = [
    # a header-like key, any quoting; not code that fetches the value (`os.environ["X"]`, `get_key()`)
    (
        rf"(?i)((?<![\w-])(?:{_HEADER_KEYS})[\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?"
        # not an empty value (`api_key=None`, `apiKey: null`: what a Bedrock client is told to pass)
        r"(?![A-Za-z_][\w.]*[(\[])(?!\[REDACTED\])(?!(?:None|null|undefined|nil)(?:[\s)},;\]]|$))[^\s\"',;}\]&)(]{4,}"
    ),
    # a quoted value assigned to something named like a secret: api_key="...", "token": '...'
    (
        r"(?i)((?:secret|password|passwd|token|api[_-]?key|access[_-]?key)[\w-]*[\"']?\s*[:=]\s*[\"'])"
        r"(?!\[REDACTED\])[^\"'\s]{8,}"
    ),
    r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}",
    r"()bedrock-api-key-[A-Za-z0-9+/=_-]{8,}",
    r"()ABSK[A-Za-z0-9+/=]{16,}",
    r"()\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{16,}",
    r"()\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",
    r"(?i)(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s\"']+",
    # the password of URL userinfo: scheme://user:PASSWORD@host
    r"(?i)(\b[a-z][a-z0-9+.-]{0,20}://[^\s/@:\"'<>]{0,200}:)[^\s/@\"'<>]{1,500}(?=@)",
    # credentials in a query string
    (
        r"(?i)([?&;](?:api[_-]?key|key|token|access[_-]?token|auth|password|secret|client[_-]?secret|sig|signature"
        r"|code)=)[^&\s\"'#]{4,}"
    ),
]

#: For each pattern, lowercase words one of which the text must hold for the pattern to
#: be worth running (most text holds none: a minified line is then masked almost free).
_TRIGGERS: list[tuple[str, ...]] = [
    ("auth", "key", "secret", "passw", "token"),
    ("secret", "passw", "token", "key"),
    ("bearer",),
    ("bedrock-api-key-",),
    ("absk",),
    ("sk-",),
    ("akia", "asia"),
    ("x-amz-",),
    ("://",),
    ("=",),
]
assert len(_TRIGGERS) == len(_PATTERN_SOURCES)


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    """The credential-key pattern and the masking patterns, compiled on first use (a run
    that prints no finding never needs them, and compiling them is most of this module's
    import)."""
    return re.compile(_SECRET_KEY), [re.compile(p) for p in _PATTERN_SOURCES]

#: Characters of context masked beyond a cut (longer than any credential we mask).
MARGIN = 4096
#: Secrets handed to us are also masked piecewise: any run of this many of their characters.
PIECE = 8


def _spans(text: str, secrets: tuple[str | None, ...]) -> list[tuple[int, int]]:
    lower = text.lower()
    spans = [
        (m.end(1), m.end())
        for pattern, words in zip(_compiled()[1], _TRIGGERS, strict=True)
        if any(w in lower for w in words)
        for m in pattern.finditer(text)
        if m.end() > m.end(1)
    ]
    for secret in secrets:
        if secret and len(secret) >= 4:
            spans.extend(_secret_spans(text, secret))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _secret_spans(text: str, secret: str) -> list[tuple[int, int]]:
    """Where the secret, or any run of PIECE or more of its characters, occurs."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(secret), text)]
    secret = secret.removeprefix("bedrock-api-key-")  # a public prefix: masking it alone would hide our own name
    if len(secret) < PIECE:
        return spans
    pieces = {secret[i : i + PIECE] for i in range(len(secret) - PIECE + 1)}
    hits = [i for i in range(len(text) - PIECE + 1) if text[i : i + PIECE] in pieces]
    return spans + [(i, i + PIECE) for i in hits]


def _apply(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(MASK)
        last = end
    out.append(text[last:])
    return "".join(out)


def redact(text: str, *secrets: str | None) -> str:
    """The text with every credential-shaped value, and each given secret, masked."""
    return _apply(text, _spans(text, secrets))


def cut(text: str, limit: int, *secrets: str | None) -> str:
    """The first `limit` characters of the masked text (with `…` when cut): masking runs
    on a margin past the cut, so a secret across it is masked whole, not shown in part."""
    masked = redact(text[: limit + MARGIN], *secrets)
    return masked if len(masked) <= limit and len(text) <= limit + MARGIN else masked[: limit - 1] + "…"


def window(text: str, start: int, end: int, width: int = 160, *secrets: str | None) -> str:
    """A masked excerpt of one line, about `width` characters around text[start:end]
    (a finding's columns), with `…` where it was cut: a finding in a 200 KB minified
    line costs a snippet, not the line."""
    if len(text) <= width:
        return redact(text.strip(), *secrets)
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text), start + width))
    lo = max(0, start - max(0, width - (end - start)) // 3)
    hi = min(len(text), max(end, lo + width))
    lo = max(0, min(lo, hi - width))
    if not secrets:  # one line, many findings (a minified bundle): mask the line once
        region_lo, region = 0, text
        spans = list(_line_spans(text))
    else:
        region_lo = max(0, lo - MARGIN)
        region = text[region_lo : hi + MARGIN]
        spans = _spans(region, secrets)
    # widen the window over any mask it cuts through, so no part of a secret shows
    a, b = lo - region_lo, hi - region_lo
    for s, e in spans:
        if s < a < e:
            a = s
        if s < b < e:
            b = e
    inner = [(max(s, a) - a, min(e, b) - a) for s, e in spans if e > a and s < b]
    excerpt = _apply(region[a:b], inner)
    return ("…" if region_lo + a > 0 else "") + excerpt.strip() + ("…" if region_lo + b < len(text) else "")


def marked_window(text: str, start: int, end: int, width: int = 160) -> tuple[str, tuple[int, int] | None]:
    """`window`, and where text[start:end] sits in it: (start, length) for an underline, or
    None when the excerpt does not show it as written (masked, or blank)."""
    excerpt = window(text, start, end, width)
    start = max(0, min(start, len(text)))
    wanted = text[start : max(start, min(end, len(text)))].rstrip()
    if not wanted.strip():
        return excerpt, None
    if len(text) <= width:
        expected = start - (len(text) - len(text.lstrip()))
    else:  # the excerpt starts about a third of the spare width before the span
        lo = max(0, start - max(0, width - (end - start)) // 3)
        expected = start - lo + (1 if excerpt.startswith("…") else 0)
    found, at = [], excerpt.find(wanted)
    while at >= 0:
        found.append(at)
        at = excerpt.find(wanted, at + 1)
    if not found:
        return excerpt, None
    best = min(found, key=lambda i: abs(i - expected))
    return excerpt, (best, len(wanted))


@functools.lru_cache(maxsize=4)
def _line_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_spans(text, ()))


def redact_value(value: Any, *secrets: str | None, depth: int = 0) -> Any:
    """A copy of a JSON-like value with credential-named keys' values masked and every
    string redacted (for logs that record whole request bodies)."""
    if depth > 200:
        return MASK
    if isinstance(value, dict):
        return {
            k: (MASK if isinstance(k, str) and _compiled()[0].match(k) and v not in (None, "") and not isinstance(v, (dict, list))
                else redact_value(v, *secrets, depth=depth + 1))
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, (list, tuple)):
        return [redact_value(v, *secrets, depth=depth + 1) for v in value]
    if isinstance(value, str):
        return redact(value, *secrets)
    return value
