"""Rule 1, reading level: Flesch-Kincaid grade and SMOG per article, with the hardest paragraphs.

Formulas (both give a US school grade; grade 8 is a reader of about 13 to 14):

- Flesch-Kincaid grade (Kincaid et al. 1975):
  0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
- SMOG (McLaughlin 1969, as a formula): 1.0430 × √(polysyllables × 30 ÷ sentences) + 3.1291,
  where a polysyllable is a word of three syllables or more. SMOG was normed on 30 sentences;
  below 10 it says little, so shorter texts are measured with Flesch-Kincaid only.

The same text gives different grades (SMOG ran 3 grades above Flesch-Kincaid on 148 leaflets,
Grabeel et al. 2018), so each formula has its own limit in `checks.yaml`; both default to the
target grade, 8 (NIH: below 8th grade; AMA: 6th). Text is everything the leaflet prints from the
article except the references; headings, list items and key points each count as a sentence.
Syllables are counted offline by spelling rules (`syllables.py`); only English is measured.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from handouts.checks import prose, syllables
from handouts.checks.findings import Finding, error, warning
from handouts.source.articles import Article
from handouts.source.check_settings import Reading, grade_limits

RULE = "reading-level"
SMOG_MIN_SENTENCES = 10
PARAGRAPH_MIN_WORDS = 12


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int
    syllables: int
    polysyllables: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )


def count(texts: Iterable[str]) -> Counts:
    """Sentences, words, syllables and words of 3+ syllables in texts (each at least a sentence)."""
    total = Counts(0, 0, 0, 0)
    for text in texts:
        for sentence in prose.sentences(text):
            per_word = [syllables.count(w) for w in prose.words(sentence)]
            if per_word:
                total += Counts(1, len(per_word), sum(per_word), sum(n >= 3 for n in per_word))
    return total


def flesch_kincaid(c: Counts) -> float:
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def smog(c: Counts) -> float:
    return 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def grades(c: Counts) -> dict[str, float]:
    """Grade per formula; SMOG only for 10 sentences or more."""
    if not c.words:
        return {}
    found = {"Flesch-Kincaid": flesch_kincaid(c)}
    if c.sentences >= SMOG_MIN_SENTENCES:
        found["SMOG"] = smog(c)
    return found


def is_english(article: Article) -> bool:
    return article.language.split("-")[0] == "en"


def measure(article: Article) -> dict[str, float]:
    """Grades of everything the leaflet prints from the article."""
    return grades(count(b.text for b in prose.blocks(article)))


def check(article: Article, targets: dict[str, Reading]) -> list[Finding]:
    """`targets`: the reading settings in force, keyed by who set them ("" for the project)."""
    if not is_english(article):
        return [
            warning(
                f"{RULE}.language",
                f"reading level is not measured for language '{article.language}': "
                "Flesch-Kincaid and SMOG are English formulas",
                "Have a native speaker check that the text is easy to read.",
                article.source,
                prose.front_matter(article.source).line_of(("language",)),
                "language",
            )
        ]
    blocks = prose.blocks(article)
    measured = grades(count(b.text for b in blocks))
    findings = []
    for who, reading in targets.items():
        for formula, limit in grade_limits(reading).items():
            grade = measured.get(formula)
            if grade is None or grade <= limit:
                continue
            for_whom = f" for {who}" if who else ""
            findings.append(
                error(
                    f"{RULE}.grade",
                    f"reads at grade {grade:.1f} by {formula}; the target{for_whom} is {limit:g}. "
                    f"Hardest paragraphs: {hardest(blocks, reading.worst_paragraphs, limit)}",
                    "Use shorter sentences and everyday words, starting with the paragraphs named.",
                    article.source,
                    article.body_line,
                    "body",
                )
            )
    return findings


def hardest(blocks: list[prose.Block], how_many: int, limit: float) -> str:
    """The paragraphs (and lists) with the highest Flesch-Kincaid grade, as 'line N (grade G)'.

    Only those above `limit` are named, unless none is (then the hardest ones are).
    """
    scored = []
    for unit in paragraphs(blocks):
        c = count(b.text for b in unit)
        if c.words >= PARAGRAPH_MIN_WORDS:
            scored.append((flesch_kincaid(c), unit[0].line))
    scored.sort(key=lambda item: -item[0])
    scored = [item for item in scored if item[0] > limit] or scored
    return ", ".join(f"line {line} (grade {grade:.1f})" for grade, line in scored[:how_many])


def paragraphs(blocks: list[prose.Block]) -> list[list[prose.Block]]:
    """Paragraphs alone; the items of one list, or all key points, together."""
    units: list[list[prose.Block]] = []
    for block in blocks:
        if block.kind in ("title", "heading"):
            continue
        previous = units[-1][-1] if units else None
        together = previous is not None and (
            (block.kind == "item" and previous.kind == "item" and block.list_id == previous.list_id)
            or (block.kind == previous.kind and block.kind in ("key point", "box"))
        )
        if together:
            units[-1].append(block)
        else:
            units.append([block])
    return units
