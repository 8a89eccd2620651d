"""Model ids an application names in a class attribute of its subclass of a framework base class.

Some frameworks are configured by subclassing: the application writes its model as a class
attribute and the framework's base class builds the model object from it when the class is
used (django-ai-assistant):

    from django_ai_assistant import AIAssistant

    class WeatherAIAssistant(AIAssistant):
        id = "weather_assistant"
        model = "gpt-4o"          # the base's `get_llm` builds `ChatOpenAI(model=self.model)`

No call of the application names the model, and the base class is most often an installed
package, not in the scanned tree. Which base classes do this, which attributes name the model
and whose model it is by default are catalogue data (`base_classes` in frameworks.yaml). The
attribute is reported where it is written. A subclass that overrides the method building the
model (`get_llm` returning `ChatAnthropic(...)`) builds its own, and is left to that code; an
id of another vendor is not checked. A class whose base is a class of the same file that
derives from such a base (`class Base(AIAssistant)`, then `class Weather(Base)`) counts too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.catalogue.framework_records import BaseClass
    from bedrock_check.extract.callsite import ClassInfo, FileModel
    from bedrock_check.extract.sites import Sites

#: How many classes of the same file a base is followed through (`class B(A)`, `class A(AIAssistant)`).
_MAX_DEPTH = 4


def imported_bases(model: FileModel, name: str, chain: tuple[ClassInfo, ...] = ()) -> Iterator[tuple[str, tuple[ClassInfo, ...]]]:
    """The qualified names of the imported classes class `name` of `model` derives from, through
    the file's own classes (`class B(A)`, `class A(AIAssistant)`), in order, each with the classes
    of the file on the way (`name`'s first)."""
    info = model.classes.get(name)
    if info is None or any(c is info for c in chain) or len(chain) > _MAX_DEPTH:
        return
    chain = (*chain, info)
    for base in info.bases:
        head, _, rest = base.partition(".")
        imp = model.imports.get(head)
        if imp is not None:
            yield ".".join(p for p in (imp.module, imp.name if imp.name != "*" else "", rest) if p), chain
        elif not rest and head in model.classes:
            yield from imported_bases(model, head, chain)


def _framework_base(sites: Sites, name: str, by_name: dict[str, BaseClass]) -> BaseClass | None:
    """The catalogue base class `name` derives from (through classes of this file), or None
    when it derives from none, or a class on the way overrides the method that builds the model."""
    for qual, chain in imported_bases(sites.m, name):
        spec = by_name.get(qual)
        if spec is not None:
            return None if any(method in c.methods for c in chain for method in spec.overrides) else spec
    return None


def subclass_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id a subclass of a catalogue base class
    names in its model attribute (see the module docstring)."""
    m = sites.m
    specs = sites.cat.frameworks.base_classes
    if not specs or m.lang != "python" or not m.classes:
        return
    by_name = {qual: spec for spec in specs for qual in spec.name}
    for name, info in m.classes.items():
        if not info.bases:
            continue
        spec = _framework_base(sites, name, by_name)
        if spec is None:
            continue
        for attr in spec.attrs:
            # (Only the class body's own assignment: `model = "gpt-4o"`, not a store in a method.)
            own = [(raw, scope) for raw, scope in info.fields.get(attr, ()) if scope == info.scope]
            if len(own) != 1:
                continue
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(m.lower(*own[0]), ("model",), spans)
            where = spans.get(("model",))
            if isinstance(value, str) and where is not None and not sites.in_foreign(where):
                yield from sites.more_models([(value, where)], where, spec.provider)


__all__ = ["imported_bases", "subclass_models"]
