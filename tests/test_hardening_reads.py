"""No read outside the data, no code from a template: every file goes through the guarded reader,
and a clinic's template overrides run in a sandbox (issue 10, first group)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build.inputs import Fingerprints
from handouts.build.recipe import build
from handouts.design.colours import INSTALLED_CMYK_PROFILES
from handouts.errors import ConfigError, HandoutsError
from handouts.render.jobs import Selection
from handouts.source.articles import read_article
from handouts.source.clinics import load_clinic
from handouts.source.project import Project

from .conftest import REPO, write

SECRET = "SECRETMARKER"


def _secret_svg(folder: Path) -> Path:
    return write(
        folder / "outside.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30">'
        f'<text x="0" y="20">{SECRET}</text></svg>',
    )


def _texts(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("profile", ["press", "office"])
def test_logo_linked_out_of_the_data_folder_is_refused(
    project: Project, tmp_path: Path, profile: str
) -> None:
    """The press path converted the logo without the fetcher and embedded the linked file."""
    outside = _secret_svg(tmp_path / "elsewhere")
    logo = project.clinics_dir / "riverside-logo.svg"
    logo.unlink()
    logo.symlink_to(outside)
    with pytest.raises(ConfigError) as info:
        build(project, Selection(["riverside"], ["safety"], ["flyer"], [profile]))
    (problem,) = info.value.problems
    assert problem.field == "logo"
    assert problem.file == project.clinics_dir / "riverside.yaml"
    assert "is a link to" in problem.message and "outside" in problem.message
    assert not project.out_dir.exists() or not any(project.out_dir.rglob("*.pdf"))


def test_icc_profile_linked_out_of_the_data_folder_is_refused(
    project: Project, tmp_path: Path
) -> None:
    installed = next(p for p in INSTALLED_CMYK_PROFILES if p.is_file())
    outside = tmp_path / "elsewhere" / "shop.icc"
    outside.parent.mkdir()
    shutil.copy(installed, outside)
    (project.clinics_dir / "shop.icc").symlink_to(outside)
    clinic = project.clinics_dir / "riverside.yaml"
    text = clinic.read_text().replace("  bleed_mm: 3\n", "  bleed_mm: 3\n  icc_profile: shop.icc\n")
    clinic.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_clinic(clinic)
    (problem,) = info.value.problems
    assert problem.field == "press.icc_profile"
    assert "is a link to" in problem.message


def test_template_override_linked_out_of_the_data_folder_is_refused(
    project: Project, tmp_path: Path
) -> None:
    outside = write(tmp_path / "elsewhere" / "contact.html", f"<p>{SECRET}</p>")
    override = project.clinics_dir / "riverside" / "templates" / "partials" / "contact.html"
    override.parent.mkdir(parents=True)
    override.symlink_to(outside)
    (outcome,) = build(project, Selection(["riverside"], ["safety"], ["flyer"]))
    assert not outcome.ok
    assert "is a link to" in str(outcome.problems[0])
    assert not outcome.path.exists()


def _override_flyer(project: Project, expression: str) -> None:
    base = (REPO / "templates" / "flyer.html").read_text()
    assert "{% block content %}" in base
    write(
        project.clinics_dir / "riverside" / "templates" / "flyer.html",
        base.replace("{% block content %}", "{% block content %}<p>{{ " + expression + " }}</p>"),
    )


@pytest.mark.parametrize(
    "expression",
    [
        "cycler.__init__.__globals__.os.system('touch {marker}')",
        "lipsum.__globals__['os'].popen('touch {marker}').read()",
        "clinic.source.parent.joinpath('{marker}').write_text('x')",
    ],
)
def test_template_override_cannot_run_code(
    project: Project, tmp_path: Path, expression: str
) -> None:
    marker = tmp_path / "ran"
    _override_flyer(project, expression.format(marker=marker))
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not marker.exists()
    assert not outcome.ok
    (problem,) = outcome.problems
    assert "template error" in problem.message and "unsafe" in problem.message
    assert not outcome.path.exists()


def test_template_override_cannot_read_files(project: Project) -> None:
    _override_flyer(project, "clinic.source.read_text()")
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not outcome.ok
    assert "unsafe" in str(outcome.problems[0])


def test_template_override_cannot_loop_for_ever(project: Project) -> None:
    _override_flyer(project, "range(5000) | list | length")
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not outcome.ok
    assert "range() makes more than" in str(outcome.problems[0])


def test_a_sandboxed_override_still_renders(project: Project) -> None:
    """The sandbox takes nothing a real override needs: values, filters, methods, loops."""
    _override_flyer(
        project,
        "clinic.name | upper ~ ' ' ~ leaflet.date(article.reviewed) ~ ' ' "
        "~ (clinic.contact.hours | join(', ')) ~ ' ' ~ range(3) | join('')",
    )
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert outcome.ok, outcome.problems
    assert "RIVERSIDE PHYSIOTHERAPY" in _texts(outcome.path)


def test_email_template_override_is_sandboxed(project: Project, tmp_path: Path) -> None:
    from handouts.aftercare.delivery import compose

    marker = tmp_path / "ran"
    write(
        project.clinics_dir / "riverside" / "templates" / "email" / "aftercare.txt",
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}",
    )
    clinic = load_clinic(project.clinics_dir / "riverside.yaml")
    with pytest.raises(HandoutsError, match="unsafe"):
        compose(clinic, "a@example.org", "A", b"%PDF", False, project.templates_dir)
    assert not marker.exists()


def test_article_linked_out_of_the_articles_folder_is_refused(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "notes.md"
    outside.parent.mkdir()
    shutil.copy(project.articles_dir / "dry-needling" / "safety.md", outside)
    link = project.articles_dir / "dry-needling" / "linked.md"
    link.symlink_to(outside)
    with pytest.raises(ConfigError, match="is a link to"):
        read_article(link, "dry-needling-linked")


def test_clinic_file_linked_out_of_the_clinics_folder_is_refused(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "other.yaml"
    outside.parent.mkdir()
    shutil.copy(project.clinics_dir / "riverside.yaml", outside)
    link = project.clinics_dir / "other.yaml"
    link.symlink_to(outside)
    with pytest.raises(ConfigError, match="is a link to"):
        load_clinic(link)


def test_fingerprints_never_read_outside_the_roots(project: Project, tmp_path: Path) -> None:
    """An article image pointing at a private file (or at /dev/zero, which would never end) is
    never hashed, so never read."""
    outside = write(tmp_path / "private.txt", "patient list")
    assert Fingerprints(project).digest(outside) == "refused"


def test_guard_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from handouts import guard, limits

    (tmp_path / "folder.md").mkdir()
    with pytest.raises(guard.Refused, match="is a folder, not an article"):
        guard.read_text(tmp_path / "folder.md", limits.ARTICLE, [tmp_path])
    with pytest.raises(guard.Refused, match="not a regular file"):
        guard.read_bytes(Path("/dev/zero"), limits.ARTICLE)
    assert guard.digest(Path("/dev/zero"), [Path("/dev")]) == "refused"

    with pytest.raises(guard.Refused, match="file not found"):
        guard.read_bytes(tmp_path / "nothing.md", limits.ARTICLE, [tmp_path])
