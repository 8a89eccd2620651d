"""Every place bedrock-check reaches into the `openai` SDK, in one module.

The guard and the pytest plugin need three things the SDK does not offer as a
public API: a hook that sees each request before it is sent (`_prepare_options`,
which runs once per request, before the SDK's retries), the fields of the request
options it receives, and the WebSocket `connect` entry points. When the SDK moves
any of them, a guard that silently stopped checking would be worse than none, so
each hook is looked up here (the `connect` entry points come from the catalogue, the
same data the scanner reports them from) and a missing one is a `SdkHookProblem`, which the
guard turns into an error (raise mode) or a `GuardSetupWarning` (the other modes).

A guarded client gets a subclass of its own class (`guarded_class`), so every
client the SDK derives from it with `self.__class__(...)` (`with_options`, `copy`)
is guarded too, with the same state.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.quickclass import dataclass

#: The SDK versions the guard is tested with (the `guard` extra's range).
TESTED_MAJOR = 3
#: The private request hook on the SDK's base clients.
PREPARE_HOOK = "_prepare_options"
#: The SDK's base client classes, which define the request hook.
BASE_CLIENTS = (("openai._base_client", "SyncAPIClient"), ("openai._base_client", "AsyncAPIClient"))
#: Namespaces whose `connect` entry points only some SDK versions have (the rest must exist).
OPTIONAL_NAMESPACES = ("beta",)


@dataclass(frozen=True, slots=True)
class ConnectPoint:
    """A WebSocket entry point: `client.<path>.connect()`, the endpoint it opens, and the
    resource module and classes that define it (what the pytest plugin patches)."""

    path: tuple[str, ...]
    endpoint: str
    required: bool

    @property
    def module(self) -> str:
        """`openai.resources.realtime.realtime` for `realtime`, `...beta.realtime.realtime` under beta."""
        return ".".join(("openai", "resources", *self.path, self.path[-1]))

    @property
    def classes(self) -> tuple[str, str]:
        """The sync and async resource class names (`Realtime`, `AsyncRealtime`)."""
        name = self.path[-1].title().replace("_", "")
        return name, "Async" + name


def connect_points() -> tuple[ConnectPoint, ...]:
    """The WebSocket entry points the catalogue names (the scanner reports the same ones)."""
    from bedrock_check.catalogue import shipped_catalogue

    return tuple(ConnectPoint(path, endpoint, path[0] not in OPTIONAL_NAMESPACES)
                 for path, endpoint in shipped_catalogue().connect_points)  # fmt: skip
#: Marks a class made by `guarded_class`, holding the class it was made from.
_GUARDED_FROM = "__bedrock_check_guarded_from__"


class SdkHookProblem(Exception):
    """A hook the guard needs is missing from this SDK (the message says which, and what it means)."""


@dataclass(frozen=True, slots=True)
class SdkRequest:
    """What the guard reads from the SDK's request options."""

    method: str
    url: str
    body: Any
    #: The SDK's idempotency key: the same for a request and its retries.
    key: str | None


def is_sdk_client(obj: Any) -> bool:
    """Whether `obj` is a client of the `openai` package (or a subclass of one)."""
    return any(c.__module__ == "openai" or c.__module__.startswith("openai.") for c in type(obj).__mro__)


def sdk_version() -> str | None:
    """The installed `openai` version, or None when it is not installed."""
    try:
        import openai
    except ImportError:
        return None
    return str(getattr(openai, "__version__", "0"))


def version_problem() -> str | None:
    """Why the installed SDK is not one the guard is tested with, or None."""
    version = sdk_version()
    if version is None:
        return "the openai package is not installed (pip install 'bedrock-check[guard]')"
    major = version.split(".", 1)[0]
    if not major.isdigit() or int(major) != TESTED_MAJOR:
        return f"openai {version} is not a version the guard is tested with ({TESTED_MAJOR}.x); checks may be incomplete"
    return None


def read_request(options: Any) -> SdkRequest:
    """The method, URL, JSON body (with `extra_body` merged in) and retry key of a request."""
    try:
        method, url = str(options.method), str(options.url)
    except AttributeError as exc:
        raise SdkHookProblem(
            f"the SDK's request options have no {exc.name!r}: the guard cannot tell what is being sent"
        ) from None
    data = getattr(options, "json_data", None)
    body = data if isinstance(data, dict) else {}
    extra = getattr(options, "extra_json", None)
    if isinstance(extra, dict):
        body = {**body, **extra}
    return SdkRequest(method, url, body, getattr(options, "idempotency_key", None))


def prepare_hook(cls: type) -> Callable[..., Any]:
    """The class's request hook, or SdkHookProblem."""
    hook = getattr(cls, PREPARE_HOOK, None)
    if not callable(hook):
        raise SdkHookProblem(
            f"{cls.__name__} has no {PREPARE_HOOK}() (the SDK changed): the guard cannot see its HTTP requests"
        )
    return hook


def guarded_class(cls: type, on_request: Callable[[Any], None], on_client: Callable[[Any], None]) -> type:
    """A subclass of an SDK client class whose request hook calls `on_request(options)` after
    the SDK's own, and whose constructor calls `on_client(self)` (to hook `connect`)."""
    cls = getattr(cls, _GUARDED_FROM, cls)
    hook = prepare_hook(cls)
    namespace: dict[str, Any] = {
        "__module__": cls.__module__, "__qualname__": cls.__qualname__, _GUARDED_FROM: cls,
        PREPARE_HOOK: _class_hook(hook, on_request),
    }  # fmt: skip

    base: Any = cls  # the SDK class whose constructor runs first

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        base.__init__(self, *args, **kwargs)
        on_client(self)

    namespace["__init__"] = __init__
    return type(cls.__name__, (cls,), namespace)


def adopt(client: Any, guarded: type) -> None:
    """Make an existing client an instance of its guarded class."""
    try:
        client.__class__ = guarded
    except TypeError as exc:
        raise SdkHookProblem(f"cannot guard a {type(client).__name__}: {exc}") from None


def hook_connects(client: Any, wrap: Callable[[ConnectPoint, Callable[..., Any]], Callable[..., Any]]) -> list[str]:
    """Replace each WebSocket `connect` of a client with `wrap(path, original)`; return the
    problems (a required entry point missing, or one that cannot be replaced)."""
    problems: list[str] = []
    for point in connect_points():
        path = point.path
        where = ".".join(("client", *path, "connect"))
        resource: Any = client
        try:
            for name in path:
                resource = getattr(resource, name)
        except AttributeError:
            resource = None
        original = getattr(resource, "connect", None) if resource is not None else None
        if original is None:
            if point.required:
                problems.append(f"{where}() is missing (the SDK changed): WebSocket sessions there are not checked")
            continue
        try:
            resource.connect = wrap(point, original)
        except (AttributeError, TypeError):
            problems.append(f"{where}() cannot be replaced: WebSocket sessions there are not checked")
    return problems


@contextlib.contextmanager
def patched_classes(on_request: Callable[[Any], None], on_connect: Callable[[ConnectPoint, type, dict[str, Any]], None]) -> Iterator[
    list[str]
]:  # fmt: skip
    """Hook the SDK at class level for the duration (every client created meanwhile is checked);
    yields the problems (hooks that could not be installed)."""
    undo: list[tuple[Any, str, Any]] = []
    problems: list[str] = []

    def swap(owner: Any, name: str, new: Any) -> None:
        undo.append((owner, name, owner.__dict__.get(name)))
        setattr(owner, name, new)

    try:
        for module, name in BASE_CLIENTS:
            try:
                cls = getattr(importlib.import_module(module), name)
                swap(cls, PREPARE_HOOK, _class_hook(prepare_hook(cls), on_request))
            except (ImportError, AttributeError, SdkHookProblem) as exc:
                problems.append(f"{module}.{name}: {exc}")
        for point, cls in _connect_classes(problems):
            swap(cls, "connect", _class_connect(point, cls, cls.connect, on_connect))
        yield problems
    finally:
        for owner, name, old in reversed(undo):
            if old is None:
                delattr(owner, name)
            else:
                setattr(owner, name, old)


def _class_hook(hook: Callable[..., Any], on_request: Callable[[Any], None]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(hook):

        async def prepare_async(self: Any, options: Any) -> Any:
            options = await hook(self, options)
            on_request(options)
            return options

        return prepare_async

    def prepare(self: Any, options: Any) -> Any:
        options = hook(self, options)
        on_request(options)
        return options

    return prepare


def _class_connect(
    point: ConnectPoint, cls: type, original: Callable[..., Any],
    on_connect: Callable[[ConnectPoint, type, dict[str, Any]], None],
) -> Callable[..., Any]:  # fmt: skip
    def connect(resource: Any, *args: Any, **kwargs: Any) -> Any:
        on_connect(point, cls, kwargs)
        return original(resource, *args, **kwargs)

    return connect


def _connect_classes(problems: list[str]) -> list[tuple[ConnectPoint, Any]]:
    classes: list[tuple[ConnectPoint, Any]] = []
    seen: set[int] = set()
    for point in connect_points():
        try:
            mod = importlib.import_module(point.module)
        except ImportError:
            continue  # an SDK without this resource cannot open its sockets either
        for name in point.classes:
            cls = getattr(mod, name, None)
            if cls is None or not callable(getattr(cls, "connect", None)):
                problems.append(f"{point.module}.{name}.connect is missing (the SDK changed): its sessions are not checked")
            elif id(cls) not in seen:
                seen.add(id(cls))
                classes.append((point, cls))
    return classes
