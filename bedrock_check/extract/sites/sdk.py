"""SDK method calls and the requests they make: the client a call is made on, each
branch of its options, method references called elsewhere (`retry(client.chat.completions.create, ...)`),
and request-field keywords passed to any call of an OpenAI file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import clean, merge, models_at, variants
from bedrock_check.extract.callsite import Alt, Arr, Attr, Call, CallSite, Each, Expr, Index, Lit, Obj, Ref, Spread
from bedrock_check.extract.classvendor import class_provider
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve import EnvVar, Sym, env_name
from bedrock_check.extract.sites.frameworks import Frameworks
from bedrock_check.extract.sites.providers import _route
from bedrock_check.extract.vendor_scope import without_vendor_model
from bedrock_check.findings import (
    UNRESOLVED_BASE_URL,
    ElsewhereSpan,
    Observation,
    Pointer,
    Span,
)
from bedrock_check.vocabulary import TEST_DOUBLE


def _attr_names(e: Expr) -> list[str]:
    """An attribute chain's names, base first, `()` for a call in it (`a.b().c`)."""
    out: list[str] = []
    while True:
        if isinstance(e, Attr):
            out.append(e.name)
            e = e.obj
        elif isinstance(e, Call):
            out.append("()")
            e = e.func
        elif isinstance(e, Ref):
            out.append(e.name)
            return out[::-1]
        else:
            return ["?", *out[::-1]]


#: Keywords a helper takes the function it calls under (`run_in_pace(func=..., **request)`).
_CALLABLE_KEYS = frozenset({"func", "fn", "function", "method", "callable"})


class SdkCalls(Frameworks):
    """SDK method calls and the requests they make."""

    def _sdk_call(self, site: CallSite, call: Call, dotted: str, method: Any) -> Iterator[Observation]:
        client: Any = None
        if method.legacy:
            client = self.r.value(call.func)
            # (A Node v3 method's one name, `openai.createChatCompletion`, may be called on a name
            # a documentation page binds in another fence; `Completion.create` never is.)
            whole = isinstance(call.func, Attr) and call.func.name in method.path
            if not self._legacy_receiver(client, call if whole else None):
                return
        caller, client_attrs = self._caller(call)
        if method.legacy and isinstance(client, Sym) and client.call is None:
            caller = self._module_provider() or caller
        elif caller == "openai" and site.chain[0] in self.m.imports and self._module_provider() is not None:
            # `openai.base_url = "http://localhost:8000/v1/"` then `openai.chat.completions.create(...)`:
            # the module's own client goes where the file points it.
            receiver = self.r.value(call.func)
            if isinstance(receiver, Sym) and receiver.call is None and receiver.qual == "openai":
                caller = self._module_provider() or caller
        elif caller in (None, "openai") and self.m.classes and (
                not client_attrs if caller is None else any(k == UNRESOLVED_BASE_URL for k, _ in client_attrs)):  # fmt: skip
            # A client built out of sight, or on a base URL not resolved here: the base URL
            # the enclosing model class names (`url = url or "https://api.deepseek.com"`).
            caller = class_provider(self, site.scope) or caller
        if caller is None and not client_attrs and not method.legacy:
            # A client from nowhere this code shows, named for its provider (`groq.files.create`
            # in a documentation snippet, `self.openrouter_client.chat...`).
            # (Or in a class named for one: `class GeminiAdapter` calling `self.aclient.chat...`
            # on a client made of LiteLLM's function, its model read from settings.)
            name = site.chain[1] if site.chain[0] in ("self", "this") and len(site.chain) > 2 else site.chain[0]
            caller = self.cat.vendor_named(name) or self.cat.vendor_named(self.m.class_of(site.scope) or "") or caller
            if caller is None and ".".join(site.chain[-2:]) in self.cat.generic_methods and not self.uses_openai_library():
                return  # (`sandbox.files.list(dirname)` of a sandbox SDK's file system, in a file of no OpenAI use)
        if self.go_test_client(caller, client_attrs):
            caller = TEST_DOUBLE
        raw, raw_spans, branches = self._branched_options(call)
        spreads = self.unseen_spreads
        if "model" in method.models and self._model_not_followed(call, raw.get("model")):
            spreads = [*spreads, ("model", raw["model"], self._unpassed_parameter(self._model_expr(call)))]
        for name, arg in zip(method.args, call.args, strict=False):
            # (`audio.transcribe("whisper-1", f)`: the pre-1.0 API names its model first.)
            if name not in raw and not isinstance(arg, Spread):
                raw[name] = self.r.value(arg, (name,), raw_spans)
                raw_spans.setdefault((name,), arg.span)
        if caller == "bedrock" and "model" in raw and not isinstance(raw["model"], str):
            # `model=os.environ.get("BEDROCK_MODEL", "us.openai.gpt-5.6-sol")` on a Bedrock client:
            # the request is for the code's own model (not the scan's default one) unless set.
            named = next(((v, sub) for p, v, sub in branches if p == ("model",) and isinstance(v, str)), None)
            if named is not None:
                raw = {**raw, "model": named[0]}
                raw_spans = {**{p: sp for p, sp in raw_spans.items() if p[:1] != ("model",)}, **named[1]}
        first = True
        candidates = [(raw, raw_spans), *variants(raw, raw_spans, branches)]
        if len(candidates) > 1 and not self.cat.is_checked(self.model_provider(caller, raw, client_attrs)):
            # A call made with each model of a list, or of an `if`'s branches, goes to each one's
            # provider: it is OpenAI's when one of them is (`for llm in ["groq:llama3-8b",
            # "openai:gpt-4o"]`), not only when the first one is.
            checked = next((i for i, (b, _s) in enumerate(candidates) if self.cat.is_checked(self.model_provider(caller, b, client_attrs))), 0)
            candidates.insert(0, candidates.pop(checked))
        for body, spans in candidates:
            # (A model written beside another vendor's client, in its `if` branch, is theirs.)
            body, spans = without_vendor_model(self, site.chain, body, spans)
            provider, found = self._sdk_requests(site, body, spans, method, caller, client_attrs, fragment=not first)
            if first:
                if not self.cat.is_checked(provider):
                    self._foreign.append(site.span)
                    # What the call is passed from elsewhere in the file (`tools=TOOLS`, a
                    # module constant) is that provider's too.
                    self._foreign.extend(sp for sp in raw_spans.values() if not isinstance(sp, ElsewhereSpan))
                    yield self._code("call", dotted, site.span, provider=provider)
                    return
                yield self._code("call", dotted, site.span, provider=provider, attrs=_route(provider, client_attrs))
                for text, value, function in spreads:
                    if text == "model":
                        self.not_seen(site.span, text, value, "whether Bedrock offers the model is", function)
                    elif method.body:
                        self.not_seen(site.span, text, value, "the request fields in it are", function)
            first = False
            yield from found

    def _model_not_followed(self, call: Call, value: Any) -> bool:
        """Whether a call's model is a value the resolver could not follow to its end (a
        getter with several returns, a chain cut, an installed package's value). A model
        whose source the code names is followed: a parameter is its callers' (their models
        are checked where they are written), an environment variable is set where the app is
        deployed (`.env` files, shell scripts and templates of the tree are read for it)."""
        if not (value is UNRESOLVED or isinstance(value, Sym)) or env_name(value) is not None:
            return False
        if isinstance(value, Sym) and (value.qual is None or value.qual.startswith("<")
                                       or value.qual.rstrip("()").rpartition(".")[2] in self.cat.sdk.not_given):  # fmt: skip
            return False  # (a value known only at run time, the app's own object, or "not given")
        if isinstance(value, Sym) and (value.qual or "").split("()", 1)[0] in self.cat.clients:
            return False  # (a field of an API answer, `job.fine_tuned_model`: known only at run time)
        expr = self._model_expr(call)
        if isinstance(expr, Attr) and isinstance(expr.obj, Ref):
            # `bp.openai_model = os.getenv("AZURE_OPENAI_CHAT_DEPLOYMENT")` in a setup hook, then
            # `model=bp.openai_model`: what the app stores on the object is where it comes from.
            stored = [self.r.value(self.m.lower(raw, scope)) for chain, raw, scope, _ in self.m.attr_stores
                      if chain == (expr.obj.name, expr.name)]  # fmt: skip
            if stored and all(isinstance(v, (str, EnvVar)) or env_name(v) is not None for v in stored):
                return False
        return expr is not None and not self._given_elsewhere(expr)

    def _model_expr(self, call: Call) -> Expr | None:
        """The expression a call gives its `model` (a keyword, or a key of its options object)."""
        expr = self.kw(call, "model")
        if expr is None:
            first = next((a for a in call.args if isinstance(a, Obj)), None)
            expr = next((v for k, v in first.entries if isinstance(k, Lit) and k.value == "model"), None) if first else None
        return expr

    def _given_elsewhere(self, expr: Expr, depth: int = 0) -> bool:
        """Whether a value is the object's or the caller's setting, given where the object is
        built or the function called (`self.model`, `cfg["model"]` of a parameter, a parameter
        of the enclosing function, `self.model_name or self.model_id`, a loop over such values),
        or a literal."""
        if isinstance(expr, Alt):
            return all(self._given_elsewhere(o, depth) for o in expr.options)
        if isinstance(expr, Lit):
            return True
        base: Expr = expr
        while isinstance(base, (Attr, Index)):
            base = base.obj
        if not isinstance(base, Ref) or depth > 3:
            return False
        if base.name in ("self", "this", "cls"):
            return True
        found = self.r.lookup(base.name, base.scope, base.pos)
        if found is None:
            # (A name nothing binds or imports is a placeholder, `model=model` in a documentation fence.)
            return base.name not in self.m.imports
        if base is expr and self._unpassed_parameter(expr) is not None:
            return False  # (a parameter nothing in the file gives: its model is not in sight)
        bindings, scope = found
        for b in bindings:
            if b.kind == "param":
                continue
            loop = self.m.lower(b.raw, scope) if b.kind == "assign" and b.raw is not None else None
            # (`for name in (model, judge):` over the function's parameters.)
            if not (isinstance(loop, Each) and isinstance(loop.iterable, Arr)
                    and all(self._given_elsewhere(i, depth + 1) for i in loop.iterable.items)):  # fmt: skip
                return False
        return True

    def _sdk_requests(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span], method: Any,
                      provider: str | None, client_attrs: tuple[tuple[str, str], ...],
                      fragment: bool) -> tuple[str | None, list[Observation]]:  # fmt: skip
        """The provider and the requests of one SDK call (of one branch of its options)."""
        body, spans = dict(body), dict(spans)
        merge(body, spans, "extra_body")
        for old, new in method.rename if provider != "azure" else ():
            # (`engine="text-embedding-ada-002"`: the model; on Azure, the deployment's own name.)
            if old in body and new not in body:
                body[new] = body.pop(old)
                spans.update({(new, *p[1:]): spans.pop(p) for p in [p for p in spans if p[:1] == (old,)]})
        if method.body and self.cat.part_constructors:
            self._parts(body)
        unseen = [(k, k, body[k], spans.get((k,), site.span)) for k in method.unseen if k in body and self.unseen_whole(body[k])]
        written = body.get("model")
        body = clean(body, (), [], self.presence)
        models = models_at(body, spans, method.models)
        if method.body:
            # The request as a whole is the call, not a `**kwargs` it spreads: an endpoint's
            # finding is at the call, once.
            spans[()] = site.span
        if not method.body:
            # Other endpoints are reported as the endpoint they are, whatever their body
            # holds; only the models they name are checked.
            kept = {k: body[k] for k in method.fields if k in body}
            spans = {p: sp for p, sp in spans.items() if p and p[0] in kept}
            body = kept
            if models:
                body["model"], spans[("model",)] = models[0]
        provider = self.model_provider(provider, body, client_attrs, written)
        if isinstance(body.get("model"), str) and body["model"].startswith(self.cat.forwarded_prefixes):
            body["model"] = self.cat.read_model(body["model"])[0]  # (the gateway's form: the model it forwards)
        if isinstance(body.get("model"), str) and self.cat.read_model(body["model"])[1] is None and not (
                provider == "azure" and self.cat.deployment_model(body["model"])):  # fmt: skip
            # Not an OpenAI model id (a deployment name, a fine-tune alias): nothing to check. (An
            # Azure deployment named as Azure spells the model, `gpt-35-turbo`, runs that model.)
            del body["model"]

        if not self.cat.is_checked(provider):
            return provider, []
        route = _route(provider, client_attrs)
        # `tools=get_tools()` of an installed package, `tools=tools` a parameter no call gives:
        # kept as a value the code does not show (the matrix decides where that is a warning).
        self.keep_unseen(site, body, spans, unseen)
        found: list[Observation] = self.more_models(models[1:], site.span, provider, route)
        if method.endpoint == "unknown" and not body:
            pass  # an event on an open connection that names no model: nothing to check here
        elif method.body or method.endpoint not in ("responses", "chat.completions"):
            if method.endpoint == "chat.completions":
                # A Chat Completions call is one whatever its messages are (a variable, a
                # `**params`): reported at the call.
                body.setdefault("messages", [])
                spans[("messages",)] = site.span
            found.append(self.request(body, spans, method.endpoint, site.span, provider, fragment=fragment, attrs=route))
        return provider, found

    def _parts(self, body: dict[str, Any]) -> None:
        """Content parts built by a catalogue constructor (`Audio.from_path(...)`) in place."""
        for key in ("messages", "input"):
            items = body.get(key)
            for item in items if isinstance(items, list) else ():
                content = item.get("content") if isinstance(item, dict) else None
                if not isinstance(content, list):
                    continue
                for i, part in enumerate(content):
                    qual = part.qual or "" if isinstance(part, Sym) else ""
                    if part_type := (qual.endswith("()") and not part.path and self.cat.part_constructors.get(qual[:-2])):
                        content[i] = {"type": part_type}

    def _keywords(self, site: CallSite) -> Iterator[Observation]:
        """Distinctive request-field keywords passed to any call of an OpenAI file
        (`previous_response_id=prev` to `Runner.run`, `ws.run_streamed` or the app's helper)."""
        text = "\n".join(self.m.src.lines[site.span.line - 1 : site.span.end_line])
        if not any(k in text for k in self._field_keywords) or not self._talks_to_openai():
            return
        if self.in_foreign(site.span):
            return  # a call to another provider or a test double: its keywords are not OpenAI's
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            return
        func = self.r.value(call.func)
        if isinstance(func, Sym) and (func.qual or "").startswith("<func:"):
            return  # the app's own helper: reported inside it, where the id meets the SDK call
        names = self.cat.frameworks.field_keywords
        body: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        for k, v in call.kwargs:
            if k in names:
                # A parameter passed on is the caller's id, whatever its default (`=None`).
                body[names[k]] = UNRESOLVED if self.r.is_parameter(v) else self.r.value(v, (names[k],), spans)
                spans.setdefault((names[k],), v.span)
        for arg in call.args:
            if isinstance(arg, Obj):
                sub: dict[Pointer, Span] = {}
                options = self.r.value(arg, (), sub)
                for k, v in options.items() if isinstance(options, dict) else ():
                    if k in names:
                        body[names[k]] = v
                        spans.update({(names[k], *p[1:]): sp for p, sp in sub.items() if p and p[0] == k})
        body = clean(body, (), [], self.presence)
        if body:
            yield self.request(body, spans, "unknown", site.span, None, fragment=True)

    def _refers(self, site: CallSite, chain: tuple[str, ...]) -> bool:
        """Whether a call may use an SDK method it does not call itself: a name bound to one
        (`completion = client.chat.completions.create`; `completion(...)`) or one passed as an
        argument (`retry(client.chat.completions.create, **kw)`, `sync_to_async(m)(...)`)."""
        if len(chain) == 1 and chain[0] in self._aliases:
            return True
        return any(site.span.line <= n <= site.span.end_line for n in self._ref_lines)

    def _referenced(self, site: CallSite) -> Iterator[Observation]:
        """The SDK call (or framework function) a call makes through a method reference, with
        the call's own arguments as its options: reported at the call, or where a bound name
        is given the method (the call may be far from it, through a helper's arguments)."""
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            return
        # (each reference, the call it stands for, where it is reported, and the call it is handed to
        # with its argument's position, when it is an argument)
        refs: list[tuple[Expr, Call, Span, tuple[Call, int] | None]] = []
        if isinstance(call.func, Ref) and call.func.name in self._aliases:
            bound = self._bound_attr(call.func)
            if bound is not None:
                refs.append((bound, Call(bound, call.args, call.kwargs, call.span), bound.span, None))
        inner = call.func if isinstance(call.func, Call) else None  # `sync_to_async(m)(...)`
        for holder in (call, inner):
            if holder is None or self._wraps(holder):
                continue  # `instructor.from_litellm(litellm.acompletion)`: a client is made of it, no call
            for i, arg in enumerate(holder.args):
                if isinstance(arg, Attr) and arg.span.line in self._ref_lines:
                    rest = call.args if holder is inner else (*call.args[:i], *call.args[i + 1 :])
                    refs.append((arg, Call(arg, rest, call.kwargs, call.span), call.span, (holder, i)))
            for key, arg in holder.kwargs if holder is call else ():
                # `self.endpoint.run_in_pace(func=client.moderations.create, input=text)`: a pacing or
                # retry helper given the method under a callable's name, and the request beside it.
                if key in _CALLABLE_KEYS and isinstance(arg, Attr) and arg.span.line in self._ref_lines:
                    rest_kw = tuple((k, v) for k, v in call.kwargs if k != key)
                    if rest_kw:
                        refs.append((arg, Call(arg, call.args, rest_kw, call.span), call.span, None))
        for ref, synthetic, span, handed in refs:
            if not synthetic.kwargs and not any(isinstance(a, Obj) for a in synthetic.args):
                # `self._with_fallback(client.chat.completions.create, request_params, model)`:
                # a helper that calls `fn(**params)` is given the request as a dict it was built in.
                spread = next((a for a in synthetic.args if isinstance(a, Ref) and isinstance(self.r.value(a), dict)), None)
                if spread is not None:
                    rest = tuple(a for a in synthetic.args if a is not spread)
                    synthetic = Call(synthetic.func, rest, ((None, spread),), synthetic.span)
                elif handed is None or not self._calls_param(*handed):
                    continue  # `print(client.chat.completions.create)`: no request is made with it
                # (else `openai_request(client.chat.completions.create, body)`: a function of the tree
                # that calls the method it is given, with a request the code does not show.)
            names = _attr_names(ref)
            last = max((i for i, p in enumerate(names) if p == "()"), default=-1)
            tail = ["<client>", *names[last + 1 :]] if last >= 0 else names
            there = CallSite(site.raw, site.scope, span, tuple(names), site.func_raw)
            method = self.cat.method(tail) if len(tail) > 1 else None
            if method is not None and not method[1].legacy:
                yield from self._sdk_call(there, synthetic, self._dotted(tuple(names)), method[1])
                return
            value = self.r.value(ref)
            spec = self.cat.constructors.get(value.dotted) if isinstance(value, Sym) and not value.call else None
            if spec is not None:
                yield self._code("call", value.dotted, span)
                yield from self._framework(there, synthetic, spec)
                return

    def _calls_param(self, holder: Call, index: int) -> bool:
        """Whether the function `holder` calls is one of the scanned tree's and calls the
        parameter its argument `index` is given (`async def openai_request(method, body): ...
        await method(**params)`), in its body or a function nested in it."""
        value = self.r.value(holder.func)
        if not isinstance(value, Sym) or not (value.qual or "").startswith("<func:"):
            return False
        info = self.r.function(value)
        if info is None:
            return False
        model = value.model or self.m
        # (A parameter's `key` is its position at a call, `self` not counted.)
        name = next((n for (scope, n), bound in model.bindings.items() if scope == info.scope
                     for b in bound if b.kind == "param" and b.key == str(index)), None)  # fmt: skip
        if name is None:
            return False
        inside = {info.scope}
        for number, scope in enumerate(model.scopes):  # (scopes are listed after their parents)
            if scope.parent in inside:
                inside.add(number)
        return any(c.scope in inside and c.chain == (name,) for c in model.calls)

    def _wraps(self, call: Call) -> bool:
        """Whether a call is one of the catalogue's client wrappers, which make a client of
        the function or client they are given and call nothing themselves."""
        value = self.r.value(call.func)
        return isinstance(value, Sym) and value.call is None and value.dotted in self.cat.client_wrappers

    def _bound_attr(self, ref: Ref) -> Attr | None:
        """The SDK method a name is bound to (`completion = client.chat.completions.create`)."""
        found = self.r.lookup(ref.name, ref.scope, ref.pos)
        if found is None:
            return None
        bindings, owner = found
        bound: list[Attr] = []
        for b in bindings:
            if b.kind == "assign" and b.raw is not None:
                value = self.m.lower(b.raw, owner)
                # (`call = litellm_acompletion if self.config.litellm else self.client.completions.create`)
                for option in value.options if isinstance(value, Alt) else (value,):
                    if isinstance(option, Attr) and option.span.line in self._ref_lines:
                        bound.append(option)
        # One use, where the OpenAI SDK's method is named when a branch binds it (another
        # branch binding `litellm.completion` makes the same call).
        return next((a for a in bound if self.cat.method(_attr_names(a)) is not None), bound[0] if bound else None)
