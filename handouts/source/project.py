"""Where things live: the project file, its data and output folders, the shipped library,
templates and styles."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from handouts import guard, limits
from handouts.errors import ConfigError, HandoutsError, Problem

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # handouts/
PROJECT_FILE = "handouts.toml"
SHIPPED = "shipped"
OWN = "project"


class NoProject(HandoutsError):
    """No project file above the current folder, and no --data given."""

    exit_code = 2


def _shipped(name: str) -> Path:
    """Templates and styles: beside the package in a checkout, inside it in a wheel."""
    bundled = PACKAGE_DIR / "_assets" / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


def library_dir() -> Path:
    """The articles installed with handouts (package data, versioned with it)."""
    return Path(str(files("handouts").joinpath("library")))


@dataclass(frozen=True)
class Defaults:
    """What a project file may set for every command (the command line still wins)."""

    clinic: str | None = None  # the aftercare sheet's clinic when --clinic is not given
    profiles: tuple[str, ...] = ()  # build's --for
    executor: str | None = None  # build's --executor: local or dask
    scheduler: str | None = None  # build's --scheduler, after $HANDOUTS_DASK_SCHEDULER


@dataclass(frozen=True)
class Project:
    """The folders one build reads from and writes to."""

    data_dir: Path
    out_dir: Path
    templates_dir: Path = _shipped("templates")
    styles_dir: Path = _shipped("styles")
    library_dir: Path | None = field(default_factory=library_dir)
    defaults: Defaults = Defaults()
    file: Path | None = None  # the project file, when there is one

    @classmethod
    def at(cls, data_dir: Path | str = "data", out_dir: Path | str = "out") -> Project:
        return cls(Path(data_dir).resolve(), Path(out_dir).resolve())

    @property
    def clinics_dir(self) -> Path:
        return self.data_dir / "clinics"

    @property
    def articles_dir(self) -> Path:
        """The project's own articles (they override shipped ones with the same id)."""
        return self.data_dir / "articles"

    def article_roots(self) -> tuple[tuple[str, Path], ...]:
        """Where articles come from, lowest priority first: the shipped library, the project."""
        shipped = ((SHIPPED, self.library_dir),) if self.library_dir else ()
        return (*shipped, (OWN, self.articles_dir))

    def article_folders(self) -> tuple[Path, ...]:
        return tuple(folder for _, folder in self.article_roots())

    def article_origin(self, path: Path) -> str:
        """`shipped` or `project`: where an article file comes from."""
        for origin, folder in reversed(self.article_roots()):
            if path.resolve().is_relative_to(folder.resolve()):
                return origin
        return OWN

    def where_articles(self) -> str:
        """The article folders, for messages."""
        return " and ".join(str(folder) for folder in self.article_folders())

    @property
    def aftercare_dir(self) -> Path:
        return self.out_dir / "aftercare"

    def asset_roots(self) -> tuple[Path, ...]:
        """Folders WeasyPrint may read from (fonts are added by the fetcher)."""
        library = (self.library_dir,) if self.library_dir else ()
        return (self.templates_dir, self.styles_dir, self.data_dir, *library)


def find_project_file(start: Path) -> Path | None:
    """The nearest `handouts.toml` in `start` or a folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def load_project(path: Path) -> Project:
    """Read a project file; its folders are relative to the file's own folder."""
    try:
        raw = tomllib.loads(guard.read_text(path, limits.SETTINGS, [path.parent]))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(str(exc), file=path)) from None
    base = path.parent.resolve()
    data = _string(raw, "data", path, "data")
    out = _string(raw, "out", path, "out")
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(Problem("expected a [defaults] table", file=path, field="defaults"))
    unknown = sorted(set(raw) - {"data", "out", "shipped_articles", "defaults"}) + sorted(
        f"defaults.{k}" for k in set(defaults) - {"clinic", "for", "executor", "scheduler"}
    )
    if unknown:
        raise ConfigError(
            Problem(
                "unknown setting (expected data, out, shipped_articles, [defaults] clinic, for, "
                "executor, scheduler)",
                file=path,
                field=unknown[0],
            )
        )
    clinic = defaults.get("clinic")
    if clinic is not None and not isinstance(clinic, str):
        raise ConfigError(Problem("expected a clinic id", file=path, field="defaults.clinic"))
    profiles = defaults.get("for", [])
    if not isinstance(profiles, list) or not all(isinstance(p, str) for p in profiles):
        raise ConfigError(
            Problem("expected a list of profile names", file=path, field="defaults.for")
        )
    executor, scheduler = defaults.get("executor"), defaults.get("scheduler")
    if executor not in (None, "local", "dask"):
        raise ConfigError(Problem("expected local or dask", file=path, field="defaults.executor"))
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise ConfigError(
            Problem(
                "expected a scheduler address, e.g. tcp://HOST:8786",
                file=path,
                field="defaults.scheduler",
            )
        )
    shipped = raw.get("shipped_articles", True)
    if not isinstance(shipped, bool):
        raise ConfigError(Problem("expected true or false", file=path, field="shipped_articles"))
    return Project(
        (base / data).resolve(),
        (base / out).resolve(),
        library_dir=library_dir() if shipped else None,
        defaults=Defaults(clinic, tuple(profiles), executor, scheduler),
        file=path.resolve(),
    )


def _string(raw: dict[str, Any], key: str, path: Path, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value:
        raise ConfigError(Problem("expected a folder name", file=path, field=key))
    return value


def resolve(data: Path | None, out: Path | None, cwd: Path | None = None) -> Project:
    """The project a command works on: --data/--out if given, else the nearest project file."""
    here = (cwd or Path.cwd()).resolve()
    found = find_project_file(here)
    if found is None:
        if data is None:
            raise NoProject(
                Problem(
                    f"no {PROJECT_FILE} in {here} or any folder above it; "
                    "run `handouts init` to start a project, or pass --data"
                )
            )
        return Project.at(data, out or Path("out"))
    project = load_project(found)
    return Project(
        data.resolve() if data else project.data_dir,
        out.resolve() if out else project.out_dir,
        library_dir=project.library_dir,
        defaults=project.defaults,
        file=project.file,
    )
