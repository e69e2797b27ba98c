"""Shared fixtures: a private copy of the demo data, a CLI runner, and PDF helpers."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.build.recipe import build
from handouts.render.jobs import Selection
from handouts.source.articles import article_files, read_article
from handouts.source.project import Project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _checks_clock() -> Iterator[None]:
    """Review dates are checked as of the day the shipped content was last reviewed, so the suite
    gives the same answer on any day; the review rule's own tests pass their own dates."""
    articles = article_files(REPO / "data" / "articles")
    reviewed = max(read_article(path, name).reviewed for name, path in articles.items())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("handouts.checks.runner.today", lambda: reviewed)
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped data, safe to edit."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    return target


@pytest.fixture
def project(data_dir: Path, tmp_path: Path) -> Project:
    return Project.at(data_dir, tmp_path / "out")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The shipped demo catalogue, built once for the whole session."""
    out = tmp_path_factory.mktemp("demo-out")
    project = Project.at(REPO / "data", out)
    outcomes = build(project, Selection())
    failures = [str(p) for o in outcomes for p in o.problems]
    assert not failures, "\n".join(failures)
    return project


def pdf_words(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Word boxes (page, x0, y0, x1, y1, text) in PostScript points, from poppler."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
            r"(.*)</word>",
            line,
        )
        if match:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            words.append((page, x0, y0, x1, y1, match.group(5)))
    return words


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def print_build(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Every layout in every profile, for the safety leaflet of both demo clinics."""
    out = tmp_path_factory.mktemp("print-out")
    project = Project.at(REPO / "data", out)
    outcomes = build(project, Selection(articles=["safety"], profiles=["all"]))
    failures = [str(p) for o in outcomes for p in o.problems]
    assert not failures, "\n".join(failures)
    return project


def page_image(path: Path, page: int, dpi: int = 72):
    """One page as a PIL image of its whole media box (poppler), for looking at pixels."""
    import io

    from PIL import Image

    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def uncompressed(path: Path) -> bytes:
    """The whole file with every stream decompressed (qpdf's QDF form), to search operators."""
    return subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout
