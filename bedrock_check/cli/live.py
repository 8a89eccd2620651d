"""The commands that talk to the live service: probe and models."""

from __future__ import annotations

from typing import Optional

import typer

from bedrock_check.cli.app import app
from bedrock_check.cli.common import _color, _fail, _load
from bedrock_check.cli.options import MATRIX_OPT, MODEL_OPT, REGION_OPT, ProbeFormat
from bedrock_check.errors import BedrockCheckError


def _needs_live(command: str, *modules: str) -> None:
    """A one-line message naming the extra when the live dependencies are not installed."""
    import importlib

    missing = []
    for module in modules:
        try:
            importlib.import_module(module)  # these commands use it next anyway
        except ImportError:
            missing.append(module)
    if missing:
        _fail(f"`bedrock-check {command}` needs {' and '.join(missing)}: pip install 'bedrock-check[live]'")


@app.command()
def probe(
    region: Optional[str] = REGION_OPT,
    model: Optional[str] = MODEL_OPT,
    capability: Optional[list[str]] = typer.Option(
        None, "--capability", "-c", metavar="ID", help="Only this capability (repeatable)."
    ),
    endpoint: Optional[str] = typer.Option(
        None, "--endpoint", metavar="mantle|runtime|URL",
        help="mantle or runtime (default: mantle, https://bedrock-mantle.REGION.api.aws/openai/v1), or a base URL.",
    ),
    endpoint_url: Optional[str] = typer.Option(
        None, "--endpoint-url", metavar="URL",
        help="Send to this base URL instead (a proxy, a VPC endpoint); --endpoint says which endpoint it is.",
    ),
    matrix: Optional[list[str]] = MATRIX_OPT,
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE|latest", help="Compare with the matrix at this date: YYYY-MM-DD or `latest` (default: 2026-06-01)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the requests that would be sent; send nothing."),
    max_requests: Optional[int] = typer.Option(
        None, "--max-requests", min=1, metavar="N", help="Send at most this many requests, retries included."
    ),
    timeout: float = typer.Option(30.0, "--timeout", min=1, metavar="SECONDS", help="Seconds to wait for each answer."),
    retries: int = typer.Option(
        3, "--retries", min=0, max=10, metavar="N", help="Retries for throttling, server errors and timeouts."
    ),
    format: ProbeFormat = typer.Option(ProbeFormat.text, "--format", "-f", help="Output format."),
    write_overrides: Optional[str] = typer.Option(
        None, "--write-overrides", metavar="FILE", help="Write what was observed as a matrix override layer."
    ),
    token_file: Optional[str] = typer.Option(None, "--token-file", metavar="FILE", help="Read the bearer token from this file."),
    profile: Optional[str] = typer.Option(None, "--profile", metavar="NAME", help="AWS profile whose credentials sign the requests (SigV4)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each request to stderr (credentials redacted)."),
) -> None:
    """Check the matrix against the live service: send each capability's minimal request."""
    import json

    try:
        from bedrock_check.live.credentials import endpoint_of
        from bedrock_check.live.plans import plan_probes
        from bedrock_check.live.prober import Prober, check_endpoint, default_endpoint
        from bedrock_check.matrix import resolve_target
        from bedrock_check.redact import redact

        mx = _load(matrix)
        named = endpoint if endpoint in ("mantle", "runtime") else None
        url = endpoint_url or (endpoint if endpoint and named is None else None)
        if url is not None and named is None:
            named = endpoint_of(url)[0]  # a bedrock-runtime host is the runtime endpoint
        target = resolve_target(mx, model, region, named, as_of)
        base = url or default_endpoint(target.region, target.endpoint)
        check_endpoint(base)
        plans = plan_probes(mx, target, base, capability)
        plans_note = f" (at most {max_requests} requests)" if max_requests is not None else ""
        if dry_run:
            if format.value == "json":
                typer.echo(json.dumps([{"capability": p.capability, "url": redact(p.url), "transport": p.transport,
                                        "expect": p.expect, "body": p.body} for p in plans], indent=2))  # fmt: skip
            else:
                for p in plans:
                    typer.echo(
                        f"{p.capability}: {'WebSocket' if p.transport == 'websocket' else 'POST'} {redact(p.url)}  expect {p.expect}"
                    )
                    typer.echo(f"  {json.dumps(p.body)}")
                typer.echo(f"{len(plans)} requests would be sent{plans_note}; nothing was sent")
            raise typer.Exit(0)
        _needs_live("probe", *(("httpx",) if token_file else ("httpx", "boto3")))
        from bedrock_check.live.credentials import resolve_auth

        # A bearer token when one is given; else SigV4 with the AWS chain, for this endpoint's service.
        auth = resolve_auth(base, target.region, endpoint=target.endpoint, token_file=token_file, profile=profile)
        log = (lambda line: typer.echo(line, err=True)) if verbose else None
        prober = Prober(auth, timeout=timeout, retries=retries, max_requests=max_requests, log=log)
        run = prober.run(plans, target, base)
        if write_overrides:
            import yaml

            from bedrock_check.live.plans import overrides_layer
            from bedrock_check.output import write_atomic

            write_atomic(write_overrides, yaml.safe_dump(overrides_layer(run), sort_keys=False))
    except BedrockCheckError as exc:
        _fail(str(exc))
    from bedrock_check.live.views import render_probe

    typer.echo(render_probe(run, format.value, color=_color()), nl=False)
    if write_overrides:
        typer.echo(f"override layer written to {write_overrides}; use it with --matrix {write_overrides}", err=True)
    raise typer.Exit(1 if run.disagreements else 0)


@app.command()
def models(
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", metavar="URL", help="Responses endpoint base URL to list models from."),
    profile: Optional[str] = typer.Option(None, "--profile", metavar="NAME", help="AWS profile."),
    token_file: Optional[str] = typer.Option(None, "--token-file", metavar="FILE", help="Bearer token for the endpoint's model list."),
    no_endpoint: bool = typer.Option(False, "--no-endpoint", help="Only ask the control plane."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE|latest", help="The matrix's models at this date: YYYY-MM-DD or `latest` (default: latest)."
    ),
    format: ProbeFormat = typer.Option(ProbeFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the OpenAI models Bedrock offers in a Region, side by side with the matrix at a date."""
    import json

    try:
        from bedrock_check.live.models import bedrock_client, control_plane_models, endpoint_models, model_rows
        from bedrock_check.live.prober import default_endpoint
        from bedrock_check.matrix import resolve_target

        _needs_live("models", "boto3", *(() if no_endpoint else ("httpx",)))
        mx = _load(matrix)
        target = resolve_target(mx, None, region, None, as_of or "latest")
        control = control_plane_models(bedrock_client(target.region, profile), target.region)
        listed = None
        if not no_endpoint:
            from bedrock_check.live.credentials import resolve_auth

            url = endpoint or default_endpoint(target.region)
            listed = endpoint_models(url, resolve_auth(url, target.region, token_file=token_file, profile=profile))
        rows = model_rows(mx, target.region, control, listed, target.as_of)
    except BedrockCheckError as exc:
        _fail(str(exc))
    if format.value == "json":
        typer.echo(json.dumps({"region": target.region, "as_of": str(target.as_of), "models": [r.to_dict() for r in rows]},
                              indent=2))
        return
    mark = {True: "yes", False: "no", None: "-"}
    typer.echo(f"OpenAI models on Bedrock in {target.region} (matrix as of {target.as_of})")
    typer.echo(f"{'model':32} {'matrix':22} {'control plane':14} {'access':14} endpoint")
    for r in rows:
        in_matrix = ", ".join(r.matrix_regions) if r.in_matrix else "not in matrix"
        typer.echo(f"{r.id:32} {in_matrix:22} {mark[r.control_plane]:14} {r.access or '-':14} {mark[r.endpoint]}")
