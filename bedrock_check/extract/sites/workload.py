"""Whether one file is part of an OpenAI workload: what it imports, the URLs it and the
modules of the scanned tree it imports name, and where its raw HTTP calls and clients go."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Call, FileModel, Import
from bedrock_check.extract.common import SAYS_OPENAI, writes_string
from bedrock_check.extract.httpcall import lower_http
from bedrock_check.extract.sites.base import SiteBase, _is_openai_module
from bedrock_check.extract.wire import azure_shape, request_url
from bedrock_check.findings import (
    Span,
)
from bedrock_check.vocabulary import CHECKED_PROVIDERS, MIGRATING_PROVIDERS

#: Import roots that are never a module of the scanned tree (standard library and common
#: packages: not worth a look-up).
_LIBRARY_ROOTS = frozenset({"os", "sys", "json", "typing", "re", "logging", "asyncio", "dataclasses", "pathlib",
                            "collections", "datetime", "time", "pydantic", "openai", "react", "next"})


class Workload(SiteBase):
    """Whether one file is part of an OpenAI workload."""

    def _talks_to_openai(self) -> bool:
        """Whether this file's socket events go to OpenAI: it imports an OpenAI library or
        names an OpenAI/Azure URL, and names no other provider's URL or SDK (xAI, Inworld
        and others speak the same realtime protocol)."""
        if self._openai_file is None:
            hosts = {self.cat.provider_of_host(url) for url, _ in self.m.urls} - {None}
            self._openai_file = self.file_vendor is None and not (hosts - CHECKED_PROVIDERS) and (
                bool(hosts & MIGRATING_PROVIDERS)
                or any(_is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None
                       for i in self.m.imports.values())
                or self._imports_openai_socket())  # fmt: skip
            if not self._openai_file and self.file_vendor is None and not hosts and self.realtime_marked():
                self._openai_file = True
            if not self._openai_file and self.file_vendor is None and not hosts:
                # `fetch(REALTIME_CALLS_URL, ...)` with the URL imported from a constants module.
                sent = {self.cat.provider_of_host(url) for url in self._http_urls()} - {None}
                self._openai_file = bool(sent & MIGRATING_PROVIDERS) and not (sent - CHECKED_PROVIDERS)
        return self._openai_file

    def realtime_marked(self) -> bool:
        """Whether the file writes a name only OpenAI's realtime protocol uses as a string
        (`createDataChannel("oai-events")`: catalogue `realtime_markers`)."""
        return writes_string(self.m.src.text, self.cat.realtime_markers)

    def talks_to_openai(self) -> bool:
        """Whether this file's socket events go to OpenAI (see `_talks_to_openai`)."""
        return self._talks_to_openai()

    def inside_event(self, span: Span, tails: frozenset[str]) -> bool:
        """Whether a span lies inside a socket event written as an object literal or sent by
        a connection method (`{type: "session.update", session: {...}}`, `conn.session.update(session={...})`),
        or inside a call named like a catalogue entry (`tails`: `client.updateSession({...})`),
        where it is checked as that event or call says."""
        for raw, scope, kind in self.m.typed_literals:
            if kind in self.cat.event_types and within(span, self.m.lower(raw, scope).span):
                return True
        return any(((len(site.chain) >= 3 and ".".join(site.chain[-2:]) in self.cat.event_methods)
                    or site.chain[-1] in tails) and within(span, site.span)
                   for site in self.m.calls)  # fmt: skip

    def _http_urls(self) -> list[str]:
        """The URLs this file's raw HTTP calls (`fetch(URL, ...)`) send to, as far as resolved."""
        urls: list[str] = []
        for site in self.m.calls:
            spec = self.cat.http_calls.get(".".join(site.chain)) if len(site.chain) < 3 else None
            if spec is None:
                continue
            call = lower_http(self, site, spec)
            if isinstance(call, Call) and len(call.args) > spec.url:
                url = request_url(self, call, spec)
                if isinstance(url, str) and "://" in url:
                    urls.append(url)
                elif (shape := azure_shape(self, call.args[spec.url], url)) is not None:
                    # `useWebSocket(`${endpoint}/openai/realtime?...`)`: an Azure OpenAI resource's path.
                    urls.append("https://{resource}.openai.azure.com" + shape.removeprefix("{}"))
        return urls

    def _imports_openai_socket(self) -> bool:
        """Whether a function or class this file imports from a module of the scanned tree (its
        own socket wrapper, `import { RealtimeAPI } from './api.js'`, also through a path alias:
        `@/lib/realtime-connection`) comes from a module that names an OpenAI URL and no other
        provider's. (An imported constant, `SIGNAL_PATH`, is a value this file's own calls send.)"""
        for imp, other in self._tree_import_pairs():
            if imp.name not in ("default", "*") and imp.name not in other.classes and not any(
                    b.kind == "func" for b in other.bindings.get((0, imp.name), ())):  # fmt: skip
                continue
            hosts = {self.cat.provider_of_host(url) for url, _ in other.urls} - {None}
            if hosts & MIGRATING_PROVIDERS and not hosts - CHECKED_PROVIDERS:
                return True
        return False

    def uses_openai_library(self) -> bool:
        """Whether this file, or a module of the scanned tree it imports, imports an OpenAI
        library, whatever other providers it also names: an app's `llms.py` that builds
        `ChatOpenAI`, `ChatOllama` and `ChatAnthropic` side by side still sends OpenAI model
        ids to OpenAI (looser than `_talks_to_openai`, which must be sure of every event)."""
        if self._uses_openai is None:
            self._uses_openai = self._uses_openai_library()
        return self._uses_openai

    def _uses_openai_library(self) -> bool:
        if self.file_vendor is not None:
            return False
        if self._talks_to_openai() or self.imports_openai_module():
            return True

        def openai_imports(m: FileModel) -> bool:
            return any(_is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None
                       for i in m.imports.values())  # fmt: skip

        return openai_imports(self.m) or any(openai_imports(other) for other in self._tree_imports())

    def _tree_imports(self) -> Iterator[FileModel]:
        """The modules of the scanned tree this file imports (parsed when first asked)."""
        for _, other in self._tree_import_pairs():
            yield other

    def _tree_import_pairs(self) -> Iterator[tuple[Import, FileModel]]:
        """Each import of a module of the scanned tree, with that module."""
        project = self.r.project
        if project is None:
            return
        for imp in self.m.imports.values():
            if imp.module.split(".")[0] in _LIBRARY_ROOTS:
                continue
            path = project.source(self.m, imp)[0]
            other = project.model(path) if path else None
            if other is not None:
                yield imp, other

    def imports_openai_module(self) -> bool:
        """Whether a module of the scanned tree this file imports (the app's own OpenAI
        helpers, `from app.openai_utils import chat`) imports an OpenAI library or names an
        OpenAI URL, and no other provider's."""
        for other in self._tree_imports():
            hosts = {self.cat.provider_of_host(url) for url, _ in other.urls} - {None}
            if hosts - CHECKED_PROVIDERS:
                continue
            # (Also a framework class the catalogue says is OpenAI's, `from langchain.chat_models
            # import ChatOpenAI` in the app's `openai_llm.py`: a legacy path of no OpenAI module.)
            if hosts & MIGRATING_PROVIDERS or any(
                    (_is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None)
                    or self.openai_class(i) for i in other.imports.values()):  # fmt: skip
                return True
        return False

    def openai_class(self, imp: Any) -> bool:
        """Whether an import names a framework class the catalogue says talks to OpenAI
        (`from langchain.chat_models import ChatOpenAI`, a legacy path of no OpenAI module)."""
        spec = self.cat.constructors.get(f"{imp.module}.{imp.name}")
        return spec is not None and spec.provider == "openai"

    def openai_evidence(self) -> bool:
        """Whether a hosted-tool literal this file writes with no request in view (a module
        constant, a config array, a menu of tool types) belongs to an OpenAI workload: the file
        sends a request to OpenAI (or to a client not told), uses an OpenAI library (itself or
        through a module of the tree it imports), names an OpenAI or Azure OpenAI URL, or says
        `OpenAI` in its code (`OPENAI_TOOLS`, `# OpenAI hosted tools`); else the nearest
        manifest of its package installs an OpenAI library (see `manifests`). A file with
        none of these (a React app's menu, `{type: "web_search", label: "Search the web"}`, in a
        package that depends on `react` alone) writes the words for its own purposes. With no
        manifest up to the repository's top there is nothing to tell by: the literal counts."""
        if self._evidence is None:
            self._evidence = self._openai_evidence()
        return self._evidence

    def _openai_evidence(self) -> bool:
        if self.sends_openai or SAYS_OPENAI.search(self.m.src.text):
            return True
        if {self.cat.provider_of_host(url) for url, _ in self.m.urls} & MIGRATING_PROVIDERS:
            return True
        project = self.r.project
        depends = project.depends_on_openai(self.m.origin, self.m.lang == "python") if project is not None else None
        # (The manifest first: reading it is cached per folder, while the imports are parsed.)
        return depends is not False or self.uses_openai_library()

    def _foreign_clients_only(self) -> bool:
        """Whether this file builds clients and every one goes to a provider that is not checked."""
        return bool(self.client_providers) and not (self.client_providers & {*CHECKED_PROVIDERS, None})

    def _sends_elsewhere_only(self) -> bool:
        """Whether every request this file sends by hand goes to a provider that is not checked
        (`requests.post("http://localhost:8000/v1/responses", ...)` to a local server) and the file
        neither imports an OpenAI library nor makes a checked client: its hosted-tool literals are
        that server's."""
        if self.client_providers & CHECKED_PROVIDERS or any(_is_openai_module(i.module) for i in self.m.imports.values()):
            return False
        sent = [self.cat.provider_of_host(url) for url in self._http_urls()]
        return bool(sent) and all(p is not None and not self.cat.is_checked(p) for p in sent)
