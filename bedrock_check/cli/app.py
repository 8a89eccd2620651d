"""The Typer application and its sub-command groups; commands register themselves on import."""

from __future__ import annotations

import typer

from bedrock_check import __version__

app = typer.Typer(
    name="bedrock-check",
    help="Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
matrix_app = typer.Typer(help="Show, validate, compare and export the capability matrix.", no_args_is_help=True)
baseline_app = typer.Typer(help="Accept today's findings so CI fails only on new ones.", no_args_is_help=True)
config_app = typer.Typer(help="The configuration file.", no_args_is_help=True)
app.add_typer(matrix_app, name="matrix")
app.add_typer(baseline_app, name="baseline")
app.add_typer(config_app, name="config")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bedrock-check {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."),
    debug: bool = typer.Option(
        False, "--debug", help="Show on stderr the traceback of any failure reported as a diagnostic."
    ),
) -> None:
    """Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock."""
    if debug:
        from bedrock_check.debug import debug_logging

        debug_logging()
