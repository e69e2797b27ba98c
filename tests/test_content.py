"""Article loading: front matter schema, citations and the shipped articles' own rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import ConfigError, ContentError
from handouts.source.articles import load_article, load_articles, read_article
from handouts.source.project import Project, library_dir

from .conftest import write

GOOD = """---
title: "Test leaflet"
summary: "A short summary."
topic: testing
language: en
author: "Test author"
reviewer: "Test reviewer"
reviewed: 2026-01-01
next_review: 2027-01-01
key_points:
  - "One point."
references:
  - id: smith2020
    authors: "Smith A"
    title: "A study"
    journal: "J Test"
    year: 2020
---

## Heading

Text citing a study [@smith2020].
"""


def test_good_article_loads(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "t/a.md", GOOD), "t-a")
    assert article.title == "Test leaflet"
    assert article.cited_keys() == ["smith2020"]
    assert article.references[0].citation_text() == "Smith A. A study. J Test. 2020."


def test_unknown_citation_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "t/a.md", GOOD + "\nAnd another [@jones2021; @smith2020].\n")
    with pytest.raises(ContentError) as info:
        load_article(path, "t-a")
    (problem,) = info.value.problems
    assert problem.line == GOOD.count("\n") + 2
    assert problem.message == "cites [@jones2021], which is not in the references list"


def test_front_matter_problems_carry_lines(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2020", "year: twenty").replace(
        "reviewed: 2026-01-01", "reviewed: 01/01/2026"
    )
    with pytest.raises(ConfigError) as info:
        load_article(write(tmp_path / "t/a.md", text), "t-a")
    found = {(p.field, p.line) for p in info.value.problems}
    assert found == {("reviewed", 8), ("references[0].year", 17)}


def test_a_warning_key_point_must_be_one_of_the_key_points(tmp_path: Path) -> None:
    text = GOOD.replace("key_points:", "warning_key_point: 2\nkey_points:")
    with pytest.raises(ConfigError) as info:
        load_article(write(tmp_path / "t/a.md", text), "t-a")
    (problem,) = info.value.problems
    assert (problem.field, problem.line) == ("warning_key_point", 10)
    assert problem.message == "is 2, more than the number of key points (1)"


def test_missing_front_matter_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must start with a '---' line"):
        load_article(write(tmp_path / "t/a.md", "# Just markdown\n"), "t-a")


def test_shipped_articles_load_and_cite_every_reference() -> None:
    articles = load_articles((library_dir(),))
    assert [a.id for a in articles] == [
        "dry-needling-aftercare",
        "dry-needling-benefits",
        "dry-needling-safety",
    ]
    for article in articles:
        assert set(article.cited_keys()) == {r.id for r in article.references}
        for ref in article.references:
            assert ref.authors or ref.organisation
            assert ref.journal or ref.publisher
    safety = {a.id: a for a in articles}
    assert safety["dry-needling-safety"].get_help is not None
    assert safety["dry-needling-aftercare"].get_help is not None


def test_a_self_care_tip_with_an_unknown_icon_is_one_line_naming_it(project: Project) -> None:
    path = project.articles_dir / "dry-needling" / "aftercare.md"
    text = path.read_text(encoding="utf-8").replace("- icon: rest", "- icon: sofa", 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("icon: sofa")].count("\n") + 1
    with pytest.raises(ConfigError) as info:
        read_article(path, "dry-needling-aftercare", project.articles_dir)
    (problem,) = info.value.problems
    assert problem.file == path and problem.line == line
    assert problem.field == "self_care.items[2].icon"
    assert "expected one of water, walking, rest" in problem.message and "'sofa'" in problem.message
