"""Rule 3, structure: the PEMAT items a program can check (headings, sections, steps, you, action).

PEMAT-P items used: 8 short "chunked" sections, 9 informative headings, 11 a summary (the key
points), 20 at least one clear action, 21 speaks to the reader as "you", 22 actions as explicit
steps. Every finding here is a warning: they need a person's judgement, which `--strict` asks for.
"""

from __future__ import annotations

import re

from handouts.checks import prose
from handouts.checks.findings import Finding, warning
from handouts.source.articles import Article
from handouts.source.check_settings import Structure

RULE = "structure"

_GENERIC_HEADINGS = {
    "introduction",
    "intro",
    "background",
    "overview",
    "information",
    "more information",
    "general information",
    "details",
    "other",
    "others",
    "miscellaneous",
    "misc",
    "notes",
    "general",
    "discussion",
    "conclusion",
    "conclusions",
    "results",
    "methods",
    "abstract",
    "contents",
    "text",
    "untitled",
    "heading",
    "title",
    "info",
    "about",
    "faq",
    "faqs",
}
_NUMBERED_HEADING = re.compile(r"^(section|part|chapter|step)\s+\d+$", re.IGNORECASE)
_SEQUENCE = re.compile(
    r"\b(first(ly)?|second(ly)?|third(ly)?|then|after that|afterwards|"
    r"finally|lastly|step \d+)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
_ACTION_VERBS = (
    "ask|call|phone|ring|tell|talk|speak|write|keep|take|bring|drink|avoid|read|book|go|use|stop|"
    "skip|check|make|do|don't|do not|rest|follow|contact|get|try|see|note|plan|seek|put|let|wait|"
    "move|walk|apply|wear|eat|come|give|say|find|look|visit|remember|scan|start|choose|"
    "email|text|sit|lie|stretch|ice|return"
)
_ACTION = re.compile(
    rf"^(please\s+)?({_ACTION_VERBS})\b|\byou (can|should|could|may want to|need to|must)\s+\w+",
    re.IGNORECASE,
)


def check(article: Article, settings: Structure) -> list[Finding]:
    return [
        *_headings(article, settings),
        *_steps(article),
        *_you(article, settings),
        *_key_points(article, settings),
        *_action(article),
    ]


def _headings(article: Article, settings: Structure) -> list[Finding]:
    found = []
    for section in prose.sections(article):
        heading = section.heading
        if heading is not None and _is_generic(heading.text):
            found.append(
                warning(
                    f"{RULE}.heading",
                    f"the heading “{heading.text}” does not say what the section tells the reader",
                    "Use a heading that gives the point, e.g. 'What to expect after needling'.",
                    article.source,
                    heading.line,
                    "body",
                )
            )
        length = len(prose.words(section.text))
        if length > settings.section_words:
            where = heading or section.blocks[0]
            what = f"the section “{heading.text}”" if heading else "the text before any heading"
            found.append(
                warning(
                    f"{RULE}.section-length",
                    f"{what} is {length} words long (more than {settings.section_words})",
                    "Split it under two headings, or cut what the reader does not need.",
                    article.source,
                    where.line,
                    "body",
                )
            )
    return found


def _is_generic(heading: str) -> bool:
    text = heading.strip().rstrip(":.?!").lower()
    return text in _GENERIC_HEADINGS or bool(_NUMBERED_HEADING.match(text))


def _steps(article: Article) -> list[Finding]:
    found = []
    for block in prose.body_blocks(article):
        if block.kind != "paragraph":
            continue
        markers = {m.group(1).lower() for m in _SEQUENCE.finditer(block.text)}
        if len(markers) >= 2:
            found.append(
                warning(
                    f"{RULE}.steps",
                    f"this paragraph gives steps in running text ({', '.join(sorted(markers))})",
                    "Put the steps in a numbered list, one action per line.",
                    article.source,
                    block.line,
                    "body",
                )
            )
    return found


def _you(article: Article, settings: Structure) -> list[Finding]:
    sentences = [s for _, s in prose.sentence_of_blocks(prose.body_blocks(article))]
    if not sentences:
        return []
    share = sum(bool(_YOU.search(s)) for s in sentences) / len(sentences)
    if share >= settings.you_share:
        return []
    return [
        warning(
            f"{RULE}.you",
            f"only {share:.0%} of the sentences speak to the reader as 'you' "
            f"(at least {settings.you_share:.0%} expected)",
            "Write to the patient: 'you may feel sore', not 'patients may feel sore'.",
            article.source,
            article.body_line,
            "body",
        )
    ]


def _key_points(article: Article, settings: Structure) -> list[Finding]:
    count = len(article.key_points)
    if settings.key_points_min <= count <= settings.key_points_max:
        return []
    line = prose.front_matter(article.source).line_of(("key_points",))
    return [
        warning(
            f"{RULE}.key-points",
            f"{count} key point(s); a summary reads best with {settings.key_points_min} to "
            f"{settings.key_points_max}",
            "Give the main messages as key points, the most important first.",
            article.source,
            line,
            "key_points",
        )
    ]


def _action(article: Article) -> list[Finding]:
    for _, sentence in prose.sentence_of_blocks(prose.blocks(article)):
        if _ACTION.search(sentence):
            return []
    return [
        warning(
            f"{RULE}.action",
            "the leaflet never tells the reader what to do",
            "Add at least one clear action, e.g. 'Ask your physio …' or 'Call the clinic if …'.",
            article.source,
            article.body_line,
            "body",
        )
    ]
