"""`bedrock-check fix`: make the mechanical migration edits, list the rest.

The scan's findings say what to change; `plan` turns the fixable ones into exact
edits (a model id to its Bedrock id, a service tier Bedrock does not take removed, an
OpenAI client construction to the Bedrock client), `apply` writes them safely.
Hosted tools, audio input, WebSockets and everything else are left as they are and
listed with their remediation.
"""

from __future__ import annotations

from bedrock_check.fix.apply import Applied, apply_plan
from bedrock_check.fix.plan import FixPlan, plan_fixes, read_source

__all__ = ["Applied", "FixPlan", "apply_plan", "plan_fixes", "read_source"]
