"""Probing the real Amazon Bedrock service: the prober (plan, send, classify answers),
credentials, model lists and their views. Imported only by the `probe` and `models`
commands, which need the `live` extra."""
