"""Test files that answer their own HTTP.

A test that puts an interceptor or a fake transport in front of the network sends nothing:
respx routes and pytest-httpx's `httpx_mock` answer the OpenAI SDK's httpx client,
`httpx.MockTransport` stands in for it (`OpenAI(http_client=httpx.Client(transport=...))`),
the `responses` library and `requests_mock` answer `requests`, a VCR cassette
(`@pytest.mark.vcr`, `vcr.use_cassette`) replays a recording, nock and msw answer Node's and the
browser's requests, and `global.fetch = vi.fn()` replaces `fetch` itself. A framework's test
model (pydantic-ai's `TestModel`, LangChain's `FakeListChatModel`, the AI SDK's `ai/test` mocks)
answers in place of the provider. Every client, raw HTTP
call and model of such a test file is a test double's, as a `MagicMock()` client is; the code
under test makes the real calls, and they are reported where they are written.

What counts is catalogue data (`providers.yaml` `transport_fakes`): the libraries by module,
the calls and decorators by name, the fixtures by parameter name, the globals a test replaces.

A JavaScript or TypeScript test that imports the OpenAI SDK for its types alone
(`import type OpenAI from "openai"`) cannot build a client from it: the clients it handles are
objects it builds with a mock factory (`{chat: {completions: {stream: vi.fn()}}} as unknown as
OpenAI`), handed to the code under test and called there or here (`doubles_only`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bedrock_check.catalogue.records import TransportFakes

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import FileModel


def _from(module: str, modules: list[str]) -> bool:
    """Whether an imported module is one of `modules` or inside one (`msw/node`, `respx.models`)."""
    return any(module == m or module.startswith((m + ".", m + "/")) for m in modules)


def _replaced(text: str, names: list[str]) -> bool:
    """Whether the text replaces a global function (`globalThis.fetch = vi.fn()`,
    `vi.stubGlobal("fetch", ...)`, `jest.spyOn(global, "fetch")`)."""
    if not names or not any(n in text for n in names):
        return False  # (every form below writes one of the names: most files need no regex search)
    name = "|".join(re.escape(n) for n in names)
    return bool(re.search(rf"\b(?:global|globalThis|window|self)\.(?:{name})\s*=(?!=)"
                          rf"|stubGlobal\(\s*[\"'`](?:{name})[\"'`]"
                          rf"|spyOn\(\s*(?:global|globalThis|window)\s*,\s*[\"'`](?:{name})[\"'`]", text))  # fmt: skip


def fakes_transport(m: FileModel, spec: TransportFakes) -> bool:
    """Whether a test file fakes the HTTP its clients send (see the module docstring).
    The caller says the file is a test; this reads its imports, names and parameters."""
    for imp in m.imports.values():
        if imp.level == 0 and _from(imp.module, spec.modules):
            return True
    text = m.src.text
    for dotted in (*spec.calls, *spec.models):
        # Written out (`httpx.MockTransport(`, `@pytest.mark.vcr`), or imported by its last name.
        if dotted in text:
            return True
        module, _, name = dotted.rpartition(".")
        if any(i.name == name and i.module == module and i.local in text for i in m.imports.values()):
            return True
    fixtures = frozenset(spec.fixtures)
    if fixtures and any(name in fixtures and any(b.kind == "param" for b in bindings)
                        for (_, name), bindings in m.bindings.items()):  # fmt: skip
        return True
    return _replaced(text, spec.globals)


def _sdk_imports(modules: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An import statement of an OpenAI SDK module (the catalogue's `sdk_modules`: `openai`, and
    below it `openai/resources`), with what it binds; and a `require` of one (a value import)."""
    name = "|".join(re.escape(m) for m in modules) or "(?!)"
    return (re.compile(rf"""\bimport\s+([^;'"]*?)\s*from\s*["'](?:{name})(?:/[^"']*)?["']"""),
            re.compile(rf"""\brequire\(\s*["'](?:{name})(?:/[^"']*)?["']\s*\)"""))  # fmt: skip


#: An OpenAI API key read from the environment: a test that reads one calls the real API.
_LIVE_KEY = re.compile(r"\bOPENAI_(?:API_)?KEY\b")


def _type_only(bound: str) -> bool:
    """Whether an import binds types alone (`type OpenAI`, `{ type Chat, type Embeddings }`)."""
    if bound.startswith("type ") or bound.startswith("type{"):
        return True
    names = bound.strip().removeprefix("{").removesuffix("}").split(",")
    return bound.strip().startswith("{") and all(n.strip().startswith("type ") for n in names if n.strip())


def doubles_only(m: FileModel, doubles: Iterable[str], sdk_modules: list[str]) -> bool:
    """Whether a JS/TS test file's OpenAI clients can only be test doubles (see the module
    docstring): it imports the SDK (`sdk_modules`) for types alone, calls a mock factory
    (`doubles`, the catalogue's qualified names: `vi.fn`, `jest.fn`, `sinon.stub`, as written)
    and reads no API key."""
    if m.lang != "javascript":
        return False
    text = m.src.text
    sdk_import, sdk_require = _sdk_imports(sdk_modules)
    imports = sdk_import.findall(text)
    if not imports or not all(_type_only(b) for b in imports) or sdk_require.search(text) or _LIVE_KEY.search(text):
        return False
    written = {".".join(d.split(".")[-2:]) for d in doubles if d.count(".") >= 1}
    return any(f"{w}(" in text for w in written)
