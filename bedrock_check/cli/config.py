"""The config commands."""

from __future__ import annotations

import typer

from bedrock_check.cli.app import config_app


@config_app.command("schema")
def config_schema_cmd() -> None:
    """Print the JSON Schema of the configuration."""
    import json

    from bedrock_check.config import config_schema

    typer.echo(json.dumps(config_schema(), indent=2))
