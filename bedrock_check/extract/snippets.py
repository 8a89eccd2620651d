"""Imports shared by the snippets of one document: Markdown code blocks, notebook cells.

A documentation page imports a library once (`import dspy`, `from crewai import LLM`)
and uses it in every later block, sometimes in a block above the import; a notebook's
cells share one namespace. Each snippet is extracted on its own, so a name it uses
without importing would stay unknown and its call unrecognised. `with_imports` appends
to a snippet the document's import lines that bind names it does not import itself. Imports are hoisted in JS modules, and the Python front-end reads
imports wherever they are written, so appending them moves no line of the snippet.
Only single-line imports are pooled: they are what documentation writes.
"""

from __future__ import annotations

import re

from bedrock_check.quickclass import dataclass

_PY_IMPORT = re.compile(
    r"^(?:from[ \t]+(?P<module>[\w.]+)[ \t]+import[ \t]+(?P<names>[\w, \t]+?)"
    r"|import[ \t]+(?P<mods>[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*))"
    r"[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
_JS_IMPORT = re.compile(
    r"""^import[ \t]+(?:type[ \t]+)?(?P<clause>[^'";]+?)[ \t]+from[ \t]+(?P<q>['"])[^'"\n]+(?P=q)[ \t]*;?[ \t]*$""",
    re.MULTILINE,
)
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


@dataclass(frozen=True, slots=True)
class ImportLine:
    """One import statement as written, and the local names it binds."""

    text: str
    names: frozenset[str]


def _python_names(m: re.Match[str]) -> set[str]:
    if m.group("module"):
        names = set()
        for part in m.group("names").split(","):
            words = part.split()
            if words:
                names.add(words[-1])
        return names
    names = set()
    for part in m.group("mods").split(","):
        words = part.split()
        if words:
            names.add(words[-1] if len(words) == 3 else words[0].split(".")[0])
    return names


def _js_names(clause: str) -> set[str]:
    names = set()
    inner = re.search(r"\{([^}]*)\}", clause)
    if inner:
        for part in inner.group(1).split(","):
            words = part.split()
            if words and words[-1] != "type":
                names.add(words[-1])
        clause = clause.replace(inner.group(0), "")
    star = re.search(r"\*\s*as\s+([\w$]+)", clause)
    if star:
        names.add(star.group(1))
        clause = clause.replace(star.group(0), "")
    names.update(w for w in _WORD.findall(clause) if w != "type")
    return names


def imports_of(code: str, lang: str) -> list[ImportLine]:
    """The single-line, unindented import statements of a snippet (`lang`: python or javascript)."""
    if lang == "python":
        return [ImportLine(m.group(0).split("#")[0].strip(), frozenset(_python_names(m))) for m in _PY_IMPORT.finditer(code)]
    return [ImportLine(m.group(0).strip(), frozenset(_js_names(m.group("clause")))) for m in _JS_IMPORT.finditer(code)]


def pool(codes: list[str], lang: str) -> list[ImportLine]:
    """The import lines of every snippet of one document, once each, and the host
    framework's imports a plugin's documentation leaves out (see `_host_imports`)."""
    seen: dict[str, ImportLine] = {}
    for code in codes:
        for imp in imports_of(code, lang):
            seen.setdefault(imp.text, imp)
    pooled = list(seen.values())
    return pooled + _host_imports(pooled) if lang == "python" and pooled else pooled


_MODULE = re.compile(r"^(?:from|import)[ \t]+([\w.]+)")


def _host_imports(pooled: list[ImportLine]) -> list[ImportLine]:
    """Imports of a host framework's classes for a document that imports one of its plugin
    packages and uses those classes without importing them: a crewAI tool's README imports
    the tool (`from crewai_tools import QdrantVectorSearchTool`) and hands it to
    `Agent(llm="gpt-4o-mini", tools=[tool])`, the `Agent` of `crewai` (the catalogue's
    `plugin_hosts`). A name the document binds itself keeps its own import."""
    roots = {m.group(1).split(".")[0] for imp in pooled if (m := _MODULE.match(imp.text))}
    from bedrock_check.catalogue import shipped_catalogue

    hosts = shipped_catalogue().frameworks.plugin_hosts
    if not roots & set(hosts):
        return []
    bound = {n for imp in pooled for n in imp.names}
    added: list[ImportLine] = []
    for root in sorted(roots & set(hosts)):
        for module, names in hosts[root].items():
            free = [n for n in names if n not in bound]
            if free:
                bound.update(free)
                added.append(ImportLine(f"from {module} import {', '.join(free)}", frozenset(free)))
    return added


def with_imports(code: str, pooled: list[ImportLine], lang: str) -> str:
    """`code` with the document's other imports appended (those binding a name the code
    does not import itself). All of them, not only the names the code uses: which SDKs
    the document imports says which provider its unattributed calls go to (a notebook
    that imports only `anthropic` sends `client.messages.batches.create` to Anthropic)."""
    if not pooled:
        return code
    own = {n for imp in imports_of(code, lang) for n in imp.names}
    needed = [imp.text for imp in pooled if not imp.names & own]
    if not needed:
        return code
    return code.rstrip("\n") + "\n" + "\n".join(needed) + "\n"


__all__ = ["ImportLine", "imports_of", "pool", "with_imports"]
