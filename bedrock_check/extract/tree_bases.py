"""Calls that build an application's own subclass of a framework's or library's model class.

An application may wrap a framework's model class in a class of its own and build that instead:

    # thinkgpt/llm.py
    class ThinkGPT(ChatOpenAI, MemoryMixin):
        def __init__(self, memory=None, **kwargs):
            super().__init__(**kwargs)

    # examples/teach.py
    from thinkgpt.llm import ThinkGPT
    llm = ThinkGPT(model_name="gpt-3.5-turbo")

The construction is read as the base's (its catalogue entry says which options are request
fields and whose model it is), whether the class is written in the same file or in another file
of the scanned tree it imports. The base is followed through the defining file's own classes
(`class B(A)`, `class A(ChatOpenAI)`). A library's own OpenAI model class as a base (vanna's
`class MyVanna(ChromaDB_VectorStore, OpenAI_Chat)`) is read as `extract/libmodels.py` reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.base_models import imported_bases
from bedrock_check.extract.callsite import Call, CallSite, FileModel
from bedrock_check.extract.libmodels import library_spec

if TYPE_CHECKING:
    from bedrock_check.catalogue import Constructor
    from bedrock_check.extract.sites import Sites
    from bedrock_check.findings import Observation

#: How many re-exports an imported class is followed through to the file that defines it.
_MAX_DEPTH = 4


def _catalogue_base(sites: Sites, model: FileModel, name: str) -> str | None:
    """The qualified name of the catalogue constructor class `name` of `model` derives from
    (through that file's own classes), or None."""
    return next((qual for qual, _ in imported_bases(model, name) if qual in sites.cat.constructors), None)


def _defining_file(sites: Sites, name: str) -> tuple[FileModel, str] | None:
    """The file of the scanned tree that defines the class this file imports as `name`, and its
    name there (a re-export of the package's `__init__` followed), or None."""
    project = sites.r.project
    model, imp = sites.m, sites.m.imports.get(name)
    for _ in range(_MAX_DEPTH):
        if imp is None or project is None or imp.name in ("*", None):
            return None
        path, inner = project.source(model, imp)
        other = project.model(path) if path is not None else None
        if other is None or not inner:
            return None
        if inner in other.classes:
            return other, inner
        model, imp = other, other.imports.get(inner)
    return None


def tree_subclass_call(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The request fields a call that builds the tree's own subclass of a catalogue
    constructor class sends (see the module docstring); nothing for any other call."""
    name = site.chain[0]
    if len(site.chain) != 1 or not name[:1].isupper():
        return
    found = (sites.m, name) if name in sites.m.classes else _defining_file(sites, name)
    qual = _catalogue_base(sites, *found) if found is not None else None
    spec = sites.cat.constructors.get(qual) if qual is not None else None
    if spec is None:
        return
    call = sites.m.lower(site.raw, site.scope)
    if isinstance(call, Call):
        yield from sites._framework(site, call, spec)


def same_file_subclass_call(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """A class of this file built whose base is a library's OpenAI model class (read as that
    class is) or a catalogue constructor class (read as that constructor)."""
    m = sites.m
    for base in m.classes[site.chain[0]].bases:
        head, _, rest = base.partition(".")
        imp = m.imports.get(head)
        if imp is None or (imp.name == "*" and not rest):
            continue
        qual = ".".join(p for p in (imp.module, imp.name if imp.name != "*" else "", rest) if p)
        if sites.cat.library_class(qual) == "openai":
            call = m.lower(site.raw, site.scope)
            spec: Constructor | None = library_spec(sites, site, qual, call) if isinstance(call, Call) else None
            if spec is not None and isinstance(call, Call):
                yield from sites._framework(site, call, spec)
            return
    yield from tree_subclass_call(sites, site)


__all__ = ["same_file_subclass_call", "tree_subclass_call"]
