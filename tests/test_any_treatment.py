"""Any treatment: a made-up family (cupping, tests/data/cupping) builds with no code change."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.design.layouts import LAYOUTS

from .conftest import REPO

CUPPING = REPO / "tests" / "data" / "cupping"


@pytest.fixture
def cupping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the cupping project, as the current folder."""
    root = tmp_path / "cupping"
    shutil.copytree(CUPPING, root)
    monkeypatch.chdir(root)
    return root


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_new_family_builds_every_layout_with_none_of_the_shipped_text(
    runner: CliRunner, cupping: Path
) -> None:
    result = runner.invoke(app, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    built = sorted((cupping / "out" / "harbour").glob("*.pdf"))
    expected = {
        f"cupping-{kind}-{lay}.pdf"
        for kind in ("benefits", "safety", "aftercare")
        for lay in LAYOUTS
    }
    assert {p.name for p in built} == expected
    for pdf in built:
        text = pdf_text(pdf).lower()
        assert "cupping" in text, pdf.name
        assert "needl" not in text, pdf.name  # neither the shipped articles nor hard-wired words
