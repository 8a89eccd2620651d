"""Python source -> observations: `ast` front-end, shared resolver, catalogue questions.

The scanned code is parsed, never imported or run. `pyfront` turns the syntax tree
into the shared call-site form; `sites` asks the catalogue what every call means and
the resolver what every argument is. A syntax error becomes a diagnostic.
"""

from __future__ import annotations

import ast
import sys
from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Diagnostic
from bedrock_check.prefilter import FIELD_STORES, RETURNED
from bedrock_check.vocabulary import DiagnosticKind

#: Words whose presence makes a Python file worth parsing (besides the matrix's own tokens).
TOKENS = (
    "responses.",
    "completions.",
    "bind_tools",
    "ModelSettings",
    "BedrockOpenAI",
    "wss://",
    "from agents",
    "import agents",
    "MODEL",
    "-model",
    "BaseSettings",
    # A model id given to the app's own helper (`get_llm(model="gpt-4o")`, imported from a
    # module of the tree): weak, so only beside a model id or another sign of OpenAI.
    "model=",
    # A settings dict handed to the app's own function (`Solver({"model": "gpt-4o", ...})`): weak.
    '"model":',
    "'model':",
    # A model id held in a class field or a variable (weak: see prefilter.FIELD_STORES).
    *FIELD_STORES,
    # A model id a getter returns or falls back to (weak: see prefilter.RETURNED).
    *RETURNED,
)


def parse_python(path: str, text: str) -> tuple[Any, Diagnostic | None]:
    """The syntax tree, or the diagnostic that says why there is none."""
    if "\0" in text:
        text = text.replace("\0", " ")  # (a stray NUL in a string literal: `ast` refuses the whole file)
    try:
        return ast.parse(text, filename=path), None
    except SyntaxError as exc:
        if sys.version_info < (3, 12):
            newer = _newer_syntax(path, text)
            if newer is not None:
                return newer, None
        hint = " (Python 2 code?)" if exc.msg and ("print" in exc.msg or "Missing parentheses" in exc.msg) else ""
        return None, Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"Python syntax error: {exc.msg}{hint}", exc.lineno, exc.offset)
    except (RecursionError, MemoryError, ValueError) as exc:
        return None, Diagnostic(path, DiagnosticKind.TOO_DEEP, f"cannot parse: {type(exc).__name__}")


def _newer_syntax(path: str, text: str) -> Any:
    """The tree of code that only fails for its Python 3.12 syntax (f-strings, type
    parameters and `type` statements: each rewritten at the same lines and columns), or None."""
    from bedrock_check.extract.fstrings import older_fstrings
    from bedrock_check.extract.typeparams import older_type_params

    rewritten = older_fstrings(text)
    params = older_type_params(rewritten if rewritten is not None else text)
    for candidate in (rewritten, params):
        if candidate is None:
            continue
        try:
            return ast.parse(candidate, filename=path)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            continue
    return None


def extract_python(path: str, text: str, *, context: str | None = None, project: Any = None,
                   origin: str | None = None) -> Extracted:  # fmt: skip
    """Observations from Python source; a syntax error becomes a diagnostic. With a
    `project` and the file's `origin` on disk, imports of the scanned tree are followed."""
    from bedrock_check.extract.pyfront import python_model
    from bedrock_check.extract.sites import observe

    result = Extracted()
    # A module an earlier file imported is parsed already (a notebook cell or a docs block never is).
    known = project.scanned(path, origin, text, "python") if project is not None and context is None else None
    if known is not None:
        return observe(known, project, context, "Python code")
    tree, problem = parse_python(path, text)
    if problem is not None:
        result.diagnostics.append(problem)
        return result
    try:
        model = python_model(path, text, tree)
    except RecursionError:
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.TOO_DEEP, "Python code nested too deeply to check"))
        return result
    model.origin = origin
    return observe(model, project, context, "Python code")
