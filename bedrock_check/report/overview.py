"""What a reader who is not going to open the code wants from a report: headlines in one
unit each, findings grouped by component and folded when identical, where the work is,
and what could not be read kept apart from the headline.

Pure functions over a Report; the HTML and Markdown renderers only lay them out.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import field

from bedrock_check.findings import Diagnostic, Finding
from bedrock_check.quickclass import dataclass
from bedrock_check.report.labels import COMPONENTS, capability_order, plural, worst_severity
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import DIAGNOSTIC_GROUPS, DiagnosticGroup, DiagnosticKind

#: The path conventions that place a file in a component (report.labels has their order and names).
_DIRS = {
    "tests": {"test", "tests", "testing", "__tests__", "spec", "specs", "e2e", "fixtures", "__mocks__"},
    "docs": {"doc", "docs", "documentation", "website", "site", "i18n", "locales", "translations"},
    "examples": {"example", "examples", "sample", "samples", "demo", "demos", "cookbook", "cookbooks",
                 "tutorial", "tutorials", "notebooks", "playground", "quickstart", "quickstarts"},
}  # fmt: skip
_FILES = {
    "tests": ("test_*", "*_test.*", "*.test.*", "*.spec.*", "*.vitest.*", "conftest.py"),
    "docs": ("*.md", "*.mdx", "*.markdown", "*.rst"),
    "examples": ("example_*", "*_example.*"),
}
#: Diagnostic kinds about a snippet inside documentation rather than a file.
SNIPPET_KINDS = frozenset(k for k, g in DIAGNOSTIC_GROUPS.items() if g is DiagnosticGroup.SNIPPET)
#: Diagnostic kinds about suppression comments: the file was read and checked.
SUPPRESSION_KINDS = frozenset(k for k, g in DIAGNOSTIC_GROUPS.items() if g is DiagnosticGroup.SUPPRESSION)
_DOC_SUFFIXES = (".md", ".mdx", ".markdown", ".qmd")


def component_of(path: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """The component a path belongs to: the first matching `(component, glob)` rule given
    by the user, else the path conventions (tests, docs, examples), else product code."""
    clean = path.replace("\\", "/").removeprefix("./")
    for name, pattern in rules:
        if fnmatch.fnmatch(clean, pattern) or fnmatch.fnmatch(clean, pattern.rstrip("/") + "/*"):
            return name
    parts = clean.lower().split("/")
    for name in ("tests", "examples", "docs"):
        if any(p in _DIRS[name] for p in parts[:-1]):
            return name
    base = parts[-1]
    for name in ("tests", "docs", "examples"):
        if any(fnmatch.fnmatch(base, pattern) for pattern in _FILES[name]):
            return name
    return "product"


@dataclass(frozen=True)
class Folded:
    """Identical findings (same capability, value and code) shown once with their places."""

    first: Finding
    places: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.places)


@dataclass
class Overview:
    """The numbers and groups a readable report is laid out from."""

    #: Capabilities the workload uses, per readiness group (works / check / blocked).
    capabilities: dict[str, int]
    #: Places (active findings) per severity, and files with at least one.
    places: int
    errors: int
    warnings: int
    notes: int
    files_with_findings: int
    #: Whether any OpenAI API use was recognised at all.
    recognised: bool
    #: component -> capability -> folded findings (capabilities in the reports' capability order).
    by_component: dict[str, dict[str, list[Folded]]]
    #: Places per component, in reading order.
    component_places: dict[str, int]
    #: The component the "where the work is" lists cover (product code when it has findings).
    work_component: str | None
    #: (path, places) of the files and folders with most findings.
    top_files: list[tuple[str, int]]
    top_folders: list[tuple[str, int]]
    snippet_problems: list[Diagnostic] = field(default_factory=list)
    unreadable: list[Diagnostic] = field(default_factory=list)
    suppression_notes: list[Diagnostic] = field(default_factory=list)
    #: Values in the code not followed to their end (their keys were not checked).
    not_followed: list[Diagnostic] = field(default_factory=list)


def _place(f: Finding) -> str:
    return f"{f.path}:{f.line}" if f.line else f.path


def diagnostic_group(d: Diagnostic) -> DiagnosticGroup:
    """The group a report lists a diagnostic under (a parse error in a document is a
    snippet that did not parse, not a file that could not be read)."""
    if d.kind is DiagnosticKind.PARSE_ERROR and d.path.lower().endswith(_DOC_SUFFIXES):
        return DiagnosticGroup.SNIPPET
    return DIAGNOSTIC_GROUPS.get(d.kind, DiagnosticGroup.UNREADABLE)


def diagnostic_counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics each group holds (every group named, in the vocabulary's order)."""
    counts = Counter(diagnostic_group(d) for d in diagnostics)
    return {g.value: counts[g] for g in DiagnosticGroup}


def is_snippet_problem(d: Diagnostic) -> bool:
    """A documentation snippet that did not parse (not a file that could not be read)."""
    return diagnostic_group(d) is DiagnosticGroup.SNIPPET


def _worst(caps: dict[str, dict[tuple[str, str, str], list[Finding]]]) -> dict[str, str]:
    return {cap: worst_severity(key[0] for key in groups) for cap, groups in caps.items()}


def overview(report: Report, components: tuple[tuple[str, str], ...] = (), top: int = 10) -> Overview:
    """The overview of a report (`components`: user rules `(component, glob)`, first match wins)."""
    active = [f for f in report.sorted_findings() if f.suppressed is None]
    readiness = report.readiness()
    folds: dict[str, dict[str, dict[tuple[str, str, str], list[Finding]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for f in active:
        key = (f.severity, f.value, " ".join(f.snippet.split()))
        folds[component_of(f.path, components)][f.capability][key].append(f)
    order = [*COMPONENTS, *sorted({c for c, _ in components} - set(COMPONENTS))]
    by_component = {
        comp: {cap: [Folded(items[0], tuple(_place(x) for x in items)) for items in folds[comp][cap].values()]
               for cap in capability_order(report.matrix, _worst(folds[comp]))}
        for comp in order if comp in folds
    }  # fmt: skip
    component_places = {c: sum(i.count for items in caps.values() for i in items) for c, caps in by_component.items()}
    work = "product" if component_places.get("product") else None
    per_file = Counter(
        f.path for f in active
        if not f.on_target and (work is None or component_of(f.path, components) == work)
    )  # fmt: skip
    per_folder = Counter(posixpath.dirname(p.removeprefix("./")) or "." for p in per_file.elements())
    diagnostics = list(report.diagnostics)
    return Overview(
        capabilities={g: len(rows) for g, rows in readiness.items()},
        places=len(active),
        errors=sum(f.severity == "error" for f in active),
        warnings=sum(f.severity == "warning" for f in active),
        notes=sum(f.severity == "note" for f in active),
        files_with_findings=len({f.path for f in active if not f.on_target}),
        recognised=bool(report.uses or report.findings),
        by_component=by_component,
        component_places=component_places,
        work_component=work,
        top_files=per_file.most_common(top),
        top_folders=per_folder.most_common(top),
        snippet_problems=[d for d in diagnostics if diagnostic_group(d) is DiagnosticGroup.SNIPPET],
        unreadable=[d for d in diagnostics if diagnostic_group(d) is DiagnosticGroup.UNREADABLE],
        suppression_notes=[d for d in diagnostics if diagnostic_group(d) is DiagnosticGroup.SUPPRESSION],
        not_followed=[d for d in diagnostics if diagnostic_group(d) is DiagnosticGroup.NOT_FOLLOWED],
    )


@dataclass(frozen=True)
class DiagnosticSection:
    """One group of diagnostics as the readable reports list it, apart from the findings."""

    anchor: str
    summary: str
    items: list[Diagnostic]
    #: Whether a place shows its line (a file that could not be read is named alone).
    with_line: bool = True
    #: Whether each item names its diagnostic kind.
    with_kind: bool = False

    def place(self, d: Diagnostic) -> str:
        """Where a diagnostic is, as this section shows it."""
        return f"{d.path}:{d.line}" if self.with_line and d.line else d.path


def diagnostic_sections(ov: Overview) -> list[DiagnosticSection]:
    """The non-empty diagnostic groups in the order the HTML and Markdown reports list them."""
    sections = [
        DiagnosticSection("snippets", f"{plural(len(ov.snippet_problems), 'documentation snippet')} did not parse "
                          "(not checked)", ov.snippet_problems),
        DiagnosticSection("suppressions", f"{plural(len(ov.suppression_notes), 'suppression')} to fix",
                          ov.suppression_notes),
        DiagnosticSection("could-not-follow", f"{plural(len(ov.not_followed), 'value')} could not be followed to its end "
                          "(that key not checked)", ov.not_followed),
        DiagnosticSection("unreadable", f"{plural(len(ov.unreadable), 'file')} could not be read", ov.unreadable,
                          with_line=False, with_kind=True),
    ]  # fmt: skip
    return [s for s in sections if s.items]
