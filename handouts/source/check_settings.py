"""Check settings: every threshold declared once, with its default (`data/checks.yaml` overrides).

A clinic may tighten what its audience needs in an optional `checks:` section of its own file
(`ClinicChecks`); everything else is the same for the whole project.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import limits
from handouts.errors import ConfigError
from handouts.source import schema
from handouts.source.schema import spec
from handouts.source.yamlfile import load_file

SETTINGS_FILE = "checks.yaml"


def _part(cls: type, doc: str) -> dict[str, Any]:
    """Metadata that makes a field an optional nested mapping read into `cls`."""
    return {"section": cls, "doc": doc}


@dataclass(frozen=True)
class Reading:
    grade: float = spec(
        schema.number(1, 18),
        "Target US school grade for both formulas (AMA advises 6, NIH below 8).",
        default=8.0,
    )
    flesch_kincaid_max: float | None = spec(
        schema.number(1, 18), "Highest Flesch-Kincaid grade; defaults to `grade`.", default=None
    )
    smog_max: float | None = spec(
        schema.number(1, 18), "Highest SMOG grade; defaults to `grade`.", default=None
    )
    worst_paragraphs: int = spec(
        schema.integer(1, 10), "How many of the hardest paragraphs a finding names.", default=3
    )


@dataclass(frozen=True)
class PlainLanguage:
    sentence_words: int = spec(schema.integer(8, 60), "Longest sentence, in words.", default=25)
    passive_share: float = spec(
        schema.number(0, 1),
        "Largest share of passive sentences in a paragraph (of 2 or "
        "more passive ones); PEMAT counts active voice met at ~80%.",
        default=0.34,
    )


@dataclass(frozen=True)
class Structure:
    section_words: int = spec(
        schema.integer(50, 1000), "Longest section under one heading, in words.", default=250
    )
    key_points_min: int = spec(schema.integer(1, 10), "Fewest key points.", default=3)
    key_points_max: int = spec(schema.integer(1, 10), "Most key points.", default=5)
    you_share: float = spec(
        schema.number(0, 1),
        "Smallest share of sentences that speak to the reader as 'you'.",
        default=0.15,
    )


@dataclass(frozen=True)
class Review:
    warning_days: int = spec(
        schema.integer(0, 730),
        "Warn this many days before an article's next review date.",
        default=60,
    )


@dataclass(frozen=True)
class Branding:
    contrast_text: float = spec(
        schema.number(1, 21), "Smallest contrast for normal text (WCAG AA 4.5:1).", default=4.5
    )
    contrast_large: float = spec(
        schema.number(1, 21),
        "Smallest contrast for large text, 18 pt or 14 pt bold (WCAG AA 3:1).",
        default=3.0,
    )
    logo_dpi: int = spec(
        schema.integer(72, 1200),
        "Fewest pixels per inch for a PNG logo at its printed size.",
        default=300,
    )


@dataclass(frozen=True)
class CheckSettings:
    """`data/checks.yaml`: every field optional; what is left out keeps its default.

    Each part is an optional nested mapping (read by `schema.read` like a clinic's sections).
    """

    reading: Reading = dataclasses.field(
        default_factory=Reading,
        metadata=_part(Reading, "Reading level (Flesch-Kincaid grade and SMOG)."),
    )
    plain_language: PlainLanguage = dataclasses.field(
        default_factory=PlainLanguage,
        metadata=_part(PlainLanguage, "Long sentences and passive voice."),
    )
    structure: Structure = dataclasses.field(
        default_factory=Structure,
        metadata=_part(Structure, "Headings, sections, key points, 'you'."),
    )
    review: Review = dataclasses.field(
        default_factory=Review, metadata=_part(Review, "Review dates.")
    )
    branding: Branding = dataclasses.field(
        default_factory=Branding, metadata=_part(Branding, "Colour contrast and logo resolution.")
    )


@dataclass(frozen=True)
class ClinicChecks:
    """A clinic's own `checks:` section: only what a clinic's audience may reasonably change."""

    reading_grade: float | None = spec(
        schema.number(1, 18), "Target reading grade for this clinic's leaflets.", default=None
    )
    contrast_text: float | None = spec(
        schema.number(4.5, 21),
        "Stricter text contrast, e.g. 7 (WCAG AAA) for older readers.",
        default=None,
    )
    review_warning_days: int | None = spec(
        schema.integer(0, 730), "Warn this many days before a review is due.", default=None
    )


def load_settings(data_dir: Path) -> CheckSettings:
    """Read `data/checks.yaml` if there is one; raise ConfigError listing every problem."""
    path = data_dir / SETTINGS_FILE
    if not path.is_file():
        return CheckSettings()
    located = load_file(path, limits.SETTINGS, data_dir, strict=False)
    if located.data is None:  # a file of comments only
        return CheckSettings()
    settings, problems = schema.read(CheckSettings, located)
    if settings is not None and settings.structure.key_points_min > (
        settings.structure.key_points_max
    ):
        problems.append(
            located.problem(("structure", "key_points_min"), "is more than key_points_max")
        )
    if problems or settings is None:
        raise ConfigError(problems)
    return settings


def for_clinic(settings: CheckSettings, overrides: ClinicChecks | None) -> CheckSettings:
    """The project's settings with one clinic's overrides laid over them."""
    if overrides is None:
        return settings
    replace = dataclasses.replace
    reading, branding, review = settings.reading, settings.branding, settings.review
    if overrides.reading_grade is not None:
        reading = replace(
            reading, grade=overrides.reading_grade, flesch_kincaid_max=None, smog_max=None
        )
    if overrides.contrast_text is not None:
        branding = replace(branding, contrast_text=overrides.contrast_text)
    if overrides.review_warning_days is not None:
        review = replace(review, warning_days=overrides.review_warning_days)
    return replace(settings, reading=reading, branding=branding, review=review)


def grade_limits(reading: Reading) -> dict[str, float]:
    """Highest grade allowed per formula."""
    return {
        "Flesch-Kincaid": reading.flesch_kincaid_max or reading.grade,
        "SMOG": reading.smog_max or reading.grade,
    }
