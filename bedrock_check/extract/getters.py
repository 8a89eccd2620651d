"""Model ids a function named for the model setting returns.

Applications read their model through a getter or a settings parser of their own, and the
getter's fallback is the model they send when nobody chose one: aicommits' config parser
`model(model?: string) { if (!model) return "gpt-3.5-turbo"; return model }`, a
`get_model()` that returns `settings.model or "gpt-4o"`, `getDefaultModel()`.

A function counts when its name says it is the model setting (the `.env` rule on the name:
`model`, `getModel`, `get_default_model`, `embeddingModel`; not a tokenizer's or another
vendor's), in a file that is an OpenAI workload or a settings module (`config.ts`,
`settings.py`), and not a test. Each OpenAI model id it returns as written (also as the
fallback of `x or "gpt-4o"`, `x ?? "gpt-4o"`, either side of a conditional) is reported
where it is written. A function named for a price, a cost or a token count is a table's
look-up, not a setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Alt, Expr, FuncInfo, Lit
from bedrock_check.findings import Observation

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A module that holds an application's settings, in any language (`config.ts`, `settings.py`).
SETTINGS_MODULE = re.compile(r"(?:^|/)(?:\w+[_-])?(?:config|configs|settings|conf|configuration|defaults?|constants?)"
                             r"(?:[_-]\w+)?\.(?:py|[cm]?[jt]sx?)$")  # fmt: skip


def returned_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id a model getter of the file returns."""
    from bedrock_check.extract.defaults import _look_up_scopes, _model_key
    from bedrock_check.extract.deployment_keys import camel_words
    from bedrock_check.extract.vendor_scope import elsewhere_module

    m = sites.m
    getters = [f for name, f in _functions(m) if f.returns and _model_key(camel_words(name))]
    if not getters or sites.file_vendor is not None or sites._test_file:
        return
    # (The file itself: a module that only imports an OpenAI one may serve another product,
    # the ChatGPT web app's `getModelName()`.)
    if (not (SETTINGS_MODULE.search(m.path.replace("\\", "/")) or sites.sends_openai or sites._talks_to_openai())
            or elsewhere_module(sites)):  # fmt: skip
        return
    skipped = _look_up_scopes(sites)
    for func in getters:
        if func.scope in skipped:
            continue
        for raw in func.returns:
            for e in _written(m.lower(raw, func.scope)):
                if not isinstance(e.value, str) or sites.in_foreign(e.span):
                    continue
                mid, vendor = sites.cat.read_model(e.value)
                if vendor == "openai":
                    yield from sites.more_models([(mid, e.span)], e.span, vendor)


def _functions(m: Any) -> list[tuple[str, FuncInfo]]:
    """The functions and methods a file defines, by the name they are bound to (an
    object-literal method, `const getModel = () => ...`)."""
    found = [(name, b.func) for (_, name), bindings in m.bindings.items() for b in bindings
             if b.kind == "func" and b.func is not None]  # fmt: skip
    found.extend(item for info in m.classes.values() for item in info.methods.items())
    return found


def _written(e: Expr) -> list[Lit]:
    """The literals an expression returns as written: itself, or the options of a
    fallback or a conditional."""
    if isinstance(e, Lit):
        return [e]
    if isinstance(e, Alt):
        return [o for o in e.options if isinstance(o, Lit)]
    return []


__all__ = ["SETTINGS_MODULE", "returned_models"]
