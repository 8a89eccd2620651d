"""Markdown and MDX: the code in fenced blocks, checked by the extractor for its language,
with line numbers in the Markdown file. Prose is never a use."""

from __future__ import annotations

import re

from bedrock_check.extract.common import Extracted

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")

#: Fence info word -> the kind of extractor that reads it.
LANGUAGES = {
    "python": "python", "py": "python", "python3": "python", "ipython": "python",
    "js": "javascript", "javascript": "javascript", "jsx": "javascript", "mjs": "javascript", "node": "javascript",
    "ts": "typescript", "typescript": "typescript", "tsx": "tsx",
    "json": "json", "jsonc": "json", "json5": "json", "jsonl": "jsonl",
    "yaml": "yaml", "yml": "yaml",
    "bash": "shell", "sh": "shell", "shell": "shell", "console": "shell", "zsh": "shell", "curl": "shell",
}  # fmt: skip


def fenced_blocks(text: str) -> list[tuple[str, int, str]]:
    """(language kind, first code line, code) for each fenced block with a known language."""
    blocks: list[tuple[str, int, str]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip().split(" ")[0].strip("{}.").lower()
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].lstrip().startswith(fence):
            j += 1
        kind = LANGUAGES.get(info)
        if kind:
            blocks.append((kind, start + 1, "\n".join(lines[start:j])))
        i = j + 1
    return blocks


def extract_markdown(path: str, text: str, dispatch) -> Extracted:
    """Run `dispatch(kind, path, padded_code)` on each block. The code is padded with
    blank lines so that positions inside it are positions in the Markdown file."""
    result = Extracted()
    for kind, first_line, code in fenced_blocks(text):
        if kind == "shell":
            # Console transcripts: drop the prompt so `$ curl ...` reads as a command.
            code = "\n".join(re.sub(r"^\$ ", "  ", line) for line in code.split("\n"))
        result.extend(dispatch(kind, path, "\n" * (first_line - 1) + code))
    return result
