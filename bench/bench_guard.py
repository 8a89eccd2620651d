"""Benchmark: the cost the guard adds to a request that has no findings.

Not a test. Run: python bench/bench_guard.py [--requests N]
Sends N clean `responses.create` calls through a real `openai.OpenAI` client whose
HTTP transport answers in memory (no network, so the SDK's own work dominates),
once unguarded and once guarded, alternating rounds, and reports the median cost
per request of each and the difference.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import httpx2
import openai

from bedrock_check import guard

BODY = json.dumps(
    {"id": "resp_1", "object": "response", "output": [], "usage": {"input_tokens": 1, "output_tokens": 1}}
).encode()


def _client() -> openai.OpenAI:
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(200, content=BODY, headers={"content-type": "application/json"})
    )
    return openai.OpenAI(api_key="sk-bench", base_url="https://bench.invalid/v1", max_retries=0,
                         http_client=httpx2.Client(transport=transport))  # fmt: skip


def per_request(client: openai.OpenAI, n: int) -> float:
    tools = [{"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}}]
    start = time.perf_counter()
    for _ in range(n):
        client.responses.create(model="openai.gpt-5.5", input="hello", tools=tools, reasoning={"effort": "low"})
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    plain, guarded = _client(), guard(_client())
    per_request(plain, 200), per_request(guarded, 200)  # warm up
    a, b = [], []
    for _ in range(args.rounds):
        a.append(per_request(plain, args.requests))
        b.append(per_request(guarded, args.requests))
    pa, pb = statistics.median(a) * 1e6, statistics.median(b) * 1e6
    print(f"unguarded: {pa:.0f} us/request; guarded: {pb:.0f} us/request; the guard adds {pb - pa:.0f} us "
          f"({(pb - pa) / pa:.1%}) to a request with no findings ({args.rounds} rounds of {args.requests})")  # fmt: skip


if __name__ == "__main__":
    main()
