"""Running git on a repository we do not trust, without running anything it names.

A scanned tree may carry its own `.git` whose config names programs: `core.fsmonitor`
(run by `ls-files` and `diff`), clean/smudge/process filters and textconv drivers (run
when git reads work-tree files), external diff drivers, pagers. Every git call here:

- drops the caller's `GIT_*` variables (a `GIT_DIR` left by a hook would point git at
  another repository), reads no system config and a global config that holds only the
  user's `safe.directory` entries;
- switches off, on the command line (which wins over every config file), `core.fsmonitor`,
  `core.hooksPath`, `diff.external`, pagers, and every filter and diff driver the
  repository's config defines (found with `git config --get-regexp`, which runs nothing).

Nothing here trusts a path git prints: callers resolve it and keep it inside the tree.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import subprocess
import tempfile

#: Per-driver keys that name a program; each is overridden with an empty value.
_DRIVER_KEYS = ("filter.", "diff.", "merge.")
_PROGRAM_SUFFIXES = (".clean", ".smudge", ".process", ".textconv", ".command", ".driver")

#: Always on the command line, whatever the repository's config says.
_FIXED = (
    "core.fsmonitor=false", "core.hooksPath=/dev/null", "core.pager=cat", "core.askPass=",
    "core.sshCommand=", "diff.external=", "core.quotePath=true", "color.ui=false", "diff.noprefix=false",
    "diff.mnemonicPrefix=false", "diff.relative=false", "core.untrackedCache=false",
    "protocol.allow=never", "uploadpack.packObjectsHook=", "core.alternateRefsCommand=",
    "log.showSignature=false", "gpg.program=", "credential.helper=",
)  # fmt: skip


class GitError(Exception):
    """git could not be run, or it failed; the message is git's last line."""


@functools.lru_cache(maxsize=1)
def _global_config() -> str:
    """A private global config holding only the user's `safe.directory` entries, so
    repositories the user has vouched for stay readable (git refuses others)."""
    entries: list[str] = []
    for scope in ("--system", "--global"):
        try:
            proc = subprocess.run(
                ["git", "config", scope, "--null", "--get-all", "safe.directory"],
                capture_output=True, timeout=30, check=False, cwd="/", env=_base_env(with_global=False),
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            continue
        entries.extend(v for v in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if v)
    fd, path = tempfile.mkstemp(prefix="bedrock-check-gitconfig-")
    atexit.register(_remove, path)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
        for value in entries:
            if "\n" not in value:
                handle.write("[safe]\n\tdirectory = " + value.replace("\\", "\\\\").replace('"', '\\"') + "\n")
    return path


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _base_env(*, with_global: bool = True) -> dict[str, str]:
    # GIT_CEILING_DIRECTORIES only stops the search for a repository: the user's to keep.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k == "GIT_CEILING_DIRECTORIES"}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", PAGER="cat", GIT_OPTIONAL_LOCKS="0", GIT_ATTR_NOSYSTEM="1")
    if with_global:
        env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=_global_config())
    return env


def _overrides(cwd: str, env: dict[str, str]) -> list[str]:
    """`-c KEY=` for every program-naming driver key the repository's config defines."""
    args = [arg for item in _FIXED for arg in ("-c", item)]
    try:
        proc = subprocess.run(
            ["git", *args, "config", "--null", "--name-only", "--get-regexp", r"^(filter|diff|merge)\."],
            capture_output=True, timeout=30, check=False, cwd=cwd, env=env,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return args
    for name in proc.stdout.decode("utf-8", "surrogateescape").split("\0"):
        name = name.strip()
        if name.startswith(_DRIVER_KEYS) and name.endswith(_PROGRAM_SUFFIXES) and "\n" not in name:
            args += ["-c", f"{name}="]
    return args


def run_git(args: list[str], cwd: str, *, timeout: float = 120) -> bytes:
    """git's standard output for `git ARGS` run in `cwd`, with everything it could run
    switched off; GitError when git is missing, times out or fails."""
    env = _base_env()
    try:
        proc = subprocess.run(
            ["git", *_overrides(cwd, env), *args], capture_output=True, timeout=timeout, check=False, cwd=cwd,
            env=env, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if proc.returncode != 0:
        lines = [x for x in proc.stderr.decode("utf-8", "replace").strip().splitlines()
                 if x.strip() and not x.startswith(("usage:", "Use '--'"))]  # fmt: skip
        raise GitError(lines[0] if lines else f"git {args[0]} failed (exit {proc.returncode})")
    return proc.stdout


def unquote_path(name: str) -> str:
    """A path as git prints it in a patch header: C-quoted ("a\\tb", octal bytes) when it
    holds unusual characters, else as is."""
    if not (len(name) >= 2 and name[0] == '"' and name[-1] == '"'):
        return name
    out = bytearray()
    body = name[1:-1].encode("utf-8", "surrogateescape")
    simple = {ord("n"): 10, ord("t"): 9, ord("r"): 13, ord("a"): 7, ord("b"): 8, ord("f"): 12, ord("v"): 11}
    i = 0
    while i < len(body):
        c = body[i]
        if c != 0x5C or i + 1 >= len(body):
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if 0x30 <= nxt <= 0x37 and i + 3 < len(body) + 1:
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(simple.get(nxt, nxt))
            i += 2
    return out.decode("utf-8", "surrogateescape")
