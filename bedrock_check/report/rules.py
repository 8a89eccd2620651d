"""One documentation section per capability (docs/capabilities.md, generated from the
matrix) and the URL every output points to for it: the SARIF rule's `helpUri`, the
Code Quality issue, the text report's "read more" line.

Regenerate the page after changing the matrix:
`python -m bedrock_check.report.rules > docs/capabilities.md`.
"""

from __future__ import annotations

from bedrock_check.matrix import Matrix

#: Where the generated page is published; the one place to change if the project moves.
DOCS_URL = "https://github.com/bedrock-check/bedrock-check/blob/main/docs/capabilities.md"

_STATUS = {"available": "works", "conditional": "works with a condition", "not_available": "fails",
           "unverified": "not verified"}  # fmt: skip


def rule_doc_url(cap_id: str) -> str:
    """The documentation URL of one capability (its heading's anchor is the id itself)."""
    return f"{DOCS_URL}#{cap_id}"


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
            "", f"## {cap.id}", "", f"**{cap.title}** — on Bedrock: {_STATUS.get(cap.bedrock, cap.bedrock)}"
            + (f" ({cap.condition})" if cap.condition else "") + f"; source: {cited}.",
            "", f"**What it is.** {cap.docs.what}", "", f"**Why it matters.** {cap.docs.why}",
            "", f"**Example.** `{cap.docs.example}`", "", f"**What to do instead.** {cap.remediation}",
        ]  # fmt: skip
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    from bedrock_check.matrix import load_matrix

    sys.stdout.write(render_rule_docs(load_matrix()))
