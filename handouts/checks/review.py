"""Rule 6, review dates: nothing is printed past its next review; a warning as the date nears."""

from __future__ import annotations

import datetime as dt

from handouts.checks import prose
from handouts.checks.findings import Finding, error, warning
from handouts.source.articles import Article
from handouts.source.check_settings import Review

RULE = "review-date"


def check(article: Article, targets: dict[str, Review], today: dt.date) -> list[Finding]:
    """`targets`: the review settings in force, keyed by who set them ("" for the project)."""
    located = prose.front_matter(article.source)
    due = article.next_review
    found = []
    if article.reviewed > today:
        found.append(
            error(
                f"{RULE}.reviewed-in-future",
                f"reviewed date {article.reviewed.isoformat()} is after today "
                f"({today.isoformat()})",
                "Correct reviewed: to the day the review was done.",
                article.source,
                located.line_of(("reviewed",)),
                "reviewed",
            )
        )
    if due <= article.reviewed:
        found.append(
            error(
                f"{RULE}.order",
                f"next review {due.isoformat()} is not after the last review "
                f"{article.reviewed.isoformat()}",
                "Set next_review: to a later date, usually a year or two after reviewed:.",
                article.source,
                located.line_of(("next_review",)),
                "next_review",
            )
        )
    line = located.line_of(("next_review",))
    if due < today:
        found.append(
            error(
                f"{RULE}.overdue",
                f"the article was due for review on {due.isoformat()}, "
                f"{(today - due).days} day(s) ago; it may no longer match the evidence",
                "Have a clinician review the article, then update reviewed: and next_review:.",
                article.source,
                line,
                "next_review",
            )
        )
        return found
    who, review = max(targets.items(), key=lambda item: item[1].warning_days)
    days = (due - today).days
    if days <= review.warning_days:
        for_whom = f" ({who} warns {review.warning_days} days ahead)" if who else ""
        found.append(
            warning(
                f"{RULE}.due-soon",
                f"the article is due for review in {days} day(s), on {due.isoformat()}{for_whom}",
                "Book the clinical review now so that leaflets printed after that date are "
                "still in date.",
                article.source,
                line,
                "next_review",
            )
        )
    return found
