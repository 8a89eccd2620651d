"""API client collections: Postman (v2 collection JSON) and Bruno's JSON export.

A collection saves each request as its method, its URL and its body, the body a JSON text
inside the JSON document (`"raw": "{\\n \\"model\\": ..., \\"tools\\": [...]}"`). A POST to an
OpenAI API or Azure OpenAI URL is a request like a REST-client file's (`restclient.py`): its
body is checked, and what it holds is reported where the body is written (the one line of
that string). `{{name}}` stands for a collection or environment variable; a model written
as one (`"model": "{{AZURE_OPENAI_API_MODEL}}"`) is the variable's value, reported where the
variable is set. A host that is a variable alone (`{{AZURE_OPENAI_API_ENDPOINT}}/openai/v1/responses`)
is told by the variable's name: one naming Azure OpenAI is Azure's, one naming OpenAI is
OpenAI's, any other is a server that cannot be told and is not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.extract.restclient import _TEMPLATE, _body, _fill
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

#: A URL whose host is one variable (`{{AZURE_OPENAI_ENDPOINT}}/openai/...`, `https://{{HOST}}/v1/...`).
_VARIABLE_HOST = re.compile(r"^(?:https?://)?\{\{\s*([\w.-]+)\s*\}\}")
_TEMPLATE_ONLY = re.compile(r"^\{\{\s*([\w.-]+)\s*\}\}$")


def api_collection(path: str, doc: Any, span_of: Callable[[Pointer], Span],
                   get_line: Callable[[int], str | None]) -> list[RequestObservation] | None:  # fmt: skip
    """The OpenAI requests a Postman or Bruno collection saves, or None when `doc` is no collection."""
    if not isinstance(doc, dict):
        return None
    info = doc.get("info")
    if isinstance(info, dict) and "getpostman.com" in str(info.get("schema", "")):
        found = list(_saved(doc.get("item"), ("item",), "item", "raw"))
        variables: dict[str, tuple[Any, Pointer]] = {
            str(v["key"]): (v.get("value"), ("variable", i, "value")) for i, v in enumerate(doc.get("variable") or [])
            if isinstance(v, dict) and isinstance(v.get("key"), str)}  # fmt: skip
    elif isinstance(doc.get("items"), list) and any(isinstance(i, dict) and i.get("type") == "http" for i in _walk(doc)):
        found = list(_saved(doc["items"], ("items",), "items", "json"))
        variables = {}
        for e, env in enumerate(doc.get("environments") or []):
            for i, v in enumerate(env.get("variables") or [] if isinstance(env, dict) else []):
                if isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"] not in variables:
                    variables[v["name"]] = (v.get("value"), ("environments", e, "variables", i, "value"))
    else:
        return None
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    values = {k: str(v) for k, (v, _) in variables.items() if isinstance(v, str | int | float) and v != ""}
    out: list[RequestObservation] = []
    for method, url, raw, ptr in found:
        if str(method).upper() != "POST" or not isinstance(url, str) or not isinstance(raw, str):
            continue
        provider = _provider(cat, url, values)
        filled = _fill(_VARIABLE_HOST.sub("https://host", _known(url, values)), values, "x")
        endpoint = cat.http.request_endpoint(filled if "://" in filled else f"https://{filled}")
        if provider not in MIGRATING_PROVIDERS or endpoint is None:
            continue
        body, _ = _body(raw, values)  # (a model of a variable set nowhere, or left empty: left out)
        here = span_of(ptr)
        model = _TEMPLATE_ONLY.match(_model_text(raw))
        where = span_of(variables[model.group(1)][1]) if model and model.group(1) in variables else here
        if endpoint == ApiEndpoint.CHAT_COMPLETIONS:
            body.setdefault("messages", [])
        out.append(RequestObservation(path=path, body=body, endpoint=endpoint, span=here, provider=provider,
                                      source_line=get_line, locate=_locator(here, where)))  # fmt: skip
    return out


def _locator(here: Span, model: Span) -> Callable[[Pointer], Span | None]:
    """Where a saved body's parts are: the model where its variable is set, the rest at the body."""
    return lambda ptr: model if ptr == ("model",) else here


def _known(text: str, values: dict[str, str]) -> str:
    """`text` with the collection's variables put in (twice: a variable may use another),
    the others kept as written."""
    for _ in range(2):
        text = _TEMPLATE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return text


def _model_text(raw: str) -> str:
    """The `model` value as written in a body's text (a template kept as written), else ''."""
    found = re.search(r'"model"\s*:\s*"([^"]*)"', raw)
    return found.group(1) if found else ""


def _provider(cat: Any, url: str, values: dict[str, str]) -> str | None:
    """Who a saved request's URL goes to: its host's provider (the collection's variables put
    in), or, for a host that is a variable set nowhere here, the provider its name says."""
    url = _known(url, values)
    host = _VARIABLE_HOST.match(url)
    if host is None:
        return cat.provider_of_host(url if "://" in url else f"https://{url}")
    name = host.group(1).upper()
    if "AZURE" in name and ("OPENAI" in name or "AOAI" in name):
        return "azure"
    return "openai" if "OPENAI" in name else None


def _saved(items: Any, ptr: Pointer, children: str, body_key: str) -> Iterator[tuple[Any, Any, Any, Pointer]]:
    """(method, URL, body text, pointer of the body) of each request of a collection's item list,
    folders' items included: Postman's `item` lists and `raw` bodies, Bruno's `items` and `json`."""
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        if isinstance(item.get(children), list):
            yield from _saved(item[children], (*ptr, i, children), children, body_key)
        request = item.get("request")
        body = request.get("body") if isinstance(request, dict) else None
        if isinstance(request, dict) and isinstance(body, dict) and isinstance(body.get(body_key), str):
            url = request.get("url")
            url = url.get("raw") if isinstance(url, dict) else url
            yield request.get("method"), url, body[body_key], (*ptr, i, "request", "body", body_key)


def _walk(doc: dict[str, Any]) -> Iterator[Any]:
    """Every item of a Bruno export, folders' items included."""
    todo = list(doc.get("items") or [])
    while todo:
        item = todo.pop()
        yield item
        if isinstance(item, dict) and isinstance(item.get("items"), list):
            todo.extend(item["items"])


__all__ = ["api_collection"]
