"""Export every repository of the real-code evaluation set at its pinned commit.

usage: python bench/realcode/materialise.py DIR [--repo owner/name ...] [--force]

Reads ``repos.yaml`` next to this script and writes each repository's whole
tree (``git archive`` of the pinned commit) into ``DIR/owner+name/``, taken
from local bare mirrors: ``$MIRRORS/owner+name/repo`` (env ``MIRRORS``;
default the nearest ``.mirror`` folder above this script). The mirrors are
snapshots that lack blobs of 4 MiB and more (and LFS content); those paths are
left out of the export, as ``/work/shared/bench/make_corpus.sh`` does, and
counted in the output. Every mirror and commit is checked before anything is
written; a missing one stops the run with a message that names it.

A repository already exported at the same commit (``DIR/owner+name.commit``
records it) is kept unless ``--force`` is given. Only the standard library and
pyyaml are used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPOS_FILE = HERE / "repos.yaml"


class MaterialiseError(Exception):
    """A problem that stops the export; its text is the one-line message shown."""


def find_mirrors() -> Path | None:
    """Return the nearest ``.mirror`` folder above this script, or None."""
    for d in [HERE, *HERE.parents]:
        if (d / ".mirror").is_dir():
            return d / ".mirror"
    return None


def load_repos(path: Path = REPOS_FILE) -> list[dict]:
    """Read and check ``repos.yaml``: a list of {repo, commit, why} entries."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MaterialiseError(f"{path}: cannot read: {exc}".splitlines()[0]) from exc
    repos = data.get("repos") if isinstance(data, dict) else None
    if not isinstance(repos, list):
        raise MaterialiseError(f"{path}: expected a mapping with a 'repos' list")
    seen: set[str] = set()
    for i, entry in enumerate(repos):
        where = f"{path}: repos[{i}]"
        if not isinstance(entry, dict):
            raise MaterialiseError(f"{where}: expected a mapping")
        repo, commit = entry.get("repo"), entry.get("commit")
        if not isinstance(repo, str) or repo.count("/") != 1:
            raise MaterialiseError(f"{where}: 'repo' must be owner/name")
        if not isinstance(commit, str) or len(commit) != 40 or any(c not in "0123456789abcdef" for c in commit):
            raise MaterialiseError(f"{where} ({repo}): 'commit' must be 40 lower-case hex digits")
        if repo in seen:
            raise MaterialiseError(f"{where}: {repo} is listed twice")
        seen.add(repo)
    return repos


def git(gd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run one git command against the bare git dir ``gd`` and capture its output."""
    return subprocess.run(["git", f"--git-dir={gd}", *args], input=data, capture_output=True, check=False)


def check_mirror(mirrors: Path, repo: str, commit: str) -> Path:
    """Return the mirror's git dir after checking it holds ``commit``."""
    gd = mirrors / repo.replace("/", "+") / "repo"
    if not gd.is_dir():
        raise MaterialiseError(f"mirror for {repo} is missing (expected {gd}); fetch github:{repo} first")
    if git(gd, "cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        head = git(gd, "rev-parse", "HEAD").stdout.decode().strip() or "?"
        raise MaterialiseError(f"mirror for {repo} lacks pinned commit {commit} (mirror HEAD is {head})")
    return gd


def absent_blobs(gd: Path, commit: str) -> list[str]:
    """Paths of blobs in ``commit`` whose content the mirror snapshot does not hold."""
    tree = git(gd, "ls-tree", "-r", "-z", "--format=%(objecttype) %(objectname) %(path)", commit)
    if tree.returncode != 0:
        raise MaterialiseError(f"cannot list {commit} in {gd}: {tree.stderr.decode().strip()}")
    blobs = [e.split(b" ", 2) for e in tree.stdout.split(b"\0") if e.startswith(b"blob ")]
    check = git(gd, "cat-file", "--batch-check=%(objectname)", data=b"".join(b[1] + b"\n" for b in blobs))
    return [
        path.decode("utf-8", "surrogateescape")
        for (_, _, path), line in zip(blobs, check.stdout.splitlines(), strict=True)
        if line.endswith(b" missing")
    ]


def export(gd: Path, repo: str, commit: str, dest: Path) -> tuple[int, int]:
    """Write the tree of ``commit`` into ``dest``; return (files written, absent blobs left out)."""
    missing = absent_blobs(gd, commit)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    # A throw-away git dir borrows the mirror's objects (alternates) so the mirror
    # is never written to, and its info/attributes turns off export-ignore and
    # export-subst so files come out exactly as committed.
    with tempfile.TemporaryDirectory() as tmp:
        tmpgit = Path(tmp) / "git"
        subprocess.run(["git", "init", "-q", "--bare", str(tmpgit)], check=True)
        (tmpgit / "objects" / "info" / "alternates").write_text(f"{gd / 'objects'}\n")
        (tmpgit / "info").mkdir(exist_ok=True)
        (tmpgit / "info" / "attributes").write_text("* -export-ignore -export-subst\n")
        excludes = [f":(exclude,literal){p}" for p in missing]
        archive = subprocess.Popen(
            ["git", f"--git-dir={tmpgit}", "archive", "--format=tar", commit, "--", ".", *excludes],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        untar = subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, capture_output=True, check=False)
        assert archive.stdout is not None
        archive.stdout.close()
        err = archive.stderr.read().decode(errors="replace") if archive.stderr else ""
        if archive.wait() != 0 or untar.returncode != 0:
            detail = (err or untar.stderr.decode(errors="replace")).strip().splitlines()
            raise MaterialiseError(f"export of {repo} at {commit} failed: {detail[-1] if detail else 'unknown error'}")
    files = sum(len(fs) for _, _, fs in os.walk(dest))
    return files, len(missing)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="folder to export into (created if missing)")
    ap.add_argument("--repo", action="append", default=[], help="only this owner/name (repeatable)")
    ap.add_argument("--force", action="store_true", help="re-export repositories already exported")
    args = ap.parse_args(argv)
    env = os.environ.get("MIRRORS")
    mirrors = Path(env) if env else find_mirrors()
    try:
        if mirrors is None or not mirrors.is_dir():
            raise MaterialiseError(f"mirror directory {mirrors} does not exist; set MIRRORS")
        repos = load_repos()
        unknown = set(args.repo) - {r["repo"] for r in repos}
        if unknown:
            raise MaterialiseError(f"not in {REPOS_FILE.name}: {', '.join(sorted(unknown))}")
        chosen = [r for r in repos if not args.repo or r["repo"] in args.repo]
        # check every mirror and commit before touching the output folder
        gds = {r["repo"]: check_mirror(mirrors, r["repo"], r["commit"]) for r in chosen}
        out = Path(args.dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        for r in chosen:
            name = r["repo"].replace("/", "+")
            dest, stamp = out / name, out / f"{name}.commit"
            if not args.force and dest.is_dir() and stamp.is_file() and stamp.read_text().strip() == r["commit"]:
                print(f"{r['repo']:45} {r['commit'][:12]}  already exported")
                continue
            stamp.unlink(missing_ok=True)
            files, missing = export(gds[r["repo"]], r["repo"], r["commit"], dest)
            stamp.write_text(r["commit"] + "\n")
            print(f"{r['repo']:45} {r['commit'][:12]}  {files} files, {missing} absent blobs left out")
    except MaterialiseError as exc:
        print(f"materialise: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
