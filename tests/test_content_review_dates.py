"""The shipped articles' review dates, against the real calendar: a warning, never a failure.

The rest of the suite and CI's `handouts check --strict` look at review dates as of a fixed
day (the day the shipped content was last reviewed), so they never start failing on a date.
This test is the reminder: it warns when a shipped article is due for review within the
checks' warning period (60 days), so that the clinical review is booked in time.
"""

from __future__ import annotations

import datetime as dt
import warnings

from typer.testing import CliRunner

from handouts.cli import app
from handouts.source.articles import article_files, read_article
from handouts.source.check_settings import Review
from handouts.source.project import library_dir

from .conftest import REPO


class ReviewDueSoon(UserWarning):
    """A shipped article reaches its next review date soon (or has passed it)."""


def due_soon(today: dt.date, within: int) -> list[str]:
    """One message per shipped article whose next review is at most `within` days away."""
    messages = []
    for name, path in sorted(article_files(library_dir()).items()):
        article = read_article(path, name)
        days = (article.next_review - today).days
        if days <= within:
            when = f"in {days} day(s)" if days >= 0 else f"{-days} day(s) ago"
            messages.append(
                f"{name}: next review {article.next_review.isoformat()} is {when}; book the "
                "clinical review and update reviewed: and next_review:"
            )
    return messages


def test_shipped_articles_are_not_near_their_review_date() -> None:
    articles = article_files(library_dir())
    assert articles, "no shipped articles found"
    for message in due_soon(dt.date.today(), Review().warning_days):
        warnings.warn(message, ReviewDueSoon, stacklevel=1)


def test_the_reminder_names_each_article_due_and_only_those() -> None:
    dates = {
        name: read_article(path, name).next_review
        for name, path in article_files(library_dir()).items()
    }
    first = min(dates.values())
    assert due_soon(first - dt.timedelta(days=61), 60) == []
    near = due_soon(first - dt.timedelta(days=60), 60)
    assert len(near) == sum(d == first for d in dates.values())
    assert all("is in 60 day(s)" in message for message in near)
    late = due_soon(max(dates.values()) + dt.timedelta(days=3), 60)
    assert len(late) == len(dates) and all("day(s) ago" in m for m in late)


def test_ci_checks_review_dates_as_of_the_last_review_not_today() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    checks = [
        line for line in script.splitlines() if "handouts check" in line and "echo" not in line
    ]
    assert checks and all('--strict --as-of "$as_of"' in line for line in checks), checks
    latest = max(
        read_article(path, name).reviewed for name, path in article_files(library_dir()).items()
    )
    command = ["check", "--data", str(REPO / "data"), "--strict", "--no-layout", "--format", "json"]
    result = CliRunner().invoke(app, [*command, "--as-of", latest.isoformat()])
    assert result.exit_code == 0, result.output
    years_later = (latest + dt.timedelta(days=3 * 365)).isoformat()
    result = CliRunner().invoke(app, [*command, "--as-of", years_later])
    assert result.exit_code == 1 and "review-date.overdue" in result.output
