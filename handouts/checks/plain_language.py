"""Rule 2, plain language: medical terms explained or replaced, long sentences, passive paragraphs.

PEMAT items 3-5: everyday words; medical terms only to teach them, and then defined; active
voice. A term counts as explained when, where it first appears, the same sentence or the next
one explains it: "sham (a fake treatment)", "a trigger point, a tight spot", "called a trigger
point", "Sham means ...", "This is ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from handouts.checks import prose
from handouts.checks.findings import Finding, warning
from handouts.source.articles import Article
from handouts.source.check_settings import PlainLanguage

RULE = "plain-language"


@dataclass(frozen=True)
class Term:
    term: str
    plain: str
    pattern: re.Pattern[str]


@cache
def terms() -> tuple[Term, ...]:
    """The shipped list (handouts/checks/terms.yaml), longest spellings matched first."""
    text = resources.files("handouts.checks").joinpath("terms.yaml").read_text(encoding="utf-8")
    found = []
    for entry in yaml.safe_load(text):
        forms = sorted({entry["term"], *entry.get("forms", [])}, key=len, reverse=True)
        alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        found.append(
            Term(
                entry["term"],
                entry["plain"],
                re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE),
            )
        )
    return tuple(found)


_EXPLAINED_AFTER = re.compile(
    r"^\s*(\(|[,:–—]\s*(a|an|the|which|meaning|that is|or|also called|where)\b|-\s|"
    r"(is|are|means|mean|refers to|describes)\b|also (called|known as)\b)",
    re.IGNORECASE,
)
_EXPLAINED_BEFORE = re.compile(
    r"\b(called|known as|named|termed)\s+((a|an|the)\s+)?$", re.IGNORECASE
)
_EXPLAINS_PREVIOUS = re.compile(
    r"^(this|that|it|these|they|such an?|the word|the term)\s+((word|term)\s+)?"
    r"(is|are|means|mean|refers to|describes)\b",
    re.IGNORECASE,
)


def check(article: Article, settings: PlainLanguage) -> list[Finding]:
    blocks = prose.blocks(article)
    return [
        *_check_terms(article, blocks),
        *_check_sentences(article, blocks, settings),
        *_check_passive(article, blocks, settings),
    ]


def _check_terms(article: Article, blocks: list[prose.Block]) -> list[Finding]:
    found = []
    sentences = prose.sentence_of_blocks(blocks)
    for term in terms():
        first = _first_use(term, sentences)
        if first is None:
            continue
        index, match = first
        block, sentence = sentences[index]
        following = sentences[index + 1][1] if index + 1 < len(sentences) else ""
        if explained(match, sentence, following, term):
            continue
        found.append(
            warning(
                f"{RULE}.term",
                f"'{match.group(0)}' is a medical term, not explained where it first appears",
                f"Say '{term.plain}' instead, or explain it there, e.g. "
                f"'{match.group(0)} ({term.plain})'.",
                article.source,
                block.line,
                block.field,
            )
        )
    return found


def _first_use(
    term: Term, sentences: list[tuple[prose.Block, str]]
) -> tuple[int, re.Match[str]] | None:
    for index, (_, sentence) in enumerate(sentences):
        match = term.pattern.search(sentence)
        if match:
            return index, match
    return None


def explained(match: re.Match[str], sentence: str, following: str, term: Term) -> bool:
    """Whether the words around a term's first use explain it."""
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _EXPLAINED_AFTER.match(after) or _EXPLAINED_BEFORE.search(before):
        return True
    starts_with_term = term.pattern.match(following)
    if starts_with_term and re.match(
        r"\s+(is|are|means|mean)\b", following[starts_with_term.end() :]
    ):
        return True
    return bool(_EXPLAINS_PREVIOUS.match(following))


def _check_sentences(
    article: Article, blocks: list[prose.Block], settings: PlainLanguage
) -> list[Finding]:
    found = []
    for block, sentence in prose.sentence_of_blocks(blocks):
        length = len(prose.words(sentence))
        if length > settings.sentence_words:
            found.append(
                warning(
                    f"{RULE}.long-sentence",
                    f"a sentence of {length} words (more than {settings.sentence_words}): "
                    f"“{_opening(sentence)}”",
                    "Split it into two or three shorter sentences, one idea each.",
                    article.source,
                    block.line,
                    block.field,
                )
            )
    return found


_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)"
_IRREGULAR = (
    "known|seen|given|taken|done|made|found|shown|put|kept|felt|held|told|thought|written|"
    "split|hurt|set|left|led|broken|chosen|drawn|driven|paid|sold|sent|spent|brought|bought|"
    "caught|taught|worn|torn|born|cut|hit|shut|spread|stuck|understood|asked|said|run|meant"
)
# Past participles that are usually adjectives after "be": "you may be tired".
_ADJECTIVAL = {
    "tired",
    "worried",
    "scared",
    "interested",
    "bored",
    "pleased",
    "excited",
    "concerned",
    "surprised",
    "relaxed",
    "supposed",
    "used",
    "married",
    "aged",
    "prepared",
    "qualified",
    "allowed",
    "licensed",
    "registered",
    "skilled",
}
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:(?:\w+ly|not|also|often|still|then|usually|rarely|never)\s+)*"
    rf"(\w+ed|{_IRREGULAR})\b",
    re.IGNORECASE,
)


def is_passive(sentence: str) -> bool:
    return any(m.group(1).lower() not in _ADJECTIVAL for m in _PASSIVE.finditer(sentence))


def _check_passive(
    article: Article, blocks: list[prose.Block], settings: PlainLanguage
) -> list[Finding]:
    found = []
    for block in blocks:
        if block.kind != "paragraph":
            continue
        sentences = prose.sentences(block.text)
        passive = [s for s in sentences if is_passive(s)]
        if len(passive) >= 2 and len(passive) / len(sentences) > settings.passive_share:
            found.append(
                warning(
                    f"{RULE}.passive",
                    f"{len(passive)} of this paragraph's {len(sentences)} sentences are in the "
                    f"passive voice, e.g. “{_opening(passive[0])}”",
                    "Say who does what: 'your physio puts a needle in', not 'a needle is put in'.",
                    article.source,
                    block.line,
                    block.field,
                )
            )
    return found


def _opening(sentence: str, words: int = 10) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
