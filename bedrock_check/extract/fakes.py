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
"""

from __future__ import annotations

import re
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
