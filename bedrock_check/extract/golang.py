"""Go source -> observations: the tree-sitter-go front end, then the same resolver and
catalogue questions as for Python and JS/TS (`sites`).

A Go file is worth parsing only when it imports one of the OpenAI Go SDKs or names the API's
host (`TOKENS`: the prefilter's words). A Go code block of a Markdown page is often a fragment
(statements without `package` or `func main`); `go_snippet` wraps it on its first line, so its
line numbers stay the block's, with the page's SDK imports when it imports none itself.
"""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Diagnostic
from bedrock_check.vocabulary import DiagnosticKind

#: The prefilter's words: an import of a Go package of `go.yaml`'s modules (any version:
#: `.../openai-go/v3`), or the API's host (an OpenAI or Azure OpenAI URL called through
#: `net/http`). Written out so that no catalogue is loaded to filter files; a test checks
#: that every module of `go.yaml` is here.
TOKENS = (
    '"github.com/sashabaranov/go-openai',
    '"github.com/sashabaranov/go-gpt3',
    '"github.com/openai/openai-go',
    '"github.com/tmc/langchaingo/llms/openai',
    "api.openai.com",
    ".openai.azure.com",
)

_PACKAGE = re.compile(r"(?m)^[ \t]*package[ \t]+\w+")
_TOP_DECL = re.compile(r"(?m)^(?:func|type|import|var|const)\b")
#: One import spec as documentation writes it: `openai "github.com/..."` or `"github.com/..."`,
#: alone on its line, inside `import (...)` or after `import`.
_IMPORT_SPEC = re.compile(r'(?m)^[ \t]*(?:import[ \t]+)?((?:[A-Za-z_]\w*[ \t]+)?"[^"\n]+")[ \t]*$')


def go_imports(code: str) -> list[str]:
    """The import specs a Go snippet writes (`openai "github.com/sashabaranov/go-openai"`)."""
    return [m.group(1) for m in _IMPORT_SPEC.finditer(code)]


def go_snippet(code: str, imports: list[str]) -> tuple[str, int]:
    """A Go code block as a file: as written when it declares its package; else with
    `package main` (and, for statements, `func main() {`) put before its first line, with the
    page's `imports` when it has none of its own. Returns the code and how many columns the
    first line gained (its spans are moved back)."""
    if _PACKAGE.search(code):
        return code, 0
    own = go_imports(code)
    head = "package main; "
    if imports and not own:
        head += "import (" + "; ".join(imports) + "); "
    if not _TOP_DECL.search(code):
        head += "func main() { "
        code = code.rstrip("\n") + "\n}\n"
    return head + code, len(head)


def extract_go(path: str, text: str, *, project: Any = None, origin: str | None = None,
               first_column: int = 0) -> Extracted:  # fmt: skip
    """Observations from Go source. A file tree-sitter cannot parse cleanly still yields what
    it can; with nothing to show, it is a diagnostic."""
    from bedrock_check.extract.gofront import go_model
    from bedrock_check.extract.sites import observe

    model = go_model(path, text, first_column)
    if model.has_error and not model.calls:
        return Extracted(diagnostics=[Diagnostic(path, DiagnosticKind.PARSE_ERROR, "go syntax error")])
    model.origin = origin
    return observe(model, project, None, "Go code")
