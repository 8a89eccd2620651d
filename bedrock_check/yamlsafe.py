"""Safe YAML loading: never constructs arbitrary objects, refuses alias bombs.

PyYAML's safe loader shares aliased nodes instead of copying them, so a "billion
laughs" document loads quickly but explodes when anything walks it. We count alias
uses while composing and refuse documents that use too many.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

#: More alias uses than this in one document is treated as an attack.
MAX_ALIASES = 100
#: Values a document may hold once its aliases are expanded: a few aliases of aliases
#: (each under the count limit) can otherwise stand for hundreds of millions of values.
MAX_EXPANDED = 1_000_000


class YamlError(ValueError):
    """A YAML document that cannot be loaded; the message names the position."""


class YamlFileMissing(YamlError):
    """The YAML file named does not exist (a config may want to say so in its own words)."""


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts alias events while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlError(
                    f"line {mark.line + 1}, column {mark.column + 1}: more than {MAX_ALIASES} "
                    "YAML aliases; refusing a possible alias bomb"
                )
        return super().compose_node(parent, index)

    def compose_document(self) -> Any:
        node = super().compose_document()
        _check_expanded_size(node)
        return node


def _check_expanded_size(root: Any) -> None:
    """Refuse a document whose aliases expand to more than MAX_EXPANDED values. Sizes are
    memoised per node (an alias is the same node object), so this costs one visit per
    distinct node however much the aliases multiply."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not ready:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 0) for c in children)
        if total > MAX_EXPANDED:
            mark = node.start_mark
            raise YamlError(
                f"line {mark.line + 1}, column {mark.column + 1}: YAML aliases expand to more than "
                f"{MAX_EXPANDED:,} values; refusing a possible alias bomb"
            )
        sizes[id(node)] = total


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


#: What PyYAML's safe constructors raise on values that parse but are not valid: a date
#: like 2024-02-30, `!!int 0x`, `!!float abc`, an integer over 4,300 digits, bad base64.
_CONSTRUCT_ERRORS = (ValueError, OverflowError, TypeError, ArithmeticError)


def _constructor_problem(exc: Exception) -> str:
    detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    return f"invalid YAML value: {detail}"


def _describe(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return f"invalid YAML: {problem}"


def _run(text: str, step: Any) -> Any:
    """Run `step(loader)` on a limited loader, turning every YAML failure into YamlError."""
    try:
        # The reader checks the text as soon as the loader exists (non-printable characters).
        loader = _LimitedLoader(text)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None
    try:
        return step(loader)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply") from None
    except YamlError:
        raise
    except _CONSTRUCT_ERRORS as exc:
        raise YamlError(_constructor_problem(exc)) from None
    finally:
        loader.dispose()


def _all_nodes(loader: _LimitedLoader) -> list[Any]:
    nodes = []
    while loader.check_node():
        nodes.append(loader.get_node())
    return nodes


def compose_yaml_documents(text: str) -> list[Any]:
    """Compose every document into PyYAML node trees (for callers that need positions)."""
    fast = _compose_with_libyaml(text)
    return fast if fast is not None else _run(text, _all_nodes)


#: Deeper than this, the pure-Python composer is asked (it runs out of stack where libyaml,
#: whose limit is 1,000 levels, does not, and says so in its own words).
_LIBYAML_DEPTH = 100


def _compose_with_libyaml(text: str) -> list[Any] | None:
    """The node trees libyaml composes, when they are the ones the pure-Python composer
    gives, else None (the caller then runs that one). The Python scanner is ten times
    slower, most of all on long scalars (recorded HTTP cassettes, OpenAPI documents: seconds
    per file). The two give the same nodes, tags, values and marks on every YAML file of
    the benchmark corpus and the real-code set, except in what is left to the Python
    composer here: text that does not end with a newline (libyaml closes the last line
    itself, so the outer collections' end marks move), a tab (libyaml accepts `key:\tvalue`,
    which PyYAML refuses), any error (PyYAML's words are the diagnostic), any alias (PyYAML's
    composer counts them against alias bombs) and deep nesting."""
    loader_cls = getattr(yaml, "CSafeLoader", None)
    if loader_cls is None or not text.endswith("\n") or "\t" in text:
        return None
    loader = loader_cls(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
    except Exception:  # any failure is said by the Python composer, in its words
        return None
    finally:
        loader.dispose()
    return nodes if all(_plain_tree(root) for root in nodes) else None


def _plain_tree(root: Any) -> bool:
    """Whether a composed tree holds no node twice (no alias), at most MAX_EXPANDED nodes
    and at most _LIBYAML_DEPTH levels."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > _LIBYAML_DEPTH or len(seen) >= MAX_EXPANDED:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return True


def construct_scalar(node: Any) -> Any:
    """Turn one scalar node into its Python value with the safe constructor."""
    # The constructor alone: a whole loader (reader, scanner, parser) per scalar was half
    # the time of a large YAML file, and constructing a scalar uses none of them.
    constructor = yaml.constructor.SafeConstructor()
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None
    except _CONSTRUCT_ERRORS as exc:
        mark = getattr(node, "start_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise YamlError(where + _constructor_problem(exc)) from None


def load_yaml(text: str, *, fast: bool = False) -> Any:
    """Load one YAML document safely. `fast` uses libyaml when available and is meant
    only for the trusted shipped matrix (it has no alias limit)."""
    if fast:
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return yaml.load(text, Loader=loader_cls)
        except yaml.YAMLError as exc:
            raise YamlError(_describe(exc)) from None
        except _CONSTRUCT_ERRORS as exc:
            raise YamlError(_constructor_problem(exc)) from None
    return _run(text, lambda loader: loader.get_single_data())


def load_yaml_file(path: str | os.PathLike[str], *, fast: bool = False) -> Any:
    """Read a file with bounds (see `readfile`) and load it as one YAML document. Every
    failure is a YamlError saying what is wrong without the path, for the caller's error
    to name the file: not found, cannot read (a folder, a FIFO, too large), not UTF-8,
    invalid YAML. `fast` as in `load_yaml`: the shipped, trusted files only."""
    from bedrock_check.readfile import read_text

    try:
        text = read_text(path)
    except FileNotFoundError:
        raise YamlFileMissing("file not found") from None
    except OSError as exc:
        raise YamlError(f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise YamlError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    return load_yaml(text, fast=fast)
