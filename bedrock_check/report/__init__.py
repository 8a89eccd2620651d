"""The report: everything one run found, and the renderers that format it.

Renderers only format; they never decide. Each lives in its own module and is
registered in RENDERERS by format name.
"""

from __future__ import annotations

from collections.abc import Callable

from bedrock_check.report.model import Report

Renderer = Callable[..., str]


def renderers() -> dict[str, Renderer]:
    """Format name -> renderer. Imported lazily so a run pays only for the format it uses."""
    from bedrock_check.report.json_format import render_json
    from bedrock_check.report.text import render_text

    return {"text": render_text, "json": render_json}


FORMATS = ("text", "json")

__all__ = ["FORMATS", "Report", "renderers"]
