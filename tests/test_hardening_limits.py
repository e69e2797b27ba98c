"""Hangs and memory: every file has a size limit, YAML and Markdown a depth and a count, images a
pixel count, and text that cannot break is broken or reported (issue 10, third group).
The limits are declared in handouts/limits.py; bench/limits.py measures them."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from handouts.build.recipe import build
from handouts.cli import app
from handouts.errors import CheckFailed, ConfigError
from handouts.render.jobs import Selection
from handouts.source.articles import read_article
from handouts.source.clinics import load_clinic
from handouts.source.project import Project

from .conftest import REPO, write

KB = 1024


def _article(project: Project) -> Path:
    return project.articles_dir / "dry-needling" / "benefits.md"


def _add_to_body(project: Project, text: str) -> None:
    path = _article(project)
    source = path.read_text()
    assert "## What dry needling is" in source
    path.write_text(source.replace("## What dry needling is", f"## What dry needling is\n\n{text}"))


def test_an_article_over_its_size_limit_is_refused(project: Project) -> None:
    path = _article(project)
    path.write_text(path.read_text() + ("Padding text. " * 80_000))  # 1.1 MB
    with pytest.raises(ConfigError) as info:
        read_article(path, "dry-needling-benefits")
    (problem,) = info.value.problems
    assert "is 1.1 MB; an article may be at most 1.0 MB" in problem.message


def test_a_clinic_file_over_its_size_limit_is_refused(project: Project) -> None:
    path = project.clinics_dir / "riverside.yaml"
    path.write_text(path.read_text() + ("# a comment line\n" * 20_000))  # 340 KB
    with pytest.raises(ConfigError, match="a clinic file may be at most 256 KB"):
        load_clinic(path)


def test_a_day_list_over_its_size_limit_is_one_line(project: Project, tmp_path: Path) -> None:
    day = tmp_path / "day.csv"
    day.write_text("patient,notes\n" + "".join(f"P{i},{'x' * 300}\n" for i in range(8_000)))
    result = CliRunner().invoke(
        app,
        [
            *("aftercare", "-c", "riverside", "--from", str(day)),
            *("--data", str(project.data_dir), "--out", str(project.out_dir)),
        ],
    )
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {day}: --from: is 2.")
    assert line.endswith("MB; a day list may be at most 2.0 MB (see handouts/limits.py)")


def test_a_yaml_alias_bomb_is_stopped(project: Project) -> None:
    """Nine values, repeated nine times at each of five levels: 59,049 once expanded."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 6):
        levels.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    path = project.clinics_dir / "riverside.yaml"
    path.write_text(path.read_text() + "\n".join(levels) + "\n")
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    assert "expands to more than 20000 values" in str(info.value)


def test_yaml_nested_too_deep_is_stopped(project: Project) -> None:
    path = project.clinics_dir / "riverside.yaml"
    path.write_text(path.read_text() + "deep: " + "[" * 100 + "]" * 100 + "\n")
    with pytest.raises(ConfigError, match="nested more than 40 deep"):
        load_clinic(path)


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: what a decompression bomb looks like
    to anything that reads the size before decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7_000, 20_000])  # 49 and 400 million pixels
def test_a_logo_with_too_many_pixels_is_refused(project: Project, side: int) -> None:
    (project.clinics_dir / "lakeshore-logo.png").write_bytes(png_header(side, side))
    with pytest.raises(CheckFailed) as info:
        build(project, Selection(["lakeshore"], ["safety"], ["flyer"]))
    (problem,) = info.value.problems
    assert problem.field == "logo"
    assert "million" in problem.message and "scale it down" in problem.message


def test_an_article_image_with_too_many_pixels_is_refused(project: Project) -> None:
    write(_article(project).parent / "bomb.png", "")
    (_article(project).parent / "bomb.png").write_bytes(png_header(20_000, 20_000))
    _add_to_body(project, "![A diagram](bomb.png)")
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not outcome.ok
    assert "million pixels" in str(outcome.problems[0])


def test_markdown_nested_too_deep_is_refused(project: Project) -> None:
    nested = "".join("  " * level + "- step\n" for level in range(12))
    _add_to_body(project, nested)
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not outcome.ok
    (problem,) = outcome.problems
    assert problem.message.startswith("lists and quotes are nested more than 8 deep")
    assert problem.line is not None and problem.field == "body"


# --- text that cannot break ---------------------------------------------------------------------


def _chars_past_the_page(path: Path) -> list[str]:
    """Characters whose box reaches past the right edge of their page (pdfium's text boxes)."""
    found = []
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        width = page.get_width()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            _, _, right, _ = text.get_charbox(index)
            if right > width + 0.5 and not text.get_text_range(index, 1).isspace():
                found.append(text.get_text_range(index, 1))
        text.close()
        page.close()
    pdf.close()
    return found


@pytest.mark.parametrize("layout", ["flyer", "trifold", "a5"])
def test_a_long_address_breaks_instead_of_running_off_the_page(
    project: Project, layout: str
) -> None:
    url = "https://example.org/" + "a" * 150
    path = _article(project)
    sentence = (
        "This leaflet sums up what some studies of the neck and shoulders found. Most were small."
    )
    assert sentence in path.read_text()
    path.write_text(path.read_text().replace(sentence, f"See {url}."))
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], [layout]))
    assert outcome.ok, outcome.problems
    assert _chars_past_the_page(outcome.path) == []
    pdf = pdfium.PdfDocument(outcome.path)
    text = "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    # All of it, broken over lines (and maybe pages, with a running footer in between).
    assert sum(len(run) for run in re.findall(r"a{10,}", text)) == 150


def test_text_that_cannot_break_is_reported_by_its_width(project: Project) -> None:
    base = (REPO / "templates" / "flyer.html").read_text()
    write(
        project.clinics_dir / "riverside" / "templates" / "flyer.html",
        base.replace(
            "{% block content %}",
            '{% block content %}<p style="white-space: nowrap">' + "word " * 60 + "</p>",
        ),
    )
    (outcome,) = build(project, Selection(["riverside"], ["benefits"], ["flyer"]))
    assert not outcome.ok
    (problem,) = outcome.problems
    assert "content does not fit: on page 1 a line runs" in problem.message
    assert "past the edge of its column" in problem.message
    assert not outcome.path.exists()


def test_long_words_in_an_aftercare_sheet_stay_on_the_page(project: Project) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("aftercare", "-c", "riverside", "--data", str(project.data_dir)),
            *("--out", str(project.out_dir), "--date", "2026-03-14"),
            *(
                "--patient",
                "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen",
            ),
            *("--notes", "See https://example.org/aftercare/" + "b" * 200),
            *("--area", "x" * 60),
        ],
    )
    assert result.exit_code == 0, result.output
    (sheet,) = (project.out_dir / "aftercare").glob("*.pdf")
    assert _chars_past_the_page(sheet) == []
    # ... and none runs under the body map at the right of the details card (A4: 13 mm page
    # margin, a 50 mm map and 5 mm between; the map ends 92 mm from the top of the page). The
    # notes take the card's width below the map: the long word's lines run there.
    map_left = (210 - 13 - 50 - 5) * 72 / 25.4
    map_bottom = (297 - 95) * 72 / 25.4  # PDF y grows upwards
    typed = [
        c
        for c, right, top in _char_boxes(sheet)
        if c in "xbW" and right > map_left + 0.5 and top > map_bottom
    ]
    assert typed == []
    below = [right for c, right, top in _char_boxes(sheet) if c == "b" and top < map_bottom]
    assert max(below) > map_left  # the notes' lines run the card's width under the map


def _char_boxes(path: Path) -> list[tuple[str, float, float]]:
    """Each character of the first page with the right and top edges of its box (pt)."""
    pdf = pdfium.PdfDocument(path)
    page = pdf[0]
    text = page.get_textpage()
    boxes = []
    for index in range(text.count_chars()):
        _, _, right, top = text.get_charbox(index)
        boxes.append((text.get_text_range(index, 1), right, top))
    text.close()
    page.close()
    pdf.close()
    return boxes
