"""--for, --fit, `handouts pack` and `handouts proof` from the command line, and the clinic's
press settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handouts.cli import app
from handouts.design import colours
from handouts.design.layouts import LAYOUTS
from handouts.errors import ConfigError, LayoutError, Problem
from handouts.render.fit import Slack, body_sizes, fit_to_layout
from handouts.source.clinics import load_clinic

from .conftest import REPO, pdf_words

MM = 72 / 25.4


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _lengthen(data_dir: Path, paragraphs: int) -> None:
    article = data_dir / "articles/dry-needling/benefits.md"
    extra = "\n\nA few more plain words about what the studies found and what they did not. " * (
        paragraphs
    )
    article.write_text(article.read_text() + extra)


def test_profiles_are_named_beside_office_files(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(
        runner, "build", "--data", str(data_dir), "--out", str(out), "-c", "riverside",
        "-a", "safety", "-l", "flyer", "--for", "office", "--for", "press", "--for", "email",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "riverside").glob("*.pdf"))
    assert names == [
        "dry-needling-safety-flyer-email.pdf",
        "dry-needling-safety-flyer-press.pdf",
        "dry-needling-safety-flyer.pdf",
    ]


def test_unknown_profile_is_a_usage_error(runner: CliRunner, data_dir: Path) -> None:
    result = run(runner, "build", "--data", str(data_dir), "--for", "fax")
    assert result.exit_code == 2
    assert "unknown profile 'fax'. Choose from: office, press, email, all" in result.output


def test_guessed_cmyk_is_reported_once_per_clinic(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    result = run(
        runner, "build", "--data", str(data_dir), "--out", str(tmp_path / "o"),
        "-c", "lakeshore", "-l", "flyer", "--for", "press",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: lakeshore: colors primary, accent have no press.cmyk values; converted from hex "
        "with a naive formula (ask your print shop for CMYK values)"
    ]


def test_body_sizes_step_down_to_the_floor() -> None:
    assert body_sizes(LAYOUTS["flyer"]) == [12.0, 11.5, 11.0]
    assert body_sizes(LAYOUTS["trifold"]) == [11.5, 11.0]
    assert body_sizes(LAYOUTS["large-print"]) == [18.0]  # nothing in large print under 18 pt


def test_a_trifold_is_set_roomier_when_the_article_fits_and_as_designed_when_not() -> None:
    """The tri-fold tries 12 pt first (a short article left its inside panels a band short at
    11.5 pt) and falls back to its designed 11.5 pt, which --fit may shrink from, never to a
    size it remembers from an earlier article."""
    tried: list[float] = []

    def lay_out(size: float, fits_from: float) -> str:
        tried.append(size)
        if size > fits_from:
            raise LayoutError([Problem("content does not fit")])
        return f"laid out at {size}"

    trifold = LAYOUTS["trifold"]
    assert fit_to_layout(lambda s: lay_out(s, 12.0), trifold, False, "t").body_pt == 12.0
    assert tried == [12.0]
    tried.clear()
    assert fit_to_layout(lambda s: lay_out(s, 11.5), trifold, False, "t").body_pt == 11.5
    assert tried == [12.0, 11.5]
    tried.clear()
    fitted = fit_to_layout(lambda s: lay_out(s, 11.0), trifold, True, "t")
    assert (fitted.body_pt, tried) == (11.0, [12.0, 11.5, 11.0])
    with pytest.raises(LayoutError):
        fit_to_layout(lambda s: lay_out(s, 11.0), trifold, False, "t")
    tried.clear()
    assert fit_to_layout(lambda s: lay_out(s, 12.0), LAYOUTS["a5"], False, "f").body_pt == 12.0
    assert tried == [12.0]  # a layout with no roomy size is laid out once


def test_a_flyer_that_ends_short_is_set_roomier_when_that_fits_whole() -> None:
    """The flyer is laid out at its designed 12 pt first; only when its last page ends 40 mm
    short or more are 13.5 pt, then 13 pt, tried, and one kept when it fits with its questions
    box whole and no column left short (`Slack.whole`)."""
    tried: list[float] = []

    def lay_out(size: float) -> float:
        tried.append(size)
        return size

    def room(short_at_12: float, fits_below: float, whole_below: float) -> Any:
        def slack(size: float) -> Slack:
            if size == 12.0:
                return Slack(short_at_12, True)
            return Slack(5.0, size < whole_below)

        return lambda s: lay_out(s) if s < fits_below else _overflow(tried, s), slack

    flyer = LAYOUTS["flyer"]
    for short, fits_below, whole_below, body, sizes in (
        (20.0, 99.0, 99.0, 12.0, [12.0]),  # a little short: as designed, laid out once
        (60.0, 99.0, 99.0, 13.5, [12.0, 13.5]),
        (60.0, 99.0, 13.5, 13.0, [12.0, 13.5, 13.0]),  # 13.5 pt was not whole (a cut box)
        (60.0, 13.5, 99.0, 13.0, [12.0, 13.5, 13.0]),  # 13.5 pt ran onto a third page
        (60.0, 13.0, 99.0, 12.0, [12.0, 13.5, 13.0]),  # neither fits: as designed
    ):
        tried.clear()
        lay, slack = room(short, fits_below, whole_below)
        assert fit_to_layout(lay, flyer, False, "f", slack).body_pt == body
        assert tried == sizes


def _overflow(tried: list[float], size: float) -> float:
    tried.append(size)
    raise LayoutError([Problem("content does not fit")])


def test_overflow_is_measured_and_fit_shrinks_the_type(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    _lengthen(data_dir, 18)
    args = ["build", "--data", str(data_dir), "--out", str(tmp_path / "o"), "-c", "riverside",
            "-a", "benefits", "-l", "flyer"]  # fmt: skip
    failed = run(runner, *args)
    assert failed.exit_code == 1
    assert (
        "dry-needling-benefits, layout flyer, clinic riverside: content does not fit: it runs "
        "onto page 3 (the layout has 2), "
    ) in failed.output
    assert " mm of it past the last page" in failed.output
    fitted = run(runner, *args, "--fit")
    assert fitted.exit_code == 0, fitted.output
    assert (
        "note: dry-needling-benefits, layout flyer, clinic riverside: --fit set the body in "
    ) in fitted.output
    size = float(fitted.output.split("set the body in ")[1].split(" pt")[0])
    assert 11.0 <= size < 12.0
    pdf = tmp_path / "o/riverside/dry-needling-benefits-flyer.pdf"
    assert len(PdfReader(pdf).pages) == 2


def test_fit_never_goes_below_the_floor(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    _lengthen(data_dir, 60)
    result = run(
        runner, "build", "--data", str(data_dir), "--out", str(tmp_path / "o"), "-c",
        "riverside", "-a", "benefits", "-l", "trifold", "--fit",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--fit could not make it fit: body type is at its floor of 11 pt" in result.output
    assert not (tmp_path / "o/riverside/dry-needling-benefits-trifold.pdf").exists()


def test_pack_bookmarks_each_leaflet_under_its_clinic(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pack.pdf"
    result = run(runner, "pack", "--data", str(data_dir), "-a", "safety", "-l", "trifold",
                 "--for", "press", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    assert len(reader.pages) == 4
    outline = reader.outline
    assert [item.title for item in outline[::2]] == [
        "Lakeshore Sports & Spine",
        "Riverside Physiotherapy",
    ]
    assert [item.title for item in outline[1]] == [
        "Dry needling: side effects and how safe it is (trifold, US Letter)"
    ]
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "Print pack: Lakeshore Sports &amp; Spine, Riverside Physiotherapy" in xmp
    assert reader.pdf_header == "%PDF-1.6"


def test_pack_two_up_puts_each_a5_page_twice_on_a4_with_a_cut(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "two-up.pdf"
    result = run(runner, "pack", "--data", str(data_dir), "-c", "riverside", "-a", "safety",
                 "--two-up", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    assert len(reader.pages) == 4  # the A5 handout's four pages
    for page in reader.pages:
        assert float(page.mediabox.width) / MM == pytest.approx(297.0, abs=0.05)
        assert float(page.mediabox.height) / MM == pytest.approx(210.0, abs=0.05)
        cuts = page["/PieceInfo"]["/Handouts"]["/Private"]["/Cuts"]
        assert [float(c) / MM for c in cuts] == pytest.approx([148.5])
    middle = 297.0 * MM / 2
    words = pdf_words(target)
    left = [w[5] for w in words if w[0] == 1 and w[1] < middle]
    right = [w[5] for w in words if w[0] == 1 and w[1] > middle]
    # The same words on both halves (pdftotext may list a list marker a word earlier or later
    # on one side, as its reading order is a guess from positions).
    assert sorted(left) == sorted(right) and "safe" in left, "both halves carry the same page"


def test_pack_refuses_two_up_for_other_sizes_or_the_press(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    flyer = run(runner, "pack", "--data", str(data_dir), "-l", "flyer", "--two-up",
                "-o", str(tmp_path / "x.pdf"))  # fmt: skip
    assert flyer.exit_code == 2
    assert "--two-up needs A5 / half-letter pages" in flyer.output
    press = run(runner, "pack", "--data", str(data_dir), "--two-up", "--for", "press",
                "-o", str(tmp_path / "x.pdf"))  # fmt: skip
    assert press.exit_code == 2
    assert "a print shop imposes press files itself" in press.output


def test_proof_draws_trim_bleed_safe_area_and_folds(
    runner: CliRunner, print_build, tmp_path: Path
) -> None:
    from PIL import Image

    from handouts.press import proof

    pdf = print_build.out_dir / "riverside/dry-needling-safety-trifold-press.pdf"
    result = run(runner, "proof", str(pdf), "--out", str(tmp_path), "--dpi", "40")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "dry-needling-safety-trifold-press-1.png",
        "dry-needling-safety-trifold-press-2.png",
        "dry-needling-safety-trifold-press-proof.png",
    ]
    with Image.open(tmp_path / "dry-needling-safety-trifold-press-proof.png") as image:
        colours_seen = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    for guide in (proof.TRIM, proof.BLEED, proof.SAFE, proof.FOLD):
        assert guide in colours_seen
    facts = proof.read_facts(PdfReader(pdf))
    assert facts.standards == ["PDF/X-4"]
    assert facts.fonts_embedded
    assert facts.output_intent and "SWOP" in facts.output_intent


def test_proof_of_a_file_that_is_not_a_pdf_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    result = run(runner, "proof", str(bad), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "bad.pdf: cannot read as a PDF" in result.output


def test_press_settings_are_validated(tmp_path: Path) -> None:
    text = (REPO / "data/clinics/riverside.yaml").read_text()
    text = text.replace("bleed_mm: 3", "bleed_mm: 30").replace(
        "primary: [95, 40, 35, 35]", "primary: [95, 40, 35]"
    )
    path = tmp_path / "riverside.yaml"
    path.write_text(text)
    (tmp_path / "riverside-logo.svg").write_bytes(
        (REPO / "data/clinics/riverside-logo.svg").read_bytes()
    )
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    found = [str(p) for p in info.value.problems]
    assert any("press.bleed_mm: expected a number from 1 to 10, got 30" in p for p in found)
    assert any("press.cmyk.primary: expected four ink percentages" in p for p in found)


def test_press_without_a_cmyk_profile_says_what_to_install(
    runner: CliRunner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(colours, "INSTALLED_CMYK_PROFILES", (tmp_path / "none.icc",))
    colours.installed_cmyk_profile.cache_clear()
    try:
        # --jobs 1: the monkeypatch reaches this process only, not worker processes.
        result = run(runner, "build", "--data", str(data_dir), "--out", str(tmp_path / "o"),
                     "-c", "riverside", "-l", "flyer", "--for", "press", "--jobs", "1")  # fmt: skip
    finally:
        colours.installed_cmyk_profile.cache_clear()
    assert result.exit_code == 1
    assert "press files need a CMYK ICC profile: install Ghostscript" in result.output
