"""Single-file components (Vue `.vue`, Svelte `.svelte`): the code of their `<script>` blocks.

A component keeps its logic in `<script>` / `<script setup lang="ts">` beside markup and styles.
The script reader is given the file with everything outside those blocks blanked (every
character but line breaks turned into a space), so each finding keeps the line and column it has
in the component, and the markup is never read as code.
"""

from __future__ import annotations

import re

#: A script block's opening tag and its content, up to the closing tag (`<script setup lang="ts">`).
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
#: The suffixes of single-file components.
COMPONENTS = (".vue", ".svelte")


def script_text(text: str) -> str:
    """The component with all but its script blocks' content blanked, line for line."""
    out: list[str] = []
    at = 0
    for m in _SCRIPT.finditer(text):
        out.append(_NOT_NEWLINE.sub(" ", text[at : m.start(1)]))
        out.append(m.group(1))
        at = m.end(1)
    out.append(_NOT_NEWLINE.sub(" ", text[at:]))
    return "".join(out)


def source_text(path: str, text: str) -> str:
    """What the script reader reads of a file: a component's script, any other file whole."""
    return script_text(text) if path.endswith(COMPONENTS) else text


__all__ = ["COMPONENTS", "script_text", "source_text"]
