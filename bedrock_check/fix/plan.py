"""From findings to edits: which findings `fix` can resolve, and the exact change for each.

A finding is fixable when its capability has a rule in `RULES` and the file is of a
kind `fix` edits. Everything else is listed with its remediation and left as it is.
The plan is computed from the files as read now; `apply_plan` writes a file only if it
still has the content the plan was made from.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path, PurePosixPath

from bedrock_check.findings import Finding
from bedrock_check.fix.clients import client_renames
from bedrock_check.fix.textedit import Edit, EditError, replace_literal, unified_diff
from bedrock_check.quickclass import dataclass

#: Which files `fix` edits, by suffix, and with which editor. Notebooks and docs are
#: left out: a notebook's cells are JSON strings, and a doc snippet is not the code.
EDITABLE: dict[str, str] = {
    ".py": "python", ".pyi": "python",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
    ".json": "data", ".jsonl": "data", ".yaml": "data", ".yml": "data",
}  # fmt: skip

#: Capability -> the edit that resolves it. `replace` needs a replacement value, which the
#: finding's `fix` data supplies (the Bedrock model id); `remove-entry` drops the key.
RULES: dict[str, str] = {
    "model-id": "replace",
    "service-tiers": "remove-entry",
    "migrate-client": "client",
    "migrate-settings": "setting",
}


@dataclass(frozen=True, slots=True)
class FixTarget:
    """What the new values are derived from: the target's Region and endpoint, and the
    matrix's Bedrock id for an OpenAI model id (None where Bedrock does not offer it)."""

    region: str
    endpoint: str
    bedrock_model: Callable[[str], str | None]
    #: The ecosystems (`pypi`, `npm`) whose SDK offers a client form for the endpoint at the
    #: as-of date (the matrix's `migration.clients`): the runtime form only from 2026-08-17.
    client_forms: frozenset[str] = frozenset({"pypi", "npm"})


def read_source(path: str) -> str:
    """A file's text exactly as stored: line endings are kept, so an edit changes only
    the characters it means to."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def file_kind(path: str) -> str | None:
    """The editor for a file, or None when `fix` leaves that kind of file alone."""
    name = Path(path).name
    if name == ".env" or name.startswith(".env."):
        return "dotenv"
    return EDITABLE.get(Path(path).suffix.lower())


@dataclass(slots=True)
class FilePlan:
    """The edits planned for one file and the text they produce."""

    path: str
    kind: str
    before: str
    digest: str
    edits: list[Edit] = field(default_factory=list)
    after: str | None = None
    error: str | None = None

    def diff(self) -> str:
        """The unified diff of this file's edits ("" when nothing changes)."""
        return unified_diff(self.path, self.before, self.after) if self.after and self.after != self.before else ""


@dataclass(slots=True)
class FixPlan:
    """What `fix` would do: per-file edits, and the findings it leaves to a person."""

    files: list[FilePlan]
    left: list[tuple[Finding, str]]

    @property
    def fixed(self) -> list[Edit]:
        """The edits that will be made (files whose edits all applied cleanly)."""
        return [e for f in self.files if f.error is None and f.after is not None for e in f.edits]


def digest(text: str) -> str:
    """A content hash, to tell a file that changed since the plan was made."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _edit(finding: Finding, kind: str, target: FixTarget) -> Edit | None:
    rule = RULES.get(finding.capability)
    code = kind in ("python", "javascript", "typescript", "tsx")
    expect = text = ""
    if rule == "replace":
        try:
            value = json.loads(finding.value)
        except ValueError:
            return None
        new = target.bedrock_model(value) if isinstance(value, str) else None
        if not new:
            return None
        expect, text = value, new
    elif rule == "remove-entry":
        if not code:
            return None
    elif rule == "client":
        # The rewrite writes the client form of the target's endpoint (`BedrockOpenAI` on
        # Mantle, the provider form with `endpoint="runtime"` on the runtime) when the SDK
        # offers one at the as-of date; Azure clients are left to a person.
        short = finding.value.rpartition(".")[2]
        if not code or (short not in client_renames() and short != "default"):
            return None
        if ("pypi" if kind == "python" else "npm") not in target.client_forms:
            return None
        text = target.region
    elif rule == "setting":
        if kind != "dotenv":
            return None
    else:
        return None
    return Edit(
        path=finding.path, kind=rule, line=finding.line, column=finding.column, end_line=finding.end_line,  # type: ignore[arg-type]  # rule is one of the Edit kinds, chosen above from a fixed table
        end_column=finding.end_column, text=text, expect=expect, capability=finding.capability,
        fingerprint=finding.fingerprint, title=finding.title, endpoint=target.endpoint,
    )  # fmt: skip


def fixable(findings: Iterable[Finding], target: FixTarget) -> list[Finding]:
    """The active findings `fix` has an edit for (without reading any file: whether the
    edit then applies cleanly is only known when it is made)."""
    pairs = []
    for finding in findings:
        kind = file_kind(finding.path)
        edit = _edit(finding, kind, target) if finding.suppressed is None and kind else None
        if edit is not None:
            pairs.append((finding, edit))
    unbacked = _unbacked_settings(pairs)
    return [finding for finding, edit in pairs if id(edit) not in unbacked]


#: Why a `.env` setting is left when no client of its folder is moved (see `_unbacked_settings`).
_UNBACKED = ("no OpenAI client under this file's folder is moved to Bedrock by `fix`, so the code still reads "
             "this setting: change the client first (by hand where `fix` cannot), then the setting")  # fmt: skip


def _unbacked_settings(pairs: list[tuple[Finding, Edit]]) -> set[int]:
    """The ids of the `.env` setting edits whose folder holds no client the same fix moves
    to Bedrock. `OPENAI_API_KEY` becomes `AWS_BEARER_TOKEN_BEDROCK` for the Bedrock client
    `fix` writes; code it leaves as it is (an AI SDK provider, a LangChain model) still
    reads `OPENAI_API_KEY` and would be left without a key."""
    clients = [PurePosixPath(finding.path.replace("\\", "/")) for finding, edit in pairs if edit.kind == "client"]
    unbacked: set[int] = set()
    for finding, edit in pairs:
        if edit.kind != "setting":
            continue
        folder = PurePosixPath(finding.path.replace("\\", "/")).parent
        if not any(folder == PurePosixPath(".") or client.is_relative_to(folder) for client in clients):
            unbacked.add(id(edit))
    return unbacked


@dataclass(frozen=True, slots=True)
class TextChange:
    """One finding's fix as a single replacement: the region of the file as it is now
    (1-based lines and columns, end exclusive) and the text that takes its place."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    description: str


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def single_changes(findings: Iterable[Finding], target: FixTarget,
                   read: Callable[[str], str]) -> dict[str, TextChange]:  # fmt: skip
    """Each fixable finding's edit on its own, as the smallest region of the file that
    changes (what SARIF `fixes` carry), keyed by fingerprint. Edits that do not apply
    cleanly are left out."""
    out: dict[str, TextChange] = {}
    texts: dict[str, str | None] = {}
    for finding in fixable(findings, target):
        if finding.path not in texts:
            try:
                texts[finding.path] = read(finding.path)
            except (OSError, UnicodeDecodeError):
                texts[finding.path] = None
        before = texts[finding.path]
        kind = file_kind(finding.path)
        edit = _edit(finding, kind or "data", target)
        if before is None or edit is None or kind is None:
            continue
        after, failed = _apply(kind, before, [edit], target)
        if failed or after == before or parse_problem(kind, after) is not None:
            continue
        start = 0
        limit = min(len(before), len(after))
        while start < limit and before[start] == after[start]:
            start += 1
        end = 0
        while end < limit - start and before[len(before) - 1 - end] == after[len(after) - 1 - end]:
            end += 1
        line, column = _position(before, start)
        end_line, end_column = _position(before, len(before) - end)
        out[finding.fingerprint] = TextChange(
            line, column, end_line, end_column, after[start : len(after) - end], _DESCRIBE[edit.kind]
        )
    return out


_DESCRIBE = {
    "replace": "Use the Bedrock model id",
    "remove-entry": "Remove the setting Bedrock does not take",
    "client": "Construct the Bedrock client",
    "setting": "Replace the OpenAI setting with its Bedrock counterpart",
}


def _apply(kind: str, text: str, edits: list[Edit], target: FixTarget) -> tuple[str, list[tuple[Edit, str]]]:
    """Apply a file's edits one at a time from the last position to the first, so each
    edit's span is still where the scan saw it; imports go in last, once. An edit that
    cannot be made exactly is skipped and returned with the reason; the others stand."""
    code = kind in ("python", "javascript", "typescript", "tsx")
    failed: list[tuple[Edit, str]] = []
    done: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        try:
            text = _apply_one(kind, code, text, edit, target)
        except EditError as exc:
            failed.append((edit, str(exc)))
        else:
            done.append(edit)
    if any(e.kind == "client" for e in done):
        if kind == "python":
            from bedrock_check.fix.pyedit import import_bedrock_client

            text = import_bedrock_client(text, target.endpoint)
        else:
            from bedrock_check.fix.jsedit import import_bedrock_client as import_js

            text = import_js(text, kind, target.endpoint)
    return text, failed


def _apply_one(kind: str, code: bool, text: str, edit: Edit, target: FixTarget) -> str:
    if edit.kind == "replace":
        return replace_literal(text, [edit])
    if edit.kind == "setting":
        from bedrock_check.fix.dotenv import setting_edit

        return setting_edit(text, edit, target.region, target.endpoint)
    if not code:
        raise EditError(f"{edit.path}:{edit.line}: {edit.kind} edits need Python or JavaScript")
    if kind == "python":
        from bedrock_check.fix.pyedit import edit_python

        return edit_python(text, edit)
    from bedrock_check.fix.jsedit import edit_javascript

    return edit_javascript(text, kind, edit)


def parse_problem(kind: str, text: str) -> str | None:
    """Why the edited text does not parse, or None when it does. Parsing only: the
    edited code is never compiled to bytecode or run."""
    if kind == "python":
        try:
            ast.parse(text)
        except SyntaxError as exc:
            return f"the edited file would not parse ({exc.msg})"
    elif kind in ("javascript", "typescript", "tsx"):
        from bedrock_check.fix.jsedit import has_syntax_error

        if has_syntax_error(text.encode("utf-8"), kind):
            return "the edited file would not parse"
    return None


def _other_client_class(value: str) -> bool:
    """Whether a client construction's class is one `fix` does not rewrite (an Azure OpenAI client)."""
    short = value.rpartition(".")[2]
    return short not in client_renames() and short != "default"


def plan_fixes(findings: Iterable[Finding], target: FixTarget, read: Callable[[str], str]) -> FixPlan:
    """Plan the edits for `findings` on `target`; `read(path)` gives a file's current
    text. Suppressed findings are neither fixed nor listed."""
    by_file: dict[str, list[Edit]] = {}
    by_edit: dict[int, Finding] = {}
    left: list[tuple[Finding, str]] = []
    for finding in findings:
        if finding.suppressed:
            continue
        kind = file_kind(finding.path)
        edit = _edit(finding, kind, target) if kind else None
        if edit is None:
            if finding.capability not in RULES:
                why = ""
            elif kind is None:
                why = "fix does not edit this kind of file (notebooks and docs are left to you)"
            elif finding.capability == "migrate-client" and ("pypi" if kind == "python" else "npm") not in target.client_forms:
                why = f"the SDK has no Bedrock client for the {target.endpoint} endpoint at the as-of date"
            elif finding.capability == "migrate-client" and _other_client_class(finding.value):
                # (`AzureOpenAI(azure_endpoint=..., api_version=...)`: its deployment, endpoint and
                # version have no Bedrock counterpart to write mechanically.)
                why = (f"`{finding.value.rpartition('.')[2]}` is not the plain OpenAI client: construct the Bedrock "
                       "client the finding names by hand")  # fmt: skip
            else:
                why = "no safe edit here (for example: Bedrock does not serve this model on the target's endpoint at its date)"
            left.append((finding, why))
            continue
        by_file.setdefault(finding.path, []).append(edit)
        by_edit[id(edit)] = finding
    unbacked = _unbacked_settings([(by_edit[id(e)], e) for edits in by_file.values() for e in edits])
    for edit_id in unbacked:
        finding = by_edit.pop(edit_id)
        by_file[finding.path] = [e for e in by_file[finding.path] if id(e) != edit_id]
        left.append((finding, _UNBACKED))
    by_file = {path: edits for path, edits in by_file.items() if edits}
    files: list[FilePlan] = []
    for path, edits in sorted(by_file.items()):
        kind = file_kind(path) or "data"
        try:
            before = read(path)
        except (OSError, UnicodeDecodeError) as exc:
            files.append(FilePlan(path, kind, "", "", edits, None, f"cannot read: {exc}"))
            continue
        after, failed = _apply(kind, before, edits, target)
        for edit, why in failed:
            left.append((by_edit[id(edit)], why))
        plan = FilePlan(path, kind, before, digest(before), [e for e in edits if all(e is not f for f, _ in failed)])
        plan.error = parse_problem(kind, after)
        plan.after = after if plan.error is None else None
        files.append(plan)
    return FixPlan(files, left)
