"""The project's error types: one base error per stage, each shown as one line (exit 2)."""

from __future__ import annotations


class BedrockCheckError(Exception):
    """Base of every error bedrock-check reports to a user as a one-line message."""


class MatrixError(BedrockCheckError):
    """A capability matrix or override layer that cannot be read or is not valid."""


class ConfigError(BedrockCheckError):
    """A configuration file or option value that is not valid."""


class ProbeError(BedrockCheckError):
    """A live probe that cannot run (credentials, endpoint, network)."""
