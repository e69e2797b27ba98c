"""Rule 8, layout: the build's own overflow detection, without writing a file."""

from __future__ import annotations

from pathlib import Path

from handouts.checks import layout
from handouts.design.layouts import LAYOUTS
from handouts.render.jobs import Job
from handouts.source.articles import read_article
from handouts.source.clinics import load_clinic
from handouts.source.project import Project

from .checkdata import BODY, article, write_clinic


def job(tmp_path: Path, body: str, layout_name: str) -> tuple[Job, Project]:
    text = article(tmp_path, body=body)
    clinic = load_clinic(write_clinic(tmp_path / "data"))
    return Job(clinic, text, LAYOUTS[layout_name]), Project.at(tmp_path / "data", tmp_path / "out")


def test_an_article_that_fits_passes(tmp_path: Path) -> None:
    fitting, project = job(tmp_path, BODY, "trifold")
    assert layout.check([fitting], project) == []
    assert not (tmp_path / "out").exists()


def test_an_overflowing_article_names_layout_clinic_and_page(tmp_path: Path) -> None:
    long = BODY + "\n" + "You can walk a little further each day. " * 500 + "\n"
    overflowing, project = job(tmp_path, long, "flyer")
    found = layout.check([overflowing], project)
    assert [(f.rule, f.severity, f.field) for f in found] == [
        ("layout.overflow", "error", "flyer for testclinic")
    ]
    assert "content does not fit: it runs onto page 3" in found[0].message
    assert "Shorten the article so it fits the flyer" in found[0].fix
    assert found[0].file == read_article(overflowing.article.source, "x").source
    assert not (tmp_path / "out").exists()
