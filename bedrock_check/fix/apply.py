"""Writing a fix plan: only files that are unchanged since the plan read them, only files
without uncommitted changes (unless allowed), each replaced atomically."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from bedrock_check.fix.plan import FixPlan, digest, read_source
from bedrock_check.output import write_atomic
from bedrock_check.quickclass import dataclass


@dataclass(slots=True)
class Applied:
    """What `apply_plan` did: files written, and files left alone with the reason."""

    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def uncommitted(path: str) -> bool | None:
    """Whether git reports uncommitted changes to `path` (None outside a git work tree)."""
    # `git status` reads work-tree files through the repository's clean filters and
    # fsmonitor: gitsafe switches off everything the repository's config names.
    from bedrock_check.gitsafe import GitError, run_git

    folder = str(Path(path).resolve().parent)
    try:
        out = run_git(["status", "--porcelain", "--", str(Path(path).resolve())], folder, timeout=30)
    except GitError:
        return None
    return bool(out.strip())


def apply_plan(plan: FixPlan, *, allow_dirty: bool = False) -> Applied:
    """Write every file whose edits all applied, if it still has the planned-from content."""
    result = Applied()
    for file in plan.files:
        if file.error is not None or file.after is None or file.after == file.before:
            if file.error is not None:
                result.skipped.append((file.path, file.error))
            continue
        if not allow_dirty and uncommitted(file.path):
            result.skipped.append((file.path, "has uncommitted changes (commit them, or pass --allow-dirty)"))
            continue
        try:
            current = read_source(file.path)
        except (OSError, UnicodeDecodeError) as exc:
            result.skipped.append((file.path, f"cannot read: {exc}"))
            continue
        if digest(current) != file.digest:
            result.skipped.append((file.path, "changed since it was read; run fix again"))
            continue
        write_atomic(file.path, file.after)
        result.written.append(file.path)
    return result
