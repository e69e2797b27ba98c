"""Any treatment: a made-up family (cupping, tests/data/cupping) builds with no code change."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli import app
from handouts.design.layouts import LAYOUTS

from .conftest import REPO

CUPPING = REPO / "tests" / "data" / "cupping"


@pytest.fixture
def cupping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the cupping project, as the current folder."""
    root = tmp_path / "cupping"
    shutil.copytree(CUPPING, root)
    monkeypatch.chdir(root)
    return root


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_new_family_builds_every_layout_with_none_of_the_shipped_text(
    runner: CliRunner, cupping: Path
) -> None:
    result = runner.invoke(app, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    built = sorted((cupping / "out" / "harbour").glob("*.pdf"))
    expected = {
        f"cupping-{kind}-{lay}.pdf"
        for kind in ("benefits", "safety", "aftercare")
        for lay in LAYOUTS
    }
    assert {p.name for p in built} == expected
    for pdf in built:
        text = pdf_text(pdf).lower()
        assert "cupping" in text, pdf.name
        assert "needl" not in text, pdf.name  # neither the shipped articles nor hard-wired words


def test_its_aftercare_sheet_comes_from_its_own_article(runner: CliRunner, cupping: Path) -> None:
    result = runner.invoke(app, ["aftercare", "--patient", "Sam Example", "--area", "upper back"])
    assert result.exit_code == 0, result.output
    (sheet,) = (cupping / "out" / "aftercare").glob("*.pdf")
    text = " ".join(pdf_text(sheet).split())
    assert "For Sam Example" in text and "After cupping: how to look after your skin" in text
    assert "a blister that weeps or does not heal" in text  # the cupping red flags
    assert "needl" not in text.lower()
    assert PdfReader(sheet).metadata["/Title"] == "After cupping: how to look after your skin"

    blank = runner.invoke(app, ["aftercare", "--blank", "-o", str(cupping / "pad.pdf")])
    assert blank.exit_code == 0, blank.output
    assert "needl" not in pdf_text(cupping / "pad.pdf").lower()


def test_two_aftercare_articles_need_a_choice(runner: CliRunner, cupping: Path) -> None:
    toml = cupping / "handouts.toml"
    toml.write_text(toml.read_text().replace("shipped_articles = false", ""))
    result = runner.invoke(app, ["aftercare", "--patient", "Sam Example"])
    assert result.exit_code == 1
    assert result.output == (
        "error: --article: which treatment? Choose from: cupping-aftercare, "
        "dry-needling-aftercare (or set aftercare_article in the clinic file)\n"
    )
    clinic = cupping / "data/clinics/harbour.yaml"
    clinic.write_text(clinic.read_text() + "aftercare_article: cupping-aftercare\n")
    chosen = runner.invoke(app, ["aftercare", "--patient", "Sam Example"])
    assert chosen.exit_code == 0, chosen.output


def test_a_day_list_names_each_rows_treatment(runner: CliRunner, cupping: Path) -> None:
    """One list for a mixed day: the `article` column picks each row's aftercare article; an
    unknown one is that row's error (with the choices), and the other rows are still made."""
    toml = cupping / "handouts.toml"
    toml.write_text(toml.read_text().replace("shipped_articles = false", ""))
    day = cupping / "day.csv"
    day.write_text(
        "patient,area,article\n"
        "Ana Lima,upper back,cupping-aftercare\n"
        "Ben Okafor,left calf,dry-needling-aftercare\n"
        "Cy Wu,neck,dry-needling-aftercar\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["aftercare", "--from", str(day), "--article", "cupping-aftercare"])
    assert result.exit_code == 1, result.output
    assert "day.csv:4: article: " in result.output and "dry-needling-aftercare" in result.output
    assert "Cy Wu" not in result.output  # a row's error never repeats its cells' content
    sheets = sorted((cupping / "out" / "aftercare").glob("day-*.pdf"))
    assert [p.name for p in sheets] == ["day-01.pdf", "day-02.pdf"]
    first, second = (" ".join(pdf_text(p).split()) for p in sheets)
    assert "After cupping" in first and "needl" not in first.lower()
    assert "After dry needling" in second and "cupping" not in second.lower()
