"""Hosted tools built by constructors (`WebSearchTool()`, `openai.tools.computer(...)`),
in a framework's tool list, and given to `bind_tools`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import camel_to_snake, clean
from bedrock_check.extract.callsite import Call, CallSite, Obj
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.sites.outside import Outside
from bedrock_check.findings import (
    Observation,
    Pointer,
    Span,
)


def _snake_keys(value: Any) -> Any:
    """camelCase keys at any depth in snake_case (`vectorStoreIds` -> `vector_store_ids`)."""
    if isinstance(value, dict):
        return {camel_to_snake(k): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def _snake_ptr(ptr: Pointer) -> Pointer:
    return tuple(camel_to_snake(p) if isinstance(p, str) else p for p in ptr)


class Tools(Outside):
    """Hosted tools built by constructors."""

    def _tool(self, site: CallSite, call: Call, spec: Any) -> Iterator[Observation]:
        """A hosted-tool constructor, checked as the tool literal it builds (a provider-neutral
        one only inside a framework call whose model says whose tool it is)."""
        if spec.type is None or spec.neutral:
            return
        spans: dict[Pointer, Span] = {}
        ptr: Pointer = ("tools", 0)
        tool = self._tool_fields(call, spec, ptr, spans)
        spans[ptr] = site.span  # the tool is where the constructor is called
        yield self.request({"tools": [clean(tool, (), [])]}, spans, "unknown", site.span, None, fragment=True)

    def _tool_fields(self, call: Call, spec: Any, ptr: Pointer, spans: dict[Pointer, Span]) -> dict[str, Any]:
        """The tool a constructor call builds: its arguments as the tool's fields."""
        tool: dict[str, Any] = {}
        sub: dict[Pointer, Span] = {}
        for i, arg in enumerate(call.args):
            if i < len(spec.args):
                tool[spec.args[i]] = self.r.value(arg, (*ptr, spec.args[i]), sub)
            elif isinstance(arg, Obj):
                options = self.r.value(arg, ptr, sub)
                tool.update(options if isinstance(options, dict) else {})
        for k, v in call.kwargs:
            if k is not None:
                tool[k] = self.r.value(v, (*ptr, k), sub)
        if spec.camel:
            tool, sub = _snake_keys(tool), {_snake_ptr(p): sp for p, sp in sub.items()}
        n = len(ptr)
        for old, new in spec.rename.items():
            if old in tool:
                tool[new] = tool.pop(old)
                sub = {((*ptr, new, *p[n + 1 :]) if p[:n + 1] == (*ptr, old) else p): sp for p, sp in sub.items()}
        for p, sp in sub.items():
            spans.setdefault(p, sp)
        tool["type"] = spec.type
        return tool

    def _tools(self, items: list[Any], spans: dict[Pointer, Span], by_name: bool) -> list[Any]:
        """A framework's tool list with its hosted-tool constructors as the tools they build
        (`WebSearchTool()`, `NativeTool(CodeExecutionTool())`) and, with `by_name`, hosted
        tools named by their type (`"web_search"`)."""
        out = []
        for i, item in enumerate(items):
            value = self._tool_value(item, ("tools", i), spans, 0)
            if isinstance(value, str) and by_name and value in self.cat.hosted_types:
                value = {"type": value}
            out.append(value)
        return out

    def _tool_options(self, body: dict[str, Any], spans: dict[Pointer, Span], fields: set[str], by_name: bool) -> None:
        """A framework call's `tools` read as `_tools` reads them and, with `by_name`, a
        `tool_choice` that names a hosted tool's type as that tool: the Agents SDK sends
        `ModelSettings(tool_choice="file_search")` as `{"type": "file_search"}`."""
        if isinstance(body.get("tools"), list) and "tools" in fields:
            body["tools"] = self._tools(body["tools"], spans, by_name)
        choice = body.get("tool_choice")
        if by_name and isinstance(choice, str) and choice in self.cat.hosted_types and ("tool_choice",) in spans:
            body["tool_choice"] = {"type": choice}
            spans[("tool_choice", "type")] = spans[("tool_choice",)]

    def _tool_value(self, item: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        qual = item.qual or "" if isinstance(item, Sym) else ""
        if not (isinstance(item, Sym) and item.call is not None and qual.endswith("()") and not item.path) or depth > 3:
            return item
        spec = self.cat.tool_constructors.get(qual[:-2])
        if spec is None:
            return item
        sub = self if item.model is None or item.model is self.m else type(self)(item.model, self.cat, self.r.project)
        if spec.wraps is not None:
            if len(item.call.args) <= spec.wraps:
                return item
            return sub._tool_value(sub.r.value(item.call.args[spec.wraps], ptr, spans), ptr, spans, depth + 1)
        return sub._tool_fields(item.call, spec, ptr, spans)

    def _bind_tools(self, site: CallSite, call: Call, func: Any, dotted: str) -> Iterator[Observation]:
        provider = None
        if isinstance(func, Sym) and func.call is not None:
            owner = Sym(func.qual, (), func.call, func.model)
            qual = (owner.qual or "")[:-2]
            spec = self.cat.constructors.get(qual)
            provider = spec.provider if spec else self.cat.provider_of_module(qual) or self.file_vendor
        elif func is UNRESOLVED:
            provider = self.file_vendor
        if not self.cat.is_checked(provider):
            yield self._code("call", dotted, site.span, provider=provider)
            return
        yield self._code("call", dotted, site.span, provider=provider)
        if not call.args:
            return
        spans: dict[Pointer, Span] = {}
        tools = self.r.value(call.args[0], ("tools",), spans)
        body: dict[str, Any] = {"tools": [t for t in tools if isinstance(t, dict)]} if isinstance(tools, list) else {}
        unseen = [(call.args[0], "tools", tools, call.args[0].span)] if self.unseen_whole(tools) else []
        choice = self.kw(call, "tool_choice")
        if choice is not None:
            v = self.r.value(choice, ("tool_choice",), spans)
            if isinstance(v, str) and v not in ("auto", "none", "required", "any"):
                v = {"type": v}  # LangChain turns a built-in tool name into {"type": name}
            if v is not UNRESOLVED:
                body["tool_choice"] = v
        body = clean(body, (), [])
        self.keep_unseen(site, body, spans, unseen)  # (`llm.bind_tools(get_tools())` of an installed package)
        if body:
            yield self.request(body, spans, "responses", site.span, provider)
