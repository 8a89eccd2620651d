"""bedrock-check: find what an OpenAI API workload uses that fails on Amazon Bedrock."""

from __future__ import annotations

__version__ = "0.1.0"
