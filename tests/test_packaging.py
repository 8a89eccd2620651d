"""The built wheel carries the matrix, and an installed copy (not the checkout) finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_matrix_and_uses_it(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)],
        check=True, timeout=300,
    )  # fmt: skip
    (wheel,) = wheels.glob("bedrock_check-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bedrock_check/capability_matrix.yaml" in names
    assert "bedrock_check/docs/capabilities.md" in names  # where each SARIF rule's helpUri points
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        assert f"bedrock_check/catalogue/{name}" in names, name
    packaged = zipfile.ZipFile(wheel).read("bedrock_check/capability_matrix.yaml")
    assert packaged == (ROOT / "capability_matrix.yaml").read_bytes()

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    code = (
        "import bedrock_check.catalogue as c; assert c.shipped_catalogue().methods; "
        "from bedrock_check.report.rules import rule_doc_url as u; "
        f"assert u('web-search').startswith({(site.as_uri() + '/bedrock_check/docs/')!r}), u('web-search'); "
        "import bedrock_check.matrix as m; p = m.shipped_matrix_path(); "
        f"assert str(p).startswith({str(site)!r}), p; print(len(m.load_matrix().capabilities))"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 30
