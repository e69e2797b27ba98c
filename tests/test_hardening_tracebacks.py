"""Every mistake the issue found printing a traceback gives one `file:line: field: message`
line (or names the option) and exit code 1 (issue 10, fourth group)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import REPO

Setup = Callable[[Path, Path], list[str]]  # (data folder, scratch folder) → command line


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _clinic(data: Path) -> Path:
    return data / "clinics" / "riverside.yaml"


def _own(data: Path, name: str) -> Path:
    """The project's own copy of a shipped article (it replaces the shipped one by id)."""
    path = data / "articles" / "dry-needling" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "handouts" / "library" / "dry-needling" / name, path)
    return path


BUILD = ["build", "--clinic", "riverside", "--article", "safety", "--layout", "flyer"]
SHEET = ["aftercare", "--clinic", "riverside", "--patient", "Ana Lima", "--date", "2026-03-14"]


def python_tag(data: Path, tmp: Path) -> list[str]:
    _edit(_clinic(data), "paper: a4", "paper: !!python/object/apply:os.system ['echo hi']")
    return BUILD


def int_tag(data: Path, tmp: Path) -> list[str]:
    _edit(_clinic(data), 'emergency_number: "999"', "emergency_number: !!int abc")
    return BUILD


def self_alias(data: Path, tmp: Path) -> list[str]:
    _edit(_clinic(data), "paper: a4", "paper: &loop [*loop]")
    return BUILD


def not_utf8_article(data: Path, tmp: Path) -> list[str]:
    path = _own(data, "safety.md")
    path.write_bytes(path.read_bytes().replace(b"## ", "## Caf\u00e9 ".encode("latin-1"), 1))
    return BUILD


def folder_named_like_an_article(data: Path, tmp: Path) -> list[str]:
    (data / "articles" / "dry-needling" / "notes.md").mkdir(parents=True)
    return ["build", "--clinic", "riverside", "--layout", "flyer"]


def icc_that_is_not_icc(data: Path, tmp: Path) -> list[str]:
    (data / "clinics" / "shop.icc").write_text("this is a PDF the print shop sent, renamed")
    _edit(_clinic(data), "  bleed_mm: 3\n", "  bleed_mm: 3\n  icc_profile: shop.icc\n")
    return [*BUILD, "--for", "press"]


def icc_for_rgb(data: Path, tmp: Path) -> list[str]:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    (data / "clinics" / "shop.icc").write_bytes(profile.tobytes())
    _edit(_clinic(data), "  bleed_mm: 3\n", "  bleed_mm: 3\n  icc_profile: shop.icc\n")
    return [*BUILD, "--for", "press"]


def colour_with_a_newline(data: Path, tmp: Path) -> list[str]:
    _edit(_clinic(data), 'primary: "#0b5563"', 'primary: "#0b5563\\n"')
    return BUILD


def locale_with_a_newline(data: Path, tmp: Path) -> list[str]:
    _edit(_clinic(data), "locale: en-GB", 'locale: "en-GB\\n"')
    return SHEET


def name_with_a_line_break_in_an_email(data: Path, tmp: Path) -> list[str]:
    _edit(
        _clinic(data), 'name: "Riverside Physiotherapy"', 'name: "Riverside\\nBcc: all@example.org"'
    )
    return [*SHEET, "--email", "ana@example.org", "--eml", str(tmp / "ana.eml")]


def output_is_a_folder(data: Path, tmp: Path) -> list[str]:
    (tmp / "x.pdf").mkdir()
    return [*SHEET, "-o", str(tmp / "x.pdf")]


def from_a_folder(data: Path, tmp: Path) -> list[str]:
    (tmp / "day.csv").mkdir()
    return ["aftercare", "--clinic", "riverside", "--from", str(tmp / "day.csv")]


def missing_aftercare_article(data: Path, tmp: Path) -> list[str]:
    # A project that does not use the shipped articles and has no aftercare article of its own.
    (data.parent / "handouts.toml").write_text('data = "data"\nshipped_articles = false\n')
    return SHEET


def impossible_date(data: Path, tmp: Path) -> list[str]:
    path = _own(data, "safety.md")
    text = path.read_text(encoding="utf-8")
    import re

    path.write_text(re.sub(r"next_review: \S+", "next_review: 2027-02-30", text, count=1))
    return BUILD


def dangling_logo_link(data: Path, tmp: Path) -> list[str]:
    logo = data / "clinics" / "riverside-logo.svg"
    logo.unlink()
    logo.symlink_to(tmp / "gone.svg")
    return BUILD


def bad_ca_file(data: Path, tmp: Path) -> list[str]:
    (data / "clinics" / "clinic-ca.pem").write_text("not a certificate\n")
    _edit(_clinic(data), "  password_env:", "  ca_file: clinic-ca.pem\n  password_env:")
    return [*SHEET, "--email", "ana@example.org", "--send"]


CASES: dict[str, tuple[Setup, str]] = {
    "yaml-python-tag": (python_tag, "riverside.yaml:26: the YAML tag !!python/object/apply"),
    "yaml-int-tag": (int_tag, "the YAML tag !!int is not allowed"),
    "yaml-self-alias": (self_alias, "paper[0]: an alias refers to the value it is part of"),
    "article-not-utf8": (not_utf8_article, "safety.md:"),
    "article-is-a-folder": (folder_named_like_an_article, "notes.md: is a folder, not an article"),
    "icc-not-icc": (icc_that_is_not_icc, "press.icc_profile: 'shop.icc' is not an ICC colour"),
    "icc-not-cmyk": (icc_for_rgb, "press.icc_profile: 'shop.icc' is an ICC profile for RGB"),
    "colour-newline": (colour_with_a_newline, "colors.primary: expected a colour as #RRGGBB"),
    "locale-newline": (locale_with_a_newline, "locale: expected a language tag"),
    "name-line-break": (name_with_a_line_break_in_an_email, "name: must be one line"),
    "output-folder": (output_is_a_folder, "-o: "),
    "from-folder": (from_a_folder, "is a folder, not a day list"),
    "no-aftercare-article": (missing_aftercare_article, "--article: no aftercare article"),
    "impossible-date": (impossible_date, "next_review: cannot be read"),
    "dangling-logo-link": (dangling_logo_link, "logo: file 'riverside-logo.svg' not found"),
    "bad-ca-file": (bad_ca_file, "smtp.ca_file: "),
}


@pytest.mark.parametrize("case", CASES)
def test_one_line_and_exit_1(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the project file, if a case writes one, is found from here
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    setup, expected = CASES[case]
    args = [*setup(data, scratch), "--data", str(data), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(
        app, args, env={"RIVERSIDE_SMTP_PASSWORD": "x"}, catch_exceptions=False
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1, output
    assert errors and all(line.startswith("error: ") for line in errors), errors
    assert any(expected in line for line in errors), errors
    assert not list((tmp_path / "out").rglob("*.pdf")) if (tmp_path / "out").exists() else True
