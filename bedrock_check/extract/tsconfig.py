"""Import path aliases a TypeScript project declares (`compilerOptions.paths` of its
`tsconfig.json` or `jsconfig.json`): `import { MODELS } from "~app/consts"` with
`"~*": ["./src/*"]`, `"@components/*": ["src/components/*"]`. Applications import their
settings and constants through them, so a value imported that way is followed like a
relative import.

The file is read as data only (JSON with the comments and trailing commas tsconfig
allows); a file that cannot be read declares no alias.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

#: (prefix, suffix, target patterns as absolute paths with one `*` or none)
Alias = tuple[str, str, tuple[str, ...]]

#: Config files larger than this are not read (a tsconfig is a few hundred bytes).
_MAX_BYTES = 256 * 1024
#: `/* ... */` comments, `//` comments at the start of a line or after a space, and a comma
#: before a closing bracket (each outside strings, near enough for a tsconfig).
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(^|\s)//[^\n]*")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def read_aliases(folder: str) -> list[Alias]:
    """The path aliases the `tsconfig.json` (or `jsconfig.json`) in `folder` declares,
    longest prefix first; none when there is no such file or it cannot be read."""
    for name in ("tsconfig.json", "jsconfig.json"):
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read(_MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        return _aliases(folder, text)
    return []


def _aliases(folder: str, text: str) -> list[Alias]:
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = json.loads(_TRAILING_COMMA.sub(r"\1", _LINE_COMMENT.sub(r"\1", _BLOCK_COMMENT.sub("", text))))
        except (ValueError, RecursionError):
            return []
    except RecursionError:
        return []
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("paths"), dict):
        return []
    paths: dict[Any, Any] = options["paths"]
    base = options["baseUrl"] if isinstance(options.get("baseUrl"), str) else "."
    root = os.path.normpath(os.path.join(folder, base))
    found: list[Alias] = []
    for pattern, targets in paths.items():
        if not isinstance(pattern, str) or pattern.count("*") > 1 or not isinstance(targets, list):
            continue
        prefix, _, suffix = pattern.partition("*")
        resolved = tuple(os.path.normpath(os.path.join(root, t)) for t in targets
                         if isinstance(t, str) and t.count("*") == pattern.count("*"))  # fmt: skip
        if resolved and (prefix or suffix):
            found.append((prefix, suffix if "*" in pattern else "\0", resolved))
    return sorted(found, key=lambda a: -len(a[0]))


def aliased(module: str, aliases: list[Alias]) -> list[str]:
    """The paths (without extension) an import of `module` may name through `aliases`."""
    for prefix, suffix, targets in aliases:
        if suffix == "\0":  # an exact alias (`"config": ["src/config.ts"]`)
            if module == prefix:
                return list(targets)
            continue
        if module.startswith(prefix) and module.endswith(suffix) and len(module) >= len(prefix) + len(suffix):
            middle = module[len(prefix) : len(module) - len(suffix)]
            return [t.replace("*", middle) for t in targets]
    return []


__all__ = ["Alias", "aliased", "read_aliases"]
