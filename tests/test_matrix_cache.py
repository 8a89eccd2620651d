"""The matrix cache: plain JSON rebuilt into records, keyed by content; a hostile entry runs nothing."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bedrock_check.matrix import Matrix, load_matrix
from bedrock_check.matrix import cache as matrix_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BEDROCK_CHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("BEDROCK_CHECK_NO_CACHE", raising=False)
    return folder


def _run_child(code: str, cache: Path) -> str:
    env = {**os.environ, "BEDROCK_CHECK_CACHE_DIR": str(cache)}
    env.pop("BEDROCK_CHECK_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


CHILD = (
    "import sys; from bedrock_check.matrix import load_matrix; m = load_matrix(); "
    "print(len(m.capabilities), 'bedrock_check.matrix.schema' in sys.modules, 'pickle' in sys.modules)"
)


def test_cache_skips_validation_on_the_second_run(tmp_path: Path) -> None:
    first = _run_child(CHILD, tmp_path).split()
    second = _run_child(CHILD, tmp_path).split()
    assert first[1:] == ["True", "False"]  # validated with pydantic, no pickle anywhere
    assert second[1:] == ["False", "False"]  # read from the cache without pydantic
    assert first[0] == second[0]
    (entry,) = tmp_path.glob("matrix-*.json")
    assert json.loads(entry.read_text())["capabilities"]  # plain data a person can read


class _WritesMarker:
    """A pickle that, if anything ever unpickled it, would create `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, str]]:
        return (os.system, (f"touch {self.marker}", ""))


def _plant_pickle(entry: Path, marker: Path) -> None:
    entry.write_bytes(pickle.dumps(_WritesMarker(marker)))


def _plant_json_with_class_hints(entry: Path, marker: Path) -> None:
    # The shapes other JSON libraries (jsonpickle, yaml tags) turn into objects and calls.
    entry.write_text(
        json.dumps(
            {
                "py/reduce": [{"py/function": "os.system"}, [f"touch {marker}"]],
                "__class__": "os.system",
                "!!python/object/apply:os.system": [f"touch {marker}"],
            }
        )
    )


def _plant_tampered_record(entry: Path, marker: Path) -> None:
    data = json.loads(entry.read_text())
    data["capabilities"][0]["bedrock"] = f"$(touch {marker})"  # not a status
    entry.write_text(json.dumps(data))


def _plant_unknown_field(entry: Path, marker: Path) -> None:
    data = json.loads(entry.read_text())
    data["capabilities"][0]["__reduce__"] = ["os.system", f"touch {marker}"]
    entry.write_text(json.dumps(data))


def _plant_deep_nesting(entry: Path, marker: Path) -> None:
    entry.write_text("[" * 200_000 + "]" * 200_000)


def _plant_endless_link(entry: Path, marker: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _plant_fifo(entry: Path, marker: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)  # opening it for reading would block forever


@pytest.mark.parametrize(
    "plant",
    [
        _plant_pickle,
        _plant_json_with_class_hints,
        _plant_tampered_record,
        _plant_unknown_field,
        _plant_deep_nesting,
        _plant_endless_link,
        _plant_fifo,
    ],
    ids=lambda f: f.__name__.removeprefix("_plant_"),
)
def test_hostile_cache_entry_is_ignored_runs_nothing_writes_nothing(
    cache: Path, tmp_path: Path, plant: Callable[[Path, Path], None]
) -> None:
    expected = load_matrix(cache=False)
    assert load_matrix() == expected  # writes the entry
    (entry,) = cache.glob("matrix-*.json")
    marker = tmp_path / "pwned"
    plant(entry, marker)
    (cache / entry.name.replace(".json", ".pickle")).write_bytes(pickle.dumps(_WritesMarker(marker)))
    before = sorted(p for p in tmp_path.rglob("*") if p != entry)

    assert load_matrix() == expected  # the hostile entry was a miss: revalidated from the YAML

    assert not marker.exists()
    assert sorted(p for p in tmp_path.rglob("*") if p != entry) == before  # nothing else was written
    assert entry.is_file() and not entry.is_symlink()  # replaced by a good entry
    assert matrix_cache.read(entry.name.removeprefix("matrix-").removesuffix(".json")) == expected


def test_entry_writable_by_others_is_ignored(cache: Path) -> None:
    load_matrix()
    (entry,) = cache.glob("matrix-*.json")
    key = entry.name.removeprefix("matrix-").removesuffix(".json")
    assert matrix_cache.read(key) is not None
    entry.chmod(0o666)
    assert matrix_cache.read(key) is None


def test_layer_edited_to_same_size_and_mtime_is_not_served_stale(cache: Path, tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text("capabilities:\n  - id: web-search\n    bedrock: available\n")
    stamp = layer.stat()
    assert load_matrix(layer).capability("web-search").bedrock == "available"
    layer.write_text(
        "capabilities:\n  - id: web-search\n    bedrock: unverified\n"[: stamp.st_size].ljust(stamp.st_size)
    )
    os.utime(layer, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert layer.stat().st_size == stamp.st_size and layer.stat().st_mtime_ns == stamp.st_mtime_ns
    assert load_matrix(layer).capability("web-search").bedrock == "unverified"


@pytest.mark.parametrize(
    ("xdg", "home"),
    [("{tmp}", "{tmp}/home"), (None, "{tmp}/home"), ("", "{tmp}/home"), ("relative/cache", "{tmp}/home"),
     (None, "relative-home"), ("{tmp}", None)],
)  # fmt: skip
def test_cache_folder_is_the_one_platformdirs_gives(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None, home: str | None
) -> None:
    """The same folder as platformdirs, whether answered without it (Linux, the usual
    variables) or by it (anything unusual)."""
    from platformdirs import user_cache_dir

    monkeypatch.delenv("BEDROCK_CHECK_CACHE_DIR", raising=False)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value.format(tmp=tmp_path))
    assert matrix_cache.cache_dir() == Path(user_cache_dir("bedrock-check", appauthor=False))
    if sys.platform.startswith("linux") and xdg == "{tmp}":
        assert matrix_cache.cache_dir() == tmp_path / "bedrock-check"


def test_decoder_rebuilds_records_and_refuses_what_they_do_not_declare(matrix: Matrix) -> None:
    data = json.loads(matrix_cache.encode(matrix))
    decode = matrix_cache.decoder_for(Matrix)
    assert decode(data) == matrix
    for change in (
        lambda d: d["capabilities"][0].update(bedrock="maybe"),  # outside the Literal
        lambda d: d["capabilities"][0].update(id=["web-search"]),  # a list where a string goes
        lambda d: d.update(as_of="yesterday"),  # not a date
        lambda d: d["defaults"].update(extra="x"),  # a key no record has
        lambda d: d["capabilities"][0].update(id="Not An Id"),  # the record's own check
    ):
        bad = json.loads(json.dumps(data))
        change(bad)
        with pytest.raises((matrix_cache.CacheEntryError, ValueError)):
            decode(bad)


def test_matrix_that_does_not_round_trip_is_not_cached(cache: Path, tmp_path: Path) -> None:
    # A YAML date inside a free-form probe body would come back as a string.
    layer = tmp_path / "layer.yaml"
    layer.write_text(
        "capabilities:\n  - id: web-search\n    probe:\n      request: {input: hi, metadata: {day: 2026-01-01}}\n"
    )
    first = load_matrix(layer)
    assert not list(cache.glob("matrix-*.json"))
    assert load_matrix(layer) == first
