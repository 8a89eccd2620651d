"""The project's error types: one base error per stage, each shown as one line (exit 2)."""

from __future__ import annotations

from typing import Any

#: The validation errors that say a key is not one the record takes.
UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")


class BedrockCheckError(Exception):
    """Base of every error bedrock-check reports to a user as a one-line message."""


class MatrixError(BedrockCheckError):
    """A capability matrix or override layer that cannot be read or is not valid."""


class ConfigError(BedrockCheckError):
    """A configuration file or option value that is not valid."""


class ProbeError(BedrockCheckError):
    """A live probe that cannot run (credentials, endpoint, network)."""


def telling_error(exc: Any) -> dict[str, Any]:
    """The validation error of a file to show first (`exc`: pydantic's `ValidationError`): a
    misspelt key is both a key the record does not take and, for a required field, that field
    missing; the key as written is what the author needs named."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] in UNKNOWN_KEY), errors[0])
