"""bedrock-check: find what an OpenAI API workload uses that fails on Amazon Bedrock.

The public Python API (imported lazily, so `import bedrock_check` stays cheap):

- `Checker(config=None, *, matrix=None, model=None, region=None)` (or
  `Checker.from_config(path)`): matrix, target and configuration compiled once, with
  `scan`, `validate` and `check_request` that gate like the command line
- `check_request(body, *, model=None, region=None, matrix=None) -> Report`
- `scan(paths, *, model=None, region=None, matrix=None, ...) -> Report`
- `validate(paths, *, model=None, region=None, matrix=None) -> Report`
- `load_matrix(*override_paths) -> Matrix`
- `guard(client, mode="raise" | "warn" | "record", *, model=None, region=None, ...)`
- `Report` (findings, diagnostics; `.render(format)`, `.exit_code(fail_on)`),
  `BedrockCompatibilityError`, `BedrockCompatibilityWarning`
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BedrockCompatibilityError",
    "BedrockCompatibilityWarning",
    "Checker",
    "Report",
    "__version__",
    "check_request",
    "guard",
    "load_matrix",
    "scan",
    "validate",
]

_LAZY = {
    "BedrockCompatibilityError": "bedrock_check.runtime.guard",
    "BedrockCompatibilityWarning": "bedrock_check.runtime.guard",
    "Checker": "bedrock_check.checker",
    "Report": "bedrock_check.report.model",
    "check_request": "bedrock_check.api",
    "guard": "bedrock_check.runtime.guard",
    "load_matrix": "bedrock_check.matrix",
    "scan": "bedrock_check.api",
    "validate": "bedrock_check.api",
}

if TYPE_CHECKING:  # pragma: no cover
    from bedrock_check.api import check_request, scan, validate
    from bedrock_check.checker import Checker
    from bedrock_check.matrix import load_matrix
    from bedrock_check.report.model import Report
    from bedrock_check.runtime.guard import BedrockCompatibilityError, BedrockCompatibilityWarning, guard


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bedrock_check' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
