"""Run the checks over a selection: load what loads, report what does not, then apply each rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from handouts.checks import (
    brand,
    layout,
    plain_language,
    readability,
    references,
    review,
    safety,
    structure,
)
from handouts.checks.findings import Finding, errors, sort_key
from handouts.design.layouts import select_layouts
from handouts.errors import CheckFailed, ConfigError, Problem, SelectionError
from handouts.render.jobs import Job, Selection
from handouts.source.articles import Article, article_files, matches, read_article
from handouts.source.check_settings import CheckSettings, for_clinic, load_settings
from handouts.source.clinics import Clinic, clinic_files, load_clinic
from handouts.source.project import Project

T = TypeVar("T", bound=Hashable)


@dataclass
class Report:
    """What `handouts check` found, and what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    grades: dict[str, dict[str, float]] = field(default_factory=dict)  # article id → grades
    articles: list[Article] = field(default_factory=list)
    clinics: list[Clinic] = field(default_factory=list)
    settings: CheckSettings = field(default_factory=CheckSettings)


def today() -> dt.date:
    """The date review dates are checked against (tests pin it)."""
    return dt.date.today()


def run(
    project: Project,
    selection: Selection,
    *,
    with_layout: bool = True,
    as_of: dt.date | None = None,
) -> Report:
    """Every check over the selected clinics × articles (× layouts, unless `with_layout` is off)."""
    layouts = select_layouts(selection.layouts)
    settings = load_settings(project.data_dir)
    report = Report(settings=settings)
    report.clinics = _load_clinics(project, selection, report.findings)
    report.articles = _load_articles(project, selection, report.findings)
    report.findings += fast(report.clinics, report.articles, settings, as_of or today())
    report.grades = {
        a.id: readability.measure(a) for a in report.articles if readability.is_english(a)
    }
    if with_layout:
        unreadable = {f.file for f in report.findings if f.rule == "references.unknown"}
        jobs = [
            Job(c, a, lay)
            for c in report.clinics
            for a in report.articles
            if a.source not in unreadable
            for lay in layouts
        ]
        report.findings += layout.check(jobs, project)
    report.findings.sort(key=sort_key)
    return report


def fast(
    clinics: list[Clinic], articles: list[Article], settings: CheckSettings, on: dt.date
) -> list[Finding]:
    """Every rule except layout: what `handouts build` runs before it renders anything."""
    per_clinic = {c.id: for_clinic(settings, c.checks) for c in clinics}
    reading = _targets(per_clinic, settings, lambda s: s.reading)
    reviews = _targets(per_clinic, settings, lambda s: s.review)
    found: list[Finding] = []
    for article in articles:
        found += readability.check(article, reading)
        found += plain_language.check(article, settings.plain_language)
        found += structure.check(article, settings.structure)
        found += safety.check(article)
        found += references.check(article)
        found += review.check(article, reviews, on)
    for clinic in clinics:
        found += brand.check(clinic, per_clinic[clinic.id].branding)
    return found


def gate(project: Project, jobs: list[Job]) -> None:
    """Refuse a build whose clinics or articles fail a check (layout is the build's own)."""
    clinics = list({job.clinic.id: job.clinic for job in jobs}.values())
    articles = list({job.article.id: job.article for job in jobs}.values())
    found = errors(fast(clinics, articles, load_settings(project.data_dir), today()))
    if found:
        found.sort(key=sort_key)
        raise CheckFailed([f.as_problem() for f in found])


def _targets(
    per_clinic: dict[str, CheckSettings],
    settings: CheckSettings,
    part: Callable[[CheckSettings], T],
) -> dict[str, T]:
    """One part of the settings per distinct value in force, keyed by who set it."""
    groups: dict[T, list[str]] = {}
    for clinic_id, own in per_clinic.items():
        groups.setdefault(part(own), []).append(clinic_id)
    if not groups:
        return {"": part(settings)}
    return {
        ("" if value == part(settings) else "clinic " + ", ".join(ids)): value
        for value, ids in groups.items()
    }


def _load_clinics(project: Project, selection: Selection, found: list[Finding]) -> list[Clinic]:
    files = [
        p
        for p in clinic_files(project.clinics_dir)
        if not selection.clinics or p.stem in selection.clinics
    ]
    if not files:
        raise SelectionError(
            Problem(
                f"no clinic matches {selection.clinics or 'anything'} in {project.clinics_dir}",
                field="--clinic",
            )
        )
    clinics = []
    for path in files:
        try:
            clinics.append(load_clinic(path))
        except ConfigError as exc:
            found += [_file_finding(p, clinic=True) for p in exc.problems]
    return clinics


def _load_articles(project: Project, selection: Selection, found: list[Finding]) -> list[Article]:
    files = {
        i: p
        for i, p in article_files(project.articles_dir).items()
        if matches(i, selection.articles)
    }
    if not files:
        raise SelectionError(
            Problem(
                f"no article matches {selection.articles or 'anything'} in {project.articles_dir}",
                field="--article",
            )
        )
    articles = []
    for article_id, path in files.items():
        try:
            articles.append(read_article(path, article_id))
        except ConfigError as exc:
            found += [_file_finding(p, clinic=False) for p in exc.problems]
    return articles


# Schema problems in a clinic file that belong to a branding rule (rule 7), by field.
_BRANDING_FIELDS = {
    "fonts": "branding.fonts",
    "contact.phone": "branding.contact",
    "contact.email": "branding.contact",
    "emergency_number": "branding.contact",
    "booking_url": "branding.booking-url",
    "logo": "branding.logo",
    "colors": "branding.colours",
}
_FIXES = {
    "branding.fonts": "Name a font family that an installed fontpkg package provides "
    "(`handouts list` shows the clinics that load), or add its package.",
    "branding.contact": "Write the phone number in quotes with its area code, e.g. "
    '"0117 496 0321", and the email as name@clinic.com.',
}


def _file_finding(problem: Problem, clinic: bool) -> Finding:
    rule = "clinic-file" if clinic else "article-file"
    if clinic and problem.field:
        rule = next(
            (
                r
                for prefix, r in _BRANDING_FIELDS.items()
                if problem.field == prefix or problem.field.startswith(prefix + ".")
            ),
            rule,
        )
    fix = _FIXES.get(
        rule, "Correct the field as the message says; the README lists every field of the file."
    )
    return Finding(rule, "error", problem.message, fix, problem.file, problem.line, problem.field)
