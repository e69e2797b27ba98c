"""What each document is built from: the files, settings and tools whose change must rebuild it.

A document's *key* is one digest over:

- its article file and the images the article shows;
- its clinic file, the clinic's logo, the font files of the clinic's families and, for press
  files, the CMYK ICC profile;
- every template its layout can include, resolved through the clinic's overrides (found by
  reading the templates' `extends`/`include`/`import` tags, so a partial only the tri-fold
  includes does not rebuild flyers, and a clinic dropping in an override rebuilds its own);
- the stylesheets the layout uses;
- its options: the layout and every other field of the job (profile, --fit, …), the output's
  name and `SOURCE_DATE_EPOCH`;
- the toolchain: the source of this package and the versions of WeasyPrint and the other
  libraries that shape the output, including the installed font packages.

Files are named relative to the folder they come from (`data/…`, `templates/…`), so the key, and
the PDF identifier derived from it, are the same in any checkout. Each file is hashed once per
build, however many documents share it. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import jinja2
import jinja2.meta

from handouts import guard, limits
from handouts.design.colours import profile_roots
from handouts.design.profiles import output_for
from handouts.design.templates import clinic_environment
from handouts.errors import HandoutsError
from handouts.press.reproducible import EPOCH_VARIABLE
from handouts.render.jobs import Job
from handouts.source.articles import Article
from handouts.source.clinics import Clinic
from handouts.source.fonts import faces, font_roots
from handouts.source.markdown import image_paths
from handouts.source.project import PACKAGE_DIR, Project

FORMAT = 1

# Libraries whose version can change a PDF's bytes, besides the font packages.
TOOLCHAIN = (
    "weasyprint",
    "pydyf",
    "pypdf",
    "tinycss2",
    "tinyhtml5",
    "cssselect2",
    "fonttools",
    "pillow",
    "jinja2",
    "markdown-it-py",
    "segno",
    "babel",
    "fontpkg",
)


@dataclass(frozen=True)
class Inputs:
    """One document's key and the parts it was computed from (the tests look at those)."""

    key: str
    files: dict[str, str]  # label → sha256
    options: dict[str, str]


class Fingerprints:
    """Computes document keys for one build, hashing each file and template set only once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._hashes: dict[Path, str] = {}
        self._parts: dict[tuple[str, ...], dict[str, str]] = {}
        self.toolchain = toolchain()
        self.toolchain_digest = hashlib.sha256(json.dumps(self.toolchain).encode()).hexdigest()
        self.roots = (*project.asset_roots(), *font_roots(), *profile_roots())

    def inputs(self, job: Job, output: Path, stylesheets: tuple[Path, ...]) -> Inputs:
        files = {
            **self.clinic_files(job.clinic),
            **self.article_files(job.article),
            **self.template_files(job.clinic, job.layout.template),
            **self.files(stylesheets),
            **self.profile_files(job),
            **self.picture_files(job),
            **self.locale_files(job.clinic),
        }
        options = {
            field.name: repr(getattr(job, field.name))
            for field in fields(job)
            if field.name not in ("clinic", "article")
        }
        options["output"] = output.relative_to(self.project.out_dir).as_posix()
        options[EPOCH_VARIABLE] = os.environ.get(EPOCH_VARIABLE, "").strip()
        payload = [FORMAT, self.toolchain_digest, sorted(files.items()), sorted(options.items())]
        key = hashlib.sha256(json.dumps(payload).encode()).hexdigest()
        return Inputs(key, files, options)

    def clinic_files(self, clinic: Clinic) -> dict[str, str]:
        """The clinic file, its logo and its font files."""
        return self._part(
            ("clinic", str(clinic.source)),
            lambda: [
                clinic.source,
                clinic.logo,
                *(face.path for family in _families(clinic) for face in faces(family)),
            ],
        )

    def article_files(self, article: Article) -> dict[str, str]:
        """The article file and the images it shows."""
        return self._part(
            ("article", str(article.source)), lambda: [article.source, *image_paths(article)]
        )

    def profile_files(self, job: Job) -> dict[str, str]:
        """The CMYK ICC profile a press file names and converts its colours with."""

        def icc() -> list[Path]:
            try:
                found = output_for(job.profile, job.clinic).icc
            except HandoutsError:
                return []  # no profile installed: the render says so
            return [found] if found else []

        return self._part(("profile", job.profile.name, str(job.clinic.source)), icc)

    def picture_files(self, job: Job) -> dict[str, str]:
        """The icons (any template may show any of them) and the article's illustration."""
        styles = self.project.styles_dir

        def pictures() -> list[Path]:
            found = sorted((styles / "icons").glob("*.svg"))
            if job.article.illustration:
                found.append(styles / "illustrations" / job.article.illustration)
            return found

        return self._part(("pictures", str(job.article.illustration)), pictures)

    def locale_files(self, clinic: Clinic) -> dict[str, str]:
        """The locale vocabulary the clinic's documents are worded with (its overrides first)."""
        env = clinic_environment(clinic, self.project.templates_dir)

        def files() -> list[Path]:
            assert env.loader is not None
            language = clinic.locale.split("-")[0]
            names = dict.fromkeys(["locale/en.yaml", f"locale/{language}.yaml"])
            names[f"locale/{clinic.locale}.yaml"] = None
            found = []
            for name in names:
                try:
                    found.append(Path(env.loader.get_source(env, name)[1] or name))
                except jinja2.TemplateNotFound:
                    continue
            return found

        return self._part(("locale", str(id(env)), clinic.locale), files)

    def template_files(self, clinic: Clinic, name: str) -> dict[str, str]:
        """Every template `name` can pull in for this clinic, overrides first."""
        env = clinic_environment(clinic, self.project.templates_dir)
        return self._part(
            ("templates", str(id(env)), name), lambda: list(template_closure(env, name).values())
        )

    def files(self, paths: Iterable[Path]) -> dict[str, str]:
        return {self.label(path): self.digest(path) for path in paths}

    def _part(self, key: tuple[str, ...], paths: Callable[[], list[Path]]) -> dict[str, str]:
        if key not in self._parts:
            self._parts[key] = self.files(dict.fromkeys(paths()))
        return self._parts[key]

    def digest(self, path: Path) -> str:
        """sha256 of a file's bytes, read through the guarded reader; "refused" when it is not
        there or may not be read (an image outside the data folder): the render says why."""
        if path not in self._hashes:
            self._hashes[path] = guard.digest(path, self.roots, limits.FONT)
        return self._hashes[path]

    def label(self, path: Path) -> str:
        """A file's name relative to the folder it comes from, the same in every checkout."""
        roots = {
            "data": self.project.data_dir,
            "templates": self.project.templates_dir,
            "styles": self.project.styles_dir,
        }
        for name, root in roots.items():
            if path.is_relative_to(root):
                return f"{name}/{path.relative_to(root).as_posix()}"
        # Font files live in their installed package, whose version is in the toolchain;
        # ICC profiles in a system folder.
        return f"file/{path.parent.name}/{path.name}"


def template_closure(env: jinja2.Environment, name: str) -> dict[str, Path]:
    """The template and all it extends, includes or imports, followed statically.

    Conditional includes count (the layout *can* include them). A template name computed at
    render time cannot be followed, so then every template the environment can see counts.
    """
    found: dict[str, Path] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
        except (jinja2.TemplateNotFound, HandoutsError):
            continue  # the render reports it (missing or refused), with who asked for it
        found[current] = Path(filename).resolve() if filename else Path(current)
        try:
            referenced = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateSyntaxError:
            continue  # likewise reported by the render
        if None in referenced:
            pending.extend(env.list_templates())
        pending.extend(ref for ref in referenced if ref is not None)
    return found


def _families(clinic: Clinic) -> list[str]:
    return list(dict.fromkeys([clinic.fonts.body, clinic.fonts.headings]))


@cache
def toolchain() -> dict[str, str]:
    """This package's source digest and the versions of the libraries that make the PDF."""
    versions = {
        name: version
        for name, version in installed_distributions().items()
        if name in TOOLCHAIN or name.startswith("fontpkg-")
    }
    source = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        source.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        source.update(path.read_bytes())
    versions["handouts-source"] = source.hexdigest()
    return dict(sorted(versions.items()))


def installed_distributions() -> dict[str, str]:
    """Installed distributions and their versions, from the names of their .dist-info folders.

    Much quicker than importlib.metadata, which parses every distribution's metadata: this runs
    on every build, including one with nothing to do.
    """
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith(".dist-info") and "-" in entry.name:
                    name, version = entry.name[: -len(".dist-info")].rsplit("-", 1)
                    found.setdefault(name.lower().replace("_", "-"), version)
    return found
