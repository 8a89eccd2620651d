"""Rendering a probe run: a table of what the matrix says next to what was observed."""

from __future__ import annotations

import io
import json

from bedrock_check.live.plans import ProbeRun


def render_probe(run: ProbeRun, fmt: str, *, color: bool = False) -> str:
    """The run as text (a table and a summary) or JSON."""
    tokens_in, tokens_out = run.usage()
    summary = (
        f"{run.requests} requests sent to {run.endpoint} ({run.target.endpoint} endpoint, {run.auth or 'bearer token'}) "
        f"for {run.target.model} in {run.target.region}, matrix as of {run.target.as_of}; "
        f"tokens used: {tokens_in} in, {tokens_out} out; {len(run.disagreements)} disagree with the matrix"
    )
    if fmt == "json":
        return json.dumps({
            "target": {"model": run.target.model, "region": run.target.region, "endpoint": run.target.endpoint,
                       "as_of": str(run.target.as_of)},
            "endpoint": run.endpoint, "auth": run.auth,
            "requests": run.requests, "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out},
            "results": [r.to_dict() for r in run.results], "disagreements": len(run.disagreements),
        }, indent=2) + "\n"  # fmt: skip
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=140, highlight=False)
    table = Table(title="Matrix versus the live service")
    for col in ("capability", "matrix", "expected", "observed", "HTTP", "detail"):
        table.add_column(col)
    for r in run.results:
        observed = f"[red]{r.observed} ✗[/]" if r.disagrees else r.observed
        table.add_row(
            r.capability,
            r.status,
            r.expect,
            observed,
            str(r.http_status or ""),
            (r.error_type or "") + (" " if r.error_type else "") + r.message,
        )
    console.print(table)
    console.print(summary)
    return buf.getvalue()
