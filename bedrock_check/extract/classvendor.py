"""The provider a model class's own base URL names, for calls whose client is out of sight.

Multi-provider frameworks write one class per vendor on a shared OpenAI-SDK base class
(`class DeepSeekModel(OpenAICompatibleModel)`): the subclass only picks the base URL
(`url = url or os.environ.get("DEEPSEEK_API_BASE_URL", "https://api.deepseek.com")`,
`base_url = "https://api.moonshot.ai/v1"` as a class attribute) and hands it to the base
class, which builds the client in another file. Its `self._client.chat.completions.create`
calls go to that vendor, not to the OpenAI API. This module reads the base URL a class
names (its URL-named locals, parameter defaults and fields, and what it passes to
`super().__init__`) so such a call is attributed to that vendor.

Only a class that names no OpenAI, Azure or Bedrock URL (or their environment variables)
anywhere in those places is given a vendor, and a broad name (`url`, `endpoint`, `host`)
counts only when it names a provider the catalogue knows (a search API's URL in `self.url`
is no evidence about the model client).
"""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.extract.callsite import Call, Lit, Ref
from bedrock_check.extract.resolve import UNRESOLVED, EnvVar
from bedrock_check.vocabulary import CHECKED_PROVIDERS

#: A name that may hold a base URL, but also anything else's URL: evidence only when its
#: value names a provider the catalogue knows by host or environment variable.
_BROAD = re.compile(r"(?:^|_)(?:url|endpoint|host|api_?url|base)$", re.IGNORECASE)
_CONSTRUCTORS = frozenset({"__init__", "constructor", "__post_init__", "model_post_init"})
#: What a broad name's value must not be to count: any server, or a local one.
_VAGUE = frozenset({"other", "local"})


def _strict_names(sites: Any) -> frozenset[str]:
    return frozenset(k for k in sites.cat.providers.base_url_args if k != "endpoint")


def _url_name(name: str, strict: frozenset[str]) -> str | None:
    """`strict` or `broad` for a name that may hold a base URL (leading `_`/`self.` aside)."""
    bare = name.lstrip("_")
    if bare in strict or bare.lower() in {s.lower() for s in strict}:
        return "strict"
    return "broad" if _BROAD.search(bare) else None


#: An environment variable named as a base URL (`SAMBA_API_BASE_URL`): what it (or its
#: default) names is the client's base URL, whatever the local it is read into is called.
_BASE_URL_ENV = re.compile(r"BASE_?URL|API_?BASE", re.IGNORECASE)


def _signals(sites: Any, value: Any) -> list[tuple[str, bool]]:
    """The providers one resolved value names (a URL, an environment variable and its
    default), each with whether the value is a base URL whatever name holds it."""
    cat = sites.cat
    found: list[tuple[str, bool]] = []
    if isinstance(value, str) and "://" in value:
        p = cat.provider_of_base_url(value)
        if p:
            found.append((p, False))
    elif isinstance(value, EnvVar):
        named = bool(_BASE_URL_ENV.search(value.name))
        p = cat.provider_of_env(value.name)
        if p:
            found.append((p, named))
        if value.default and "://" in value.default:
            d = cat.provider_of_base_url(value.default)
            if d:
                found.append((d, named))
    return found


def _values(sites: Any, raw: Any, scope: int) -> list[Any]:
    """Every value an expression can take (each branch of a conditional or an `or`)."""
    r = sites.r
    expr = sites.m.lower(raw, scope)
    if isinstance(expr, Lit):
        return [expr.value]
    saved, r.alternates = r.alternates, []
    try:
        values = r.options(expr, (), {}, 0)
        values += [v for _, v, _ in r.alternates]
    finally:
        r.alternates = saved
    return [v for v in values if v is not UNRESOLVED]


def _conditional(raw: Any) -> bool:
    """Whether a raw node is a conditional expression (`x if c else y`, `c ? x : y`), whose
    branches are each the value (unlike `a or b`, where a falsy `a` never is)."""
    return type(raw).__name__ == "IfExp" or getattr(raw, "type", None) == "ternary_expression"


def _none_branch(sites: Any, raw: Any, scope: int, at: tuple[int, int]) -> bool:
    """Whether a branch of a conditional assigned at `at` is nothing (None, empty, or a
    parameter not given)."""
    expr = sites.m.lower(raw, scope)
    for option in getattr(expr, "options", ()):
        if isinstance(option, Ref):
            found = sites.r.lookup(option.name, option.scope, option.pos)
            before = [b for b in found[0] if b.pos < at] if found else []
            last = before[-1] if before else None
            if found and last is not None and last.kind == "param" and (
                    last.raw is None or _is_none(sites.m.lower(last.raw, found[1]))):  # fmt: skip
                return True  # a parameter that defaults to nothing
        value = sites.r.value(option)
        if value is None or value == "":
            return True
    return False


def _is_none(expr: Any) -> bool:
    return isinstance(expr, Lit) and expr.value in (None, "")


def class_provider(sites: Any, scope: int) -> str | None:
    """The provider (not one that is checked) that the base URL of the class enclosing `scope`
    names, or None when the class names none, or names the OpenAI API, Azure or Bedrock."""
    cls = sites.r._class_of(scope)
    if cls is None or cls not in sites.m.classes:
        return None
    memo: dict[str, str | None] = sites.m.memo.setdefault("class_provider", {})
    if cls not in memo:
        memo[cls] = None  # (a cycle through a base class asks again: no answer yet)
        memo[cls] = _class_provider(sites, cls)
    return memo[cls]


def _class_provider(sites: Any, cls: str) -> str | None:
    m = sites.m
    strict = _strict_names(sites)
    found: list[str] = []
    openai_default = False
    owners = sites.r._ancestors(cls)
    # The constructor's locals and parameters (a factory method's `base_url="http://localhost..."`
    # default is one way to build the class, not where it goes); fields from any method.
    scopes = {f.scope for owner in owners for n, f in m.classes[owner].methods.items() if n in _CONSTRUCTORS}

    def note(kind: str | None, values: list[Any]) -> None:
        for v in values:
            for p, named in _signals(sites, v):
                if kind == "strict" or named or p not in _VAGUE:
                    found.append(p)

    for owner in owners:
        for name, stores in m.classes[owner].fields.items():
            kind = _url_name(name, strict)
            if kind is not None:
                for raw, sc in stores:
                    note(kind, _values(sites, raw, sc))
            elif any(type(raw).__name__ == "Dict" for raw, _ in stores):
                # A Python settings dict of the class (`default_config = {"base_url": "https://api-inference.
                # modelscope.cn/v1", ...}`, read into `self.requester_cfg["base_url"]`): its base-URL key.
                for raw, sc in stores:
                    for value in _values(sites, raw, sc):
                        if isinstance(value, dict):
                            note("strict", [v for k, v in value.items() if isinstance(k, str) and _url_name(k, strict) == "strict"])
    for (sc, name), bindings in m.bindings.items():
        if sc not in scopes:
            continue
        kind = _url_name(name, strict)
        if kind is None:
            continue
        for b in bindings:
            if b.raw is None or b.kind not in ("assign", "param"):
                continue
            values = _values(sites, b.raw, sc)
            if b.kind == "assign" and kind == "strict" and values in ([None], [""]):
                # `base_url = None` in one branch: the SDK's default, the OpenAI API.
                openai_default = True
            elif b.kind == "assign" and _conditional(b.raw) and _none_branch(sites, b.raw, sc, b.pos):
                # `url = "https://api.x.ai/v1" if model in GROK_MODELS else url`: the other
                # branch keeps what was given, the SDK's default (the OpenAI API) when nothing was.
                openai_default = True
            note(kind, values)
    for site in m.calls:
        # `super().__init__(url=url)`, `Base.__init__(self, base_url=...)`, JS `super({baseURL})`
        if site.scope not in scopes or site.chain[-1:] not in (("__init__",), ("super",)):
            continue
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            continue
        saved, sites.r.alternates = sites.r.alternates, []
        try:
            options, _ = sites.options_of(call)
            passed = [(k, v) for k, v in options.items()] + [(p[0], v) for p, v, _ in sites.r.alternates if len(p) == 1]
        finally:
            sites.r.alternates = saved
        for key, value in passed:
            # (`url=` handed to a model base class is its base URL)
            kind = "strict" if key in ("url", "_url") else _url_name(key, strict)
            if kind is not None and value is not UNRESOLVED:
                note(kind, [value])
    if openai_default or not found or any(p in CHECKED_PROVIDERS for p in found):
        return None
    return found[0]
