"""One documentation section per capability (docs/capabilities.md, generated from the
matrix) and the URL every output points to for it: the SARIF rule's `helpUri`, the
Code Quality issue.

The page ships inside the package (the wheel carries it as
`bedrock_check/docs/capabilities.md`; a checkout has it at `docs/capabilities.md`).
The project has no published documentation site yet, so the URL is only as public as
what the installed distribution declares: a `Documentation` or `Repository` entry in
pyproject's `[project.urls]` makes every link point there; without one (as today) the
link is a `file:` URI to the page that shipped with the installed copy, which is true
on the machine that ran the scan and names no address that does not exist.

Regenerate the page after changing the matrix:
`python -m bedrock_check.report.rules > docs/capabilities.md`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from bedrock_check.matrix import Matrix
from bedrock_check.report.labels import STATUS_LABEL

#: The page's name, in the package (wheel) and in the repository (docs/).
PAGE = "capabilities.md"



@functools.cache
def project_urls() -> dict[str, str]:
    """The installed distribution's `[project.urls]` (label, lowercased -> URL); empty when none."""
    from importlib import metadata

    try:
        entries = metadata.metadata("bedrock-check").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    urls = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            urls[label.strip().lower()] = url.strip()
    return urls


@functools.cache
def docs_page_url() -> str | None:
    """Where the capability page is published (from `[project.urls]`), else None."""
    urls = project_urls()
    if "documentation" in urls:
        return f"{urls['documentation'].rstrip('/')}/{PAGE}"
    for label in ("repository", "source", "source code"):
        if label in urls:
            return f"{urls[label].rstrip('/')}/blob/main/docs/{PAGE}"
    return None


def packaged_page() -> Path | None:
    """The capability page that shipped with this copy: in the wheel, else in the checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "docs" / PAGE, here.parent / "docs" / PAGE):
        if candidate.is_file():
            return candidate
    return None


def public_doc_url(cap_id: str) -> str | None:
    """A public URL of one capability's section, when the project declares one."""
    page = docs_page_url()
    return f"{page}#{cap_id}" if page else None


def rule_doc_url(cap_id: str) -> str | None:
    """The documentation URL of one capability (its heading's anchor is the id itself): the
    public page when declared, else the shipped page as a `file:` URI (None when this copy
    lacks it, rather than an address that leads nowhere)."""
    public = public_doc_url(cap_id)
    if public:
        return public
    page = packaged_page()
    return f"{page.as_uri()}#{cap_id}" if page else None


def render_rule_docs(matrix: Matrix) -> str:
    """docs/capabilities.md: what each capability is, why it matters, what to do instead."""
    out = [
        "# Capabilities bedrock-check checks",
        "",
        "Generated from the capability matrix by `python -m bedrock_check.report.rules`; do not edit by hand.",
        f"Matrix as of {matrix.as_of.isoformat()}. `bedrock-check explain ID` prints the same for your target.",
    ]
    for cap in matrix.capabilities:
        source = matrix.source(cap.source.ref)
        cited = f"[{source.title}]({source.url})" if source and source.url else cap.source.ref
        out += [
            "", f"## {cap.id}", "", f"**{cap.title}** — on Bedrock: {STATUS_LABEL.get(cap.bedrock, cap.bedrock)}"
            + (f" ({cap.condition})" if cap.condition else "") + f"; source: {cited}.",
            "", f"**What it is.** {cap.docs.what}", "", f"**Why it matters.** {cap.docs.why}",
            "", f"**Example.** `{cap.docs.example}`", "", f"**What to do instead.** {cap.remediation}",
        ]  # fmt: skip
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    from bedrock_check.matrix import load_matrix

    sys.stdout.write(render_rule_docs(load_matrix()))
