"""Model ids written as the default of a named setting.

Applications rarely hard-code the model in the request: they read it from a setting
whose default is written in the code, and that default is the model they call whenever
nobody sets it:

- an environment read with a fallback: `os.getenv("OPENAI_MODEL", "gpt-4o")`,
  `os.environ.get(...)`, `os.environ.setdefault(...)`, `process.env.OPENAI_MODEL ?? "gpt-4o"`
  (or `||`, `import.meta.env`), `const { OPENAI_MODEL = "gpt-4o" } = process.env`;
- a command-line option: argparse `add_argument("--model", default=...)`, click
  `option("--model", default=...)`, typer `Option("gpt-4o", "--model")`, commander
  `.option("-m, --model <m>", "desc", "gpt-4o")`, yargs `.option("model", {default: ...})`;
- a settings field: a pydantic `BaseSettings` class's `openai_model: str = "gpt-4o"`, a zod
  environment schema's `OPENAI_MODEL: z.string().default("gpt-4o")`.

Each is reported where the default is written, even when the request that sends it is in
another file or out of reach (a use that is visible is checked too; the scan reports one
finding per place). A setting counts only when its name says it is a model (the `.env`
rule: `OPENAI_MODEL`, `*_MODEL`, `MODEL_NAME`, `--model`) and its default is an OpenAI
model id, and never in a file whose calls go to another vendor (an Anthropic SDK, every
client pointed at Ollama): there, `--model llama3` or `gpt-oss:20b` is that vendor's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Call, Expr, Lit, Obj
from bedrock_check.extract.dotenv import MODEL_KEY
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The option's long name in its flags (`-m, --model <model>`, `--model`).
_LONG_FLAG = re.compile(r"--([A-Za-z][\w-]*)")


def default_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment for each OpenAI model id a named setting of the file
    defaults to (see the module docstring)."""
    if sites.file_vendor is not None:
        return
    if sites.client_providers and not (sites.client_providers & {"openai", "azure", None}):
        return  # every client of this file goes to another provider (Ollama, vLLM, ...)
    m = sites.m
    spec = sites.cat.frameworks.setting_defaults
    if spec is None:
        return
    env_reads = {tuple(path.split(".")) for path in spec.env_reads}
    # Only a setting named as a model counts: the name is checked before anything is lowered.
    found: list[tuple[str, Expr]] = [(name, m.lower(raw, scope)) for name, raw, scope in m.named_defaults
                                     if _model_key(name)]  # fmt: skip
    for site in m.calls:
        chain = site.chain
        if chain[-1] in spec.option_calls or _reads_env(m, chain, env_reads):
            setting = _setting(sites, site, spec.option_calls)
            if setting is not None and _model_key(setting[0]):
                found.append(setting)
    top = [(name, b.raw) for (scope, name), bindings in m.bindings.items()
           if scope == 0 and _model_key(name) for b in bindings[:1] if b.kind == "assign" and len(bindings) == 1]  # fmt: skip
    # Whether the file talks to OpenAI may mean parsing the modules it imports: asked only
    # when a module-level setting named as a model is there to be read.
    if top and sites._talks_to_openai():
        # `DEFAULT_MODEL = "gpt-4.1-mini"` at the top of a module that talks to OpenAI: the
        # model its requests fall back to, wherever (a getter, another module) they read it.
        found.extend((name, m.lower(raw, 0)) for name, raw in top)
    for _, e in found:
        if any(within(e.span, out) for out in sites._foreign):
            continue
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(e, ("model",), spans)
        where = spans.get(("model",))
        if isinstance(value, str) and where is not None:
            yield from sites.more_models([(value, where)], where, None)


def _model_key(name: str) -> bool:
    """Whether a setting's name says it is a model (`OPENAI_MODEL`, `--model`, `model_name`)."""
    return bool(MODEL_KEY.match(name.replace("-", "_")))


def _reads_env(m: Any, chain: tuple[str, ...], env_reads: set[tuple[str, ...]]) -> bool:
    """`os.getenv(...)`, `os.environ.get(...)`, or the same through an import of the name
    (`from os import getenv`, `from os import environ as env`)."""
    if chain in env_reads:
        return True
    head = m.imports.get(chain[0])
    if head is None:
        return False
    named = () if head.name in ("*", "default") else (head.name,)
    return (*head.module.split("."), *named, *chain[1:]) in env_reads


def _setting(sites: Sites, site: Any, option_calls: list[str]) -> tuple[str, Expr] | None:
    """(name, default expression) for an environment read or an option declaration
    that has a default written out."""
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call):
        return None
    strings = [a.value for a in call.args if isinstance(a, Lit) and isinstance(a.value, str)]
    default = next((v for k, v in call.kwargs if k == "default"), None)
    if site.chain[-1] not in option_calls:
        # An environment read: `os.getenv("OPENAI_MODEL", "gpt-4o")`.
        if not call.args or not isinstance(call.args[0], Lit) or not isinstance(call.args[0].value, str):
            return None
        default = call.args[1] if len(call.args) > 1 else default
        return (call.args[0].value, default) if default is not None else None
    flags = [f for f in strings if f.startswith("-")]
    dest = next((v.value for k, v in call.kwargs if k == "dest" and isinstance(v, Lit)), None)
    long = next((m.group(1) for f in flags for m in [_LONG_FLAG.search(f)] if m), None)
    name = dest or long
    if sites.m.lang != "python" and name is None and call.args and isinstance(call.args[0], Lit):
        name = strings[0] if strings else None  # yargs: `.option("model", {...})`
    if not name:
        return None
    if default is None and sites.m.lang == "python" and call.args and not _is_flag(call.args[0]):
        default = call.args[0]  # typer: `Option("gpt-4o", "--model")`
    if default is None and sites.m.lang != "python":
        options = next((a for a in call.args[1:] if isinstance(a, Obj)), None)
        if options is not None:  # yargs: `{default: "gpt-4o"}`
            default = next((v for k, v in options.entries if isinstance(k, Lit) and k.value == "default"), None)
        elif len(call.args) >= 3 and flags:  # commander: flags, description, default
            default = call.args[2]
    return (name, default) if default is not None else None


def _is_flag(e: Any) -> bool:
    return isinstance(e, Lit) and isinstance(e.value, str) and e.value.startswith("-")


__all__ = ["default_models"]
