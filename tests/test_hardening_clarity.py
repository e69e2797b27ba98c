"""Issue 10's cleanliness and clarity items: a BOM is accepted, every mistake in a clinic file
comes in one run, and an encrypted sheet stays open to accessibility tools."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from pypdf.constants import UserAccessPermissions as Allow

from handouts import limits
from handouts.errors import ConfigError
from handouts.press.encryption import encrypt
from handouts.source.articles import read_article
from handouts.source.clinics import load_clinic
from handouts.source.project import Project

from .conftest import REPO

# --- an article saved with a UTF-8 byte-order mark (Notepad does) --------------------------------


def test_an_article_with_a_byte_order_mark_is_read(project: Project) -> None:
    path = project.articles_dir / "dry-needling" / "safety.md"
    plain = read_article(path, "dry-needling-safety", project.articles_dir)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    marked = read_article(path, "dry-needling-safety", project.articles_dir)
    assert marked.title == plain.title and not marked.title.startswith("\ufeff")
    assert marked.body == plain.body
    assert marked.next_review == plain.next_review


def test_a_byte_order_mark_elsewhere_is_not_dropped(project: Project) -> None:
    """Only the mark at the very start is the encoding's; one after it is a stray character."""
    path = project.articles_dir / "dry-needling" / "safety.md"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(ConfigError) as info:
        read_article(path, "dry-needling-safety", project.articles_dir)
    assert "---" in str(info.value.problems[0])


# --- a clinic file with many mistakes: all of them in one run -----------------------------------


def test_a_real_world_clinic_file_gets_every_mistake_in_one_run(tmp_path: Path) -> None:
    """The file that once took four runs: colours and a duplicate key, then unknown keys, the
    phone and numbers, then the hours. Now one load reports them all, each with its line."""
    text = (REPO / "data" / "clinics" / "riverside.yaml").read_text()
    spoiled = (
        text.replace('primary: "#0b5563"', 'primary: "teal"')
        .replace('accent: "#e07a1f"', 'accent: "#e07a1f"\n  accent: "#ffaa00"')
        .replace("paper: a4", "paper: a4\nfax: 0117 496 0322")
        .replace('phone: "0117 496 0321"', 'phone: "call us"')
        .replace('emergency_number: "999"', "emergency_number: 999")
        .replace("  bleed_mm: 3", "  bleed_mm: lots")
        .replace('    - "Saturday, 9am to 1pm"', "    - 9")
    )
    (tmp_path / "riverside-logo.svg").write_bytes(
        (REPO / "data" / "clinics" / "riverside-logo.svg").read_bytes()
    )
    path = tmp_path / "riverside.yaml"
    path.write_text(spoiled)
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    fields = {problem.field for problem in info.value.problems}
    assert {
        "colors.primary",
        "colors.accent",
        "fax",
        "contact.phone",
        "emergency_number",
        "press.bleed_mm",
        "contact.hours[1]",
    } <= fields, [str(p) for p in info.value.problems]
    assert all(problem.line for problem in info.value.problems)
    duplicate = next(p for p in info.value.problems if p.field == "colors.accent")
    assert "duplicate key" in duplicate.message


# --- encrypted sheets: printing and accessibility allowed, changes not ---------------------------


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    plain = io.BytesIO()
    writer.write(plain)
    return encrypt(plain.getvalue(), "correct-horse-42")


def test_an_encrypted_sheet_allows_printing_and_text_extraction(tmp_path: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(_encrypted()))
    allowed = reader.user_access_permissions
    assert allowed is not None
    for permission in (Allow.PRINT, Allow.PRINT_TO_REPRESENTATION):
        assert permission in allowed  # print, at full quality
    assert Allow.EXTRACT in allowed  # copy text (bit 5), which screen readers also use
    assert Allow.EXTRACT_TEXT_AND_GRAPHICS in allowed  # extraction for accessibility (bit 10)
    for permission in (
        Allow.MODIFY,
        Allow.ADD_OR_MODIFY,
        Allow.FILL_FORM_FIELDS,
        Allow.ASSEMBLE_DOC,
    ):
        assert permission not in allowed

    path = tmp_path / "sheet.pdf"
    path.write_bytes(_encrypted())
    shown = subprocess.run(
        ["qpdf", "--password=correct-horse-42", "--show-encryption", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "extract for accessibility: allowed" in shown
    assert "extract for any purpose: allowed" in shown
    assert "print high resolution: allowed" in shown
    assert "modify other: not allowed" in shown
    assert "P = 2580" in shown  # what the README says


# --- the README states the limits limits.py declares ---------------------------------------------


def _readme_limits() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("**Limits**", 1)[1].split("\n\n", 2)[1]
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    return {what.strip(): limit.strip() for what, limit in rows}


def _size(max_bytes: int) -> str:
    return (
        f"{max_bytes // limits.MB} MB" if max_bytes >= limits.MB else f"{max_bytes // limits.KB} KB"
    )


def test_the_readme_states_every_limit() -> None:
    stated = _readme_limits()
    assert stated["article"] == _size(limits.ARTICLE.max_bytes)
    for kind in (limits.CLINIC, limits.SETTINGS, limits.TEMPLATE):
        assert stated["clinic file, `checks.yaml`, template"] == f"{_size(kind.max_bytes)} each"
    assert stated["stylesheet"] == _size(limits.STYLESHEET.max_bytes)
    assert stated["logo uploaded in the studio"] == (
        f"{_size(limits.UPLOADED_LOGO.max_bytes)}; a PNG at most {limits.UPLOADED_LOGO_SIDE:,} "
        f"pixels on a side and {limits.UPLOADED_LOGO_PIXELS // 1_000_000} million in all"
    )
    assert stated["day list"] == (
        f"{_size(limits.DAY_LIST.max_bytes)}, {limits.CSV_ROWS} rows, "
        f"{limits.CSV_CELL_CHARS:,} characters in a cell"
    )
    assert stated["image (logo, picture)"] == (
        f"{_size(limits.IMAGE.max_bytes)} and {limits.IMAGE_PIXELS // 1_000_000} million pixels "
        "(width × height)"
    )
    assert stated["ICC profile"] == _size(limits.ICC_PROFILE.max_bytes)
    assert stated["CA certificate"] == _size(limits.CERTIFICATE.max_bytes)
    assert stated["font"] == _size(limits.FONT.max_bytes)
    assert stated["PDF given to `handouts proof`"] == _size(limits.PDF.max_bytes)
    assert stated["any other file a stylesheet refers to"] == _size(limits.ASSET.max_bytes)
    assert stated["YAML"] == (
        f"{limits.YAML_NODES:,} values (aliases expanded), nested {limits.YAML_DEPTH} deep"
    )
    assert stated["Markdown"] == f"lists and quotes nested {limits.MARKDOWN_DEPTH} deep"
