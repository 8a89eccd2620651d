"""Models named by provider id in an evaluation tool's config (the catalogue's `provider_ids`).

promptfoo's `promptfooconfig.yaml` lists the models it calls as ids, `vendor:api:model`:
`providers: [openai:gpt-4.1-mini, {id: "openai:realtime:gpt-realtime", config: {modalities: [text, audio]}}]`.
Each OpenAI (or Azure OpenAI, or a LiteLLM proxy's OpenAI model) id is one request to the
endpoint its API part names, with the model and the options that are request fields, at the
line of the id. Another vendor's id (`anthropic:messages:...`), an OpenAI-compatible server
(`apiBaseUrl` of another host) and an id of another vendor's model are not read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS


def provider_id_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                       source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One request per OpenAI provider id of a config document (`value`), located by `locate`
    (a pointer into the document -> its span)."""
    # (The catalogue is loaded only for a document that holds a provider list at its top.)
    if not isinstance(value, dict) or not any(k in value for k in ("providers", "targets")):
        return []
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    found: list[RequestObservation] = []
    for spec in cat.frameworks.provider_ids:
        if not any(k in value for k in spec.lists) or not any(k in value for k in spec.beside):
            continue
        for pid, where, config, config_at in _entries(spec, value):
            obs = _request(cat, spec, path, pid, where, config, config_at, locate, source_line)
            if obs is not None:
                found.append(obs)
    return found


def _entries(spec: Any, doc: dict[str, Any]) -> Iterator[tuple[str, Pointer, dict[str, Any], Pointer]]:
    """(id, where the id is, its options, where they are) of each provider entry."""
    for key in spec.lists:
        held = doc.get(key)
        items: list[tuple[Any, Pointer]] = [(held, (key,))] if isinstance(held, (str, dict)) else [
            (item, (key, i)) for i, item in enumerate(held)] if isinstance(held, list) else []
        for item, at in items:
            yield from _entry(spec, item, at)
    for dotted in spec.graders:
        node: Any = doc
        ptr: Pointer = ()
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
            ptr = (*ptr, part)
        if isinstance(node, dict) and spec.id_key not in node:
            # (a grader per kind: `provider: {text: openai:gpt-4.1, embedding: openai:embedding:...}`)
            for kind, sub in node.items():
                yield from _entry(spec, sub, (*ptr, kind))
        else:
            yield from _entry(spec, node, ptr)


def _entry(spec: Any, item: Any, ptr: Pointer) -> Iterator[tuple[str, Pointer, dict[str, Any], Pointer]]:
    if isinstance(item, str):
        yield item, ptr, {}, ptr
    elif isinstance(item, dict) and isinstance(pid := item.get(spec.id_key), str):
        config = item.get(spec.config_key)
        yield pid, (*ptr, spec.id_key), config if isinstance(config, dict) else {}, (*ptr, spec.config_key)


def _request(cat: Any, spec: Any, path: str, pid: str, where: Pointer, config: dict[str, Any], config_at: Pointer,
             locate: Callable[[Pointer], Span | None], source_line: Callable[[int], str | None]) -> RequestObservation | None:  # fmt: skip
    """The request one provider id makes, or None when it is not an OpenAI workload's."""
    vendor, _, rest = pid.strip().partition(":")
    if vendor.lower() not in spec.vendors:
        return None
    api, _, named = rest.partition(":")
    if api not in spec.apis:
        api, named = "", rest
    endpoint = spec.apis[api] if api else spec.default
    server = next((v for k in spec.server_keys if isinstance(v := config.get(k), str)), None)
    if server is not None and not cat.is_checked(cat.provider_of_base_url(server) or "openai"):
        return None  # (an OpenAI-compatible server of its own: a local one, another vendor's)
    provider = spec.vendors[vendor.lower()]
    model: str | None = None
    if named and endpoint != "assistants":  # (an assistant's id, not a model)
        if provider == "azure":
            # (the deployment: checked when it is named for the model it runs, as Azure's are)
            model = cat.read_model(named)[0] if cat.deployment_model(named.lower()) else None
        else:
            model, said = cat.read_model(named)
            if said is not None and said not in MIGRATING_PROVIDERS:
                return None  # (another vendor's model served the OpenAI way)
            if provider is None:
                if said is None:
                    return None  # (a proxy's alias: whose model it is cannot be told)
                provider = said
    provider = provider or "openai"
    body: dict[str, Any] = {"model": model} if model else {}
    body.update((name, config[name]) for name in spec.fields if name in config)
    span = locate(where)
    if span is None or (not body and endpoint in ("chat.completions", "responses")):
        return None

    def at(ptr: Pointer) -> Span | None:
        if ptr[:1] == ("model",):
            return span
        return locate((*config_at, *ptr)) if ptr and ptr[0] in spec.fields else None

    return RequestObservation(path=path, body=body, endpoint=endpoint, span=span, locate=at,
                              source_line=source_line, provider=provider)  # fmt: skip
