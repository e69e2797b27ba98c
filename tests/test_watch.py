"""`build --watch`: each save rebuilds only what it changed; a mistake is reported, not fatal."""

from __future__ import annotations

from pathlib import Path

from handouts.build.recipe import Options
from handouts.build.watch import rebuild, relevant, watched_folders
from handouts.render.jobs import Selection
from handouts.source.project import Project

SELECTION = Selection(["riverside"], ["safety", "aftercare"], ["flyer"])


def test_a_save_rebuilds_only_the_documents_it_changed(project: Project) -> None:
    first = rebuild(project, SELECTION, options=Options(jobs=1))
    assert not first.problems
    assert len(first.built) == 2
    assert not rebuild(project, SELECTION, options=Options(jobs=1)).built

    article = project.articles_dir / "dry-needling/safety.md"
    article.write_text(article.read_text().replace("## ", "## Please note: ", 1))
    after_save = rebuild(project, SELECTION, options=Options(jobs=1))
    assert [o.job.article.id for o in after_save.built] == ["dry-needling-safety"]

    article.write_text(article.read_text().replace("title:", "titel:", 1))
    broken = rebuild(project, SELECTION, options=Options(jobs=1))
    assert broken.outcomes == ()
    assert any("titel" in str(p) for p in broken.problems)


def test_what_is_watched_and_what_is_ignored(project: Project) -> None:
    folders = watched_folders(project)
    assert project.data_dir in folders and project.templates_dir in folders
    assert project.styles_dir in folders
    assert not relevant([project.out_dir / "riverside/x.pdf"], project)
    assert not relevant([project.data_dir / "clinics/.riverside.yaml.swp"], project)
    assert relevant([project.data_dir / "clinics/riverside.yaml"], project)
    assert relevant([Path(project.templates_dir / "flyer.html")], project)
