"""Rule 4, safety content: red flags in safety and aftercare leaflets; cited effects in benefits.

An article's kind is its `kind:` field, or else its file name (safety.md, aftercare.md,
benefits.md). A red-flag section is the `get_help` box, which the templates print with the
clinic's emergency number, or a body heading such as "When to get help" or "Warning signs".
"""

from __future__ import annotations

import re

from handouts.checks import prose
from handouts.checks.findings import Finding, error
from handouts.source.articles import Article

RULE = "safety"
KINDS = ("benefits", "safety", "aftercare")

_RED_FLAG_HEADING = re.compile(
    r"\b(red flags?|warning signs?|danger signs?|get (urgent |emergency |medical )?help|"
    r"seek help|emergency|when to (call|get|seek|contact))\b",
    re.IGNORECASE,
)
# Words that say what a treatment does to the body or to pain: these need evidence.
_EFFECT = re.compile(
    r"\b(ease[sd]?|easing|eased|reduc(e|es|ed|ing)|reliev(e|es|ed|ing)|relief|improv(e|es|ed|"
    r"ing|ement)|help(s|ed)?|work(s|ed)?|benefits?|beneficial|effective|effects?|gains?|"
    r"better|worse|heal(s|ed|ing)?|recover(s|ed|y)?|cure[sd]?|faster|lower(s|ed)?|"
    r"boost(s|ed)?|releas(e|es|ed)|restor(e|es|ed)|prevent(s|ed)?)\b",
    re.IGNORECASE,
)


def kind(article: Article) -> str:
    """benefits, safety, aftercare or general."""
    if article.kind:
        return article.kind
    stem = article.source.stem
    return stem if stem in KINDS else "general"


def check(article: Article) -> list[Finding]:
    leaflet = kind(article)
    if leaflet in ("safety", "aftercare"):
        return _red_flags(article, leaflet)
    if leaflet == "benefits":
        return _cited_effects(article)
    return []


def _red_flags(article: Article, leaflet: str) -> list[Finding]:
    if article.get_help is not None:
        return []
    if any(s.heading and _RED_FLAG_HEADING.search(s.heading.text) for s in prose.sections(article)):
        return []
    return [
        error(
            f"{RULE}.red-flags",
            f"this {leaflet} leaflet has no red-flag section telling the reader when to get help",
            "Add a get_help: box to the front matter (urgent signs, and signs to call the clinic "
            "about), as in data/articles/dry-needling/safety.md.",
            article.source,
            1,
            "get_help",
        )
    ]


def _cited_effects(article: Article) -> list[Finding]:
    found = []
    for section in prose.sections(article):
        if any(block.cited for block in section.blocks):
            continue
        claim = _first_effect(section)
        if claim is None:
            continue
        block, sentence = claim
        title = f"the section “{section.heading.text}”" if section.heading else "the opening"
        found.append(
            error(
                f"{RULE}.uncited-effect",
                f"{title} describes an effect but cites no study: “{sentence}”",
                "Cite the study it comes from, e.g. [@kietrys2013], or take the claim out.",
                article.source,
                block.line,
                "body",
            )
        )
    return found


def _first_effect(section: prose.Section) -> tuple[prose.Block, str] | None:
    """The first statement (not a question) that says what the treatment does."""
    for block, sentence in prose.sentence_of_blocks(list(section.blocks)):
        if not sentence.rstrip().endswith("?") and _EFFECT.search(sentence):
            return block, sentence
    return None
