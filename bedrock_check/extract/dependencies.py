"""Package manifests and lock files: the `openai` SDK (and the AI SDK's OpenAI provider) a
workload pins or installs.

requirements*.txt / *.in, pyproject.toml (PEP 621 and Poetry), poetry.lock and uv.lock
(pypi); package.json and package-lock.json (npm). Each `openai` entry becomes one
`dependency` observation: value the package name, attrs its version requirement and
ecosystem (`@ai-sdk/openai` likewise). Unreadable files give one diagnostic, never a traceback."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import CodeObservation, Diagnostic, Span
from bedrock_check.vocabulary import DiagnosticKind

if TYPE_CHECKING:
    from bedrock_check.findings import Finding

#: The packages whose version decides which Bedrock client a workload can construct (`openai`),
#: or which API a framework's model object calls (`@ai-sdk/openai`): every package the matrix's
#: `migration.clients` and `migration.api_defaults` name (a test holds the two together).
PACKAGES = frozenset({"openai", "@ai-sdk/openai"})
#: Lock files and the manifest beside them that declares what they lock (what a user edits).
LOCK_MANIFESTS = {"package-lock.json": "package.json", "poetry.lock": "pyproject.toml", "uv.lock": "pyproject.toml"}
_REQ = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>[^;#]*)")


#: The sections of a package.json that list what the package installs.
NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")

def _obs(path: str, line_no: int, line: str, name: str, spec: str, ecosystem: str) -> CodeObservation:
    col = max(line.find(name), 0) + 1
    return CodeObservation(path, "dependency", name, Span(line_no, col, line_no, col + len(name)), snippet=line.strip(),
                           attrs=(("version", spec.strip()), ("ecosystem", ecosystem)))  # fmt: skip


def _line_of(text: str, needle: str) -> tuple[int, str]:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i, line
    return 1, ""


def _toml(text: str) -> dict[str, Any]:
    from bedrock_check.extract.toml_config import parse_toml

    return parse_toml(text)


def _requirements(path: str, text: str, out: Extracted) -> None:
    for i, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("#", "-")):
            continue
        m = _REQ.match(line)
        if m and m.group("name").lower() in PACKAGES:
            out.observations.append(_obs(path, i, line, m.group("name"), m.group("spec"), "pypi"))


def _pyproject(path: str, text: str, out: Extracted) -> None:
    data = _toml(text)
    project = data.get("project") or {}
    for req in [*project.get("dependencies", []),
                *(d for group in (project.get("optional-dependencies") or {}).values() for d in group)]:  # fmt: skip
        m = _REQ.match(str(req))
        if m and m.group("name").lower() in PACKAGES:
            n, line = _line_of(text, str(req))
            out.observations.append(_obs(path, n, line, m.group("name"), m.group("spec"), "pypi"))
    poetry = ((data.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    for name, spec in poetry.items():
        if name.lower() in PACKAGES:
            version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
            n, line = _line_of(text, name)
            out.observations.append(_obs(path, n, line, name, version, "pypi"))


def _python_lock(path: str, text: str, out: Extracted) -> None:
    for package in _toml(text).get("package", []):
        if isinstance(package, dict) and str(package.get("name", "")).lower() in PACKAGES:
            n, line = _line_of(text, f'name = "{package["name"]}"')
            out.observations.append(_obs(path, n, line, package["name"], f"=={package.get('version', '')}", "pypi"))


def _package_json(path: str, text: str, out: Extracted, lock: bool) -> None:
    data = json.loads(text)
    if not isinstance(data, dict):
        return
    if lock:
        packages = data.get("packages") or {}
        root = packages.get("")
        for name in PACKAGES:
            if isinstance(root, dict) and not any(name in (root.get(f) or {}) for f in NPM_SECTIONS):
                # Only another package needs it (`@openai/agents-realtime` brings its own
                # `openai`): raising it is that package's upgrade, not an edit of this project.
                continue
            entry = packages.get(f"node_modules/{name}") or (data.get("dependencies") or {}).get(name)
            if isinstance(entry, dict) and entry.get("version"):
                n, line = _line_of(text, f'"node_modules/{name}"')
                out.observations.append(_obs(path, n, line, name, str(entry["version"]), "npm"))
        return
    for field in NPM_SECTIONS:
        deps = data.get(field) or {}
        if not isinstance(deps, dict):
            continue
        for name in PACKAGES:
            if isinstance(deps.get(name), str):
                n, line = _line_of(text, f'"{name}"')
                out.observations.append(_obs(path, n, line, name, deps[name], "npm"))


def extract_dependencies(path: str, text: str) -> Extracted:
    """The `openai` pins of one manifest or lock file."""
    out = Extracted()
    base = path.replace("\\", "/").rpartition("/")[2]
    try:
        if base == "pyproject.toml":
            _pyproject(path, text, out)
        elif base in ("poetry.lock", "uv.lock"):
            _python_lock(path, text, out)
        elif base in ("package.json", "package-lock.json"):
            _package_json(path, text, out, lock=base == "package-lock.json")
        else:
            _requirements(path, text, out)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # tomllib/json errors are ValueErrors
        out.diagnostics.append(Diagnostic(path=path, kind=DiagnosticKind.PARSE_ERROR, message=f"cannot read {base}: {exc}", line=1, column=1))
    return out


def at_declarations(findings: list[Finding], capability: str) -> list[Finding]:
    """One finding per pin, where the user edits it: a lock file's `capability` finding is
    left out when the manifest beside it has one for the same package (raising the
    manifest's requirement and re-locking fixes both). A lock file alone keeps its own."""
    declared = {(f.path, f.value) for f in findings if f.capability == capability}

    def manifest_has_it(f: Finding) -> bool:
        base = f.path.replace("\\", "/").rpartition("/")[2]
        manifest = LOCK_MANIFESTS.get(base)
        return manifest is not None and (f.path[: len(f.path) - len(base)] + manifest, f.value) in declared

    return [f for f in findings if f.capability != capability or not manifest_has_it(f)]


def pins_of_a_workload(findings: list[Finding], capability: str, requests: int, other_calls: int) -> list[Finding]:
    """The `capability` findings (an `openai` pin too old for the Bedrock client) only where
    the scan found something to migrate: when every call it saw goes to another provider
    (the `openai` SDK given Together's or Groq's base URL) and nothing else was found, the
    SDK drives no OpenAI workload and raising its pin moves nothing to Bedrock. With no call
    seen at all the pin stays: the workload may sit where the scan cannot follow it."""
    if requests or not other_calls or any(f.capability != capability for f in findings):
        return findings
    return []


#: Manifests that mark the root of a project of their own (a requirements file may sit apart
#: from the code it installs for: `requirements/base.txt`).
_PROJECT_ROOTS = frozenset({"pyproject.toml", "uv.lock", "poetry.lock", "package.json", "package-lock.json"})


def pins_near_the_workload(findings: list[Finding], capability: str, reached: set[str]) -> list[Finding]:
    """The `capability` findings of a project of its own (a `pyproject.toml`, `uv.lock` or
    `package.json` below the scanned root) only when a file of that project has a request or a
    finding to migrate, once the scan has found the workload somewhere: a course repository of
    nine small projects on Gemini and one on OpenAI raises the pin of that one. (A root
    manifest, a requirements file, and every pin when nothing was reached, stay.)"""
    if not reached:
        return findings

    def kept(f: Finding) -> bool:
        path = f.path.replace("\\", "/")
        folder, _, base = path.rpartition("/")
        if f.capability != capability or not folder or base not in _PROJECT_ROOTS:
            return True
        return any(p.replace("\\", "/").startswith(folder + "/") for p in reached)

    return [f for f in findings if kept(f)]
