"""Incremental builds: what is skipped, what is rebuilt, and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
import pytest

from handouts.build.inputs import Fingerprints, template_closure
from handouts.build.manifest import FILENAME
from handouts.build.produce import render_document
from handouts.build.recipe import Options, build
from handouts.render.document import Renderer
from handouts.render.jobs import Selection, plan, stylesheets
from handouts.source.project import Project

from .conftest import REPO, write
from .test_cli import run

TWO_LAYOUTS = ["flyer", "trifold"]  # enough to tell layouts apart, and quick
RIVERSIDE = Selection(clinics=["riverside"], layouts=TWO_LAYOUTS)
SAFETY = Selection(articles=["safety"], layouts=TWO_LAYOUTS)


@pytest.fixture
def own_assets(project: Project, tmp_path: Path) -> Project:
    """The project with its own copy of the templates and styles, safe to edit."""
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    shutil.copytree(REPO / "styles", tmp_path / "styles")
    return Project(
        project.data_dir,
        project.out_dir,
        templates_dir=tmp_path / "templates",
        styles_dir=tmp_path / "styles",
    )


def statuses(project: Project, selection: Selection = RIVERSIDE, **options) -> dict[str, str]:
    """Build and return {"clinic/article-layout": "built" | "skipped" | "failed"}."""
    outcomes = build(project, selection, options=Options(**options))
    return {outcome.job.name: outcome.status.value for outcome in outcomes}


def rebuilt(result: dict[str, str]) -> set[str]:
    assert "failed" not in result.values(), result
    return {name for name, status in result.items() if status == "built"}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_second_build_skips_everything_and_touches_nothing(project: Project) -> None:
    first = statuses(project)
    assert set(first.values()) == {"built"} and len(first) == 6
    pdfs = sorted(project.out_dir.glob("*/*.pdf"))
    before = {pdf: (pdf.read_bytes(), pdf.stat().st_mtime_ns) for pdf in pdfs}
    assert set(statuses(project).values()) == {"skipped"}
    assert {pdf: (pdf.read_bytes(), pdf.stat().st_mtime_ns) for pdf in pdfs} == before


def test_changing_one_article_rebuilds_only_its_outputs(project: Project) -> None:
    statuses(project)
    article = project.articles_dir / "dry-needling/benefits.md"
    article.write_text(article.read_text().replace("very thin needle", "very fine needle"))
    assert rebuilt(statuses(project)) == {
        "riverside/dry-needling-benefits-flyer",
        "riverside/dry-needling-benefits-trifold",
    }
    assert set(statuses(project).values()) == {"skipped"}


def test_changing_a_clinic_file_rebuilds_only_that_clinic(project: Project) -> None:
    statuses(project, SAFETY)
    clinic = project.clinics_dir / "lakeshore.yaml"
    clinic.write_text(clinic.read_text().replace('"Sat 8am–noon"', '"Sat 8am–1pm"'))
    assert rebuilt(statuses(project, SAFETY)) == {
        "lakeshore/dry-needling-safety-flyer",
        "lakeshore/dry-needling-safety-trifold",
    }


def test_changing_a_logo_rebuilds_that_clinics_outputs(project: Project) -> None:
    statuses(project, SAFETY)
    append(project.clinics_dir / "riverside-logo.svg", "<!-- redrawn -->\n")
    assert rebuilt(statuses(project, SAFETY)) == {
        "riverside/dry-needling-safety-flyer",
        "riverside/dry-needling-safety-trifold",
    }


def test_changing_a_layout_template_rebuilds_only_that_layout(own_assets: Project) -> None:
    statuses(own_assets)
    append(own_assets.templates_dir / "trifold.html", "{# tidied #}\n")
    assert rebuilt(statuses(own_assets)) == {
        f"riverside/dry-needling-{article}-trifold"
        for article in ("aftercare", "benefits", "safety")
    }


def test_changing_a_layout_stylesheet_rebuilds_only_that_layout(own_assets: Project) -> None:
    statuses(own_assets)
    append(own_assets.styles_dir / "flyer.css", "/* tidied */\n")
    assert rebuilt(statuses(own_assets)) == {
        f"riverside/dry-needling-{article}-flyer" for article in ("aftercare", "benefits", "safety")
    }


def test_changing_a_shared_partial_rebuilds_everything_that_includes_it(
    own_assets: Project,
) -> None:
    statuses(own_assets)
    append(own_assets.templates_dir / "partials/small_print.html", "{# tidied #}\n")
    assert len(rebuilt(statuses(own_assets))) == 6


def test_a_clinic_override_rebuilds_only_that_clinic(project: Project) -> None:
    statuses(project, SAFETY)
    shipped = (REPO / "templates/partials/contact.html").read_text()
    write(
        project.clinics_dir / "lakeshore/templates/partials/contact.html",
        shipped.replace("Opening hours", "When we are open"),
    )
    assert rebuilt(statuses(project, SAFETY)) == {
        "lakeshore/dry-needling-safety-flyer",
        "lakeshore/dry-needling-safety-trifold",
    }


def test_deleted_or_edited_outputs_are_rebuilt(project: Project) -> None:
    statuses(project)
    deleted = project.out_dir / "riverside/dry-needling-safety-flyer.pdf"
    edited = project.out_dir / "riverside/dry-needling-benefits-trifold.pdf"
    good = edited.read_bytes()
    deleted.unlink()
    edited.write_bytes(good + b"% annotated by hand\n")
    assert rebuilt(statuses(project)) == {
        "riverside/dry-needling-safety-flyer",
        "riverside/dry-needling-benefits-trifold",
    }
    assert edited.read_bytes() == good


def test_force_rebuilds_everything(project: Project) -> None:
    statuses(project)
    assert set(statuses(project, force=True).values()) == {"built"}


def test_a_new_source_date_epoch_rebuilds(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    statuses(project, SAFETY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert len(rebuilt(statuses(project, SAFETY))) == 4


def test_a_failed_document_is_tried_again(project: Project) -> None:
    statuses(project)
    article = project.articles_dir / "dry-needling/safety.md"
    good = article.read_text()
    article.write_text(good + "\n\nMore words here. " * 400)
    result = statuses(project)
    assert result["riverside/dry-needling-safety-flyer"] == "failed"
    manifest = json.loads((project.out_dir / FILENAME).read_text())
    assert "riverside/dry-needling-safety-flyer.pdf" not in manifest["outputs"]
    assert "riverside/dry-needling-benefits-flyer.pdf" in manifest["outputs"]
    article.write_text(good)
    # The previous good PDFs are still in place, but the manifest forgot them: rebuilt.
    assert rebuilt(statuses(project)) == {
        "riverside/dry-needling-safety-flyer",
        "riverside/dry-needling-safety-trifold",
    }


def test_a_damaged_manifest_only_costs_a_rebuild(project: Project) -> None:
    statuses(project)
    (project.out_dir / FILENAME).write_text("{not json")
    assert set(statuses(project).values()) == {"built"}
    assert set(statuses(project).values()) == {"skipped"}


def test_the_key_covers_every_file_the_renderer_reads(project: Project) -> None:
    """Whatever WeasyPrint fetches (logo, fonts, images) is among a document's inputs."""
    fingerprints = Fingerprints(project)
    for job in plan(project, Selection()):
        renderer = Renderer(project.asset_roots())  # fresh: nothing cached from other jobs
        render_document(job, project, renderer)
        inputs = fingerprints.inputs(
            job, job.output(project), stylesheets(job.layout, project.styles_dir)
        )
        fetched = {fingerprints.label(path) for path in renderer.fetcher.fetched}
        assert fetched, job.name
        assert fetched <= set(inputs.files), (
            f"{job.name}: not in the key: {fetched - set(inputs.files)}"
        )


def test_the_key_does_not_depend_on_where_the_project_lives(
    project: Project, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project.data_dir, elsewhere)
    moved = Project.at(elsewhere, tmp_path / "other-out")
    keys = []
    for where in (project, moved):
        fingerprints = Fingerprints(where)
        keys.append(
            [
                fingerprints.inputs(
                    job, job.output(where), stylesheets(job.layout, where.styles_dir)
                ).key
                for job in plan(where, Selection())
            ]
        )
    assert keys[0] == keys[1]
    assert len(set(keys[0])) == len(keys[0]) >= 12


def test_cli_reports_skipped_outputs_and_force(runner, data_dir: Path, tmp_path: Path) -> None:
    args = ["build", "--data", str(data_dir), "--out", str(tmp_path / "o"), "-c", "riverside"]
    args += ["-l", "flyer", "-l", "trifold"]
    assert "6 built, 0 failed, 0 skipped (unchanged)" in run(runner, *args, "-j", "2").output
    again = run(runner, *args)
    assert again.exit_code == 0
    assert "skipped (unchanged) riverside/dry-needling-safety-flyer" in again.output
    assert "0 built, 0 failed, 6 skipped (unchanged)" in again.output
    forced = run(runner, *args, "--force", "--jobs", "1")
    assert "6 built, 0 failed, 0 skipped (unchanged)" in forced.output


def test_a_template_name_computed_at_render_time_makes_every_template_count() -> None:
    """`{% include n %}`: which file `n` names is only known while rendering."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "page.html": '{% extends "base.html" %}{% block x %}{% include n %}{% endblock %}',
                "base.html": '{% block x %}{% endblock %}{% include "footer.html" %}',
                "footer.html": "footer",
                "a.html": "a",
                "b.html": "b",
            }
        )
    )
    assert set(template_closure(env, "base.html")) == {"base.html", "footer.html"}
    assert set(template_closure(env, "page.html")) == {
        "page.html",
        "base.html",
        "footer.html",
        "a.html",
        "b.html",
    }
