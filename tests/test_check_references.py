"""Rule 5, references: cited works are listed, listed works are cited, each is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.checks import references
from handouts.errors import ConfigError

from .checkdata import BODY, FRONT, article

EXTRA = """\
  - id: lee2019
    title: "Ice for knees"
    year: 2019
    doi: "doi.org/not-a-doi"
"""


def test_complete_and_cited_references_pass(tmp_path: Path) -> None:
    assert references.check(article(tmp_path)) == []


def test_a_citation_missing_from_the_list_is_an_error(tmp_path: Path) -> None:
    body = BODY + "\nIce may help [@nobody2021].\n"
    text = article(tmp_path, body=body)
    (found,) = references.check(text)
    assert (found.rule, found.severity, found.field) == ("references.unknown", "error", "body")
    assert "cites [@nobody2021], which is not in the references list" in found.message
    assert found.line == text.body_line + text.body.splitlines().index(
        "Ice may help [@nobody2021]."
    )


def test_an_uncited_incomplete_reference_is_reported_field_by_field(tmp_path: Path) -> None:
    found = references.check(article(tmp_path, front=FRONT + EXTRA))
    assert [(f.rule, f.severity, f.line, f.field) for f in found] == [
        ("references.uncited", "warning", 20, "references[1].id"),
        ("references.incomplete", "error", 20, "references[1]"),
        ("references.incomplete", "error", 20, "references[1]"),
        ("references.doi", "warning", 23, "references[1].doi"),
    ]
    assert "names no authors or organisation" in found[1].message
    assert "names no journal or publisher" in found[2].message


def test_a_duplicate_reference_id_is_an_error(tmp_path: Path) -> None:
    duplicate = (
        FRONT + '  - id: smith2020\n    organisation: "NHS"\n    title: "Knees"\n'
        '    publisher: "NHS"\n    year: 2021\n'
    )
    found = references.check(article(tmp_path, front=duplicate))
    assert [f.rule for f in found] == ["references.duplicate"]


WEB_PAGE = """\
  - id: nhs2024
    organisation: "Example Health Service"
    title: "Looking after a bruise"
    year: 2024
    url: "https://health.example/bruises"
    accessed: 2026-11-02
"""


def test_a_web_page_is_cited_with_its_address_and_the_day_it_was_read(tmp_path: Path) -> None:
    text = article(tmp_path, front=FRONT + WEB_PAGE, body=BODY + "\nBruises fade [@nhs2024].\n")
    assert references.check(text) == []
    (page,) = [r for r in text.references if r.id == "nhs2024"]
    assert page.citation_text() == (
        "Example Health Service. Looking after a bruise. 2024. "
        "Available from: https://health.example/bruises (accessed 2026-11-02)"
    )


def test_a_web_page_needs_the_day_it_was_read(tmp_path: Path) -> None:
    front = FRONT + WEB_PAGE.replace("    accessed: 2026-11-02\n", "")
    found = references.check(article(tmp_path, front=front, body=BODY + "\nSee [@nhs2024].\n"))
    assert [(f.rule, f.severity, f.field) for f in found] == [
        ("references.accessed", "error", "references[1].url")
    ]


def test_only_https_pages_may_be_cited(tmp_path: Path) -> None:
    front = FRONT + WEB_PAGE.replace("https://health", "http://health")
    with pytest.raises(ConfigError, match=r"url: expected a web address starting with https://"):
        article(tmp_path, front=front)
