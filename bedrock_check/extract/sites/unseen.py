"""What a file's reader could not follow: one `could-not-follow` diagnostic per key a value
chain was cut for, or a key whose value the code does not show (`tools=get_tools()` from an
installed package, `service_tier=tier`, a model parameter no call gives), each naming the key,
and the choice of those worth saying (a key a verdict reads)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from bedrock_check.extract.callsite import Expr, FileModel, Lit, Ref
from bedrock_check.extract.resolve import EnvVar, Resolver, Stop, Sym
from bedrock_check.findings import Diagnostic, Pointer, Span
from bedrock_check.vocabulary import DiagnosticKind

#: Could-not-follow diagnostics one file reports one by one (the rest are counted).
MAX_NOT_FOLLOWED = 20


def worth_saying(found: list[Diagnostic], decides: Callable[[Pointer], bool]) -> list[Diagnostic]:
    """The `could-not-follow` diagnostics of one file a user needs: those whose key can
    decide a verdict (`decides`: a tool's `type` can, its `description` or a message's
    `text` cannot; a diagnostic with no key is kept), at most `MAX_NOT_FOLLOWED`, then one
    that counts the rest. Other diagnostics pass as they are."""
    kept = [d for d in found if d.kind is not DiagnosticKind.COULD_NOT_FOLLOW or d.key is None or decides(d.key)]
    cut = [d for d in kept if d.kind is DiagnosticKind.COULD_NOT_FOLLOW]
    if len(cut) <= MAX_NOT_FOLLOWED:
        return kept
    dropped = {id(d) for d in cut[MAX_NOT_FOLLOWED:]}
    more = Diagnostic(cut[0].path, DiagnosticKind.COULD_NOT_FOLLOW,
                      f"{len(dropped)} more values in this file could not be followed to their end; not checked")  # fmt: skip
    return [*(d for d in kept if id(d) not in dropped), more]


def _key_text(key: Pointer) -> str:
    """`tools[0].parameters` for the pointer ("tools", 0, "parameters")."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class NotFollowed:
    """The could-not-follow diagnostics of one file's reader (a layer of `SiteBase`)."""

    m: FileModel
    r: Resolver
    _not_followed: dict[tuple[Any, ...], Diagnostic]

    @property
    def not_followed(self) -> list[Diagnostic]:
        """One `could-not-follow` diagnostic per key a call's value chain was cut for, each
        with its key (`worth_saying` keeps those a verdict depends on)."""
        return list(self._not_followed.values())

    def _stopped(self, since: int, span: Span) -> None:
        """Turn the stops met since `since` into diagnostics at `span` (the call they are for)."""
        stops = self.r.stops
        for stop in stops[since:]:
            if not stop.key and not stop.client:
                # A cut in a value no request key names (the callee, the receiver): no verdict is
                # left unchecked by it (a client not told is checked as the OpenAI API's).
                continue
            entry = (span.line, span.column, stop)
            if entry not in self._not_followed:
                self._not_followed[entry] = Diagnostic(self.m.path, DiagnosticKind.COULD_NOT_FOLLOW,
                                                       self._stop_message(stop), span.line, span.column,
                                                       stop.key or None)  # fmt: skip
        del stops[since:]

    def not_seen(self, span: Span, key: str, value: Any, what: str, function: str | None = None) -> None:
        """A `could-not-follow` diagnostic at a call for a key whose value decides verdicts but
        is not in the scanned code (`tools=get_tools()` from an installed package, `tools=tools`
        a parameter no call of the file gives): named, and said not to be checked. `function`: the
        function whose parameter it is, when no call of the file gives it (see `_unpassed_parameter`;
        the scan drops the diagnostic when another file calls that function)."""
        origin = ""
        if function is not None:
            origin = f" (a parameter of `{function}` that no call in the scanned code gives; check what its callers pass)"
        elif isinstance(value, Sym) and value.qual and not value.qual.startswith("<"):
            origin = f" (it comes from `{value.dotted}`)"
        if isinstance(value, EnvVar):
            origin = f" (it comes from `${value.name}`)"
        entry = (span.line, span.column, key)
        if entry not in self._not_followed:
            message = f"could not work out the value of `{key}` from the code{origin}; {what} not checked"
            # (A spread, `**extra`, or a whole body, `create(body)`, may hold any key: said whatever the matrix reads.)
            whole = key.startswith(("**", "...")) or (function is not None and key != "model")
            ptr = None if whole else tuple(key.split("."))
            self._not_followed[entry] = Diagnostic(self.m.path, DiagnosticKind.COULD_NOT_FOLLOW, message, span.line,
                                                   span.column, ptr, function)  # fmt: skip

    def _stop_message(self, stop: Stop) -> str:
        here = self.m.origin or self.m.path
        if stop.path == here:
            where = f"line {stop.line}" if stop.line else "this file"
        else:
            shown = os.path.relpath(stop.path, os.path.dirname(here)) if self.m.origin else stop.path
            where = shown.replace(os.sep, "/") + (f":{stop.line}" if stop.line else "")
        if not stop.key:  # (`stop.client`: see `_stopped`)
            return (f"could not follow the client this call is made through to its end: stopped at {where} "
                    f"({stop.reason}); its provider is not known, so the call is checked as the OpenAI API's")  # fmt: skip
        return f"could not follow the value of `{_key_text(stop.key)}` to its end: stopped at {where} ({stop.reason}); not checked"

    def _unpassed_parameter(self, expr: Expr | None) -> str | None:
        """The function whose parameter `expr` is when nothing the file shows gives it a value:
        no default, and no call of the file calls the function (`def ask(q, model):
        client.responses.create(model=model, ...)` called from another module, or by a framework
        from a request's payload). A parameter a call of the file passes is its callers' (their
        values are checked where written, and a cut in them is said there)."""
        if not isinstance(expr, Ref):
            return None
        found = self.r.lookup(expr.name, expr.scope, expr.pos)
        if found is None or not found[0] or not all(b.kind == "param" and b.key != "**" for b in found[0]):
            return None
        bindings, scope = found
        for b in bindings:
            default = None if b.raw is None else self.m.lower(b.raw, scope)
            if default is not None and not (isinstance(default, Lit) and default.value is None):
                return None  # (a default: the value when no caller gives one)
        info = self.r._function_at(scope)
        if info is None or self.r._arguments(scope, expr.name, bindings[0].key, (), 0):
            return None
        callers = self.m.memo.get("callers", {})
        if info.name in callers:
            return None  # (called in this file with a value not followed: that value's own cut is said)
        if info.name in ("__init__", "constructor") and info.cls is not None and info.cls in callers:
            return None  # (a constructor's: the class is built in this file, with values checked there)
        if self._decorated(info.name, bindings[0].pos[0]):
            return None  # (a framework's command or route gives it: a CLI option's default is reported where written)
        return str(info.name)

    def _decorated(self, name: str, line: int) -> bool:
        """Whether the function `name` whose parameter is on `line` is written under a decorator
        (`@click.option(...)`, `@app.post("/ask")`, `@tool`): a framework calls it."""
        src = self.m.src
        named = re.compile(rf"\b{re.escape(name)}\s*[(=<:]")
        head = next((n for n in range(line, max(line - 12, 0), -1) if named.search(src.line(n) or "")), None)
        if head is None:
            return False
        text = src.line(head) or ""
        indent = len(text) - len(text.lstrip())
        for n in range(head - 1, max(head - 16, 0), -1):
            above = src.line(n) or ""
            stripped = above.strip()
            if stripped.startswith("@"):
                return True
            # (Inside a decorator written over lines: more indented than the def, or its closing bracket.)
            if stripped and len(above) - len(above.lstrip()) <= indent and not stripped.startswith((")", "]", "}")):
                return False
        return False
