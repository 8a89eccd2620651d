"""Which HTTP path belongs to which endpoint: the lookups over the catalogue's `http_paths`
(sdk.yaml), the one table every reader of a URL asks (raw HTTP and curl in code, recorded
traffic, the matrix's probe paths, the runtime guard). This module imports nothing heavy:
the catalogue is loaded on the first lookup, so a command that reads no URL never loads it.

`endpoint_for_url` names the endpoint of a URL or path; `request_endpoint` says which
endpoint a request POSTed there is checked as (none for a sub-resource of a create-only
endpoint such as `/responses/{id}/cancel`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bedrock_check.vocabulary import ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.catalogue import HttpPath

_SCHEME_HOST = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://[^/?#]*")
#: A path below the version prefix: lower-case segments (`realtime/client_secrets`).
_PATH = re.compile(r"^[a-z][a-z_]*(/[a-z][a-z_]*)*$")
#: An action written after a path segment (`generations:submit`).
_ACTION = re.compile(r":[A-Za-z]+$")


def url_path(url: str) -> str:
    """The path of a URL written in scanned code, "/" when it has none or does not parse
    (`https://[bedrock-mantle...` is a string in a file, not an error of the scan)."""
    from urllib.parse import urlparse

    try:
        return urlparse(url).path or "/"
    except ValueError:
        return "/"


def url_host(url: str) -> str:
    """The host of a URL written in scanned code, "" when it has none or does not parse."""
    from urllib.parse import urlparse

    try:
        return urlparse(url).hostname or ""
    except ValueError:
        return ""


def path_problem(path: str) -> str | None:
    """Why a catalogue path is not one (None when it is): it is written without the
    version prefix or slashes at its ends, as segments of lower-case words."""
    if path.startswith(("/", "v1/")) or path.endswith("/"):
        return "is written below `/v1`, without a leading or trailing `/` (e.g. 'audio/speech')"
    if not _PATH.match(path):
        return "is not a path of lower-case segments (e.g. 'audio/speech')"
    return None


class PathTable:
    """The `http_paths` entries, longest path first (so `realtime/calls` is tried before `realtime`)."""

    def __init__(self, entries: Sequence[HttpPath]) -> None:
        self.paths: dict[str, ApiEndpoint] = {p: ApiEndpoint(e.endpoint) for e in entries for p in e.path}
        self.create_only = frozenset(ApiEndpoint(e.endpoint) for e in entries if e.create_only)
        self._socket = {ApiEndpoint(e.endpoint): ApiEndpoint(e.socket) for e in entries if e.socket}
        self._by_path = sorted(((tuple(p.split("/")), e) for p, e in self.paths.items()), key=lambda t: -len(t[0]))

    @property
    def endpoints(self) -> frozenset[ApiEndpoint]:
        """The endpoints a URL can name (with the WebSocket sessions a `wss://` URL opens)."""
        return frozenset((*self.paths.values(), *self._socket.values()))

    def endpoint_for_url(self, url: str, *, exact: bool = False) -> ApiEndpoint | None:
        """The endpoint a URL or path names, or None.

        The path is read after its last `v1` segment when it has one (`/v1/…`,
        `/openai/v1/…`), else from the first segment where an endpoint's path fits
        (`/responses` as the SDK's `client.post` takes it, a gateway's `/openai/responses`).
        `exact` asks for the endpoint's own path (a create request), not a path below it
        (`/responses/{id}/cancel`). A `ws://`/`wss://` URL opens the endpoint's `socket`.
        """
        m = _SCHEME_HOST.match(url)
        scheme = m.group("scheme").lower() if m else ""
        path = url[m.end() :] if m else url
        path = path.split("?", 1)[0].split("#", 1)[0]
        # (Azure's `images/generations:submit`: an action on the path, which names the endpoint still)
        segments = tuple(_ACTION.sub("", s) for s in path.split("/") if s)
        # After the last `v1`; else (a gateway's own prefix, `/openai/responses`) the first place a path fits.
        starts: Iterable[int] = (len(segments) - segments[::-1].index("v1"),) if "v1" in segments else range(len(segments))
        for start in starts:
            rest = segments[start:]
            for parts, endpoint in self._by_path:
                if rest[: len(parts)] == parts and (not exact or len(rest) == len(parts)):
                    if scheme in ("ws", "wss"):
                        return self._socket.get(endpoint, endpoint)
                    return endpoint
        return None

    def request_endpoint(self, url: str) -> ApiEndpoint | None:
        """The endpoint a request POSTed to `url` is checked as, or None: none at all, or a
        sub-resource of a `create_only` endpoint."""
        endpoint = self.endpoint_for_url(url)
        if endpoint in self.create_only and self.endpoint_for_url(url, exact=True) is None:
            return None
        return endpoint


def path_table() -> PathTable:
    """The shipped catalogue's HTTP paths."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().http


def endpoint_for_url(url: str, *, exact: bool = False) -> ApiEndpoint | None:
    """The endpoint a URL or path names by the shipped catalogue (see `PathTable.endpoint_for_url`)."""
    return path_table().endpoint_for_url(url, exact=exact)


def request_endpoint(url: str) -> ApiEndpoint | None:
    """The endpoint a request POSTed to `url` is checked as, by the shipped catalogue."""
    return path_table().request_endpoint(url)


def create_only() -> frozenset[ApiEndpoint]:
    """Endpoints whose requests are checked only at the endpoint's own path (a create request)."""
    return path_table().create_only


__all__ = ["PathTable", "create_only", "endpoint_for_url", "path_problem", "path_table", "request_endpoint"]
