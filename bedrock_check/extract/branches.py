"""The URLs a raw HTTP call's URL argument can be, branch by branch.

Applications that talk to several vendors by hand pick the URL in branches and send it from
one call: `let apiUrl = ''`, then `apiUrl = 'https://api.openai.com/v1/chat/completions'` when
the user chose OpenAI and another vendor's URL in the other branches; `new URL(reverse_proxy ||
API_OPENAI)` joined to `/chat/completions` or `/completions`. The resolver follows one value;
here every assignment of the name and every option of a conditional or fallback is a URL
the call may send to, so a call whose URL is OpenAI's in one branch is a request to OpenAI.
Bounded: a few assignments, options and joins deep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Add, Alt, Attr, Call, Index, Lit, Obj, Ref

if TYPE_CHECKING:
    from bedrock_check.extract.sites.base import SiteBase

#: Methods that hand back the URL they are called on (`new URL(x).toString()`, `base.rstrip("/")`).
_SAME = frozenset({"toString", "trim", "strip", "rstrip", "href"})
_MAX = 16
_MAX_DEPTH = 8


def branch_urls(sites: SiteBase, expr: Any, tables: list[str] | None = None) -> list[str]:
    """The full URLs (`scheme://...`) a URL expression can be, with `{}` for a part not known.
    `tables`, when given, gets the URLs read from the rows of a table another module holds,
    picked at run time (`model_info[name]["endpoint"]` of the app's model registry): the modules
    of every vendor read it, so the row sent is not shown by the table."""
    return [u for u in _options(sites, expr, 0, tables) if "://" in u][:_MAX]


def _options(sites: SiteBase, expr: Any, depth: int, tables: list[str] | None = None) -> list[str]:
    if depth > _MAX_DEPTH:
        return []
    if isinstance(expr, (Index, Attr)):
        rows, shared = _row_fields(sites, expr, depth)
        if rows:
            if tables is not None and shared:
                tables.extend(rows)
            return rows
    if isinstance(expr, Lit):
        return [expr.value] if isinstance(expr.value, str) else []
    if isinstance(expr, Ref):
        found = sites.r.lookup(expr.name, expr.scope, expr.pos) if not sites.r.is_parameter(expr) else None
        elsewhere = _exported(sites, expr) if found is None else None
        if elsewhere is not None:
            # (`from .bridge_all import openai_endpoint`: every assignment of it there)
            return _options(elsewhere[0], elsewhere[1], depth + 1, tables)
        if found is None or (sites.m.scopes[found[1]].kind == "module" and len(found[0]) < 2):
            # (an import, or a module constant bound once: the value the resolver gives; a
            # constant it cannot finish, `f"http://{HOST}:{os.getenv('PORT')}"`, by its parts)
            got = _values(sites, expr)
            if got or found is None:
                return got
        out: list[str] = []
        for b in found[0][-8:]:
            if b.kind == "assign" and b.raw is not None:
                out.extend(_options(sites, sites.r.expr(b.raw, found[1]), depth + 1, tables))
        return _unique(out)
    if isinstance(expr, Alt):
        return _unique([v for option in expr.options[:6] for v in _options(sites, option, depth + 1, tables)])
    if isinstance(expr, Add):
        from bedrock_check.extract.joins import added_parts

        joined = [""]
        for leaf in added_parts(expr)[:8]:
            parts = _options(sites, leaf, depth + 1, tables) or ["{}"]
            joined = _unique([j + p for j in joined for p in parts])
        return joined
    if isinstance(expr, Call) and isinstance(expr.func, Attr) and expr.func.name in _SAME:
        return _options(sites, expr.func.obj, depth + 1, tables)
    texts = [a.value for a in expr.args if isinstance(a, Lit) and isinstance(a.value, str)] if isinstance(expr, Call) else []
    if isinstance(expr, Call) and isinstance(expr.func, Attr) and expr.func.name == "replace" and len(texts) == 2 == len(expr.args):
        # `chat_endpoint.replace("chat/completions", "images/generations")`: another endpoint of the same base.
        return _unique([v.replace(texts[0], texts[1]) for v in _options(sites, expr.func.obj, depth + 1, tables)])
    if isinstance(expr, Attr) and expr.name in _SAME:
        return _options(sites, expr.obj, depth + 1, tables)
    if isinstance(expr, Attr):
        # `config.url` of `const config = SOURCES[source]`: the field of every row.
        held = [r.get(expr.name) for r in _values(sites, _bound(sites, expr.obj), strings=False) if isinstance(r, dict)]
        fields = _unique([v for v in held if isinstance(v, str)])
        if fields:
            return fields
    if isinstance(expr, Call) and expr.new and isinstance(expr.func, Ref) and expr.func.name == "URL" and len(expr.args) == 1:
        return _options(sites, expr.args[0], depth + 1, tables)
    if isinstance(expr, Call):
        given = _passed_through(sites, expr)
        if given is not None:
            return _options(sites, given, depth + 1, tables)
    return _values(sites, expr)



def _row_fields(sites: SiteBase, expr: Index | Attr, depth: int) -> tuple[list[str], bool]:
    """`TABLE[name]["endpoint"]` (JS `TABLE[name].endpoint`) with the row known only at run time: the field of every row
    written in the table's literal, each value it can take (`"endpoint": openai_endpoint` with
    that name assigned in branches, a setting that may redirect it: the URL written is the
    default); and whether the table is another module's (shared by the modules that send)."""
    row = expr.obj
    name = expr.name if isinstance(expr, Attr) else expr.key.value if isinstance(expr.key, Lit) else None
    if not isinstance(row, Index) or not isinstance(name, str) or isinstance(row.key, Lit):
        return [], False  # (a known row: the plain look-up finds it)
    table = _table(sites, row.obj)
    if table is None:
        return [], False
    where, obj = table
    out: list[str] = []
    for _, value in obj.entries[:64]:
        if not isinstance(value, Obj):
            continue
        field = next((v for k, v in value.entries if isinstance(k, Lit) and k.value == name), None)
        if field is not None:
            out.extend(_options(where, field, depth + 1))
    return _unique(out), where.m is not sites.m


def _table(sites: SiteBase, expr: Any) -> tuple[SiteBase, Obj] | None:
    """The object literal a table's name is first bound to (in this module or the module of
    the tree it is imported from), with that module's reader."""
    if not isinstance(expr, Ref):
        return None
    found = sites.r.lookup(expr.name, expr.scope, expr.pos)
    if found is not None:
        for b in found[0][:4]:
            if b.kind == "assign" and b.raw is not None:
                value = sites.r.expr(b.raw, found[1])
                if isinstance(value, Obj):
                    return sites, value
    imp = sites.m.imports.get(expr.name)
    project = sites.r.project
    other = getattr(sites, "other", None)
    if imp is None or project is None or other is None:
        return None
    there = project.exported(sites.m, imp, 0)
    if there is None or not isinstance(there[1], Ref) or there[0] is sites.m:
        return None
    return _table(other(there[0]), there[1])


def _exported(sites: SiteBase, ref: Ref) -> tuple[SiteBase, Ref] | None:
    """An imported name as a name of the module of the scanned tree it comes from, with that
    module's reader (None when it is not imported, or not from a module of the tree)."""
    imp = sites.m.imports.get(ref.name)
    project = sites.r.project
    other = getattr(sites, "other", None)
    if imp is None or project is None or other is None or sites.r.lookup(ref.name, ref.scope, ref.pos) is not None:
        return None
    found = project.exported(sites.m, imp, 0)
    if found is None or not isinstance(found[1], Ref):
        return None
    return other(found[0]), found[1]


def _values(sites: SiteBase, expr: Any, strings: bool = True) -> list[Any]:
    """The values (`strings`: the strings) the resolver says a value can be: the one it
    follows, then the others it met on the way (a table's row picked at run time,
    `SOURCES[source]`: every row)."""
    saved = sites.r.alternates
    sites.r.alternates = []
    try:
        first = sites.r.value(expr, (), {})
        more = [v for ptr, v, _ in sites.r.alternates if ptr == ()]
    finally:
        sites.r.alternates = saved
    values = [first, *more][:_MAX]
    return _unique([v for v in values if isinstance(v, str)]) if strings else values


def _passed_through(sites: SiteBase, call: Call) -> Any:
    """The argument a function of this file hands back as it is (`verify_endpoint(url)` that
    checks `url` and returns it), or None."""
    func = sites.r.value(call.func)
    info = sites.r.function(func) if getattr(func, "qual", "") and str(func.qual).startswith("<func:") else None
    if info is None or not info.returns or (func.model is not None and func.model is not sites.m):
        return None
    returned = [sites.m.lower(raw, info.scope) for raw in info.returns[:4]]
    names = {e.name for e in returned if isinstance(e, Ref)}
    if len(names) != 1 or len(info.returns) > 4 or not all(isinstance(e, Ref) for e in returned):
        return None
    name = names.pop()
    params = [b for b in sites.m.bindings.get((info.scope, name), ()) if b.kind == "param"]
    if not params or params[0].key is None or not params[0].key.isdigit():
        return None
    index = int(params[0].key)
    for key, value in call.kwargs:
        if key == name:
            return value
    return call.args[index] if index < len(call.args) else None


def _bound(sites: SiteBase, expr: Any) -> Any:
    """What a local name is bound to when it is bound once (`config` of `const config = SOURCES[source]`)."""
    if isinstance(expr, Ref):
        found = sites.r.lookup(expr.name, expr.scope, expr.pos)
        if found is not None and len(found[0]) == 1 and found[0][0].kind == "assign" and found[0][0].raw is not None:
            return sites.r.expr(found[0][0].raw, found[1])
    return expr


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))[:_MAX]


__all__ = ["branch_urls"]
