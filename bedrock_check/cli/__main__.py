"""`python -m bedrock_check.cli` runs the command line."""

from bedrock_check.cli import run

run()
