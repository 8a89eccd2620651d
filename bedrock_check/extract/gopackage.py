"""Go's package scope: the files of one folder share their top-level names without imports.

A Go file calls a function another file of its package declares (`callOpenAI(client, prompt,
model)` in `questions.go`, declared in `openai.go`; a test's `setupOpenAITestServer()`). The
front end records such a name as imported from `PACKAGE` (see `gofront`), and `package_file`
finds the sibling file that declares it, so the resolver follows it as it follows an import.
A `_test.go` file sees the package's other files; the package's other files never see its tests.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

#: The module an unbound top-level name of a Go file is recorded as imported from.
PACKAGE = "<go-package>"

#: A top-level declaration: `func name(`, `func name[T any](`, `var name`, `const name`, `type name`.
_DECLARED = re.compile(rb"(?m)^(?:func[ \t]+([A-Za-z_]\w*)[ \t]*[(\[]|(?:var|const|type)[ \t]+([A-Za-z_]\w*)\b)")
#: Files of a folder read for their declarations, and bytes read of each.
_MAX_FILES = 200
_MAX_BYTES = 512 * 1024


@lru_cache(maxsize=64)
def _declarations(folder: str) -> dict[str, tuple[str, ...]]:
    """Top-level name -> the `.go` files of a folder that declare it."""
    found: dict[str, list[str]] = {}
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".go"))[:_MAX_FILES]
    except OSError:
        return {}
    for name in names:
        path = os.path.join(folder, name)
        if os.path.islink(path):
            continue  # (a link may lead out of the scanned tree: discovery never follows one either)
        try:
            with open(path, "rb") as fh:
                data = fh.read(_MAX_BYTES)
        except OSError:
            continue
        for m in _DECLARED.finditer(data):
            word = (m.group(1) or m.group(2)).decode("ascii", "replace")
            found.setdefault(word, []).append(path)
    return {k: tuple(v) for k, v in found.items()}


def package_file(origin: str, name: str) -> str | None:
    """The file of `origin`'s package (its folder) that declares the top-level `name`, or None."""
    folder = os.path.dirname(os.path.abspath(origin))
    here = os.path.abspath(origin)
    test = here.endswith("_test.go")
    for path in _declarations(folder).get(name, ()):
        if path != here and (test or not path.endswith("_test.go")):
            return path
    return None
