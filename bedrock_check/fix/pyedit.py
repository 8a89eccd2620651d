"""Structural Python edits through libcst, which keeps formatting and comments.

Two edits need the syntax tree rather than a text range: dropping a keyword argument or
dict entry (`service_tier="flex"`), with its comma, and turning an OpenAI client
construction into the Bedrock one. Both find their node by the exact span the scan
reported; a span that does not start a node of the expected shape is an `EditError`.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from bedrock_check.fix.clients import (
    RUNTIME_FORMS,
    client_renames,
    drops_argument,
    kept_base_url,
    region_argument,
    runtime_provider_call,
)
from bedrock_check.fix.textedit import Edit, EditError


def _start(pos: CodeRange) -> tuple[int, int]:
    return pos.start.line, pos.start.column + 1


def _without(items: Sequence[cst.Arg], drop: set[int]) -> list[cst.Arg]:
    """`items` minus the indexes in `drop`, keeping the layout: when the last item goes,
    the new last item takes over its trailing comma (or its lack of one), which carries
    the line break and indentation before the closing bracket."""
    kept = [item for i, item in enumerate(items) if i not in drop]
    if kept and items and (len(items) - 1) in drop:
        kept[-1] = kept[-1].with_changes(comma=items[-1].comma)
    return kept


class _Editor(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, removals: dict[tuple[int, int], Edit], clients: dict[tuple[int, int], Edit]) -> None:
        super().__init__()
        self.removals = removals
        self.clients = clients
        self.done: set[tuple[int, int]] = set()

    def _value_at(self, node: cst.CSTNode) -> tuple[int, int]:
        return _start(self.get_metadata(PositionProvider, node))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        drop = set()
        for i, arg in enumerate(original.args):
            where = self._value_at(arg.value)
            if where in self.removals and arg.keyword is not None:
                drop.add(i)
                self.done.add(where)
        if drop:
            updated = updated.with_changes(args=_without(updated.args, drop))
        where = _start(self.get_metadata(PositionProvider, original))
        edit = self.clients.get(where)
        if edit is not None:
            updated = self._bedrock_client(updated, edit)
            self.done.add(where)
        return updated

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict) -> cst.BaseExpression:
        drop = set()
        for i, element in enumerate(original.elements):
            if isinstance(element, cst.DictElement):
                where = self._value_at(element.value)
                if where in self.removals:
                    drop.add(i)
                    self.done.add(where)
        if not drop:
            return updated
        return updated.with_changes(elements=_without(updated.elements, drop))  # type: ignore[arg-type]  # DictElement has the same comma shape as Arg

    def _bedrock_client(self, call: cst.Call, edit: Edit) -> cst.Call:
        func = call.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
        new_name = client_renames().get(name)
        if new_name is None:
            raise EditError(f"{edit.path}:{edit.line}: `{name}(...)` is not an OpenAI client construction")
        for arg in call.args:
            why = kept_base_url(arg.keyword.value, cst.Module([]).code_for_node(arg.value)) if arg.keyword else None
            if why is not None:
                raise EditError(f"{edit.path}:{edit.line}: {why}")
        if edit.endpoint == "runtime":
            return _runtime_client(call, edit)
        if isinstance(func, cst.Name):
            new_func: cst.BaseExpression = func.with_changes(value=new_name)
        else:
            assert isinstance(func, cst.Attribute)
            new_func = func.with_changes(attr=cst.Name(new_name))
        drop = {
            i for i, arg in enumerate(call.args)
            if arg.keyword is not None and drops_argument(arg.keyword.value, cst.Module([]).code_for_node(arg.value))
        }  # fmt: skip
        args = _without(call.args, drop)
        region_kw = region_argument("python")
        if not any(a.keyword is not None and a.keyword.value == region_kw for a in args):
            region = cst.Arg(
                keyword=cst.Name(region_kw), value=cst.SimpleString(f'"{edit.text}"'),
                equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
            )  # fmt: skip
            if args:
                # The new first argument takes the layout of the old first one: one per
                # line stays one per line.
                first = call.args[0].comma
                comma = first if isinstance(first, cst.Comma) else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                region = region.with_changes(comma=comma)
            args = [region, *args]
        return call.with_changes(func=new_func, args=args)


def _kwarg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(keyword=cst.Name(name), value=value,
                   equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))  # fmt: skip


def _runtime_client(call: cst.Call, edit: Edit) -> cst.Call:
    """`OpenAI(...)` -> `OpenAI(provider=bedrock(region=..., endpoint="runtime"), api_key=None, ...)`:
    the class stays; the provider is the first argument; without a key of its own the client
    is told to take none, so it signs with the AWS credential chain."""
    form = RUNTIME_FORMS["python"]
    if any(a.keyword is not None and a.keyword.value == form.option for a in call.args):
        raise EditError(f"{edit.path}:{edit.line}: the client already takes a `{form.option}`")
    drop = {
        i for i, arg in enumerate(call.args)
        if arg.keyword is not None and drops_argument(arg.keyword.value, cst.Module([]).code_for_node(arg.value))
    }  # fmt: skip
    kept = _without(call.args, drop)
    new = [_kwarg(form.option, cst.parse_expression(runtime_provider_call("python", edit.text)))]
    if not any(a.keyword is not None and a.keyword.value == form.api_key for a in kept):
        new.append(_kwarg(form.api_key, cst.Name(form.no_key)))
    # The new arguments take the layout of the old first one: one per line stays one per line.
    first = call.args[0].comma if call.args else None
    comma = first if isinstance(first, cst.Comma) else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    new = [a.with_changes(comma=comma) for a in new[:-1]] + [new[-1].with_changes(comma=comma if kept else cst.MaybeSentinel.DEFAULT)]
    return call.with_changes(args=[*new, *kept])


def edit_python(text: str, edit: Edit) -> str:
    """Apply one `remove-entry` or `client` edit to Python source; it must land."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise EditError(f"cannot parse for editing: {exc.message}") from exc
    where = (edit.line, edit.column)
    editor = _Editor({where: edit} if edit.kind == "remove-entry" else {}, {where: edit} if edit.kind == "client" else {})
    new = MetadataWrapper(module).visit(editor)
    if where not in editor.done:
        raise EditError(f"{edit.path}:{edit.line}:{edit.column}: no {edit.kind} target at that position")
    return new.code


def import_bedrock_client(text: str, endpoint: str = "mantle") -> str:
    """Import the Bedrock client classes the code now uses, and drop the OpenAI client
    classes from the import where nothing else uses them; for the runtime form, import
    the provider factory (`from openai.providers import bedrock`)."""
    module = cst.parse_module(text)
    if endpoint == "runtime":
        form = RUNTIME_FORMS["python"]
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, form.module, form.factory)
        return AddImportsVisitor(context).transform_module(module).code
    used = {n for n in client_renames().values() if n in text}
    context = CodemodContext()
    for name in sorted(used):
        AddImportsVisitor.add_needed_import(context, "openai", name)
    module = AddImportsVisitor(context).transform_module(module)
    wrapper = MetadataWrapper(module)
    context = CodemodContext(wrapper=wrapper)
    for old in client_renames():
        RemoveImportsVisitor.remove_unused_import(context, "openai", old)
    return wrapper.visit(RemoveImportsVisitor(context)).code
