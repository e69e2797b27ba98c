"""A build leaves nothing in the temp folder: WeasyPrint's `weasyprint-*` font copies are removed.

WeasyPrint copies every @font-face file into a `weasyprint-*` folder that only its font
configuration's `__del__` removes; a worker process leaves with `os._exit` and never runs it, so
before the fix every `--for all` build left one folder (about 7 MB) per worker behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handouts.build.produce import render_job
from handouts.render.document import Renderer
from handouts.render.jobs import Selection, plan
from handouts.source.project import Project


def _build(data_dir: Path, out: Path, temp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "handouts", "build", "--data", str(data_dir)]
    return subprocess.run(
        [*command, "--out", str(out), "--clinic", "riverside", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_a_build_in_worker_processes_leaves_no_font_folders(data_dir: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = _build(
        data_dir, tmp_path / "out", temp, "--article", "safety", "--layout", "flyer",
        "--layout", "a5", "--for", "office", "--for", "press", "--jobs", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "4 built" in result.stdout
    assert sorted(p.name for p in temp.iterdir() if p.name.startswith("weasyprint-")) == []


def test_a_build_in_this_process_leaves_no_font_folders(data_dir: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = _build(
        data_dir, tmp_path / "out", temp, "--article", "safety", "--layout", "flyer", "--jobs", "1"
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in temp.iterdir() if p.name.startswith("weasyprint-")] == []


def test_closing_a_renderer_removes_its_font_folder(project: Project) -> None:
    job = plan(project, Selection(["riverside"], ["safety"], ["flyer"]))[0]
    renderer = Renderer(project.asset_roots())
    render_job(job, project, renderer)
    folder = Path(renderer.font_config._folder)
    assert folder.name.startswith("weasyprint-") and any(folder.iterdir())
    renderer.close()
    assert not folder.exists()
