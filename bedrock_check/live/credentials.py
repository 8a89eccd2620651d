"""Credentials for the live probe and model listing.

In order: `--token-file`, then `AWS_BEARER_TOKEN_BEDROCK`, then a short-term Bedrock
API key made from the standard AWS credential chain (honouring `--profile` and the
usual AWS environment variables). The short-term key uses the same presigned scheme
as AWS's token generator: a SigV4 query-signed `CallWithBearerToken` request to the
Bedrock control plane, base64-encoded behind the `bedrock-api-key-` prefix. A token
is never printed, logged or written anywhere.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field

from bedrock_check.errors import ProbeError

TOKEN_PREFIX = "bedrock-api-key-"
TOKEN_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Token:
    """A bearer token and where it came from (the value never appears in repr or str)."""

    value: str = field(repr=False)
    source: str

    def __str__(self) -> str:
        return f"<token from {self.source}>"


def token_from_aws(region: str, profile: str | None = None) -> Token:
    """A 12-hour Bedrock API key signed with the AWS credential chain."""
    try:
        import boto3
        from botocore.auth import SigV4QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.exceptions import BotoCoreError, ProfileNotFound
    except ImportError as exc:  # pragma: no cover - boto3 is a dependency
        raise ProbeError(f"boto3 is needed to sign a token: {exc}") from None
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
    frozen = credentials.get_frozen_credentials()
    request = AWSRequest(
        method="POST",
        url="https://bedrock.amazonaws.com/",
        headers={"host": "bedrock.amazonaws.com"},
        params={"Action": "CallWithBearerToken"},
    )
    SigV4QueryAuth(frozen, "bedrock", region, expires=TOKEN_SECONDS).add_auth(request)
    presigned = request.url.removeprefix("https://") + "&Version=1"
    return Token(
        TOKEN_PREFIX + base64.b64encode(presigned.encode()).decode(), f"AWS credentials ({profile or 'default chain'})"
    )


def _checked(value: str, where: str) -> str:
    """A token goes into an HTTP header: printable ASCII with no spaces, or a clear error
    (never the value itself)."""
    if not all(33 <= ord(c) < 127 for c in value):
        raise ProbeError(f"{where}: the token holds spaces or characters outside printable ASCII; is it the right value?")
    return value


def resolve_token(region: str, *, token_file: str | None = None, profile: str | None = None) -> Token:
    """The bearer token to use, by the order in the module docstring."""
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
    return token_from_aws(region, profile)
