"""One HTTP exchange with hard bounds, for the probe and the model listing: the answer
is read up to a byte cap, and the whole exchange (connect, headers, body) must finish
within a wall-clock deadline. httpx's own timeouts are per read, so a server that drips
one byte a second would otherwise hold a run forever; the exchange runs in a daemon
thread and is abandoned (its connection closed) when the deadline passes."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from bedrock_check.quickclass import dataclass

#: No probe or model-list answer we read is anywhere near this large.
MAX_ANSWER = 1 << 20


class Deadline(Exception):
    """The exchange did not finish in time."""


class TooLarge(Exception):
    """The answer was over the byte cap."""


@dataclass(frozen=True)
class Answer:
    """What came back: status, headers we use, and the body (cut at the cap)."""

    status: int
    body: bytes
    retry_after: str | None


def exchange(
    client: Any, method: str, url: str, *, deadline: float, cap: int = MAX_ANSWER, first_chunk: bool = False,
    **kwargs: Any,
) -> Answer:
    """Send one request and read its answer within `deadline` seconds and `cap` bytes.
    `first_chunk` stops after the first bytes of a successful answer (a stream's first
    event is enough). Raises Deadline, TooLarge, or whatever httpx raised."""
    box: dict[str, Any] = {}
    holder: dict[str, Any] = {}

    def work() -> None:
        try:
            with client.stream(method, url, **kwargs) as response:
                holder["response"] = response
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > cap:
                        raise TooLarge(f"answer over {cap:,} bytes")
                    if first_chunk and response.status_code < 400:
                        break
                box["answer"] = Answer(response.status_code, b"".join(chunks), response.headers.get("retry-after"))
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True, name="bedrock-check-http")
    thread.start()
    thread.join(deadline)
    if thread.is_alive():
        response = holder.get("response")
        if response is not None:
            with contextlib.suppress(Exception):  # closing a stream another thread reads may fail: abandoned anyway
                response.close()
        raise Deadline(f"no complete answer within {deadline:g} s")
    if "error" in box:
        raise box["error"]
    return box["answer"]
