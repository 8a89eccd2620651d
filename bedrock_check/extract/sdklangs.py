"""Ruby, Java, Kotlin, C#, PHP and Rust source -> observations, read without a resolver.

These languages' OpenAI SDKs are read from what a file writes where it writes it: the
tree-sitter grammar of the language tells code from comments and strings, and the catalogue's
`languages.yaml` says what a use looks like in each. A file is read only when it shows an
OpenAI SDK (an import or a client class of the catalogue) or names the API's host; one that
names another provider's server and not OpenAI's is that provider's (an OpenAI-shaped client
at Gemini's or Ollama's base URL), and nothing in it is reported.

What is reported, each where it is written:

- an OpenAI model id given to a model setting (`model: "gpt-4o"`, `"model" => "gpt-4o"`,
  `.model("gpt-4o")`, `.modelName("gpt-4o")`, `let(:model) { "gpt-4o" }`, a client class
  that takes the model first, `new ChatClient("gpt-4o", key)`); on Azure only a deployment
  named for an OpenAI model;
- an SDK call chain of the catalogue (`client.chat().create(request)`,
  `client.responses.create(parameters: ...)`) as the endpoint it reaches, at the method;
- a named request part (`WebSearchToolArgs`, `AssistantTools::CodeInterpreter`) and a request
  setting in the language's spelling (`previous_response_id:`, `.store(true)`,
  `PreviousResponseId = id`, `.web_search_options(...)`);
- a URL of the API whose path names an endpoint (`https://api.openai.com/v1/embeddings`).

Values are not followed (`.model(model)` is not resolved), so what is written elsewhere and
passed in is not seen.
"""

from __future__ import annotations

import bisect
import importlib
import re
from functools import cache
from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.extract.config_values import line_reader, model_fragment
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

#: Node types of a whole string literal in the grammars of `languages.yaml`.
_STRINGS = frozenset({"string", "string_literal", "encapsed_string", "raw_string_literal", "verbatim_string_literal",
                      "interpolated_string_expression"})  # fmt: skip
#: Node types of an import of names (Rust `use`, Java and Kotlin `import`, C# `using`, PHP `use`).
_IMPORTS = frozenset({"use_declaration", "import_declaration", "import_header", "import_list", "using_directive",
                      "namespace_use_declaration"})  # fmt: skip
#: Node types of a string's own text (anything else inside a string is interpolated).
_CONTENT = frozenset({"string_content", "string_fragment", "string_literal_content", "multiline_string_fragment",
                      "escape_sequence", '"', "'", '"""', "interpolation_start"})  # fmt: skip
#: The code before a string that makes the string a model setting's value.
_MODEL_BEFORE = re.compile(
    r"""(?ix)(?:
        \b(?:\w+_)?(?:model|model_?name|model_?id|deployment|deployment_?name|deployment_?id|engine)["']?\s*(?:=>|:|=|\()\s*
      | \.(?:with_?model|set_?model|set_?model_?name|set_?deployment_?name)\s*\(\s*
      | \(\s*:model\s*\)\s*\{\s*
    )$""")
#: A model looked up in the Models API (`openAI.model(modelId = ModelId("gpt-4o"))`,
#: `client.models().retrieve("gpt-4o")`): its record is read, nothing is sent to it.
_MODEL_LOOKUP = re.compile(r"\.model\s*\(\s*(?:modelId\s*=\s*)?ModelId\s*\(\s*$|\.models\s*\(\s*\)\s*\.\s*retrieve\s*\(\s*$")
_NEWLINE = re.compile(b"\n")
_NOT_NEWLINE = re.compile(b"[^\n]")
#: Values a setting may be given that send nothing.
_NULL = r"(?!(?:nil|null|None|false|undefined|Option::None)\b|\))"


@cache
def _parser(grammar: str, function: str) -> Any:
    import tree_sitter

    module = importlib.import_module(grammar)
    return tree_sitter.Parser(tree_sitter.Language(getattr(module, function)()))


@cache
def _chain(parts: tuple[str, ...], bare: bool, separators: tuple[str, ...]) -> re.Pattern[str]:
    """A call chain written after its client (`.chat().create(`, `->chat()->create(`); one of
    several parts may also start the line's expression (`realtime.create(` of a variable named
    for the resource). With `bare`, the last call may go without parentheses."""
    sep = "(?:" + "|".join(map(re.escape, sorted(separators, key=len, reverse=True))) + r")\s*"
    join = rf"\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*{sep}"
    body = join.join(re.escape(p) for p in parts[:-1])
    last = re.escape(parts[-1])
    head = rf"(?:{sep}|(?<![\w$.:>])){body}{join}" if body else sep
    tail = r"(?:\s*\(|(?=[ \t]*(?:$|[.\[)\]};]|\bdo\b|\{)))" if bare else r"\s*\("
    return re.compile(rf"{head}(?P<last>{last}){tail}", re.M)


def _variants(key: str) -> list[str]:
    """A snake_case key as languages spell it: `previous_response_id`, `previousResponseId`,
    `PreviousResponseId`."""
    parts = key.split("_")
    camel = parts[0] + "".join(p.title() for p in parts[1:])
    return sorted({key, camel, camel[:1].upper() + camel[1:]}, key=len, reverse=True)


@cache
def _setting(key: str, value: str) -> re.Pattern[str]:
    names = "|".join(map(re.escape, _variants(key)))
    wanted = rf"(?:{value})\b" if value else rf"{_NULL}\S"
    return re.compile(rf"""(?<![\w$])["':]?(?P<key>{names})["']?\s*(?:=>|:|=|\()\s*{wanted}""")


class _Source:
    """A parsed file, in byte offsets (its text read as Latin-1, one character a byte, so the
    grammar's offsets hold): with comments blanked (`plain`), with string contents blanked too
    (`code`), and its strings (start, end, value or None when part of it is interpolated)."""

    def __init__(self, text: str, parser: Any) -> None:
        data = text.encode("utf-8", "replace")
        self.data = data
        comments: list[tuple[int, int]] = []
        strings: list[tuple[int, int, str | None]] = []
        imports: list[tuple[int, int]] = []
        stack = [parser.parse(data).root_node]
        while stack:
            node = stack.pop()
            if "comment" in node.type:
                comments.append((node.start_byte, node.end_byte))
            elif node.type in _IMPORTS:
                imports.append((node.start_byte, node.end_byte))
            elif node.type in _STRINGS:
                strings.append((node.start_byte, node.end_byte, _value(node)))
            else:
                stack.extend(node.children)
        plain = bytearray(data)
        for start, end in comments:
            plain[start:end] = _blank(plain[start:end])
        code = bytearray(plain)
        for start, end, _ in strings:
            code[start + 1 : end - 1] = _blank(code[start + 1 : end - 1])
        self.plain = plain.decode("latin-1")
        self.code = code.decode("latin-1")
        self.strings = sorted(strings)
        self.imports = imports
        self._starts = [s for s, _, _ in self.strings]
        self._lines = [0] + [m.end() for m in _NEWLINE.finditer(data)]

    def span(self, start: int, end: int) -> Span:
        """The 1-based span (in characters) of bytes `start` to `end` of one line."""
        line = bisect.bisect_right(self._lines, start)
        first = self._lines[line - 1]
        col = len(self.data[first:start].decode("utf-8", "replace")) + 1
        width = len(self.data[start:end].decode("utf-8", "replace"))
        return Span(line, col, line, col + max(width, 1))

    def in_other_string(self, start: int, word: str) -> bool:
        """Whether offset `start` is inside a string whose value is not `word` itself."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return False
        s, e, value = self.strings[i]
        return s <= start < e and value != word

    def imported(self, start: int) -> bool:
        """Whether offset `start` is inside an import (`use async_openai::types::{...};`)."""
        return any(s <= start < e for s, e in self.imports)

    def line_before(self, start: int) -> str:
        """The comment-free code of the line up to `start`."""
        return self.plain[self.plain.rfind("\n", 0, start) + 1 : start]


def _blank(part: bytearray) -> bytes:
    """The bytes as spaces, newlines kept (so every offset and line stays where it was)."""
    return _NOT_NEWLINE.sub(b" ", bytes(part))


def _value(node: Any) -> str | None:
    """A string literal's value, or None when part of it is interpolated."""
    if not node.children:  # (`@"x"`: the literal is its whole text)
        text = node.text.decode("utf-8", "replace")
        return text[2:-1] if text.startswith('@"') else None
    parts = []
    for child in node.children:
        if child.type not in _CONTENT:
            return None
        if child.type in ("string_content", "string_fragment", "string_literal_content", "multiline_string_fragment"):
            parts.append(child.text.decode("utf-8", "replace"))
    return "".join(parts)


def extract_sdk_language(path: str, text: str, kind: str) -> Extracted:
    """The uses of an OpenAI SDK in one Ruby, Java, Kotlin, C#, PHP or Rust file (see the
    module docstring)."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.catalogue.languages import languages_catalogue

    langs = languages_catalogue()
    lang = langs.languages[kind]
    result = Extracted()
    if not any(sign in text for sign in lang.sdk) and "api.openai.com" not in text and _DEPLOYMENTS not in text:
        return result
    cat = shipped_catalogue()
    src = _Source(text, _parser(lang.grammar, lang.function))
    urls = [v for _, _, v in src.strings if v and "://" in v]
    hosts = {cat.provider_of_host(v) for v in urls} - {None}
    # An OpenAI-shaped client at another provider's server, or at a stand-in of a test
    # (`http://example.test`): its models are that server's. A file that also gives an OpenAI
    # model id to a model setting sends to OpenAI too (a spec with a context per provider).
    if "openai" not in hosts and any(map(_stand_in, urls)):
        return result
    if cat.is_test_path(path) and any(d in text for d in lang.doubles) and not any(v in text for v in lang.live):
        return result  # a test that answers its own requests (a mock, a stub): they reach no API
    elsewhere = "openai" not in hosts and any(not cat.is_checked(h) for h in hosts)
    provider = "azure" if any(sign in text for sign in lang.azure) else "openai"
    if any(sign in text for sign in lang.bedrock):
        provider = "bedrock"
    # (A path alone is the API's when the file names the API's host: its base URL.)
    api_file = "openai" in hosts or "azure" in hosts
    # (A file that writes the API's URLs out in full builds no other from its base.)
    full_urls = any(_url_endpoint(u) for u in urls if "api.openai.com/" in u)
    source_line = line_reader(text)

    def model(value: str, span: Span) -> None:
        mid, vendor = cat.read_model(value)
        if vendor not in MIGRATING_PROVIDERS or (provider == "azure" and not cat.deployment_model(mid)):
            return  # (on Azure: a deployment named for the team, not for a model)
        result.observations.append(model_fragment(path, span, mid, provider, source_line))

    def add(body: dict[str, Any], span: Span, endpoint: str = "unknown", fragment: bool = True,
            to: str | None = None) -> None:  # fmt: skip
        spans: dict[Pointer, Span] = {(): span, **{(k,): span for k in body}}
        result.observations.append(RequestObservation(
            path=path, body=body, endpoint=ApiEndpoint(endpoint), span=span, locate=spans.get,
            source_line=source_line, provider=to or provider, fragment=fragment,
        ))  # fmt: skip

    def call(endpoint: str, span: Span, to: str | None = None) -> None:
        # (A Chat Completions call is reported whatever its messages, as every reader does.)
        add({"messages": []} if endpoint == "chat.completions" else {}, span, endpoint, fragment=False, to=to)

    for start, end, value in src.strings:
        if not value:
            continue
        if "://" in value and "api.openai.com" in value:
            found = _url_endpoint(value)
            if found is not None:
                call(found, src.span(start, end))
            query = re.search(r"[?&]model=([\w.-]+)", value)
            if query is not None:  # `wss://api.openai.com/v1/realtime?model=gpt-realtime`
                at = start + 1 + len(value[: query.start(1)].encode())
                model(query.group(1), src.span(at, at + len(query.group(1))))
            continue
        on_base = _API_PATH.match(value)
        if on_base is not None and (api_file or on_base.group("deployment")) and not full_urls:
            found = _url_endpoint("https://api.openai.com/v1/" + on_base.group("rest"))
            if found not in (None, "models"):  # `format!("{}/chat/completions", api_base)` on the API's base URL
                call(found, src.span(start, end), "azure" if on_base.group("deployment") else None)
                continue
        before = src.line_before(start)
        if "/" in value and elsewhere:
            continue  # (a gateway's `openai/gpt-4o`)
        if _MODEL_LOOKUP.search(before):
            continue  # (`openAI.model(modelId = ModelId("text-ada-001"))`: the Models API's record of it)
        if _MODEL_BEFORE.search(before) or _first_argument(before, lang.model_calls):
            model(value, src.span(start + 1, end - 1))
    for m in _MODEL_CONSTANT.finditer(src.code):
        model(_constant_model(m.group("name")), src.span(m.start("name"), m.end("name")))
    if elsewhere and not result.observations:
        return result
    # Longer chains first: where one holds another (`chat.completions.create` holds ruby-openai's
    # `chat` and `completions`), the call is the longer one's.
    taken: list[tuple[int, int]] = []
    for chain in sorted(lang.calls, key=lambda c: -len(c.chain)):
        for m in _chain(tuple(chain.chain), lang.bare_calls, tuple(lang.separators)).finditer(src.code):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            call(chain.endpoint, src.span(m.start("last"), m.end("last")))
    for name, endpoint in lang.classes.items():
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\s*(?:(?:\.|::)\s*builder\s*\(|\()|\bnew\s+{re.escape(name)}\s*\(", src.code):
            if not src.imported(m.start()):
                call(endpoint, src.span(m.start(), m.start() + len(name)))
    for name, body in lang.constants.items():
        for m in re.finditer(rf"(?<![\w:]){re.escape(name)}(?!\w)", src.code):
            if not src.imported(m.start()):
                add(body, src.span(m.start(), m.end()))
    for setting in langs.settings:
        for m in _setting(setting.key, setting.value).finditer(src.plain):
            if src.in_other_string(m.start("key"), m.group("key")):
                continue
            add(setting.body, src.span(m.start("key"), m.end("key")))
    return result


#: An SDK's constant for a model given to a model setting: `.model(ChatModel.GPT_4O_MINI)`,
#: `.modelName(OpenAiChatModelName.GPT_4_O_MINI)`, `.model(ImageModel::GptImage2)`.
_MODEL_CONSTANT = re.compile(r"(?i:\.(?:model|model_?name)\s*\(\s*)(?:[A-Z]\w*\s*(?:\.|::)\s*)*(?P<name>[A-Z]\w*)\s*\)")


def _constant_model(name: str) -> str:
    """The model id an SDK constant is named for: `GPT_4_O_MINI` and `Gpt4oMini` are
    `gpt-4o-mini`, `GPT_3_5_TURBO` is `gpt-3.5-turbo`, `GptImage2` is `gpt-image-2`."""
    words = name.split("_") if "_" in name else re.findall(r"[A-Z]?[a-z]+|\d+|[A-Z]+(?![a-z])", name)
    text = "-".join(w.lower() for w in words if w)
    text = re.sub(r"(?<=\d)-(?=o\b)", "", text)  # `4-o` -> `4o`
    return re.sub(r"(?<=\d)-(?=\d)", ".", text)  # `3-5` -> `3.5`


def _stand_in(url: str) -> bool:
    """Whether a URL names a server that stands in for the API in a test (`http://example.test`)."""
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.endswith((".test", ".invalid", ".example")) or host in ("example.com", "example.org")


#: An Azure OpenAI deployment's path (`/openai/deployments/{name}/chat/completions`).
_DEPLOYMENTS = "/openai/deployments/"
#: A path of the API written on its base URL (`"/chat/completions"`, `format!("{}/embeddings", base)`,
#: `"{api_base}/embeddings"`, `"%s/responses"`), or on an Azure OpenAI deployment's
#: (`"{}/openai/deployments/{}/chat/completions?api-version={}"`).
_API_PATH = re.compile(r"^(?:\{[^}]*\}|%s|\$\{[^}]*\})?/(?:v1/)?(?P<deployment>openai/deployments/[^/]+/)?(?P<rest>[a-z_/]+)(?:\?.*)?$")


def _first_argument(before: str, calls: list[str]) -> bool:
    """Whether the code before a string opens a call of one of `calls` (`new ChatClient(`,
    `client.CreateResponse(`), or a target-typed construction of one (`ChatClient c = new(`)."""
    if not calls:
        return False
    names = "|".join(map(re.escape, calls))
    return re.search(rf"\b(?:{names})(?:\s*\(|\s+\w+\s*=\s*new\s*\()\s*$", before) is not None


def _url_endpoint(url: str) -> str | None:
    """The endpoint a URL of the API names (`https://api.openai.com/v1/embeddings`), or None."""
    from bedrock_check.httppaths import request_endpoint

    found = request_endpoint(url)
    return None if found is None else found.value


#: The prefilter's words of these languages: parts of `languages.yaml`'s SDK signs (every sign
#: holds one: a test checks it), and the API's host, so a file without them is never parsed; the
#: reader then asks for the signs themselves. Written out so that no catalogue is loaded to
#: filter files.
TOKENS = (
    "OpenAI::", "OpenAI\\", "require \"openai\"", "require 'openai'", "import com.openai.", "langchain4j.model.openai.",
    "AzureOpenAi", "ai.openai.", "aallam.openai.", "using OpenAI", "using Azure.AI.OpenAI", "OpenAIClient(",
    "use OpenAI", "async_openai", "openai_api_rs", "api.openai.com", "/openai/deployments/",
)  # fmt: skip


__all__ = ["extract_sdk_language"]
