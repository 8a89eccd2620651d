"""`.env` files: endpoint URLs (realtime and WebSocket ones) and the AWS Region."""

from __future__ import annotations

import re

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import CodeObservation, Span

_LINE = re.compile(r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*?)\s*$")
_REGION_KEYS = {"AWS_REGION", "AWS_DEFAULT_REGION", "BEDROCK_REGION", "AWS_BEDROCK_REGION"}


def extract_dotenv(path: str, text: str) -> Extracted:
    """URL-valued settings become string observations; Region settings, region observations."""
    result = Extracted()
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        key, raw = m.group("key"), m.group("value")
        # A quoted value ends at its closing quote; an unquoted one at a comment.
        quoted = raw[:1] in ("'", '"')
        value = raw[1:].split(raw[0], 1)[0] if quoted else re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        if not value:
            continue
        col = line.find(value) + 1
        span = Span(number, col, number, col + len(value))
        if key in _REGION_KEYS:
            result.observations.append(CodeObservation(path, "region", value, span, module=key, snippet=line.strip()))
        elif "://" in value:
            result.observations.append(CodeObservation(path, "string", value, span, snippet=line.strip()))
    return result
