"""The provider a client construction goes to, and what it says (base URL, Region,
endpoint), from its class, its arguments, the environment variables it reads and a `.env`
of the tree; and whether a client is a test double."""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.extract.callsite import Add, Attr, Call, Index, Lit, Obj, Ref
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.envset import BASE_URL_NAMES, base_url_set
from bedrock_check.extract.fakes import fakes_transport
from bedrock_check.extract.resolve import EnvVar, Sym, env_name
from bedrock_check.extract.sites.workload import Workload
from bedrock_check.findings import (
    DEFAULT_BASE_URL,
    UNRESOLVED_BASE_URL,
)
from bedrock_check.vocabulary import TEST_DOUBLE

_BEDROCK_HOST = re.compile(r"bedrock-(mantle|runtime)(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.")


def bedrock_host_attrs(url: str) -> list[tuple[str, str]]:
    """The endpoint and Region a Bedrock base URL names (none for another host)."""
    host = _BEDROCK_HOST.search(url)
    if host is None:
        return []
    return [("endpoint", "runtime" if host.group(1) == "runtime" else "mantle"), ("region", host.group(2))]


#: An OpenAI API key read from the environment (`process.env.OPENAI_KEY`, `os.environ["OPENAI_API_KEY"]`,
#: `const { OPENAI_KEY } = process.env`): a test that needs one calls the real API.
_LIVE_KEY = re.compile(r"(?:process\.env\.|environ\[[\"']|getenv\([\"']|environ\.get\([\"']|\{\s*)OPENAI_(?:API_)?KEY\b")
#: Words of test doubles (`MagicMock`, `mock.patch`, `monkeypatch`, a stub or a fake): such a test
#: sends nothing (a faked transport is `fakes.fakes_transport`'s question).
_DOUBLES = re.compile(r"(?i)mock|\bpatch\b|monkeypatch|\bstub|\bfake")

class Clients(Workload):
    """The provider and attributes of one client construction."""

    def _client_args(self, entry: Any, call: Call) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        options, _ = self._options(call)
        if self._test_file and (
            any(k in options for k in self.cat.providers.transport_args) or self._transport_patched()
            or self._fixture_server(call)
        ):
            # `new OpenAI({ fetch: async () => new Response(...) })` in a test, or a test that
            # patches the SDK's sending method: the client's transport is a test double, and
            # its requests reach no API.
            return TEST_DOUBLE, ()
        attrs: list[tuple[str, str]] = []
        provider = entry.provider
        bedrock_sdk = entry.provider == "bedrock"  # BedrockOpenAI, or OpenAI(provider=bedrock(...)) below
        for key in self.cat.providers.provider_args:
            factory = options.get(key)
            if isinstance(factory, Sym) and factory.call is not None:
                fname = (factory.qual or "")[:-2]
                fentry = self.cat.clients.get(fname)
                if fentry is not None and fentry.provider_factory:
                    provider = fentry.provider
                    bedrock_sdk = bedrock_sdk or fentry.provider == "bedrock"
                    fopts, _ = self._options(factory.call)
                    for rk in fentry.region_arg:
                        if isinstance(fopts.get(rk), str):
                            attrs.append(("region", fopts[rk]))
                    if isinstance(fopts.get("endpoint"), str):
                        attrs.append(("endpoint", fopts["endpoint"]))
        for key in entry.region_arg:
            if isinstance(options.get(key), str):
                attrs.append(("region", options[key]))
        for key in self.cat.providers.base_url_args:
            url = options.get(key)
            if isinstance(url, Sym) and env_name(url) is not None:
                url = EnvVar(str(env_name(url)))  # `baseURL: process.env.OPENAI_BASE_URL`
            if isinstance(url, str) and url:
                attrs.append(("base_url", url))
                # An unknown host is another server only for the generic client: an Azure
                # or Bedrock client class says where it goes whatever the host's spelling.
                found = self.cat.provider_of_base_url(url) if entry.provider == "openai" else self.cat.provider_of_host(url)
                if found and not (provider == "bedrock" and found == "local"):
                    provider = found
                attrs.extend(bedrock_host_attrs(url))
            elif isinstance(url, EnvVar):
                attrs.append(("base_url_env", url.name))
                found = self.cat.provider_of_env(url.name)
                # `os.getenv("AIMLAPI_BASE_URL", "https://api.aimlapi.com/v1")`: where it goes when unset.
                default = self.cat.provider_of_base_url(url.default) if url.default and "://" in url.default else None
                if found and found != "openai":
                    provider = found
                elif default and entry.provider == "openai":
                    provider = default
                    attrs.append(("base_url", str(url.default)))
                elif provider == entry.provider == "openai":
                    # `base_url=os.getenv("OPENAI_API_BASE")`: set where the app runs, maybe to another
                    # server; a .env of the tree that sets it says which, else the finding says so.
                    setting = self.env_base_url() if url.name in BASE_URL_NAMES else None
                    if setting is None and self.r.project is not None:
                        setting = self.r.project.env_setting(self.m.origin, url.name)
                    if setting and "://" in setting:
                        attrs.append(("base_url", setting))
                        provider = self.cat.provider_of_base_url(setting) or provider
                        attrs.extend(bedrock_host_attrs(setting))
                    else:
                        attrs.append((UNRESOLVED_BASE_URL, f"${url.name}"))
        if provider == "bedrock" and bedrock_sdk and self.r.project is not None and not any(
                k in ("endpoint", "base_url", "base_url_env") for k, _ in attrs):  # fmt: skip
            # The OpenAI SDKs' Bedrock clients read AWS_BEDROCK_BASE_URL (never OPENAI_BASE_URL).
            url = self.r.project.env_setting(self.m.origin, "AWS_BEDROCK_BASE_URL")
            if url:
                attrs.append(("base_url", url))
                attrs.extend(bedrock_host_attrs(url))
        if provider == "bedrock" and bedrock_sdk and not any(k in ("endpoint", "base_url", "base_url_env") for k, _ in attrs):
            attrs.append(("endpoint", "mantle"))  # the Bedrock clients' default endpoint
        if provider == entry.provider == "openai" and not any(k in options for k in self.cat.providers.base_url_args):
            # No base URL passed: the SDK reads OPENAI_BASE_URL, maybe set by the file itself
            # (`os.environ[...] = ...`, a usage comment's `export`) or in a .env of the tree.
            url = self.env_base_url() or (
                self.r.project.env_setting(self.m.origin, "OPENAI_BASE_URL") if self.r.project is not None else None)
            if url:
                attrs.append(("base_url", url))
                attrs.extend(bedrock_host_attrs(url))  # a Bedrock URL there names the endpoint and Region
                # (By host, or a plain-HTTP, port or placeholder address: an unknown HTTPS host may
                # be a gateway in front of the OpenAI API, as a `.env`'s setting is read.)
                provider = self.cat.provider_of_server_url(url) or provider
        if provider == entry.provider == "openai":
            for key in (*self.cat.providers.base_url_args, *self.cat.providers.api_key_args):
                value = options.get(key)
                # (an empty string is a helper's default, not the URL its callers pass; a None
                # from a name is one of its values, `self.api_endpoint = None` when setup failed)
                named = value is None and not isinstance(self.kw(call, key), (Lit, type(None)))
                if key in options and (value is UNRESOLVED or value == "" or isinstance(value, Sym) or named):
                    hinted = self.cat.provider_of_code(self._arg_text(call, key))
                    if hinted:
                        provider = hinted
                        break
        if provider == entry.provider == "openai":
            # A base URL read from a database or a settings object (`base_url=row.base_url`):
            # where the calls go is not known. They are still checked as the OpenAI API (what
            # the class defaults to), and each finding says the base URL was not resolved.
            for key in self.cat.providers.base_url_args:
                value = options.get(key)
                if key in options and value is None and (vendor := self._class_vendor(call)) is not None:
                    # (`base_url=self.config.url` of a settings class whose field defaults to None, in
                    # `class VLLMInferenceAdapter`: the URL is set at run time, for that vendor's server.)
                    provider = vendor
                    break
                if key in options and (value is UNRESOLVED or isinstance(value, Sym)):
                    shaped = self._server_shaped(call, key)
                    if shaped is not None:
                        provider = shaped  # (`f"http://{HOST}:{PORT}/v1"`: no OpenAI API host)
                    elif self.file_vendor is not None and not self.cat.is_checked(self.file_vendor):
                        provider = self.file_vendor  # in another vendor's SDK package: its server
                    elif (vendor := self._class_vendor(call)) is not None:
                        provider = vendor  # `class OllamaAPIAdapter`: `AsyncOpenAI(base_url=self.endpoint)`
                    else:
                        attrs.append((UNRESOLVED_BASE_URL, self._arg_source(call, key) or key))
                    break
        if provider == entry.provider == "openai":
            for key in self.cat.providers.api_key_args:
                env = options.get(key)
                if isinstance(env, EnvVar):
                    found = self.cat.provider_of_env(env.name)
                    # (A key field given another vendor's key in one branch and `OPENAI_API_KEY` in
                    # another, `self.api_key = os.environ.get("GEMINI_API_KEY")` / `...("OPENAI_API_KEY")`,
                    # says nothing against OpenAI.)
                    if found and found != "openai" and not self.cat.names_openai_env(self._arg_text(call, key), "KEY"):
                        provider = found
        if provider == entry.provider == "openai" and not any(
                k in ("base_url", "base_url_env", UNRESOLVED_BASE_URL) for k, _ in attrs) and not any(
                k in options for k in (*self.cat.providers.base_url_args, *self.cat.providers.provider_args)):  # fmt: skip
            # (`new OpenAI({ provider: await createProvider(region) })`: a provider the code
            # builds out of sight is no default host.)
            attrs.append((DEFAULT_BASE_URL, "https://api.openai.com/v1"))
        return provider, tuple(attrs)

    def _class_vendor(self, call: Call) -> str | None:
        """The vendor the class that builds a client is named for, when that is a provider
        that is not checked: a multi-provider app writes one adapter class per vendor on the
        OpenAI SDK (`class OllamaAPIAdapter`, `class GroqClient`) and hands each its server's
        URL from settings, so the class's name is what says where its base URL points."""
        cls = self.m.class_at(call.span)
        return self.cat.vendor_named(cls) if cls else None

    def go_test_client(self, provider: str | None, attrs: tuple[tuple[str, str], ...]) -> bool:
        """Whether a client of a Go test goes to the test's own server: one from the package's
        test setup (`client, server, teardown := setupOpenAITestServer()`, in a sibling file,
        whose provider is not known here) or pointed at a server the test starts
        (`config.BaseURL = ts.URL + "/v1"`). A Go test that calls the API builds its client itself."""
        return self.m.lang == "go" and self.holds_tests() and (
            provider is None or any(k == UNRESOLVED_BASE_URL for k, _ in attrs))

    def _server_shaped(self, call: Call, key: str) -> str | None:
        """The provider a base URL the code computes goes to by its shape alone, when every
        form it can take names one: plain HTTP, a port or an IP address (`f"http://{host}:{port}/v1"`,
        a module constant built from environment reads), none of which the OpenAI API uses."""
        from bedrock_check.extract.branches import branch_urls

        expr = self.kw(call, key)
        urls = branch_urls(self, expr) if expr is not None else []
        found = {self.cat.provider_of_base_url(u) for u in urls}
        if not found or None in found or any(self.cat.is_checked(p) for p in found):
            return None
        return min(p for p in found if p is not None)

    def env_base_url(self) -> str | None:
        """The OpenAI base URL this file sets in its own environment
        (`os.environ["OPENAI_API_BASE"] = "http://localhost:8000/v1"`, `export OPENAI_BASE_URL=...`
        in a usage comment): where its clients built without a base URL go (see `envset`)."""
        if self._env_url is None:
            self._env_url = (base_url_set(self.m.src.text),)
        return self._env_url[0]

    def env_provider(self) -> str | None:
        """The provider the base URL this file sets in its environment goes to, if any."""
        url = self.env_base_url()
        return self.cat.provider_of_server_url(url) if url else None

    def _arg_text(self, call: Call, key: str) -> str:
        """The source text of a keyword argument or option value, with the lines where a
        name it passes is given its value (for name hints)."""
        expr = self._arg_expr(call, key)
        if expr is None:
            return ""
        return "\n".join([self._expr_text(expr), *self._bound_lines(expr)])

    def _arg_source(self, call: Call, key: str) -> str:
        """The source text of a keyword argument or option value alone, on one line and at most
        80 characters (`self.base_url`): what a finding quotes. (The hint text of `_arg_text`
        also holds the lines that bind the name, which a message must not carry.)"""
        expr = self._arg_expr(call, key)
        text = " ".join(self._expr_text(expr).split()) if expr is not None else ""
        return text if len(text) <= 80 else text[:79] + "…"

    def _expr_text(self, expr: Any) -> str:
        sp = expr.span
        lines = self.m.src.lines[sp.line - 1 : sp.end_line]
        return "\n".join(lines)[:400] if sp.line != sp.end_line else (lines[0] if lines else "")[sp.column - 1 : sp.end_column - 1]

    def _arg_expr(self, call: Call, key: str) -> Any:
        """The expression a keyword argument or option value is written as, or None."""
        expr = self.kw(call, key)
        if expr is None:
            for arg in call.args:
                if isinstance(arg, Ref):
                    arg = self._bound_object(arg)  # `new OpenAI(localAIOptions)`: the options object it names
                if isinstance(arg, Obj):
                    expr = next((v for k, v in arg.entries if k is not None and getattr(k, "value", None) == key), None)
                    if expr is not None:
                        break
        return expr

    def _bound_lines(self, expr: Any) -> list[str]:
        """The lines where a name or a `self.x` field passed as an argument is given its value
        (`self.api_endpoint = Config().get_lmstudio_api_endpoint()`): they name the server too."""
        raws: list[Any] = []
        out: list[str] = []
        if isinstance(expr, Ref):
            found = self.r.lookup(expr.name, expr.scope, expr.pos)
            raws = [b.raw for b in found[0] if b.kind == "assign"] if found is not None else []
            # (`class LlamaVLLM: def __init__(self, endpoint): OpenAI(base_url=endpoint)`: the
            # class the client is built in names the server its caller passes.)
            out.extend(c for c in (self.r._class_of(expr.scope),) if c)
        elif isinstance(expr, Attr) and isinstance(expr.obj, Ref) and expr.obj.name in ("self", "this"):
            cls = self.r._class_of(expr.obj.scope)
            info = self.m.classes.get(cls) if cls else None
            raws = [raw for raw, _ in info.fields.get(expr.name, ())] if info is not None else []
        for raw in raws[:4]:
            line = getattr(raw, "lineno", None) or (raw.start_point[0] + 1 if hasattr(raw, "start_point") else None)
            if line:
                out.append(self.m.src.line(int(line)) or "")
        return out

    def _bound_object(self, ref: Ref) -> Any:
        """The object literal a name is last given before its use, or None."""
        found = self.r.lookup(ref.name, ref.scope, ref.pos)
        if found is None:
            return None
        bindings, owner = found
        assigns = [b for b in bindings if b.kind == "assign" and b.raw is not None and b.pos <= ref.pos]
        return self.m.lower(assigns[-1].raw, owner) if assigns else None

    def _double(self, value: Any) -> bool:
        """Whether a value is a test double: built by a mock factory (`vi.fn()`, `MagicMock()`,
        `sinon.createStubInstance(OpenAI)`, then anything chained on it), or a client of a
        module the file replaces with a double (`vi.mock("openai")`)."""
        if not isinstance(value, Sym) or not value.qual:
            return False
        qual = value.qual
        if qual.split("()", 1)[0] in self.cat.doubles and "()" in qual:
            return True
        mocked = self._mocked_modules()
        return bool(mocked) and any(qual == m or qual.startswith((m + ".", m + "/")) for m in mocked)

    def _fixture_server(self, call: Call) -> bool:
        """Whether a test's client is pointed at a server the test is given (a pytest fixture:
        `OpenAI(base_url=f"{launcher.base_url}/v1")`, `new OpenAI({baseURL: server.url})` in a
        test function that receives it): the test talks to the server it started."""
        urls = [v for k, v in call.kwargs if k in self.cat.providers.base_url_args]
        if call.args and isinstance(call.args[0], Obj):
            urls += [v for k, v in call.args[0].entries
                     if isinstance(k, Lit) and k.value in self.cat.providers.base_url_args]  # fmt: skip
        parts = list(urls)
        seen = 0
        while parts and seen < 16:
            part = parts.pop()
            seen += 1
            if isinstance(part, Add):  # (an f-string, a template literal: its operands)
                parts += [part.left, part.right]
                continue
            while isinstance(part, (Attr, Index)):
                part = part.obj
            if isinstance(part, Ref) and self.r.is_parameter(part):
                return True
            if isinstance(part, Ref):
                # A local taken from what the test is given (`endpoint, _ = setup`, `url = server.url`).
                found = self.r.lookup(part.name, part.scope, part.pos)
                if found is not None and self.m.scopes[found[1]].kind == "function":
                    parts += [self.r.expr(b.raw, found[1]) for b in found[0][-2:] if b.kind == "assign" and b.raw is not None]
        return False

    def _transport_patched(self) -> bool:
        """Whether this file patches the SDK's sending method: `patch.object(x, "_post", ...)`
        (through any `patch`: `mock.patch`, `mocker.patch`) or `patch("openai....post")`."""
        if self._patched is None:
            methods = set(self.cat.providers.transport_methods)
            found = False
            if "patch" in self.m.src.text:
                for site in self.m.calls:
                    chain = site.chain
                    target = 1 if chain[-2:] == ("patch", "object") else 0 if chain[-1:] == ("patch",) else None
                    if target is None:
                        continue
                    call = self.m.lower(site.raw, site.scope)
                    arg = call.args[target] if isinstance(call, Call) and len(call.args) > target else None
                    if not isinstance(arg, Lit) or not isinstance(arg.value, str):
                        continue
                    name = arg.value
                    # `patch.object(x, "_post")` names the method; `patch("openai....post")` its path.
                    method = name if target == 1 else name.rpartition(".")[2] if name.startswith("openai.") else ""
                    if method in methods:
                        found = True
                        break
            self._patched = found
        return self._patched

    def live_test(self) -> bool:
        """Whether a test file calls the real API: it reads an OpenAI API key from the environment
        (`const { OPENAI_KEY } = process.env`, skipping without it) and fakes nothing (no mock,
        patch or recorded transport): the models it hands the app's code are sent."""
        text = self.m.src.text
        return (self._test_file and _LIVE_KEY.search(text) is not None and _DOUBLES.search(text) is None
                and not self._mocked_modules() and not fakes_transport(self.m, self.cat.providers.transport_fakes))  # fmt: skip

    def _mocked_modules(self) -> frozenset[str]:
        """The modules this file replaces with test doubles (`vi.mock("openai")`, `jest.mock(...)`)."""
        if self._mocked is None:
            found: set[str] = set()
            if "mock" in self.m.src.text:
                for site in self.m.calls:
                    if site.chain[-1:] not in (("mock",), ("doMock",)):
                        continue
                    call = self.m.lower(site.raw, site.scope)
                    if not isinstance(call, Call) or not call.args or not isinstance(call.args[0], Lit):
                        continue
                    func = self.r.value(call.func)
                    if isinstance(func, Sym) and func.dotted in self.cat.module_mocks and isinstance(call.args[0].value, str):
                        found.add(call.args[0].value)
            self._mocked = frozenset(found)
        return self._mocked
