"""Framework functions called through a wrapper that is given the function by name.

An application binds a library's request function once and calls the result everywhere:
`self._completion = partial(litellm_completion, model=self.config.model, ...)` (with
`from litellm import completion as litellm_completion`), `await asyncio.to_thread(completion,
model=..., messages=...)`. The wrapper's other arguments are the request's options, so the
call is the request, reported where the function is handed over. (A method reference written
as an attribute, `partial(client.chat.completions.create, ...)`, is the call-site layer's
`_referenced`; this module reads the bare imported name.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Call, CallSite, FileModel, Obj, Ref
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import Observation

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


#: An import statement's line (the imported name is not used there).
_IMPORT = re.compile(r"^\s*(?:from\s|import\s|const\s.*=\s*require\(|import\{)")


@functools.lru_cache(maxsize=4)
def _request_functions(cat: Any) -> frozenset[str]:
    """The last names of the catalogue's functions that make a request (`completion`, `embedding`)."""
    return frozenset(n.rsplit(".", 1)[-1] for n, spec in cat.constructors.items()
                     if spec.endpoint not in (None, "unknown"))  # fmt: skip


def handed_lines(m: FileModel, names: Iterable[str], followers: str = "(") -> set[int]:
    """The lines where one of `names` is written without being called there (handed over by
    name: `partial(completion, ...)`, `LightRAG(llm_model_func=gpt_4o_mini_complete)`), other than
    import lines. A name followed by one of `followers` is used, not handed over."""
    used = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + rf")\b(?!\s*[{re.escape(followers)}])")
    return {n for n, line in enumerate(m.src.lines, 1) if used.search(line) and not _IMPORT.match(line)}


def wrapped_calls(sites: Sites) -> Iterator[Observation]:
    """The catalogue framework call each wrapper call of this file makes with a function it
    is given by name (see the module docstring)."""
    m = sites.m
    if sites.file_vendor is not None:
        return
    names = _request_functions(sites.cat)
    # Only a name bound by an import can be a library's function (cheap test first).
    imported = {local for local, imp in m.imports.items() if imp.name in names or local in names}
    if not imported:
        return
    lines = handed_lines(m, imported)  # (`partial(completion, ...)`)
    if not lines:
        return
    for site, call in sites.calls_on(lines):
        if not call.args:
            continue
        for i, arg in enumerate(call.args):
            if not isinstance(arg, Ref) or arg.name not in imported:
                continue
            rest = (*call.args[:i], *call.args[i + 1 :])
            if not call.kwargs and not any(isinstance(a, Obj) for a in rest):
                continue  # `map(completion, items)`: no request options handed over
            value = sites.r.value(arg)
            spec = sites.cat.constructors.get(value.dotted) if isinstance(value, Sym) and not value.call else None
            if spec is None or spec.endpoint in (None, "unknown"):
                continue  # only a function that makes a request (not a model object or a config)
            synthetic = Call(arg, rest, call.kwargs, call.span)
            there = CallSite(site.raw, site.scope, site.span, (arg.name,), site.func_raw)
            assert isinstance(value, Sym)
            yield sites._code("call", value.dotted, site.span)
            yield from sites._framework(there, synthetic, spec)
            break


__all__ = ["handed_lines", "wrapped_calls"]
