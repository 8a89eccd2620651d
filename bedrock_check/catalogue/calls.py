"""What a call is: the SDK method an attribute chain ends in, method references and
aliases, client events sent by name, framework names and modules, connect points, and
whether a literal is a hosted tool or a content part."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from bedrock_check.catalogue.base import MethodMatch
from bedrock_check.catalogue.providers import ProviderLookups

#: The last name of an attribute chain that is not called where it is written (`x.create,`).
_REF_END = re.compile(r"\.([\w$]+)(?![\w$]|[ \t]*[(.\[])")


#: A module of test doubles (`./testing/fakes`, `tests.mocks`, `__mocks__/openai`).
_DOUBLES_MODULE = re.compile(r"(?i)(^|[./_-])(tests?|testing|fakes?|mocks?|__mocks__|stubs?|dummy|doubles?)([./_-]|$)")


#: What precedes a method reference that binds it to a name (`completion = `, `const create = `).
_ALIAS = re.compile(r"^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*$")


#: A method reference in the last branch of a conditional on the line that binds it
#: (`fn = a if flag else `, `const fn = flag ? a : `).
_ALIAS_BRANCH = re.compile(r"^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*(?:.+[ \t]else|.+[ \t]:)[ \t]+$")
#: What precedes a reference on a line of its own in the last branch of a conditional.
_BRANCH_END = re.compile(r"^[ \t]*(?:else|:)[ \t]+$")
#: The line that opens such a conditional, up to the lines before the reference (`name = (`).
_ALIAS_OPEN = re.compile(r"^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*\([ \t]*\n(?:[^\n]*\n){1,3}$", re.M)


class CallLookups(ProviderLookups):
    """SDK method, framework-name and literal questions."""

    def method(self, chain: list[str], go: bool = False) -> tuple[int, MethodMatch] | None:
        """The SDK method an attribute chain ends in, with the index where the method path
        starts (what comes before is the client). Wrapper segments are ignored; the longest
        method path wins (`chat.completions.create` over `completions.create`). `go`: a chain of
        Go code, matched against the Go SDKs' methods."""
        parts = [p for p in chain if p not in self.wrappers] if not go else chain
        table = self.go_methods if go else self.methods
        for start in range(1, len(parts)):
            found = table.get(".".join(parts[start:]))
            if found is not None:
                return start, found
        return None

    @cached_property
    def method_names(self) -> frozenset[str]:
        """The last names of the SDK's method paths (`create`, `list`, `submit_tool_outputs`)."""
        return frozenset(p.rsplit(".", 1)[-1] for p in self.methods)

    @cached_property
    def class_names(self) -> frozenset[str]:
        """The last names of the clients, framework constructors and tool constructors
        (`ChatOpenAI`, `OpenAI`, `WebSearchTool`): a call of one of these names through a module
        of the scanned tree that re-exports it is worth following to the package it is from."""
        names = (*self.clients, *self.constructors, *self.tool_constructors)
        return frozenset(n.rsplit(".", 1)[-1] for n in names)

    @cached_property
    def library_packages(self) -> frozenset[str]:
        """The top-level Python packages of the SDKs and frameworks the catalogue names (`openai`,
        `agents`, `langchain_openai`): the library, wherever a repository keeps its source."""
        names = (*self.clients, *self.constructors, *self.tool_constructors, *self.providers.workload_modules)
        return frozenset(n.split(".", 1)[0] for n in names if not n.startswith("@") and "/" not in n)

    def endpoint_models(self, endpoint: str) -> tuple[str, ...]:
        """Where the requests of an endpoint name model ids (the `models` of its SDK methods)."""
        paths = [p for m in self.sdk.methods if m.endpoint == endpoint for p in m.models]
        return tuple(dict.fromkeys(paths)) or ("model",)

    @cached_property
    def _method_ref(self) -> re.Pattern[str]:
        """An attribute chain ending in an SDK method's (or a framework function's) name that
        is not called where it is written (`retry(client.chat.completions.create, ...)`)."""
        alt = "|".join(sorted((re.escape(n) for n in self._method_ref_names), key=len, reverse=True))
        return re.compile(rf"(?<![\w$.])((?:[A-Za-z_$][\w$]*(?:\(\))?\.)+(?:{alt}))(?![\w$]|[ \t]*[(.\[])")

    @cached_property
    def _method_ref_names(self) -> frozenset[str]:
        """The last names `_method_ref` ends in."""
        names = {p.rsplit(".", 1)[-1] for p in self.methods}
        names |= {n.rsplit(".", 1)[-1] for n in self.constructors if n.rsplit(".", 1)[-1][:1].islower()}
        return frozenset(n for n in names if len(n) > 2)

    def method_refs(self, text: str) -> tuple[frozenset[int], frozenset[str]]:
        """Where a file names an SDK method or framework function without calling it (line
        numbers), and the names it binds one to (`completion = client.chat.completions.create`)."""
        lines: set[int] = set()
        aliases: set[str] = set()
        # A chain never spans lines, so the full pattern (slow: tried at every word of the
        # file) runs only on the lines where one of its last names follows a dot, uncalled.
        names, seen = self._method_ref_names, set()
        matches: list[re.Match[str]] = []
        for end in _REF_END.finditer(text):
            if end.group(1) in names:
                start = text.rfind("\n", 0, end.start()) + 1
                if start not in seen:
                    seen.add(start)
                    stop = text.find("\n", end.end())
                    matches.extend(self._method_ref.finditer(text, start, len(text) if stop < 0 else stop))
        for m in matches:
            parts = m.group(1).replace("()", "").split(".")
            if self.method(parts) is None and parts[-1] not in self._function_names:
                continue
            start = text.rfind("\n", 0, m.start()) + 1
            lines.add(text.count("\n", 0, m.start()) + 1)
            bound = _ALIAS.match(text[start : m.start()]) or _ALIAS_BRANCH.match(text[start : m.start()])
            if bound is None and _BRANCH_END.match(text[start : m.start()]):
                # The last branch of a conditional bound over several lines:
                # `completion_call = (\n    litellm_completion\n    if flag\n    else client.completions.create\n)`.
                lo = start
                for _ in range(4):
                    lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
                bound = _ALIAS_OPEN.search(text[lo:start])
            if bound:
                aliases.add(bound.group(1))
        return frozenset(lines), frozenset(aliases)

    @cached_property
    def pickers(self) -> dict[str, Any]:
        """UI pickers (catalogue `pickers`) by qualified name."""
        return {name: p for p in self.frameworks.pickers for name in p.name}

    @cached_property
    def _neutral(self) -> tuple[re.Pattern[str], ...] | None:
        n = self.frameworks.neutral_models
        if n is None:
            return None
        return tuple(re.compile(p) for p in (n.classes, n.not_classes, n.openai_classes, n.not_openai_classes, n.not_calls,
                                             n.openai_modules, n.not_openai_modules, n.not_factories))

    def library_class(self, qual: str) -> str | None:
        """What an imported class the catalogue does not list is, by its name alone: `openai`
        when its name says OpenAI (magentic's `OpenaiChatModel`, langroid's `OpenAIGPTConfig`,
        `azure` when it says Azure OpenAI, `AzureOpenAIEmbedderClient`;
        guidance's `models.OpenAI`) or its package does (a class or factory function of
        `@llamaindex/openai`: `openai({model})`), `neutral` when it is named like a model class or config
        object of a framework that takes any provider (`FooModel`, `LLMConfig`), else None.
        Never a class of another vendor's module, nor one of the OpenAI SDK's own (its types)."""
        known = self._library_classes
        if qual in known:
            return known[qual]
        found = self._library_class(qual)
        if len(known) < 65_536:  # asked for most calls of imported names (three times each): remembered, bounded
            known[qual] = found
        return found

    @cached_property
    def _library_classes(self) -> dict[str, str | None]:
        return {}

    def _library_class(self, qual: str) -> str | None:
        if self._neutral is None or qual in self.constructors or qual in self.clients or qual in self.tool_constructors:
            return None
        module, _, name = qual.rpartition(".")
        if not module or qual in self.dropins or self.provider_of_module(module) is not None:
            return None
        if _DOUBLES_MODULE.search(module):
            return None  # the app's test doubles (`import { OpenAIRealtimeWS } from "./testing/fakes"`)
        yes, no, openai, not_openai, not_calls, modules, not_modules, asks = self._neutral
        if not_calls.search(name):
            return None  # (a tokenizer, a price table: `OpenAITokenizer("gpt-4")`)
        sdk = re.split(r"[./]", module)[0] == "openai"  # (the OpenAI SDK's own types and helpers)
        if (not sdk and modules.search(module) and not not_modules.search(module) and not not_openai.search(name)
                and not asks.search(name)):  # fmt: skip
            return "openai"  # a class or factory of a package named for OpenAI (`@llamaindex/openai`)
        if not name[:1].isupper():
            return None
        if openai.search(name) and not not_openai.search(name) and not sdk:
            return "openai"
        if name.startswith("Azure") and openai.search(name) and not sdk and not not_openai.search(name[5:]):
            return "azure"  # a library's Azure OpenAI class (`AzureOpenAIEmbedderClient`, smolagents' `AzureOpenAIModel`)
        return "neutral" if yes.search(name) and not no.search(name) else None

    def neutral_model_class(self, qual: str) -> bool:
        """Whether an imported name is a library's model class or config object the catalogue
        does not list (see `library_class`)."""
        return self.library_class(qual) is not None

    @cached_property
    def _named_event(self) -> re.Pattern[str]:
        alt = "|".join(re.escape(t) for t in sorted(self.event_types, key=len, reverse=True))
        return re.compile(rf"""\(\s*(['"])(?:{alt})\1\s*[,)]""")

    def named_event_lines(self, text: str) -> frozenset[int]:
        """Lines where a call's first argument is a client event's type (`send('session.update', ...)`)."""
        if not any(t in text for t in self.event_types):
            return frozenset()
        return frozenset(text.count("\n", 0, m.start()) + 1 for m in self._named_event.finditer(text))

    @cached_property
    def _function_names(self) -> frozenset[str]:
        return frozenset(n.rsplit(".", 1)[-1] for n in self.constructors if n.rsplit(".", 1)[-1][:1].islower())

    def strip_wrappers(self, chain: list[str]) -> list[str]:
        """The chain without the SDK's wrapper segments (`with_raw_response`, `beta`)."""
        return [p for p in chain if p not in self.wrappers]

    @cached_property
    def client_renames(self) -> dict[str, str]:
        """OpenAI client class -> the Bedrock class that stands in for it, by class name as
        code spells it (`OpenAI` -> `BedrockOpenAI`): the `replaces` of the client classes."""
        return {old.rsplit(".", 1)[-1]: c.name[0].rsplit(".", 1)[-1]
                for c in self.providers.clients for old in c.replaces}  # fmt: skip

    def region_argument(self, language: str) -> str | None:
        """The keyword (Python) or option (JavaScript) a Bedrock client class that stands in
        for an OpenAI one takes its Region in: its `region_arg` spelt the language's way
        (Python keywords are snake_case, JavaScript options camelCase)."""
        for c in self.providers.clients:
            if c.replaces:
                found = [a for a in c.region_arg if ("_" in a) == (language == "python")]
                if found:
                    return found[0]
        return None

    @cached_property
    def connect_paths(self) -> tuple[str, ...]:
        """Method paths that open a realtime/WebSocket connection."""
        return tuple(p for p, m in self.methods.items() if m.connect)

    @cached_property
    def connect_points(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """The SDK resources whose `connect()` opens a socket, as (attribute path from the
        client, endpoint), also under the `beta` namespace: what the runtime guard and the
        pytest plugin wrap."""
        found: list[tuple[tuple[str, ...], str]] = []
        for path in self.connect_paths:
            parts = tuple(path.split("."))
            if parts[-1] == "connect":
                found.append((parts[:-1], self.methods[path].endpoint))
        beta = [(("beta", *p), e) for p, e in found if "beta" in self.wrappers]
        return (*found, *beta)

    @cached_property
    def connect_resources(self) -> tuple[tuple[str, ...], ...]:
        """The attribute paths of `connect_points`."""
        return tuple(p for p, _ in self.connect_points)

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Qualified names whose meaning the catalogue gives (clients, client wrappers and
        drop-ins, framework constructors): the resolver takes them as they are and never
        follows them into a copy of the library's own source in the scanned tree. An entry on
        an object a class builds (`guardrails.Guard.for_pydantic()`, `guardrails.Guard()`, called
        with a model) makes the class known too: in the library's own tree, its docs import it."""
        names = {*self.clients, *self.constructors, *self.client_wrappers, *self.dropins}
        for name in self.constructors:
            head = name.split("(", 1)[0] if "(" in name else ""
            parent = head.rpartition(".")[0]
            if head:
                names.add(head)
            if parent and parent.rpartition(".")[2][:1].isupper():
                names.add(parent)  # (the class of a factory method, `guardrails.Guard` of `Guard.load()`)
        return frozenset(names)

    @cached_property
    def known_modules(self) -> frozenset[str]:
        """Modules (and their parents) that hold a known name: `import instructor` then
        `instructor.from_openai(...)` is the catalogue's `instructor.from_openai`."""
        found: set[str] = set()
        for name in self.known_names:
            parts = re.split(r"[./]", name)[:-1]
            for i in range(1, len(parts) + 1):
                found.add(".".join(parts[:i]))
        return frozenset(m for m in found if m)

    @cached_property
    def free_names(self) -> dict[str, str]:
        """Framework functions by the chain written from their module's last segment on
        (`litellm.completion`, `openai.realtime.RealtimeModel` of `livekit.plugins.openai`):
        how code calls them through a name no import binds (a module the host injects, a
        documentation snippet whose imports are elided). Only chains that name one entry."""
        owner: dict[str, set[int]] = {}
        qual: dict[str, str] = {}
        for n, c in self.constructors.items():
            if "()" in n or "/" in n or "@" in n:
                continue
            parts = n.split(".")
            for i in range(len(parts) - 1):
                key = ".".join(parts[i:])
                owner.setdefault(key, set()).add(id(c))
                qual.setdefault(key, n)
        # (`openai.OpenAI` is the SDK's client, whatever framework class also ends so.)
        return {k: qual[k] for k, ids in owner.items() if len(ids) == 1 and k not in self.clients}

    def content_part(self, obj: dict[str, Any]) -> bool:
        """Whether a literal object is a content part the catalogue reports where it is written."""
        kind = obj.get("type")
        entry = self.part_types.get(kind) if isinstance(kind, str) else None
        return entry is not None and (not entry.requires_any or any(k in obj for k in entry.requires_any))

    def hosted_tool(self, obj: dict[str, Any]) -> bool:
        """Whether a literal object is an OpenAI hosted tool by its exact `type` value."""
        kind = obj.get("type")
        entry = self.hosted_types.get(kind) if isinstance(kind, str) else None
        if entry is None or (entry.alone and len(obj) > 1) or any(k in obj for k in self.frameworks.not_tool_keys):
            return False
        return not entry.requires_any or any(k in obj for k in entry.requires_any)

    def function_tool_source(self, qual: str) -> bool:
        """Whether a value of this qualified name (`langchain_mcp_adapters.client.MultiServerMCPClient().get_tools()`)
        is a tool list of function tools only (`function_tool_sources`: dotted prefixes, calls ignored)."""
        name = qual.replace("()", "")
        return any(name == p or name.startswith(p + ".") for p in self.frameworks.function_tool_sources)
