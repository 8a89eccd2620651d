"""`--debug`: the `bedrock_check` logger at DEBUG level on stderr (tracebacks of failures
that became diagnostics), in this process and in scan's worker processes."""

from __future__ import annotations

import logging
import os
import sys


class _DebugHandler(logging.StreamHandler):  # type: ignore[type-arg, unused-ignore]  # generic in typeshed only: mypy versions disagree
    """The handler `--debug` adds (told apart from a host application's own handlers)."""


def debug_logging() -> None:
    """Send the `bedrock_check` logger's DEBUG records to stderr, and tell worker processes to."""
    os.environ["BEDROCK_CHECK_DEBUG"] = "1"
    logger = logging.getLogger("bedrock_check")
    for old in [h for h in logger.handlers if isinstance(h, _DebugHandler)]:
        logger.removeHandler(old)  # one handler, on the stderr of now
    handler = _DebugHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("bedrock-check: debug: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
