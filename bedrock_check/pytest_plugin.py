"""The pytest plugin's entry-point name (`-p bedrock_check.pytest_plugin`, and the
`pytest11` entry point installed environments already know); the plugin itself lives in
`bedrock_check.runtime.pytest_plugin`, beside the guard it shares its hooks with."""

from bedrock_check.runtime.pytest_plugin import bedrock_check_findings, pytest_addoption, pytest_runtest_call

__all__ = ["bedrock_check_findings", "pytest_addoption", "pytest_runtest_call"]
