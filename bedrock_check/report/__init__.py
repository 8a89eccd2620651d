"""The report: everything one run found, and the renderers that format it.

Renderers only format; they never decide. Each lives in its own module and is
registered in RENDERERS by format name.
"""

from __future__ import annotations

from collections.abc import Callable

from bedrock_check.report.model import Report

Renderer = Callable[..., str]


#: Format name -> (module, function). Imported lazily: a run pays only for what it renders.
_RENDERERS = {
    "text": ("bedrock_check.report.text", "render_text"),
    "json": ("bedrock_check.report.json_format", "render_json"),
    "sarif": ("bedrock_check.report.sarif", "render_sarif"),
    "junit": ("bedrock_check.report.junit", "render_junit"),
    "github": ("bedrock_check.report.github", "render_github"),
    "gitlab": ("bedrock_check.report.gitlab", "render_gitlab"),
    "markdown": ("bedrock_check.report.markdown", "render_markdown"),
    "html": ("bedrock_check.report.html", "render_html"),
}
FORMATS = tuple(_RENDERERS)


def renderer(fmt: str) -> Renderer:
    """The renderer for a format name (KeyError when unknown)."""
    import importlib

    module, name = _RENDERERS[fmt]
    return getattr(importlib.import_module(module), name)


__all__ = ["FORMATS", "Report", "renderer"]
