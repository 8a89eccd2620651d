"""`models`: which OpenAI models Bedrock offers in a Region, next to what the matrix says.

Asks the Bedrock control plane (boto3 `list_foundation_models`, model access where
the API tells it, and `list_inference_profiles` for the cross-Region profiles the
runtime endpoint takes) and the Responses endpoint itself (`GET …/models`). boto3 and
httpx are imported here, lazily.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import field
from typing import Any

from bedrock_check.errors import ProbeError
from bedrock_check.httpcap import MAX_ANSWER, Deadline, TooLarge, exchange
from bedrock_check.live.credentials import Auth, Token
from bedrock_check.matrix import Matrix, offers_at
from bedrock_check.quickclass import dataclass
from bedrock_check.redact import cut, redact


@dataclass
class ModelRow:
    """One model id and what each source says about it in the Region."""

    id: str
    in_matrix: bool = False
    matrix_regions: list[str] = field(default_factory=list)
    control_plane: bool | None = None
    access: str | None = None
    endpoint: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "id": self.id, "in_matrix": self.in_matrix, "matrix_regions": self.matrix_regions,
            "listed_by_control_plane": self.control_plane, "access": self.access, "listed_by_endpoint": self.endpoint,
        }  # fmt: skip


def bedrock_client(region: str, profile: str | None = None, endpoint_url: str | None = None) -> Any:
    """A boto3 `bedrock` control-plane client; a clear error for an unknown Region."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
    except ProfileNotFound:
        raise ProbeError(f"AWS profile {profile or os.environ.get('AWS_PROFILE') or 'default'!r} not found") from None
    known = set(session.get_available_regions("bedrock")) | set(session.get_available_regions("ec2"))
    if endpoint_url is None and known and region not in known:
        raise ProbeError(f"unknown AWS Region {region!r} (or one where Bedrock is not offered); e.g. us-east-2")
    return session.client("bedrock", region_name=region, endpoint_url=endpoint_url)


def control_plane_models(client: Any, region: str) -> dict[str, str | None]:
    """OpenAI model ids the control plane lists in the Region -> access status (None: unknown)."""
    from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

    try:
        summaries = client.list_foundation_models(byProvider="OpenAI").get("modelSummaries", [])
    except NoCredentialsError:
        raise ProbeError(
            "no AWS credentials: configure them (aws login, AWS_PROFILE or --profile, or access keys)"
        ) from None
    except EndpointConnectionError:
        raise ProbeError(f"cannot reach the Bedrock control plane in {region}; is the Region right?") from None
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("AccessDeniedException", "UnauthorizedOperation"):
            raise ProbeError("access denied: the identity needs bedrock:ListFoundationModels in this Region") from None
        if code in ("UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"):
            raise ProbeError(f"AWS rejected the credentials ({code}); refresh them and try again") from None
        raise ProbeError(
            f"Bedrock control plane error: {code}: {exc.response.get('Error', {}).get('Message', '')}"
        ) from None
    except BotoCoreError as exc:
        raise ProbeError(f"Bedrock control plane error: {exc}") from None
    models: dict[str, str | None] = {}
    for summary in summaries:
        model_id = summary.get("modelId")
        if not model_id:
            continue
        models[model_id] = None
        if hasattr(client, "get_foundation_model_availability"):
            try:
                avail = client.get_foundation_model_availability(modelId=model_id)
                models[model_id] = str(
                    avail.get("authorizationStatus") or avail.get("agreementAvailability", {}).get("status") or ""
                )
            except ClientError:
                models[model_id] = None
    models.update(_inference_profiles(client))
    return models


#: At most this many pages of inference profiles are read (a page holds up to 1,000).
_MAX_PAGES = 20


def _inference_profiles(client: Any) -> dict[str, str | None]:
    """OpenAI cross-Region inference profiles (`us.openai.gpt-5.6-sol`): the runtime endpoint
    takes only these for the newer models, and the control plane lists them apart from the
    foundation models. Nothing when the identity may not list them or the API is older."""
    from botocore.exceptions import BotoCoreError, ClientError

    if not hasattr(client, "list_inference_profiles"):
        return {}
    found: dict[str, str | None] = {}
    token: str | None = None
    try:
        for _ in range(_MAX_PAGES):
            page = client.list_inference_profiles(typeEquals="SYSTEM_DEFINED", **({"nextToken": token} if token else {}))
            for summary in page.get("inferenceProfileSummaries", []):
                profile = str(summary.get("inferenceProfileId") or "")
                if profile.partition(".")[2].startswith("openai."):
                    found[profile] = str(summary.get("status") or "") or None
            token = page.get("nextToken")
            if not token:
                break
    except (ClientError, BotoCoreError):
        return found  # listing profiles needs bedrock:ListInferenceProfiles: the foundation models still stand
    return found


def endpoint_models(endpoint: str, auth: Auth | str, client: Any = None) -> list[str]:
    """Model ids the Responses endpoint lists (`GET {endpoint}/models`); `auth` is a bearer
    token or SigV4 signing (`live.credentials`)."""
    import httpx

    from bedrock_check.live.prober import check_endpoint

    check_endpoint(endpoint)
    auth = Token(auth, "the caller") if isinstance(auth, str) else auth
    secrets = auth.secrets
    shown = redact(endpoint, *secrets)
    http = client or httpx.Client(timeout=30)
    url = f"{endpoint.rstrip('/')}/models"
    try:
        answer = exchange(http, "GET", url, deadline=60, headers=auth.headers("GET", url))
    except Deadline:
        raise ProbeError(f"{shown}: no complete model list within 60 s") from None
    except TooLarge:
        raise ProbeError(f"{shown}: the model list is over {MAX_ANSWER:,} bytes; not read") from None
    except (httpx.HTTPError, UnicodeError, ValueError) as exc:
        raise ProbeError(cut(f"cannot reach {shown}: {exc}", 300, *secrets)) from None
    if answer.status in (401, 403):
        raise ProbeError(f"the endpoint refused the credentials (HTTP {answer.status}) when listing models")
    if answer.status >= 400:
        raise ProbeError(f"listing models failed with HTTP {answer.status}")
    try:
        data = json.loads(answer.body)
    except (ValueError, RecursionError):
        raise ProbeError("the endpoint's model list is not JSON") from None
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ProbeError("the endpoint's model list has no `data` list")
    return sorted(cut(str(m["id"]), 200, *secrets) for m in items if isinstance(m, dict) and m.get("id"))


def model_rows(
    matrix: Matrix, region: str, control: dict[str, str | None] | None, listed: list[str] | None,
    at: dt.date | None = None,
) -> list[ModelRow]:
    """Every model any source mentions, OpenAI models of the matrix first. The matrix's side is
    every Bedrock id it has at `at` (default: its latest date) on either endpoint: the in-Region
    ids Mantle lists, the runtime ids the control plane lists (`openai.gpt-oss-20b-1:0`)."""
    at = at or matrix.latest_date
    rows: dict[str, ModelRow] = {}
    for m in matrix.models:
        for endpoint in ("mantle", "runtime"):
            for offer in offers_at(m, endpoint, at):
                for model_id in offer.ids or [m.id]:
                    row = rows.setdefault(model_id, ModelRow(model_id, in_matrix=True))
                    row.matrix_regions = sorted({*row.matrix_regions, *offer.regions})
    for model_id in control or {}:
        rows.setdefault(model_id, ModelRow(model_id))
    for model_id in listed or []:
        rows.setdefault(model_id, ModelRow(model_id))
    for row in rows.values():
        if control is not None:
            row.control_plane = row.id in control
            row.access = control.get(row.id)
        if listed is not None:
            row.endpoint = row.id in listed
    return sorted(rows.values(), key=lambda r: (not r.in_matrix, r.id))
