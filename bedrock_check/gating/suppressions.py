"""Inline suppressions: `# bedrock-check: ignore[web-search] reason` (or `//`, `/* */`,
`<!-- -->`) on a finding's line or the line above; on or above the first line of the
call that holds the value; or `ignore-file[...]` anywhere in the file."""

from __future__ import annotations

import re
from dataclasses import field

from bedrock_check.findings import Diagnostic, Suppression
from bedrock_check.quickclass import dataclass
from bedrock_check.redact import cut
from bedrock_check.vocabulary import DiagnosticKind, SuppressionKind, unknown_word

_MARK = re.compile(
    r"(?:#|//|/\*|<!--|--)\s*bedrock-check:\s*(?P<kind>ignore-file|ignore)\b"
    r"(?:\[(?P<ids>[^\]]*)\])?(?P<reason>[^\n]*)"
)
_REASON_TAIL = re.compile(r"(\*/|-->|\\n\"?,?|\"?,?)\s*$")


@dataclass(slots=True)
class Suppressions:
    """The suppression comments of one file."""

    #: line -> (capability ids, or None for every capability; the reason)
    lines: dict[int, tuple[frozenset[str] | None, str]] = field(default_factory=dict)
    #: ids suppressed for the whole file (None inside means every capability)
    file_ids: set[str | None] = field(default_factory=set)
    file_reason: str = ""
    #: Lines whose suppression covered a finding, and whether the file-wide one did.
    used: set[int] = field(default_factory=set)
    file_used: bool = False
    file_line: int = 0

    def unused(self) -> list[int]:
        """Lines of suppressions that covered no finding (ruff's RUF100)."""
        out = [line for line in self.lines if line not in self.used]
        if self.file_ids and not self.file_used:
            out.append(self.file_line)
        return sorted(out)

    def covers(self, capability: str, lines: tuple[int, ...]) -> Suppression | None:
        """The suppression that covers a finding on these lines, or None."""
        if None in self.file_ids or capability in self.file_ids:
            self.file_used = True
            return Suppression(SuppressionKind.IGNORE_FILE, self.file_reason)
        for line in lines:
            entry = self.lines.get(line)
            if entry and (entry[0] is None or capability in entry[0]):
                self.used.add(line)
                return Suppression(SuppressionKind.INLINE, entry[1])
        return None


def parse_suppressions(path: str, text: str, known_ids: frozenset[str]) -> tuple[Suppressions, list[Diagnostic]]:
    """Suppressions of a file, and a diagnostic for each unknown capability id named."""
    result = Suppressions()
    problems: list[Diagnostic] = []
    if "bedrock-check:" not in text:
        return result, problems
    for number, line in enumerate(text.splitlines(), 1):
        m = _MARK.search(line)
        if not m or (m.start() > 0 and line[m.start() - 1] == "`"):
            continue  # none, or one quoted in prose (`# bedrock-check: ignore[...]` in a README)
        ids: frozenset[str] | None = None
        if m.group("ids") is not None:
            # Ids in either spelling: `file_search` is `file-search`.
            names = [x.strip().lower().replace("_", "-") for x in m.group("ids").split(",") if x.strip()]
            for name in (x for x in names if x not in known_ids):
                message = "suppression names an " + unknown_word("capability", name, known_ids)
                problems.append(Diagnostic(path, DiagnosticKind.BAD_SUPPRESSION, message, number, m.start() + 1))
            ids = frozenset(x for x in names if x in known_ids)
            if not ids:
                continue
        # The reason is copied into every report format: never a credential in it.
        reason = cut(_REASON_TAIL.sub("", m.group("reason")).strip(), 300)
        if m.group("kind") == "ignore-file":
            result.file_ids.update(ids if ids is not None else {None})
            result.file_reason = reason
            result.file_line = number
        else:
            result.lines[number] = (ids, reason)
    return result, problems
