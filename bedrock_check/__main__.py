"""`python -m bedrock_check` runs the command line."""

from bedrock_check.cli import run

run()
