"""Run time: the guard that checks requests as an application sends them, the one adapter
to the OpenAI SDK's private internals it needs, and the pytest plugin built on it."""
