"""Module-level lists of model ids whose entries the application sends.

A list of models is a model setting when its entries reach a request, not because of its
shape. An application that rotates or validates models keeps them in lists and hands a
list to its own code (bilingual_book_maker's `GPT4_MODEL_LIST` given as `set(...)` to
`_set_models`, which tries each model with a request and cycles the rest into `model=`).
A picker's options, a `choices=` list, a membership test (`if model not in SUPPORTED_MODELS`)
and a table given to a library (`st.selectbox("Model", MODELS)`) never send an entry.

So a list counts when its name says it holds models (`*_MODEL_LIST`, `*_MODELS`), it is
written at module level in a file that makes OpenAI requests (not a test), and the file
hands it, as written or through `set`/`list`/`tuple`/`sorted`/`cycle`, to a function or
method the file itself defines. Each OpenAI model id in it is reported where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Arr, Attr, Call, Expr, Lit, Ref
from bedrock_check.findings import Observation
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A name that says it holds several models (`GPT4_MODEL_LIST`, `CHAT_MODELS`, `model_ids`).
_LIST_NAME = re.compile(r"(?i)(?:^|_)(?:models|model_?(?:list|ids|names))$")
#: Calls that pass a list's entries on unchanged.
_WRAPPERS = frozenset({"set", "list", "tuple", "sorted", "frozenset", "cycle", "iter", "Set", "Array.from"})


def sent_model_lists(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id of a module-level model list the file
    hands to its own code (see the module docstring)."""
    m = sites.m
    lists = {name: b.raw for (scope, name), bindings in m.bindings.items() if scope == 0 and _LIST_NAME.search(name)
             and len(bindings) == 1 for b in bindings if b.kind == "assign" and b.raw is not None}  # fmt: skip
    if not lists or sites.file_vendor is not None or sites._test_file or not sites.sends_openai:
        return
    own = _own_functions(m)
    handed: set[str] = set()
    for site in m.calls:
        text = "\n".join(m.src.lines[site.span.line - 1 : site.span.end_line])
        if not any(name in text for name in lists):
            continue  # (the cheap test first: the list's name is not in the call)
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or _callee(call.func) not in own:
            continue
        for arg in (*call.args, *(v for _, v in call.kwargs)):
            name = _list_name(arg)
            if name in lists:
                handed.add(name)
    for name in sorted(handed):
        e = m.lower(lists[name], 0)
        if not isinstance(e, Arr):
            continue
        for item in e.items:
            if not isinstance(item, Lit) or not isinstance(item.value, str):
                continue
            mid, vendor = sites.cat.read_model(item.value)
            if vendor in MIGRATING_PROVIDERS and not sites.in_foreign(item.span):
                yield from sites.more_models([(mid, item.span)], item.span, vendor)


def _own_functions(m: object) -> frozenset[str]:
    """The names of the functions and methods a file defines."""
    names: set[str] = set()
    for bindings in getattr(m, "bindings", {}).values():
        names.update(b.func.name for b in bindings if b.kind == "func" and b.func is not None)
    for info in getattr(m, "classes", {}).values():
        names.update(info.methods)
    return frozenset(names)


def _callee(func: Expr) -> str | None:
    """The name a call calls: `helper(...)`, `self.helper(...)`, `this.helper(...)`."""
    if isinstance(func, Ref):
        return func.name
    if isinstance(func, Attr) and isinstance(func.obj, Ref) and func.obj.name in ("self", "this", "cls"):
        return func.name
    return None


def _list_name(arg: Expr) -> str | None:
    """The name of a list handed as an argument, as written or through a wrapper that keeps
    its entries (`set(MODELS)`, `cycle(MODELS)`)."""
    while isinstance(arg, Call) and isinstance(arg.func, Ref) and arg.func.name in _WRAPPERS and len(arg.args) == 1:
        arg = arg.args[0]
    return arg.name if isinstance(arg, Ref) else None


__all__ = ["sent_model_lists"]
