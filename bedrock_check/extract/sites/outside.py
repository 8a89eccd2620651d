"""Options whose value the code does not show as a whole (`tools=get_tools()` of an installed
package, `tools=tools` a parameter no call gives): kept as the request field with a value that
could not be checked, so the matrix's `unresolved` tests report the key, for every call kind
the catalogue lists them for (`unseen` of an SDK method or a framework constructor)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bedrock_check.extract.callsite import Arr, Call, CallSite, Expr, Lit, Obj
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve import EnvVar, Sym
from bedrock_check.extract.sites.base import SiteBase
from bedrock_check.findings import Pointer, Span
from bedrock_check.vocabulary import UNRESOLVED_VALUE

#: Names that exist without an import (a value they return is made of the app's own values).
_GLOBALS = frozenset({"Object", "Array", "JSON", "structuredClone", "dict", "list", "tuple", "sorted", "filter", "map"})


def _literal(e: Any) -> bool:
    """Whether an argument is written out as a literal (a string, a list of them, `{"k": 1}`)."""
    if isinstance(e, Lit):
        return True
    if isinstance(e, Arr):
        return all(map(_literal, e.items))
    if isinstance(e, Obj):
        return all(k is not None and _literal(v) for k, v in e.entries)
    return False


class Outside(SiteBase):
    """Values given from outside the scanned code."""

    def unseen_whole(self, value: Any) -> bool:
        """Whether an option's value is one the code does not show as a whole: an installed
        package's or the app's own value not followed, not an SDK's "not given" sentinel
        (`tools=tools or NOT_GIVEN`: no value, or the caller's)."""
        if value is UNRESOLVED:
            return True
        if not isinstance(value, Sym):
            return False
        return (value.dotted if value.qual else "").rstrip("()").rpartition(".")[2] not in self.cat.sdk.not_given

    def _from_outside(self, site: CallSite, key: str | Expr, value: Any) -> bool:
        """Whether a call's `key` is given a value from outside the scanned code: what an
        installed package returns or holds (`tools=get_tools()` of `acme_tools`), an environment
        variable, or a parameter of a function no call of the scanned code gives (`def ask(q,
        tools)` called by a framework or another program). Not a chain cut inside the app's own
        code (a tuple its helper returns, a loop building the list): the code shows it, and the
        cut is said where it stopped; nor a name nothing binds (a documentation fragment's
        placeholder for a value another fragment shows). `key`: the option, or the expression
        written for it (a positional argument)."""
        if isinstance(value, EnvVar):
            return True
        if isinstance(value, Sym):
            return bool(value.qual) and not (value.qual or "").startswith("<")
        return self._unpassed_parameter(self._option_expr(site, key)) is not None

    def _option_expr(self, site: CallSite, key: str | Expr) -> Any:
        """The expression a call gives option `key` (a keyword, or a key of its options object)."""
        if not isinstance(key, str):
            return key
        call = self.m.lower(site.raw, site.scope)
        expr = self.kw(call, key) if isinstance(call, Call) else None
        if expr is None and isinstance(call, Call):
            first = next((a for a in call.args if isinstance(a, Obj)), None)
            expr = next((v for k, v in first.entries if isinstance(k, Lit) and k.value == key), None) if first else None
        return expr

    def _made_of_app_values(self, value: Sym) -> bool:
        """Whether a value not followed is made of values the code shows, each checked where it
        is written: what a function given the app's own values returns (`uniqWith([...tools])`,
        `frontendTools(tools)`, `getAllMcpTools(servers)`, `Object.fromEntries(pairs)`), or a field
        of an API answer (`assistant.tools` of `assistants.retrieve(...)`: sent by the code before)."""
        qual = value.qual or ""
        if not qual or qual.startswith("<"):
            return False  # (the app's own function or object: a cut in it is said where it stopped)
        if qual.split(".", 1)[0] in _GLOBALS or qual.split("()", 1)[0] in self.cat.clients:
            return True
        return value.call is not None and not all(map(_literal, (*value.call.args, *(v for _, v in value.call.kwargs))))

    def keep_unseen(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span],
                    unseen: Sequence[tuple[str | Expr, str, Any, Span]]) -> None:  # fmt: skip
        """Keep each `(option, field, value, span)` whose value came from outside the scanned code as
        `field` with a value that could not be checked (the matrix's `unresolved` test on it
        decides where that is a warning naming the key, and how it is worded); a chain cut
        inside the app's own code is said where it stopped, as any cut is."""
        for option, name, value, where in unseen:
            if isinstance(value, Sym) and (self._made_of_app_values(value) or (
                    name == "tools" and self.cat.function_tool_source(value.qual or ""))):  # fmt: skip
                continue  # (an MCP client's tools, a toolkit's: function tools, run by the app)
            if value is UNRESOLVED and self.r.is_parameter(expr := self._option_expr(site, option)) and (
                    self._unpassed_parameter(expr) is None):  # fmt: skip
                continue  # (a parameter the file's calls give: their values are checked where written)
            if self._from_outside(site, option, value):
                body[name] = UNRESOLVED_VALUE
                spans[(name,)] = where
            else:
                self.not_seen(site.span, name, value, "hosted tools in it are" if name == "tools" else "its value is")
