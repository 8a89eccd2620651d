"""`Project.reachable_methods`: the method names of the classes of every file a file reaches
through its imports. A call whose method name is not one of them is not a method of the app's
own class of another file, so its receiver is not resolved (`session_methods`); a file the
walk missed would drop that file's realtime session. The scan fixture
`realtime-wrappers` (kiosk.py, web/recorder.ts) checks the same end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.extract import reach as reach_module
from bedrock_check.extract.project import Project


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _reached_from(path: Path) -> set[str] | None:
    """The method names a fresh project finds reachable from the file at `path`."""
    project = Project()
    model = project.model(str(path))
    assert model is not None
    return project.reachable_methods(model)


def test_reaches_through_reexports_and_factories(tmp_path: Path) -> None:
    _write(tmp_path, {
        "app.ts": 'import { createVoiceClient } from "./voice";\nconst c = createVoiceClient("k");\nc.sendAudio("x");\n',
        "voice/index.ts": 'export * from "./factory";\n',
        "voice/factory.ts": 'import { VoiceClient } from "../lib/client";\nexport function createVoiceClient(t: string) { return new VoiceClient(t); }\n',
        "lib/client.ts": "export class VoiceClient {\n  constructor(private t: string) {}\n  connect() {}\n  sendAudio(b: string) {}\n}\n",
        "lib/unused.ts": "export class Other {\n  never() {}\n}\n",
    })  # fmt: skip
    reached = _reached_from(tmp_path / "app.ts")
    assert reached is not None and {"connect", "sendAudio"} <= reached
    assert "never" not in reached  # (a file nothing imports)


def test_python_star_import_reaches_every_module_of_the_package(tmp_path: Path) -> None:
    _write(tmp_path, {
        "kiosk.py": "from relay import open_session\n\nsession = open_session()\nsession.stream_audio(b'')\n",
        "relay/__init__.py": "from .sessions import *\n",
        "relay/sessions.py": "from voice.realtime import RealtimeClient\n\n\ndef open_session():\n    return RealtimeClient()\n",
        "voice/__init__.py": "",
        "voice/realtime.py": "class RealtimeClient:\n    async def stream_audio(self, chunk):\n        pass\n",
    })  # fmt: skip
    reached = _reached_from(tmp_path / "kiosk.py")
    assert reached is not None and "stream_audio" in reached


def test_too_many_files_is_not_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {
        "a.py": "from b import B\n",
        "b.py": "from c import C\n\n\nclass B:\n    def one(self):\n        pass\n",
        "c.py": "class C:\n    def two(self):\n        pass\n",
    })  # fmt: skip
    monkeypatch.setattr(reach_module, "MAX_REACHED", 1)
    project = Project()
    model = project.model(str(tmp_path / "a.py"))
    assert model is not None
    assert project.reachable_methods(model) is None  # (not worked out: every call's receiver is resolved)


def test_files_not_parsed_are_read_as_text(tmp_path: Path) -> None:
    # Only the first file is parsed; the others are read with the patterns, which must find
    # every import and method their front ends would: a parenthesised, continued Python import,
    # `require`, a dynamic `import()`, generic and optional methods, private names.
    _write(tmp_path, {
        "app.py": "from helpers import open_all\n",
        "helpers.py": "from voice.sessions import \\\n    (\n    Opener,\n    other as o,\n)\n\ndef open_all():\n    pass\n",
        "voice/__init__.py": "",
        "voice/sessions.py": "import voice.deep.wire as w\n\nclass Opener:\n    async def stream_audio(self, chunk):\n        pass\n",
        "voice/deep/__init__.py": "",
        "voice/deep/wire.py": "class Wire:\n    def send_frame(self):\n        pass\n",
        "web/app.ts": 'const { load } = require("./loader");\n',
        "web/loader.ts": 'export async function load() { return import("./session"); }\n',
        "web/session.ts": "export class Session {\n  connect<T extends Record<string, (x: number) => void>>(o: T) {}\n  close?(): void;\n  #sendAudio(b: string) {}\n}\n",
    })  # fmt: skip
    project = Project()
    py = project.model(str(tmp_path / "app.py"))
    ts = project.model(str(tmp_path / "web" / "app.ts"))
    assert py is not None and ts is not None
    assert {"open_all", "stream_audio", "send_frame"} <= (project.reachable_methods(py) or set())
    assert {"load", "connect", "close", "#sendAudio"} <= (project.reachable_methods(ts) or set())
