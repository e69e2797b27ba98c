"""Jobs: what `--clinic`, `--article`, `--layout` and `--for` select, one job per document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.design.layouts import Geometry, Layout, select_layouts
from handouts.design.profiles import PROFILES, Profile, select_profiles
from handouts.errors import Problem, SelectionError
from handouts.source.articles import Article, load_articles
from handouts.source.clinics import Clinic, load_clinics
from handouts.source.project import Project


@dataclass(frozen=True)
class Selection:
    """What `--clinic`, `--article`, `--layout` and `--for` asked for (empty means everything,
    and office for `--for`); `fit` is `--fit`."""

    clinics: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    fit: bool = False


@dataclass(frozen=True)
class Job:
    clinic: Clinic
    article: Article
    layout: Layout
    profile: Profile = PROFILES["office"]
    fit: bool = False

    @property
    def name(self) -> str:
        return f"{self.clinic.id}/{self.article.id}-{self.layout.name}{self.profile.suffix}"

    def output(self, project: Project) -> Path:
        return project.out_dir / f"{self.name}.pdf"

    @property
    def geometry(self) -> Geometry:
        """The pages: the layout's trim size and folds on the clinic's paper."""
        return self.layout.geometry(self.clinic.paper)

    @property
    def imposed(self) -> bool:
        """Booklets are imposed for paper; an email booklet keeps its pages in reading order."""
        return self.layout.impose is not None and self.profile.paper


def plan(project: Project, selection: Selection) -> list[Job]:
    """Load and validate every selected clinic and article; every problem is reported at once."""
    layouts = select_layouts(selection.layouts)
    profiles = select_profiles(selection.profiles)
    clinics = load_clinics(project.clinics_dir, selection.clinics)
    articles = load_articles(project.articles_dir, selection.articles)
    if not clinics:
        raise SelectionError(
            Problem(
                f"no clinic matches {selection.clinics or 'anything'} in {project.clinics_dir}",
                field="--clinic",
            )
        )
    if not articles:
        raise SelectionError(
            Problem(
                f"no article matches {selection.articles or 'anything'} in {project.articles_dir}",
                field="--article",
            )
        )
    return [
        Job(c, a, lay, p, selection.fit)
        for c in clinics
        for a in articles
        for lay in layouts
        for p in profiles
    ]


def stylesheets(layout: Layout, styles_dir: Path) -> tuple[Path, ...]:
    """A document's stylesheets: the shared sheet, then the layout's own."""
    return (styles_dir / "common.css", styles_dir / layout.stylesheet)
