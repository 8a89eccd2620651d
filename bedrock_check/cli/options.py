"""The command line's shared option declarations and the choices they take (output
formats, colour, the failing severity): one declaration per option, used by every command
that takes it."""

from __future__ import annotations

from enum import Enum

import typer


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"
    markdown = "markdown"
    html = "html"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class MatrixFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    yaml = "yaml"


class ProbeFormat(str, Enum):
    text = "text"
    json = "json"


MODEL_OPT = typer.Option(
    None,
    "--model",
    "-m",
    metavar="MODEL",
    help="Bedrock model id of the target (default: config, then the matrix).",
    rich_help_panel="Target",
)


REGION_OPT = typer.Option(
    None,
    "--region",
    "-r",
    metavar="REGION",
    help="AWS Region of the target (default: config, then the matrix).",
    rich_help_panel="Target",
)


ENDPOINT_OPT = typer.Option(
    None,
    "--endpoint",
    "-e",
    metavar="mantle|runtime",
    help="Bedrock endpoint of the target (default: what the code's client says, else mantle).",
    rich_help_panel="Target",
)


AS_OF_OPT = typer.Option(
    None,
    "--as-of",
    metavar="DATE|latest",
    help="Date every verdict is true on: YYYY-MM-DD or `latest` (default: 2026-06-01, the baseline).",
    rich_help_panel="Target",
)


MATRIX_OPT = typer.Option(
    None,
    "--matrix",
    metavar="FILE",
    help="Override layer over the shipped matrix (repeatable, in order).",
    rich_help_panel="Target",
)


FORMAT_OPT = typer.Option(
    None, "--format", "-f", metavar="FORMAT", help="Output format (default: text).", rich_help_panel="Output"
)


FAIL_ON_OPT = typer.Option(
    None,
    "--fail-on",
    metavar="error|warning|never",
    help="Lowest severity that makes the exit code 1 (default: error).",
    rich_help_panel="CI gating",
)


OUTPUT_OPT = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    help="Write the report to this file (atomically) instead of stdout.",
    rich_help_panel="Output",
)


ALSO_OPT = typer.Option(
    None,
    "--also",
    metavar="FORMAT=FILE",
    help="Also write FORMAT=PATH, e.g. --also sarif=results.sarif (repeatable).",
    rich_help_panel="Output",
)


EXIT_ZERO_OPT = typer.Option(
    False, "--exit-zero", metavar="", help="Exit 0 whatever is found (report-only runs).", rich_help_panel="CI gating"
)


BASELINE_OPT = typer.Option(
    None,
    "--baseline",
    metavar="FILE",
    help="Known findings: only new ones count toward the exit code.",
    rich_help_panel="CI gating",
)


CHANGED_OPT = typer.Option(
    None,
    "--changed-since",
    metavar="REV",
    help="Only findings on lines changed since this git revision.",
    rich_help_panel="CI gating",
)


CONFIG_OPT = typer.Option(
    None,
    "--config",
    metavar="FILE",
    help="Config file (default: .bedrock-check.yaml or pyproject.toml).",
    rich_help_panel="Configuration",
)


NO_CONFIG_OPT = typer.Option(False, "--no-config", metavar="", help="Ignore configuration files.", rich_help_panel="Configuration")


INCLUDE_OPT = typer.Option(
    None, "--include", metavar="GLOB", help="Only files matching this glob (repeatable).", rich_help_panel="Files"
)


EXCLUDE_OPT = typer.Option(
    None, "--exclude", metavar="GLOB", help="Skip files matching this glob (repeatable).", rich_help_panel="Files"
)


MAX_SIZE_OPT = typer.Option(
    None,
    "--max-file-size",
    metavar="BYTES",
    help="Skip files larger than this many bytes (default 4 MiB).",
    rich_help_panel="Files",
)


JOBS_OPT = typer.Option(
    None, "--jobs", "-j", metavar="N", help="Worker processes (default: CPU count).", rich_help_panel="Files"
)


STATS_OPT = typer.Option(
    False, "--stats", metavar="", help="Print files seen, read, parsed and time to stderr.", rich_help_panel="Output"
)


FORCE_EXCLUDE_OPT = typer.Option(
    False,
    "--force-exclude", metavar="",
    help="Apply --exclude and config excludes to files named on the command line too.",
    rich_help_panel="Files",
)


COLOR_OPT = typer.Option(
    ColorChoice.auto,
    "--color",
    metavar="auto|always|never",
    help="Colour the text output: auto (a terminal, unless NO_COLOR), always, never.",
    rich_help_panel="Output",
)


QUIET_OPT = typer.Option(0, "--quiet", "-q", count=True, metavar="", show_default=False, help="Print only the summary line.", rich_help_panel="Output")


VERBOSE_OPT = typer.Option(
    0, "--verbose", "-v", count=True, metavar="", show_default=False, help="Also print suppressed findings and sources.", rich_help_panel="Output"
)


COMPONENT_OPT = typer.Option(
    None, "--component", metavar="NAME=GLOB",
    help="Group matching files under NAME in HTML and Markdown reports, e.g. --component tests=qa/** (repeatable).",
    rich_help_panel="Output",
)


SHOW_SUPPRESSED_OPT = typer.Option(
    False,
    "--include-suppressed", metavar="",
    help="Keep suppressed and baselined findings in SARIF (marked as suppressed).",
    rich_help_panel="Output",
)
