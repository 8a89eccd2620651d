"""Redaction of credentials in anything bedrock-check prints or writes.

Used by the probe and the model listing for every message and verbose line, and by
reports for snippets: `Authorization` headers, bearer tokens, Bedrock API keys, AWS
access keys and secrets, OpenAI keys, and any exact secret value we were handed.
"""

from __future__ import annotations

import re

MASK = "[REDACTED]"

_PATTERNS = [
    re.compile(r"(?i)(authorization\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;\"'}]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"()bedrock-api-key-[A-Za-z0-9+/=_-]{8,}"),
    re.compile(r"()ABSK[A-Za-z0-9+/=]{16,}"),
    re.compile(r"()\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{16,}"),
    re.compile(r"()\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    re.compile(r"(?i)(aws_secret_access_key\s*[:=]\s*[\"']?)[A-Za-z0-9/+=]{40}"),
    re.compile(r"(?i)(aws_session_token\s*[:=]\s*[\"']?)[A-Za-z0-9/+=]{40,}"),
    re.compile(r"(?i)(AWS_BEARER_TOKEN_BEDROCK\s*[:=]\s*[\"']?)[^\s\"']+"),
    re.compile(r"(?i)(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s\"']+"),
    # a quoted value assigned to something named like a secret: api_key="...", token: '...'
    re.compile(
        r"(?i)((?:secret|password|passwd|token|api[_-]?key|access[_-]?key)[\w-]*[\"']?\s*[:=]\s*[\"'])[^\"'\s]{8,}"
    ),
    re.compile(r"(?i)([?&](?:api[_-]?key|key|token|access_token|sig|signature)=)[^&\s\"']{8,}"),
]


def redact(text: str, *secrets: str | None) -> str:
    """The text with every credential-shaped value, and each given secret, masked."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text
