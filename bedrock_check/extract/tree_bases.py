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


def _built(sites: Sites, site: CallSite, model: FileModel, name: str) -> Iterator[Observation]:
    """The request fields a call sends that builds class `name` of `model`, read as the first
    imported base that says what it is: a catalogue constructor, or (for a class of this file) a
    library's own OpenAI model class."""
    for qual, _ in imported_bases(model, name):
        spec: Constructor | None = sites.cat.constructors.get(qual)
        library = spec is None and model is sites.m and sites.cat.library_class(qual) == "openai"
        if spec is None and not library:
            continue
        call = sites.m.lower(site.raw, site.scope)
        if isinstance(call, Call):
            spec = spec or library_spec(sites, site, qual, call)
            if spec is not None:
                yield from sites._framework(site, call, spec)
        return


def tree_subclass_call(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The request fields a call sends that builds the tree's own subclass of a catalogue
    constructor class imported from another file (see the module docstring)."""
    name = site.chain[0]
    if len(site.chain) != 1 or not name[:1].isupper():
        return
    found = _defining_file(sites, name)
    if found is not None:
        yield from _built(sites, site, *found)


def same_file_subclass_call(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The request fields a call sends that builds a class of this file whose base is a
    catalogue constructor class or a library's OpenAI model class."""
    yield from _built(sites, site, sites.m, site.chain[0])


__all__ = ["same_file_subclass_call", "tree_subclass_call"]
