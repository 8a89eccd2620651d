"""reStructuredText (Sphinx documentation): the code in `.. code-block:: LANG` directives
(also `.. code::` and `.. sourcecode::`), checked by the extractor for its language, with
line numbers in the `.rst` file, as Markdown fences are (`bedrock_check.extract.markdown`).
Prose and literal blocks without a language (`::`) are never a use."""

from __future__ import annotations

import re

from bedrock_check.extract.markdown import LANGUAGES, PLAIN_LANGUAGES, SETTINGS_ONLY, Block

#: A code directive and its language (`.. code-block:: sh`).
_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*([\w+.-]*)[ \t]*$")
#: A directive option line (`:linenos:`, `:caption: Example`).
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")


def rst_blocks(text: str) -> list[Block]:
    """Every code directive with a known language, in file order (its body dedented; `line`
    is the 1-based line of the body's first line, `column` the indentation removed)."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        found = _DIRECTIVE.match(lines[i])
        i += 1
        if found is None:
            continue
        indent, lang = len(found.group(1).expandtabs()), found.group(2).lower()
        kind = LANGUAGES.get(lang)
        while i < len(lines) and _OPTION.match(lines[i]):
            i += 1
        start = i
        body: list[str] = []
        while i < len(lines):
            line = lines[i]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            body.append(line)
            i += 1
        while body and not body[-1].strip():
            body.pop()
        first = next((k for k, line in enumerate(body) if line.strip()), None)
        if first is None or (kind is None and lang not in PLAIN_LANGUAGES):
            continue
        body = body[first:]
        cut = min(len(line) - len(line.lstrip()) for line in body if line.strip())
        code = "\n".join(line[cut:] for line in body) + "\n"
        if kind is None:
            # (`.. code-block:: properties` of `.env` lines, as a Markdown text fence of them is read.)
            if not SETTINGS_ONLY.fullmatch(code):
                continue
            kind = "dotenv"
        blocks.append(Block(kind, code, start + first + 1, cut))
    return blocks


__all__ = ["rst_blocks"]
