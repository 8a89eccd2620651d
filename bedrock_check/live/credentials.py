"""Credentials for the live probe and model listing, and how each request is signed.

In order: `--token-file`, then `AWS_BEARER_TOKEN_BEDROCK` (a Bedrock API key, sent as a
bearer token), then the standard AWS credential chain (`--profile`, the usual AWS
environment variables, SSO, instance roles), with which every request is signed with
SigV4 as the OpenAI SDKs' Bedrock clients sign it: service `bedrock-mantle` on the
Mantle endpoint, `bedrock` on the runtime endpoint (openai-node/openai-python
`bedrock.md`). Both endpoints take either. A token, a secret key or a session token is
never printed, logged or written anywhere.
"""

from __future__ import annotations

import os
import re
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit

from bedrock_check.errors import ProbeError
from bedrock_check.quickclass import dataclass

#: The SigV4 signing service of each Bedrock endpoint.
SIGNING_SERVICE = {"mantle": "bedrock-mantle", "runtime": "bedrock"}
_BEDROCK_HOST = re.compile(r"^bedrock-(mantle|runtime)(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.")


@dataclass(frozen=True)
class Token:
    """A bearer token and where it came from (the value never appears in repr or str)."""

    value: str = field(repr=False)
    source: str

    def __str__(self) -> str:
        return f"<token from {self.source}>"

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must be masked in anything printed or written."""
        return (self.value,)

    def headers(self, method: str, url: str, body: bytes = b"") -> dict[str, str]:
        """The headers that authenticate one request."""
        return {"Authorization": f"Bearer {self.value}"}

    def describe(self) -> str:
        """How the requests are authenticated, for logs (no credential in it)."""
        return f"Bearer token from {self.source}"


@dataclass(frozen=True)
class SigV4:
    """AWS credentials from the standard chain; each request is signed when it is sent
    (so a retry gets a fresh signature and refreshed credentials)."""

    credentials: Any = field(repr=False)  # botocore Credentials (refreshable)
    service: str
    region: str
    source: str

    def __str__(self) -> str:
        return f"<SigV4 {self.service} {self.region} from {self.source}>"

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret key and session token: masked in anything printed or written."""
        frozen = self.credentials.get_frozen_credentials()
        return tuple(s for s in (frozen.secret_key, frozen.token) if s)

    def headers(self, method: str, url: str, body: bytes = b"") -> dict[str, str]:
        """`Authorization`, `X-Amz-Date` (and `X-Amz-Security-Token`) for this exact request."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        # A WebSocket handshake is signed as the HTTPS GET it starts as.
        url = re.sub(r"^ws(s?)://", r"http\1://", url)
        request = AWSRequest(method=method, url=url, data=body,
                             headers={"Content-Type": "application/json"} if body else {})  # fmt: skip
        SigV4Auth(self.credentials.get_frozen_credentials(), self.service, self.region).add_auth(request)
        return {k: v for k, v in request.headers.items() if k.lower() != "content-type"}

    def describe(self) -> str:
        """How the requests are authenticated, for logs (no credential in it)."""
        return f"SigV4 (service {self.service}, {self.region}) with AWS credentials from {self.source}"


Auth = Token | SigV4


def endpoint_of(url: str, named: str | None = None) -> tuple[str, str | None]:
    """(`mantle` or `runtime`, Region or None) of a base URL: from its host when it is a
    Bedrock host, else `named` (default mantle)."""
    m = _BEDROCK_HOST.match(urlsplit(url).hostname or "")
    if m:
        return m.group(1), m.group(2)
    return (named if named in SIGNING_SERVICE else "mantle"), None


def sigv4_from_aws(region: str, endpoint: str = "mantle", profile: str | None = None) -> SigV4:
    """SigV4 signing for `endpoint` in `region` with the standard AWS credential chain."""
    try:
        import boto3
        from botocore.exceptions import BotoCoreError, ProfileNotFound
    except ImportError as exc:  # pragma: no cover - boto3 is in the live extra, checked before
        raise ProbeError(f"boto3 is needed to sign requests: {exc}") from None
    try:
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        credentials = session.get_credentials()
    except ProfileNotFound:
        raise ProbeError(f"AWS profile {profile or os.environ.get('AWS_PROFILE') or 'default'!r} not found; check ~/.aws/config or drop --profile") from None
    except BotoCoreError as exc:
        raise ProbeError(f"cannot read AWS credentials: {exc}") from None
    if credentials is None:
        raise ProbeError(
            "no credentials: set AWS_BEARER_TOKEN_BEDROCK, pass --token-file, or configure AWS credentials "
            "(aws login, AWS_PROFILE / --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
    source = f"profile {profile}" if profile else (getattr(credentials, "method", None) or "the default chain")
    return SigV4(credentials, SIGNING_SERVICE.get(endpoint, "bedrock-mantle"), region, source)


def _checked(value: str, where: str) -> str:
    """A token goes into an HTTP header: printable ASCII with no spaces, or a clear error
    (never the value itself)."""
    if not all(33 <= ord(c) < 127 for c in value):
        raise ProbeError(f"{where}: the token holds spaces or characters outside printable ASCII; is it the right value?")
    return value


def bearer_token(token_file: str | None = None, profile: str | None = None) -> Token | None:
    """The bearer token given (`--token-file`, else `AWS_BEARER_TOKEN_BEDROCK` unless a
    profile was asked for), or None."""
    if token_file:
        from bedrock_check.readfile import read_text

        try:
            value = read_text(token_file, limit=64 * 1024).strip()
        except OSError as exc:
            raise ProbeError(f"{token_file}: cannot read token file: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ProbeError(f"{token_file}: token file is not UTF-8 text") from None
        if not value:
            raise ProbeError(f"{token_file}: token file is empty")
        return Token(_checked(value, f"token file {token_file}"), f"token file {token_file}")
    env = os.environ.get("AWS_BEARER_TOKEN_BEDROCK", "").strip()
    if env and not profile:
        return Token(_checked(env, "AWS_BEARER_TOKEN_BEDROCK"), "AWS_BEARER_TOKEN_BEDROCK")
    return None


def resolve_auth(
    url: str, region: str, *, endpoint: str | None = None, token_file: str | None = None, profile: str | None = None
) -> Auth:
    """How to authenticate requests to the base URL `url`, by the order in the module
    docstring. SigV4 signs for the URL's own endpoint and Region when it is a Bedrock host
    (a profile id is called through its source Region), else for `endpoint` and `region`."""
    token = bearer_token(token_file, profile)
    if token is not None:
        return token
    named, host_region = endpoint_of(url, endpoint)
    return sigv4_from_aws(host_region or region, named, profile)

