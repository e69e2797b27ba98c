"""Reproducible output: the same inputs give byte-identical PDFs, in any folder, on any day."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build.produce import describe, render_document
from handouts.build.recipe import Options, build
from handouts.errors import HandoutsError
from handouts.render import fit
from handouts.render.document import Renderer
from handouts.render.jobs import Selection, plan
from handouts.source.project import Project

ONE = Selection(clinics=["riverside"], articles=["safety"], layouts=["flyer"])


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*/*.pdf"))}


def test_two_clean_builds_in_two_places_are_byte_identical(
    demo_build: Project, tmp_path: Path
) -> None:
    """The session's demo build (worker processes) against a build in this process from a
    copy of the data elsewhere on disk."""
    data = tmp_path / "a" / "copy-of-data"
    shutil.copytree(demo_build.data_dir, data)
    again = Project.at(data, tmp_path / "b" / "out")
    outcomes = build(again, Selection(), options=Options(jobs=1))
    assert all(o.ok for o in outcomes)
    first, second = pdfs(demo_build.out_dir), pdfs(again.out_dir)
    assert len(first) == len(outcomes) >= 12
    assert first == second


def test_dates_come_from_the_article_review(demo_build: Project) -> None:
    meta = PdfReader(demo_build.out_dir / "riverside/dry-needling-safety-flyer.pdf").metadata
    assert meta["/CreationDate"] == "D:20261130000000Z"
    assert meta["/ModDate"] == "D:20261130000000Z"


def test_source_date_epoch_sets_the_dates_and_stays_reproducible(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    outs = []
    for name, jobs in (("one", 1), ("two", 2)):
        target = Project.at(project.data_dir, tmp_path / name)
        selection = Selection(["riverside"], ["safety"], ["flyer", "trifold"])
        build(target, selection, options=Options(jobs))
        outs.append(pdfs(target.out_dir))
    assert outs[0] == outs[1] and len(outs[0]) == 2
    meta = PdfReader(tmp_path / "one/riverside/dry-needling-safety-flyer.pdf").metadata
    assert meta["/CreationDate"] == "D:20260101000000Z"


def test_the_document_id_is_stable_and_differs_between_documents(demo_build: Project) -> None:
    ids = set()
    for pdf in demo_build.out_dir.glob("*/*.pdf"):
        first, _ = PdfReader(pdf).trailer["/ID"]
        ids.add(bytes(first.original_bytes) if hasattr(first, "original_bytes") else str(first))
    assert len(ids) == len(list(demo_build.out_dir.glob("*/*.pdf")))


def test_press_and_email_files_are_reproducible_too(project: Project, tmp_path: Path) -> None:
    """PDF/X-4 gets an XMP document ID, proofs a PieceInfo date and booklets go through pypdf:
    none of them may bring the clock or chance in."""
    selection = Selection(["lakeshore"], ["safety"], ["flyer", "booklet"], ["all"])
    outs = []
    for name, jobs in (("one", 1), ("two", 2)):
        target = Project.at(project.data_dir, tmp_path / name)
        outcomes = build(target, selection, options=Options(jobs))
        assert all(o.ok for o in outcomes), [str(p) for o in outcomes for p in o.problems]
        outs.append(pdfs(target.out_dir))
    assert len(outs[0]) == 6
    assert outs[0] == outs[1]
    press = (tmp_path / "one/lakeshore/dry-needling-safety-flyer-press.pdf").read_bytes()
    assert b"xmp.did:" in press


def test_a_bad_source_date_epoch_is_one_line(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(HandoutsError) as info:
        build(project, ONE)
    assert str(info.value) == (
        "SOURCE_DATE_EPOCH: expected a number of seconds since 1970-01-01, got 'yesterday'"
    )


def test_a_booklet_guessing_its_pad_pages_is_the_same_booklet(project: Project) -> None:
    """A booklet first tries as many pad pages as the last copy of its article needed: right
    or wrong, the bytes are those of a booklet that guessed nothing, and a right guess saves
    the second layout."""
    (task,) = describe(plan(project, Selection(["riverside"], ["safety"], ["booklet"])), project)
    layouts: list[object] = []

    class Counting(Renderer):
        def layout(self, request):  # type: ignore[no-untyped-def]
            layouts.append(request)
            return super().layout(request)

    renderer = Counting(project.asset_roots())

    def booklet(guess: int | None) -> bytes:
        fit._PAD_PAGES.clear()
        if guess is not None:
            key = (task.job.article.id, "booklet", task.job.layout.body_pt)
            fit._PAD_PAGES[key] = guess
        layouts.clear()
        return render_document(task.job, project, renderer, task.key, task.created)

    plain = booklet(None)
    needed = fit._PAD_PAGES[(task.job.article.id, "booklet", task.job.layout.body_pt)]
    assert needed > 0  # the demo safety booklet is padded: otherwise this proves little
    assert len(layouts) == 2
    assert booklet(needed) == plain and len(layouts) == 1
    assert booklet(needed + 1) == plain and len(layouts) == 2


def test_what_a_worker_keeps_between_documents_changes_no_byte(project: Project) -> None:
    """Fonts, stylesheets and decoded logos kept across documents (and a CMYK or downsampled
    logo in between) give the bytes a fresh renderer gives."""
    selection = Selection(["lakeshore"], ["safety"], ["flyer", "booklet"], ["all"])
    tasks = describe(plan(project, selection), project)

    def render(task, renderer: Renderer) -> bytes:  # type: ignore[no-untyped-def]
        return render_document(task.job, project, renderer, task.key, task.created)

    alone = [render(task, Renderer(project.asset_roots())) for task in tasks]
    shared = Renderer(project.asset_roots())
    assert [render(task, shared) for task in tasks] == alone
    assert [render(task, shared) for task in reversed(tasks)] == alone[::-1]
