"""Rule 6, review dates: overdue is an error, due within the warning window is a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handouts.checks import review
from handouts.source.check_settings import Review

from .checkdata import article

DUE = dt.date(2027, 6, 30)  # next_review in the test article
PROJECT = {"": Review()}


def test_in_date_passes(tmp_path: Path) -> None:
    assert review.check(article(tmp_path), PROJECT, DUE - dt.timedelta(days=61)) == []


def test_past_the_next_review_is_an_error(tmp_path: Path) -> None:
    (found,) = review.check(article(tmp_path), PROJECT, DUE + dt.timedelta(days=3))
    assert (found.rule, found.severity, found.line, found.field) == (
        "review-date.overdue",
        "error",
        9,
        "next_review",
    )
    assert "was due for review on 2027-06-30, 3 day(s) ago" in found.message


def test_within_sixty_days_is_a_warning(tmp_path: Path) -> None:
    (found,) = review.check(article(tmp_path), PROJECT, DUE - dt.timedelta(days=60))
    assert (found.rule, found.severity) == ("review-date.due-soon", "warning")
    assert "due for review in 60 day(s)" in found.message


def test_a_clinic_may_warn_earlier(tmp_path: Path) -> None:
    targets = {**PROJECT, "clinic riverside": Review(warning_days=120)}
    (found,) = review.check(article(tmp_path), targets, DUE - dt.timedelta(days=100))
    assert "(clinic riverside warns 120 days ahead)" in found.message


def test_impossible_dates_are_errors(tmp_path: Path) -> None:
    text = article(tmp_path)
    found = review.check(text, PROJECT, text.reviewed - dt.timedelta(days=1))
    assert [f.rule for f in found] == ["review-date.reviewed-in-future"]
    swapped = article(
        tmp_path,
        front=(tmp_path / "data/articles/knee/knee.md")
        .read_text()
        .split("---\n")[1]
        .replace("next_review: 2027-06-30", "next_review: 2025-06-30"),
    )
    assert "review-date.order" in [f.rule for f in review.check(swapped, PROJECT, DUE)]
