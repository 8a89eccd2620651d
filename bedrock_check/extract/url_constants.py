"""The Chat Completions URL held where no call of the file sends to it.

An application often keeps OpenAI's Chat Completions URL as a setting or a constant and sends
to it elsewhere: a settings panel's default (`requestPath: "https://api.openai.com/v1/chat/completions"`,
posted by the plugin's `translate()` in another module), an exported `officialAPIEndpoint`, a
proxy route's target, a connection function's parameter default. The URL is a use where it is
written, as an endpoint path constant is (`joins.path_constants`). Not when the file itself
sends Chat Completions requests (they are reported at the calls, the URL among their inputs),
nor for a URL compared against (`if API_URL != "https://api.openai.com/v1/chat/completions"`),
nor for one the file rewrites into another endpoint's URL (`embed_url = chat_url.replace("chat/completions",
"embeddings")`: the base that URL is derived from, reported where the derived URL is sent),
nor in a documentation snippet (a signature's shown default), nor in a test.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bedrock_check.extract.joins import endpoint_request
from bedrock_check.findings import Observation, Span
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: Documentation files whose snippets show code rather than run it.
_DOCS = (".md", ".mdx", ".markdown", ".qmd", ".rst", ".txt")
#: Comparison operators: a URL on either side is a value tested against, not a setting.
_COMPARE = ("==", "!=")
#: The name a literal is assigned to on its line (`openai_endpoint = "https://..."`, `chatUrl: "..."`).
_HOLDER = re.compile(r"^\s*(?:(?:const|let|var|export)\s+)*(?:self\.|this\.)?([A-Za-z_$][\w$]*)\s*(?::[^=]*)?[:=]")


def held_chat_url(sites: Sites, url: str, span: Span, provider: str | None) -> list[Observation]:
    """A Chat Completions request at a URL literal of OpenAI's (or Azure's) host that no call
    of the file sends to (see the module docstring), else nothing."""
    if provider not in MIGRATING_PROVIDERS or span.line in sites.sent_lines or sites._test_file or sites.sends_chat:
        return []
    if endpoint_for_url(url) != ApiEndpoint.CHAT_COMPLETIONS or sites.m.path.lower().endswith(_DOCS):
        return []
    if _compared(sites.m.src.lines, span) or _rewritten(sites.m.src.text, sites.m.src.lines, span):
        return []
    return [endpoint_request(sites, ApiEndpoint.CHAT_COMPLETIONS, span, provider)]


def _compared(lines: list[str], span: Span) -> bool:
    """Whether the literal at `span` is an operand of `==`/`!=` (`===`/`!==` too)."""
    if not 0 < span.line <= len(lines):
        return False
    text = lines[span.line - 1]
    before = text[: max(span.column - 1, 0)].rstrip()
    after = text[span.end_column - 1 :].lstrip() if span.end_line == span.line else ""
    return before.endswith(_COMPARE) or before.endswith(("===", "!==")) or after.startswith(_COMPARE)


def _rewritten(text: str, lines: list[str], span: Span) -> bool:
    """Whether the name the literal at `span` is assigned to has its Chat Completions path
    replaced in the file (`openai_endpoint.replace("chat/completions", "embeddings")`)."""
    if not 0 < span.line <= len(lines):
        return False
    m = _HOLDER.match(lines[span.line - 1])
    if m is None:
        return False
    name = re.escape(m.group(1))
    return re.search(rf"(?<![\w$]){name}\s*\.\s*replace(?:All)?\(\s*['\"`]/?(?:v1/)?chat/completions", text) is not None


__all__ = ["held_chat_url"]
