"""SDK resources an application keeps in a handle and calls elsewhere.

- A call on a handle: `self.runs = self.client.beta.threads.runs` in `__init__`, then
  `self.runs.create(...)` in a method; `runs = client.beta.threads.runs` then
  `runs.steps.list(...)`. The call's method path is the handle's SDK path plus what the call
  adds (`beta.threads.runs.steps.list`), read from the handle's value (`handle_path`).
- A resource held and called out of sight: `self.client = openai.OpenAI(...).chat.completions`
  in a subclass whose base class (another file) calls `self.client.create(**params)`, or
  `method = getattr(self.client.chat.completions, name)` then `method(**args)`. The use is
  reported where the resource is written, as its `create` call (`held_resources`), unless a
  call of this file makes it through the holder (that call is the use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import UNRESOLVED_VALUE
from bedrock_check.extract.callsite import Attr, Call, CallSite
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import Observation, Span


def handle_path(sites: Any, site: CallSite) -> list[str] | None:
    """The SDK attribute path a call on a handle reaches (after the client), or None when
    its receiver is not an SDK client's attribute (a client built here or typed as one)."""
    func = sites.m.lower(site.func_raw, site.scope)
    if not isinstance(func, Attr):
        return None
    held = sites.r.value(func.obj)
    if not isinstance(held, Sym) or not held.path:
        return None
    if held.call is None and held.qual not in sites.cat.clients:
        return None  # (`self.db.files.create(...)` on an object this code does not show as a client)
    path = [*held.path, func.name]
    method = sites.cat.method(["<client>", *path])
    if method is None:
        return None
    if _distinctive(sites, path, method[0]):
        return path
    # (`self.files = build("drive", "v3").files` then `self.files.create(...)`: a `files.create`
    # of an object no provider is told of is not the SDK's)
    provider, _ = sites.provider_of(Sym(held.qual, (), held.call, held.model))
    return path if provider is not None else None


#: An application's accessor for one resource of an SDK client (`getChat()`, `get_embeddings()`).
_ACCESSOR = re.compile(r"^get_?([A-Za-z][A-Za-z0-9]*)$")


def accessor_path(sites: Any, site: CallSite) -> tuple[list[str], tuple[str, ...]] | None:
    """The SDK attribute path a call reaches through the application's own accessor for one
    resource of a client it keeps out of sight (`(await this.openai.getChat()).completions.create(...)`,
    or `chat = await service.getChat()` then `chat.completions.create(...)`: the `chat` resource,
    so Chat Completions, not the legacy `completions.create`; `getEmbeddings()` then `.create(...)`).
    Only a path that is an SDK method as a whole; one resource and a method (`files.create`) only
    in code that names OpenAI. None when the accessor's object is a client this code shows.
    With the path, the call's chain with a bound name replaced by the accessor call it holds
    (`chat.completions.create` is then `service.getChat().completions.create`, the call it is)."""
    chain = site.chain
    last = max((i for i, p in enumerate(chain) if p == "()"), default=-1)
    if last >= 1:
        accessor, rest, made, written = chain[last - 1], list(chain[last + 1 :]), None, chain
    elif last < 0 and len(chain) >= 2:
        found = sites.r.lookup(chain[0], site.scope, (site.span.line, site.span.column))
        bindings = [b for b in found[0] if b.kind == "assign" and b.raw is not None] if found else []
        if len(bindings) != 1:
            return None
        made = sites.m.lower(bindings[0].raw, found[1])
        if not (isinstance(made, Call) and isinstance(made.func, Attr)):
            return None
        accessor, rest = made.func.name, list(chain[1:])
        written = (*_names(made.func), "()", *rest)
    else:
        return None
    named = _ACCESSOR.match(accessor)
    if named is None or not rest:
        return None
    resource = named.group(1)[0].lower() + named.group(1)[1:]
    path = [resource, *rest]
    method = sites.cat.method(["<client>", *path])
    if method is None or method[0] != 1 or (not _distinctive(sites, path, 1) and not sites._names_openai):
        return None
    func = sites.m.lower(site.func_raw, site.scope) if made is None else made.func
    holder = sites.r.value(func.obj) if isinstance(func, Attr) and made is not None else None
    if isinstance(holder, Sym) and holder.qual in sites.cat.clients:
        return None  # (`client.getChat()` of a client the catalogue knows is its own method)
    return path, written


def _names(e: Any) -> list[str]:
    """An attribute chain's names, base first (`this.openai.getChat`)."""
    out: list[str] = []
    while isinstance(e, Attr):
        out.append(e.name)
        e = e.obj
    out.append(getattr(e, "name", "?"))
    return out[::-1]


def _distinctive(sites: Any, path: list[str], start: int) -> bool:
    """Whether a method path names the SDK by itself: two resources or more before the method
    (`threads.runs.create`, `chat.completions.create`), not one (`files.create`)."""
    return len(sites.cat.strip_wrappers(["<client>", *path])) - start >= 3


def _same(a: Any, b: Any) -> bool:
    """The same syntax node (tree-sitter hands out a new object for a node at each look-up)."""
    return a is b or (getattr(a, "start_byte", None) is not None and (a.start_byte, a.end_byte, a.type) ==
                      (getattr(b, "start_byte", None), getattr(b, "end_byte", None), getattr(b, "type", None)))  # fmt: skip


def _holder(sites: Any, ref: CallSite) -> tuple[tuple[str, ...], bool] | None:
    """What a resource reference is bound to: the holder's chain (`("self", "client")`,
    `("client",)`) and whether it holds a method taken with `getattr(resource, name)`."""
    raw = ref.raw
    cls = sites.m.scopes[ref.scope].cls
    if cls is not None and cls in sites.m.classes:
        for name, stores in sites.m.classes[cls].fields.items():
            if any(_same(r, raw) for r, _ in stores):
                return ("self" if sites.m.lang == "python" else "this", *name.split(".")), False
    for (scope, name), bindings in sites.m.bindings.items():
        if scope != ref.scope:
            continue
        for b in bindings:
            if b.kind != "assign" or b.raw is None:
                continue
            if _same(b.raw, raw):
                return (name,), False
            args = getattr(b.raw, "args", None)
            func = getattr(b.raw, "func", None)
            if args and args[0] is raw and getattr(func, "id", None) == "getattr":
                return (name,), True
    return None


def _called(sites: Any, ref: CallSite, holder: tuple[str, ...]) -> bool:
    """Whether a call of the holder's class (a `self.x` holder) or scope (a local) goes
    through the holder (`self.client.create(...)`)."""
    of = sites.r._class_of
    cls = of(ref.scope) if holder[0] in ("self", "this") else None
    for c in sites.m.calls:
        here = (of(c.scope) == cls) if cls is not None else c.scope == ref.scope
        if here and len(c.chain) > len(holder) and c.chain[: len(holder)] == holder:
            return True
    return False


def held_resources(sites: Any) -> Iterator[Observation]:
    """SDK resources bound to a holder whose calls this file does not show (see the module)."""
    for ref in sites.m.references:
        last = max((i for i, p in enumerate(ref.chain) if p == "()"), default=-1)
        tail = ["<client>", *ref.chain[last + 1 :]] if last >= 0 else list(ref.chain)
        if tail[-1] in sites.cat.method_names:
            continue  # a method, not a resource (`completion = client.chat.completions.create`)
        method = sites.cat.method([*tail, "create"])
        if method is None or method[1].legacy:
            continue
        held = _holder(sites, ref)
        if held is None:
            continue
        holder, by_name = held
        if not by_name and _called(sites, ref, holder):
            continue  # `self.client.create(...)` here: that call is the use
        resource = sites.m.lower(ref.raw, ref.scope)
        if not isinstance(resource, Attr):
            continue
        call = Call(Attr(resource, "create", ref.span), (), (), ref.span)
        if not _distinctive(sites, [*tail[1:], "create"], method[0]) and sites._caller(call)[0] is None:
            continue  # (`self.files = storage.files`: not a client a provider is told of)
        there = CallSite(ref.raw, ref.scope, ref.span, (*ref.chain, "create"), ref.raw)
        yield from sites._sdk_call(there, call, sites._dotted(there.chain), method[1])


def instance_call(sites: Any, site: CallSite) -> Iterator[Observation]:
    """A call of a provider factory's instance the code holds (`const openai = createOpenAI({...})`
    in a route, then `openai("gpt-4o")`, `openai.embedding("text-embedding-3-small")`): the
    catalogue constructor the instance stands for, unless its `baseURL` names another provider."""
    from bedrock_check.extract.helpers import _base_url_provider

    instances = sites.cat.frameworks.provider_instances
    func = sites.m.lower(site.func_raw, site.scope)
    base, rest = func, []
    while isinstance(base, Attr):
        rest.append(base.name)
        base = base.obj
    held = sites.r.value(base)
    qual = held.qual or "" if isinstance(held, Sym) and not held.path else ""
    factory = qual[:-2] if qual.endswith("()") else None
    if factory is None or factory not in instances:
        return
    name = ".".join([instances[factory], *reversed(rest)])
    spec = sites.cat.constructors.get(name)
    if spec is None:
        return
    provider = _base_url_provider(sites, held)
    if provider is not None and not sites.cat.is_checked(provider):
        return  # (`createOpenAI({baseURL: "http://localhost:11434/v1"})`: the local server's models)
    call = sites.m.lower(site.raw, site.scope)
    if isinstance(call, Call):
        yield from sites._framework(site, call, spec)


#: An assignment into an assistant's `tool_resources` (`details.tool_resources['file_search'] = {`,
#: `tool_resources["code_interpreter"] = {`), and the tool it names.
_RESOURCE_STORE = re.compile(r"""tool_resources\s*(?:\[\s*["'](file_search|code_interpreter)["']\s*\]|\.(file_search|code_interpreter))\s*=\s*\{""")
#: The ids key inside it, given a value that is not written out (`vector_store_ids: details.ids`).
_IDS_KEY = re.compile(r"""^\s*["']?(vector_store_ids|file_ids)["']?\s*:\s*(?!\[\s*\]|null\b|None\b|undefined\b|["'\[])\S""")


def stored_resources(sites: Any) -> Iterator[Observation]:
    """OpenAI vector store and file ids the app puts into an assistant's `tool_resources` by
    assignment (`details.tool_resources['file_search'] = {vector_store_ids: ...}`) before it
    sends them (`assistants.create(details)`), in a file that talks to OpenAI."""
    text = sites.m.src.text
    if "tool_resources" not in text or not _RESOURCE_STORE.search(text) or not sites._talks_to_openai():
        return
    lines = sites.m.src.lines
    for store in _RESOURCE_STORE.finditer(text):
        tool = store.group(1) or store.group(2)
        first = text.count("\n", 0, store.start()) + 1
        end = text.find("\n", store.end())
        for n in range(first, min(first + 4, len(lines) + 1)):
            # (on the store's own line, what follows its `{`: `= { vector_store_ids: ids }`)
            found = _IDS_KEY.match(text[store.end() : end if end >= 0 else len(text)] if n == first else lines[n - 1])
            if found is None or (found.group(1) == "vector_store_ids") != (tool == "file_search"):
                continue
            key = found.group(1)
            column = lines[n - 1].find(key) + 1
            span = Span(n, column, n, column + len(key))
            body = {"tool_resources": {tool: {key: UNRESOLVED_VALUE}}}
            yield sites.request(body, {("tool_resources", tool, key): span, (): span}, "unknown", span, None, fragment=True)
            break
