"""The Typer application and its sub-command groups; commands register themselves on import."""

from __future__ import annotations

import typer

from bedrock_check import __version__
from bedrock_check.cli.coerce import install as install_plain_values

#: Python type names typer prints for a parameter without a metavar, in click's words.
_TYPE_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "int range": "INTEGER", "float range": "NUMBER",
               "bool": "", "Path": "PATH"}  # fmt: skip


def _readable(label: str | None) -> str | None:
    """`<list[str]>` -> `TEXT`, `<text|json>` -> `text|json`, `<bool>` -> nothing."""
    if not label or not (label.startswith("<") and label.endswith(">")):
        return label
    inner = label[1:-1]
    if inner.startswith("list[") and inner.endswith("]"):
        inner = inner[5:-1]
    return _TYPE_WORDS.get(inner, inner)


def _readable_help() -> None:
    """`--help` shows a parameter's metavar (PATH, MODEL), a word for its type (TEXT,
    INTEGER) or its choices, and nothing for a flag; never a Python annotation
    (`<list[str]>`, `<bool>`), which recent typer prints for every argument, even one with
    a metavar. A typer without these hooks (older releases print click's metavars) is
    left as it is."""
    from typer import core

    for name in ("TyperArgument", "TyperOption"):
        cls = getattr(core, name, None)
        if cls is None or not hasattr(cls, "display_type_rich"):
            continue
        shown = cls.display_type_rich

        def display_type_rich(self, ctx, shown=shown, argument=name == "TyperArgument"):
            if argument and self.metavar is not None:
                return None  # the metavar is already the argument's name in the table
            return _readable(shown(self, ctx))

        cls.display_type_rich = display_type_rich


_readable_help()
install_plain_values()

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
