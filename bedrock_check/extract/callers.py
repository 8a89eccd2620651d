"""Values a name gets from the calls of its file: what the callers of a function pass
its parameters (`def main(model)` ... `main(args.model)`), and the defaults of command-line
options (`parser.add_argument("--model", default="gpt-4o")` ... `args.model`).

A mixin of `Resolver` (it uses the resolver's `value`, `model` and `alternates`): the
first value found is the parameter's value, the others are further branches, so every
model a file passes to its helper is checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Call, FileModel, Lit, Spread
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.findings import Pointer, Span

#: Calls of one function read for its parameters' values (a helper called everywhere
#: says little about any one of its uses).
_MAX_CALLERS = 8
#: Past this depth, callers are not followed (the resolver's own limit is near).
_MAX_DEPTH = 16
#: What an argument parser returns: its attributes are the options' defaults.
PARSED_ARGS = frozenset({"argparse.ArgumentParser().parse_args()"})


class CallerValues:
    """Parameter values from call sites and option defaults from argument parsers."""

    model: FileModel
    alternates: list[tuple[Pointer, Any, dict[Pointer, Span]]] | None

    if TYPE_CHECKING:  # the resolver's own method; declared here for the type checker only

        def value(self, e: Any, ptr: Pointer = (), spans: dict[Pointer, Span] | None = None,
                  depth: int = 0) -> Any: ...  # fmt: skip

        def _ancestors(self, cls: str) -> list[str]: ...

    def _arguments(self, scope: int, name: str, key: str | None, ptr: Pointer,
                   depth: int) -> list[tuple[Any, dict[Pointer, Span]]]:  # fmt: skip
        """What the calls of this file pass for parameter `name` (at position `key`) of the
        function whose scope is `scope`: `main(args.model)` for `def main(model)`. Worked
        out once per parameter (a helper's parameters are asked about at every use)."""
        memo = self.model.memo.setdefault("arguments", {})
        found = memo.get((scope, name))
        if found is None:
            memo[(scope, name)] = []  # a parameter that reaches itself through its callers
            saved, self.alternates = self.alternates, None
            try:
                found = memo[(scope, name)] = self._passed(scope, name, key, depth)
            finally:
                self.alternates = saved
        return [(v, {(*ptr, *p): sp for p, sp in sub.items()}) for v, sub in found]

    def omitted(self, scope: int, name: str) -> bool:
        """Whether a call of the file leaves parameter `name` of the function whose scope is
        `scope` to its default (asked after `_arguments`)."""
        return (scope, name) in self.model.memo.get("omitted", ())

    def _passed(self, scope: int, name: str, key: str | None, depth: int) -> list[tuple[Any, dict[Pointer, Span]]]:
        callers = self.model.memo.get("callers")
        if callers is None:
            callers = self.model.memo["callers"] = {}
            for site in self.model.calls:
                if len(site.chain) == 1 or (len(site.chain) == 2 and site.chain[0] in ("self", "cls", "this")):
                    callers.setdefault(site.chain[-1], []).append(site)
        info = self._function_at(scope)
        if info is None or depth > _MAX_DEPTH:
            return []
        found: list[tuple[Any, dict[Pointer, Span]]] = []
        for site in [*callers.get(info.name, ())[:_MAX_CALLERS], *self._super_calls(info)]:
            if (len(site.chain) == 2) != (info.cls is not None) and site.chain[0] != "super":
                continue  # `self.run(...)` calls a method, `run(...)` a function
            call = self.model.lower(site.raw, site.scope)
            if not isinstance(call, Call):
                continue
            if key == "**":
                # `def call(**kw): return client.responses.create(**kw)` called as
                # `call(model="gpt-5.4", service_tier="flex")`: the keywords no other parameter takes.
                gathered = self._gathered(scope, call, depth)
                if gathered is not None:
                    found.append(gathered)
                continue
            arg = next((v for k, v in call.kwargs if k == name), None)
            if arg is None and key is not None and key.isdigit():
                index = int(key)
                if any(isinstance(a, Spread) for a in call.args[: index + 1]):
                    continue
                arg = call.args[index] if index < len(call.args) else None
            if arg is None:
                # (A call that does not give the parameter: its default holds there.)
                self.model.memo.setdefault("omitted", set()).add((scope, name))
                continue
            sub: dict[Pointer, Span] = {}
            # (`model = "gpt-4o-mini"`, then `if change: model = input()`, then `ask(q, model)`:
            # every value the argument can have is passed.)
            others: list[tuple[Pointer, Any, dict[Pointer, Span]]] = []
            saved, self.alternates = self.alternates, others
            try:
                v = self.value(arg, (), sub, depth + 1)
            finally:
                self.alternates = saved
            if v is not UNRESOLVED:
                found.append((v, sub))
            found.extend((ov, osub) for optr, ov, osub in others if optr == () and ov is not UNRESOLVED)
        return found

    def _gathered(self, scope: int, call: Call, depth: int) -> tuple[dict[str, Any], dict[Pointer, Span]] | None:
        """The dict a function's `**kwargs` holds at one call: the keywords it is given that no
        other parameter of the function takes, each where the caller writes it."""
        named = {n for (s, n), bs in self.model.bindings.items() if s == scope and any(b.kind == "param" for b in bs)}
        value: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        for k, v in call.kwargs:
            if k is None or k in named:
                continue
            sub: dict[Pointer, Span] = {}
            value[k] = self.value(v, (k,), sub, depth + 1)
            spans.update(sub)
            spans.setdefault((k,), v.span)
        return (value, spans) if value else None

    def _super_calls(self, info: Any) -> list[Any]:
        """The calls a subclass's constructor makes of this class's (`super().__init__(model_name)`
        in Python, `super(model)` in JS/TS): the values they pass are this constructor's
        parameters (`self.model_name = model_name` in the base class). Only the subclasses of
        the instance being resolved, when one is (each subclass passes its own)."""
        if info.cls is None or info.name not in ("__init__", "constructor"):
            return []
        wanted = ("super", "()", "__init__") if info.name == "__init__" else ("super",)
        instance = getattr(self, "_instance", None)
        found = []
        for site in self.model.calls:
            if site.chain != wanted:
                continue
            caller = self._function_at(site.scope)
            sub = self.model.classes.get(caller.cls) if caller is not None and caller.cls else None
            if sub is None or info.cls not in sub.bases:
                continue
            if instance and instance != caller.cls and caller.cls not in self._ancestors(instance):
                continue  # another subclass's constructor: what it passes is for its instances
            found.append(site)
        return found[:_MAX_CALLERS]

    def _cli_default(self, dest: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`args.model` after `parser.add_argument("--model", default="gpt-4o")`: the default."""
        for site in self.model.calls:
            if site.chain[-1] != "add_argument":
                continue
            call = self.model.lower(site.raw, site.scope)
            if not isinstance(call, Call):
                continue
            flags = [a.value for a in call.args if isinstance(a, Lit) and isinstance(a.value, str)]
            named = next((v.value for k, v in call.kwargs if k == "dest" and isinstance(v, Lit)), None)
            longs = [f for f in flags if f.startswith("--")] or flags
            if (named or (longs[0].lstrip("-").replace("-", "_") if longs else None)) != dest:
                continue
            default = next((v for k, v in call.kwargs if k == "default"), None)
            if default is None:
                return self._option_stores(dest, ptr, spans, depth)
            spans.pop(ptr, None)
            return self.value(default, ptr, spans, depth + 1)
        return UNRESOLVED

    def _option_stores(self, dest: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """An option with no default that the script fills in when it is not given (`if not
        args.model: args.model = available_models[0]`): the values stored (the first one
        resolved; the others are further branches)."""
        values: list[tuple[Any, dict[Pointer, Span]]] = []
        for chain, raw, scope, _ in self.model.attr_stores:
            if len(chain) != 2 or chain[1] != dest or chain[0] in ("self", "cls"):
                continue
            sub: dict[Pointer, Span] = {}
            v = self.value(self.model.lower(raw, scope), ptr, sub, depth + 1)
            if v is not UNRESOLVED:
                values.append((v, sub))
        if not values:
            return UNRESOLVED
        spans.pop(ptr, None)
        spans.update(values[0][1])
        if self.alternates is not None:
            self.alternates.extend((ptr, v, sub) for v, sub in values[1:])
        return values[0][0]

    def _function_at(self, scope: int) -> Any:
        """The function or method whose body is `scope`."""
        from bedrock_check.extract.resolve.values import function_at

        return function_at(self.model, scope)


__all__ = ["PARSED_ARGS", "CallerValues"]
