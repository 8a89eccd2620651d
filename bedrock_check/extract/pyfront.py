"""Python front-end: stdlib `ast` -> the shared call-site form (`callsite.FileModel`).

One walk records scopes, imports, bindings, class fields, returns, calls, typed object
literals and URL strings; expressions are lowered to `callsite.Expr` only when the
resolver asks for them (`pylower.py`; syntax-tree helpers in `pynodes.py`). The code is
parsed, never imported or run.
"""

from __future__ import annotations

import ast
from typing import Any

from bedrock_check.extract.callsite import (
    Binding,
    CallSite,
    ClassInfo,
    FileModel,
    FuncInfo,
    Unknown,
)
from bedrock_check.extract.common import SourceText, model_string
from bedrock_check.extract.joins import route_like
from bedrock_check.extract.pybind import Bindings
from bedrock_check.extract.pylower import _Lower, _strings
from bedrock_check.extract.pynodes import (
    _CONSTANT_NAME,
    _GETTERS,
    _LEAVES,
    _MAX_TEXT_BLOCK,
    _MAX_URLS,
    _MUTATORS,
    _SHOWN,
    _STRING_TESTS,
    _annotated_option,
    _beside,
    _is_static,
    _last_name,
    _path_like,
    _url,
    chain_of,
    config_dict,
    declared_default,
    deployment_url,
)
from bedrock_check.extract.sessions import is_session_key
from bedrock_check.findings import Span
from bedrock_check.httppaths import request_endpoint


def _class_named(func: ast.expr) -> bool:
    """Whether a callee is named as a class is (`WebSearchTool`, `types.Mcp`): capitalised."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name[:1].isupper()


class _Front(Bindings, ast.NodeVisitor):
    """The single walk (its bindings: `pybind.Bindings`)."""

    def __init__(self, model: FileModel) -> None:
        self.m = model
        #: What spans are read from (the walk's end drops `m`: see `python_model`).
        self.src = model.src
        self.scope = model.new_scope(None, "module")
        self.funcs: list[FuncInfo] = []
        self.cls: ClassInfo | None = None
        self.docstrings: set[int] = set()
        #: The `if`/`else` branches the walk is in (see `Binding.branch`).
        self.branch: tuple[tuple[int, int], ...] = ()
        #: How many loops, `match` statements and `try` blocks the walk is in.
        self.nested = 0
        #: ids of constants that are list items, keys, comparison operands or indexes.
        self._not_values: set[int] = set()
        #: Strings searched for, not used (`text.replace("engine: openai\n...", "engine: vertexai...")`).
        self._searched: set[int] = set()
        #: The names of the assignments and classes the walk is in (whose path a string is).
        self._holders: list[str] = []
        self._blocks: set[int] = set()  # ids of dicts written as a value inside another dict
        #: ids of path strings already recorded with the values beside them in a dict.
        self._paths_seen: set[int] = set()
        #: ids of the items of lists, tuples and sets of path strings only (route tables).
        self._route_items: set[int] = set()
        #: `+` nodes inside an Azure deployment URL already recorded (see `_deployment`).
        self._joined: set[int] = set()
        self._deployments = "openai/deployments/" in self.src.text
        #: ids of lists whose items are models a function runs (see `_run_list`).
        self._run_lists: set[int] = set()
        self.comp_scopes = {}

    def visit(self, node: ast.AST) -> None:
        """`NodeVisitor.visit` with the method looked up once per node type."""
        kind = type(node)
        method = _DISPATCH.get(kind)
        if method is None:
            method = _DISPATCH[kind] = getattr(type(self), "visit_" + kind.__name__, None) or _Front.generic_visit
        method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        """Visit the children (no `iter_fields` generator per node, no `isinstance` per
        field: the walk is the front-end's main cost). `_WALKED` is every node class but
        the leaves, so a type test is the `isinstance(value, ast.AST)` it replaces."""
        visit, walked = self.visit, _WALKED
        for name in node._fields:
            value: Any = getattr(node, name, None)
            kind = type(value)
            if kind is list:
                for item in value:
                    if type(item) in walked:
                        visit(item)
            elif kind in walked:
                visit(value)

    def span(self, node: Any) -> Span:
        src = self.src
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", line) or line
        col, end_col = getattr(node, "col_offset", 0), getattr(node, "end_col_offset", 0) or 0
        if src.ascii:  # byte columns are character columns: no per-span call (a span per node)
            return Span(line, col + 1, end_line, end_col + 1)
        return Span(line, src.char_column(line, col), end_line, src.char_column(end_line, end_col))

    def _doc(self, body: Any) -> None:
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.docstrings.add(id(body[0].value))

    # -- scopes
    def visit_Module(self, node: ast.Module) -> None:
        self._doc(node.body)
        self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        outer = self.scope
        in_class = self.m.scopes[outer].kind == "class"
        cls_name = self.cls.name if (in_class and self.cls) else None
        inner = self.m.new_scope(outer, "function", cls_name)
        name = getattr(node, "name", "<lambda>")
        info = FuncInfo(name, inner, cls=cls_name)
        pos = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        if isinstance(node, ast.Lambda):
            info.returns.append(node.body)
        elif in_class and self.cls is not None:
            decorators = [_last_name(d) for d in node.decorator_list]
            info.getter = any(d in _GETTERS for d in decorators)
            if not (name in self.cls.methods and any(isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter")
                                                     for d in node.decorator_list)):  # fmt: skip
                self.cls.methods[name] = info  # (a property's setter does not replace its getter)
        else:
            self.m.bind(outer, name, Binding("func", pos, None, func=info))
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[Any] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        bound = in_class and not _is_static(node)
        for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            if i == 0 and bound:
                self.m.bind(inner, arg.arg, Binding("self", pos, None, key=cls_name))
            else:
                # `key`: the argument's position at a call (`self` is not passed).
                self.m.bind(inner, arg.arg, Binding("param", pos, default, key=str(i - bound), annotation=arg.annotation))
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            self.m.bind(inner, arg.arg, Binding("param", pos, kw_default, annotation=arg.annotation))
        for arg, default in [*zip(positional, defaults, strict=True), *zip(args.kwonlyargs, args.kw_defaults, strict=True)]:
            option = _annotated_option(arg.annotation) if default is not None else None
            if option is not None:
                # `model: Annotated[str, typer.Option("--model")] = "gpt-4o"`: an option's default.
                self.m.named_defaults.append((option or arg.arg, default, outer))
        for extra, mark in ((args.vararg, "*"), (args.kwarg, "**")):
            if extra is not None:
                self.m.bind(inner, extra.arg, Binding("param", pos, None, key=mark))
        for deco in getattr(node, "decorator_list", ()):
            self.visit(deco)
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        self.scope = inner
        self.funcs.append(info)
        saved_cls, self.cls = self.cls, None
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            self._doc(node.body)
            for stmt in node.body:
                self.visit(stmt)
        self.cls = saved_cls
        self.funcs.pop()
        self.scope = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._doc(node.body)
        outer = self.scope
        inner = self.m.new_scope(outer, "class", None)
        info = ClassInfo(node.name, inner, bases=[n for n in map(_last_name, node.bases) if n])
        if outer == 0 and not self.branch:
            # A module's later definition replaces an earlier one (a notebook's cell that
            # rewrites a class): the code after it builds the later class.
            self.m.classes[node.name] = info
        else:
            self.m.classes.setdefault(node.name, info)
        self.m.bind(outer, node.name, Binding("class", (node.lineno, node.col_offset), None, key=node.name))
        for expr in [*node.bases, *node.keywords, *node.decorator_list]:
            self.visit(expr)
        if any(b.endswith("Enum") for b in info.bases):
            # An enum's members are a catalogue of names (`GPT_5 = "openai/gpt-5"`), not settings.
            self._not_value([s.value for s in node.body if isinstance(s, (ast.Assign, ast.AnnAssign))])
            self.m.enum_members.extend((node.name, s.value.value, self.span(s.value)) for s in node.body
                                       if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
                                       and isinstance(s.value.value, str))  # fmt: skip
        saved, self.cls, self.scope = self.cls, info, inner
        self._holders.append(node.name)
        for stmt in node.body:
            self.visit(stmt)
        self._holders.pop()
        self.cls, self.scope = saved, outer
        if any(_last_name(b).endswith("Settings") for b in node.bases):
            # `class Settings(BaseSettings): openai_model: str = "gpt-4o"`: the environment's
            # default, as a `.env` line would set it.
            for name, stores in info.fields.items():
                self.m.named_defaults.extend((name, raw, scope) for raw, scope in stores if scope == inner)

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        test = node.test
        if (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and len(test.ops) == 1
                and isinstance(test.ops[0], ast.Eq) and isinstance(test.comparators[0], ast.Constant)
                and isinstance(test.comparators[0].value, str) and node.body):  # fmt: skip
            # `if model_name == "text-embedding-ada-002":` then `model=model_name` in the branch.
            last = getattr(node.body[-1], "end_lineno", None) or node.body[-1].lineno
            self.m.narrowed.append((self.scope, test.left.id, test.comparators[0].value,
                                    self.span(test.comparators[0]), node.body[0].lineno, last))  # fmt: skip
        saved = self.branch
        for index, body in enumerate((node.body, node.orelse)):
            self.branch = (*saved, (id(node), index))
            for stmt in body:
                self.visit(stmt)
        self.branch = saved

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None and self.funcs:
            self.funcs[-1].returns.append(node.value)
        self.generic_visit(node)

    # -- bindings (the rest: `pybind.Bindings`)
    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind(target, node.value, node)
        self._reference(node.value)
        # (A call's result is not a table of constants: its string arguments are uses.)
        names = [_last_name(t) for t in node.targets] if not isinstance(node.value, ast.Call) else []
        self._holders.extend(names)
        if any(isinstance(t, ast.Name) and "model" in t.id.lower() for t in node.targets):
            self._run_list(node.value)
        self.generic_visit(node)
        del self._holders[len(self._holders) - len(names) :]

    def _run_list(self, node: ast.expr) -> None:
        """A list bound to a model-named local inside a function (`fast_models = [...]`,
        `model = [...]`, `default_models.extend([...])`): the models that function runs,
        not a catalogue (a module's constant list, a `choices=` list, an `in [...]` test)."""
        if isinstance(node, (ast.List, ast.Tuple)) and self.m.scopes[self.scope].kind == "function":
            self._run_lists.add(id(node))

    def _reference(self, node: ast.expr) -> None:
        """A member chain used as a value (`completion = client.chat.completions.create`,
        `method = getattr(client.chat.completions, name)`)."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and node.args:
            node = node.args[0]
        if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Attribute, ast.Call)):
            self.m.references.append(CallSite(node, self.scope, self.span(node), chain_of(node), node))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.target.id == "type" and self.cls is not None:
            self._type_enum(node.annotation)  # `class AssistantTool(BaseModel): type: ToolType`
        if isinstance(node.target, ast.Name) and self.cls is not None and self.m.scopes[self.scope].kind == "class":
            self.cls.declared.append(node.target.id)
            if node.value is None:
                self.cls.typed[node.target.id] = node.annotation
        if node.value is not None:
            self._bind(node.target, node.value, node)
        name = _last_name(node.target) if not isinstance(node.value, ast.Call) else ""
        self._holders.append(name)
        self.generic_visit(node)
        self._holders.pop()

    # -- calls and literals
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr in _MUTATORS:
            self._mutation(func.value.id, func.attr, node)
        if isinstance(func, ast.Attribute) and func.attr in _STRING_TESTS:
            self._not_value(node.args)  # `model.startswith("openai/gpt-4")`: a test, not a setting
            if func.attr == "replace" and node.args:
                # (`config.replace("model: gpt-3.5-turbo", "model: gemini-pro")`: the text replaced is gone.)
                self._searched.add(id(node.args[0]))
        elif (isinstance(func, ast.Attribute) and func.attr in ("extend", "append") and isinstance(func.value, ast.Name)
              and "model" in func.value.id.lower() and node.args):  # fmt: skip
            self._run_list(node.args[0])
        for k in node.keywords:
            if k.arg == "type":
                self._type_enum(k.value)  # `AssistantTool(type=ToolType.RETRIEVAL)`
                if isinstance(k.value, ast.Constant) and isinstance(k.value.value, str) and _class_named(func):
                    self._typed_object(node, k.value.value)
        site = self._getattr_call(node) or node
        self.m.calls.append(CallSite(site, self.scope, self.span(node), chain_of(site.func), site.func))
        if not (isinstance(func, ast.Name) and func.id in _SHOWN):
            for arg in node.args:  # `self.retryer(self.client.chat.completions.create, **kwargs)`
                self._reference(arg)
        self.generic_visit(node)

    def _typed_object(self, node: ast.Call, kind: str) -> None:
        """A typed object built by its class with keywords (the SDK's own types,
        `CodeInterpreter(type="code_interpreter", container=...)`, `Mcp(type="mcp", server_url=...)`):
        a literal with those keys, as if written `{"type": ..., ...}` at the call."""
        keys: list[ast.expr | None] = [
            None if k.arg is None else ast.copy_location(ast.Constant(k.arg), k) for k in node.keywords]
        literal = ast.copy_location(ast.Dict(keys=keys, values=[k.value for k in node.keywords]), node)
        self.m.typed_literals.append((literal, self.scope, kind if None not in keys else None))

    def _type_enum(self, node: ast.AST | None) -> None:
        """The class a `type` is given as (an annotation) or taken from (`ToolType.X`)."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            self.m.type_enums.add(node.value.id)
        elif isinstance(node, ast.Name):
            self.m.type_enums.add(node.id)

    def _getattr_call(self, node: ast.Call) -> ast.Call | None:
        """`getattr(client.chat.completions, endpoint)(**kwargs)`: the method it calls, as if
        written `client.chat.completions.create(**kwargs)`, when the name is a string here or
        a local bound to strings (`endpoint = "parse" if fmt else "create"`; `create` first)."""
        inner = node.func
        if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "getattr"
                and len(inner.args) >= 2):  # fmt: skip
            return None
        names = _strings(inner.args[1])
        if not names and isinstance(inner.args[1], ast.Name):
            for b in self.m.bindings.get((self.scope, inner.args[1].id), ()):
                names += _strings(b.raw) if isinstance(b.raw, ast.AST) else []
        if not names:
            return None
        name = "create" if "create" in names else names[0]
        method = ast.copy_location(ast.Attribute(value=inner.args[0], attr=name, ctx=ast.Load()), inner)
        return ast.copy_location(ast.Call(func=method, args=node.args, keywords=node.keywords), node)

    def visit_Dict(self, node: ast.Dict) -> None:
        types = [value.value for key, value in zip(node.keys, node.values, strict=True)
                 if isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant)
                 and isinstance(value.value, str)]  # fmt: skip
        if types:
            # The `type` as written, unless a `**spread` or a second `type` key may change it.
            plain = len(types) == 1 and None not in node.keys
            self.m.typed_literals.append((node, self.scope, types[0] if plain else None))
        self._blocks.update(id(v) for v in node.values if isinstance(v, ast.Dict))  # (see `config_dict`)
        if config_dict(node, id(node) in self._blocks):
            self.m.config_literals.append((node, self.scope))
        if any(isinstance(key, ast.Constant) and is_session_key(key.value) for key in node.keys):
            self.m.session_literals.append((node, self.scope))
        if {"custom_id", "body"} <= {key.value for key in node.keys if isinstance(key, ast.Constant)}:
            self.m.batch_lines.append((node, self.scope))
        declared = declared_default(node)
        if declared is not None:  # `{"name": "OPENAI_MODEL", "default_value": "gpt-4o"}` in a settings schema
            self.m.declared_defaults.append((declared[0], declared[1], self.scope))
        paths = [v for v in node.values if isinstance(v, ast.Constant) and _path_like(v.value)]
        if paths:
            # `{"base": OPENAI_BASE, "chat": "/v1/chat/completions"}`: the values beside a path say whose it is.
            beside = [n for n in (_beside(v) for v in node.values if not isinstance(v, ast.Constant) or _url(v.value)) if n]
            for value in paths:
                self._path(value, beside)
        words = {key.value: value for key, value in zip(node.keys, node.values, strict=True) if isinstance(key, ast.Constant)}
        kind = words.get("type")
        self._type_enum(kind)
        if isinstance(kind, (ast.Name, ast.Attribute)) and not _CONSTANT_NAME.match(_last_name(kind)):
            self.m.dynamic_types = True  # `{"type": tool}`: a tool built from a name (not `{"type": ADD}`)
            if isinstance(kind, ast.Name):
                self.m.named_types.append((node, self.scope))  # `{"type": media_type}`
        elif isinstance(kind, ast.Subscript) and isinstance(kind.value, (ast.Name, ast.Attribute)):
            self.m.looked_up_types.append((node, self.scope))  # `{"type": TOOL_TYPES[name]}`
        named = next((words[k] for k in ("name", "value", "id") if k in words), None)
        if (isinstance(named, ast.Constant) and isinstance(named.value, str)
                and any(k in words for k in ("label", "description", "title"))):  # fmt: skip
            self.m.named_options.append((named.value, self.span(named)))
        self._not_value(node.keys)
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._deployment(node)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        self._deployment(node)
        self.generic_visit(node)

    def _deployment(self, node: ast.JoinedStr | ast.BinOp) -> None:
        """An Azure deployment URL built from parts (its outermost `+` only)."""
        if self._deployments and id(node) not in self._joined and (inner := deployment_url(node)) is not None:
            self._joined.update(map(id, inner))
            self.m.deployment_urls.append((node, self.scope))

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if (isinstance(value, str) and "://" in value and id(node) not in self.docstrings
                and len(self.m.urls) < _MAX_URLS):  # fmt: skip
            self.m.urls.append((value, self.span(node)))
        if isinstance(value, str) and model_string(value) and id(node) not in self._not_values:
            self.m.model_strings.append((value, self.span(node)))
        elif (isinstance(value, str) and "model:" in value and "\n" in value and len(value) < _MAX_TEXT_BLOCK
              and id(node) not in self.docstrings and id(node) not in self._searched):  # fmt: skip
            self.m.text_blocks.append((value, self.span(node)))
        if self._holders and id(node) not in self._paths_seen and _path_like(value):
            self._path(node, [])

    def _path(self, node: ast.Constant, beside: list[str]) -> None:
        """A string written like an endpoint's API path (`"/v1/chat/completions"`), with the
        names around it."""
        self._paths_seen.add(id(node))
        text = node.value
        if isinstance(text, str) and request_endpoint(text) is not None and len(self.m.paths) < _MAX_URLS:
            names = tuple(n for n in (*beside, *self._holders) if n)
            if names:
                self.m.paths.append((text, self.span(node), names, id(node) in self._route_items))

    def _not_value(self, nodes: Any) -> None:
        """Constants that are list items, keys, comparison operands or indexes: a model
        string there is a choice or a look-up, not a setting."""
        self._not_values.update(id(n) for n in nodes if isinstance(n, ast.Constant))

    def visit_List(self, node: ast.List | ast.Tuple | ast.Set) -> None:
        if id(node) not in self._run_lists:
            self._not_value(node.elts)
        if node.elts and all(isinstance(e, ast.Constant) and route_like(e.value) for e in node.elts):
            self._route_items.update(map(id, node.elts))  # `openai_routes = ["/v1/chat/completions", ...]`
        self.generic_visit(node)

    visit_Tuple = visit_Set = visit_List

    def visit_Compare(self, node: ast.Compare) -> None:
        self._not_value([node.left, *node.comparators])
        todo: list[ast.AST] = [node.left, *node.comparators]
        while todo:  # (the dicts an operand writes, in lists too: `== [{"type": ...}]`)
            part = todo.pop()
            if isinstance(part, ast.Dict):
                self.m.compared.add(id(part))
                todo.extend(v for v in part.values if isinstance(v, (ast.Dict, ast.List, ast.Tuple)))
            elif isinstance(part, (ast.List, ast.Tuple)):
                todo.extend(e for e in part.elts if isinstance(e, (ast.Dict, ast.List, ast.Tuple)))
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._not_value([node.slice])
        self.generic_visit(node)


#: Node type -> visitor method (filled as types are met).
_DISPATCH: dict[type, Any] = {}


def _node_classes(cls: type) -> set[type]:
    found = {cls}
    sub: type
    for sub in cls.__subclasses__():
        found |= _node_classes(sub)
    return found


#: Every syntax-tree class the walk descends into (what `ast.parse` builds is always one of
#: the standard library's own classes, never a subclass of ours).
_WALKED = frozenset(_node_classes(ast.AST) - _LEAVES)


def python_model(path: str, text: str, tree: ast.Module) -> FileModel:
    """The call-site form of one parsed Python file."""
    model = FileModel(path, "python", SourceText(text), lambda n, s: Unknown(Span(1, 1, 1, 1)))
    front = _Front(model)
    front.visit(tree)
    # The model holds the front (through `lower`); lowering needs only the source, so the front
    # lets go of the model: no reference cycle, and a file's model is freed as soon as it is unused.
    del front.m
    model.lower = lower = _Lower(front)
    model.argument = lower.argument
    return model
