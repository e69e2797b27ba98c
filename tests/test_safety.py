"""Untrusted input: raw HTML, foreign files and network URLs never reach a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build.produce import render_document
from handouts.build.recipe import build
from handouts.errors import ContentError, FetchRefused
from handouts.render.document import Renderer
from handouts.render.fetcher import RefusedURL, SafeFetcher
from handouts.render.jobs import Selection, plan
from handouts.source.project import Project

from .conftest import write

ARTICLE = "data/articles/dry-needling/benefits.md"


def _edit_body(project: Project, old: str, new: str) -> Path:
    path = project.articles_dir / "dry-needling/benefits.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def _build_benefits(project: Project) -> list:
    return build(project, Selection(["riverside"], ["benefits"], ["flyer"]))


def test_raw_html_in_markdown_is_printed_as_text(project: Project) -> None:
    _edit_body(
        project,
        "## What dry needling is",
        "## What dry needling is\n\n<script>alert(1)</script> <b>bold?</b>",
    )
    (outcome,) = _build_benefits(project)
    assert outcome.ok, outcome.problems
    text = " ".join(PdfReader(outcome.path).pages[0].extract_text().split())
    assert "<script>alert(1)</script> <b>bold?</b>" in text


def test_network_image_is_refused_with_its_line(project: Project) -> None:
    path = _edit_body(
        project,
        "## What dry needling is",
        "## What dry needling is\n\n![x](https://example.com/tracker.png)",
    )
    with pytest.raises(ContentError) as info:
        plan_and_render(project)
    (problem,) = info.value.problems
    assert problem.file == path.resolve()
    assert (
        problem.line
        == path.read_text().splitlines().index("![x](https://example.com/tracker.png)") + 1
    )
    assert "refused" in problem.message


def test_image_outside_the_asset_folders_is_refused(project: Project, tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.png", "not for print")
    _edit_body(
        project,
        "## What dry needling is",
        f"## What dry needling is\n\n![x](../../../{secret.name})",
    )
    with pytest.raises(ContentError, match="outside the project's asset folders"):
        plan_and_render(project)


@pytest.mark.parametrize(
    "markdown",
    [
        "![x](file:///etc/passwd)",
        "[x](file:///etc/passwd)",
        "[x](javascript:alert(1))",
        "![x](data:image/png,AAAA)",
    ],
)
def test_file_and_script_urls_are_refused(project: Project, markdown: str) -> None:
    _edit_body(project, "## What dry needling is", f"## What dry needling is\n\n{markdown}")
    with pytest.raises(ContentError, match="refused"):
        plan_and_render(project)
    (outcome,) = _build_benefits(project)
    assert "refused" in str(outcome.problems[0])
    assert not outcome.path.exists()


def test_fetcher_refuses_everything_but_asset_files(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    inside = write(assets / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = write(tmp_path / "private.txt", "patient list")
    fetcher = SafeFetcher((assets,))
    assert fetcher.fetch(inside.as_uri()).read().startswith(b"<svg")
    for url in (
        outside.as_uri(),
        "https://example.com/a.png",
        "http://127.0.0.1/x",
        "data:text/plain,hello",
        f"file://otherhost{inside}",
        (assets / ".." / "private.txt").as_uri(),
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_template_override_cannot_fetch_outside_assets(project: Project, tmp_path: Path) -> None:
    """A clinic's own template is trusted to lay out, not to read other files."""
    secret = write(tmp_path / "secret.css", "body { color: red }")
    override = project.clinics_dir / "riverside" / "templates" / "flyer.html"
    base = (Path(__file__).parent.parent / "templates/flyer.html").read_text()
    write(
        override,
        base.replace("{% block content %}", f'{{% block content %}}<img src="{secret.as_uri()}">'),
    )
    (outcome,) = _build_benefits(project)
    assert not outcome.ok
    assert isinstance(outcome.problems[0].message, str)
    assert "refused to read" in outcome.problems[0].message
    assert not outcome.path.exists()


def test_failed_build_keeps_the_previous_good_pdf(project: Project) -> None:
    (good,) = _build_benefits(project)
    before = good.path.read_bytes()
    _edit_body(project, "## What dry needling is", "## What dry needling is\n\n" + "Long. " * 3000)
    (bad,) = _build_benefits(project)
    assert not bad.ok
    assert "runs onto page 3" in str(bad.problems[0])
    assert good.path.read_bytes() == before
    assert [p.name for p in good.path.parent.iterdir()] == [good.path.name]


def plan_and_render(project: Project) -> bytes:
    jobs = plan(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    return render_document(jobs[0], project, Renderer(project.asset_roots()))


def test_fetch_refused_is_a_user_error() -> None:
    assert issubclass(FetchRefused, Exception)


def test_an_image_that_cannot_be_decoded_fails_the_build(project: Project) -> None:
    logo = project.clinics_dir / "riverside-logo.svg"
    logo.write_text("<svg this is not xml")
    outcomes = build(project, Selection(["riverside"], ["safety"], ["flyer"]))
    (outcome,) = outcomes
    assert not outcome.ok
    assert "riverside-logo.svg could not be read as an image" in str(outcome.problems[0])
    assert not outcome.path.exists()
