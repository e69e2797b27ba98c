"""Property: whatever a clinic file, an article's front matter or body, a patient's details or a
day list hold, the loaders either succeed or raise a `HandoutsError`, never anything else
(issue 10). Bounded and derandomized, so that CI is stable and quick."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.aftercare.daylist import read_rows, row_details
from handouts.aftercare.patient import RawDetails, check_details
from handouts.checks.runner import fast
from handouts.errors import HandoutsError
from handouts.source.articles import check_citations, read_article
from handouts.source.check_settings import CheckSettings
from handouts.source.clinics import load_clinic
from handouts.source.markdown import render_body

from .conftest import REPO

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

CLINIC = (REPO / "data" / "clinics" / "riverside.yaml").read_text(encoding="utf-8")
ARTICLE = (REPO / "handouts" / "library" / "dry-needling" / "safety.md").read_text(encoding="utf-8")
TODAY = dt.date(2026, 3, 14)

# Pieces of YAML, Markdown and CSV that have broken parsers before, and plain text of any script.
YAML_BITS = [
    *("a", "key", ":", ": ", " ", "\n", "\n  ", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "<<"),
    *("!!int ", "!!python/name:os.system ", "!foo ", "!!binary ", "'", '"', "#", "|", ">", "?"),
    *("0123", "NO", "yes", "2026-02-30", "12:30", "1e400", ".inf", "~", "null", "%YAML 1.1\n"),
    *("---\n", "...\n", "\t", "\\n", "\ufeff", "\x00", "\u2028", "é", "😀", "#1a5f7a", "0x1F"),
]
MD_BITS = [
    *("# ", "## ", "- ", "1. ", "> ", "  ", "\n", "\n\n", "*", "**", "_", "`", "```", "[", "]"),
    *("(", ")", "![x](", "[@brady2014]", "[@nobody]", "<b>", "&amp;", "|", "---", "\\"),
    *("https://example.org/", "file:///etc/passwd", "javascript:x", "word ", "x" * 80, "é", "😀"),
]
CSV_BITS = [
    *("patient", "date", "notes", "email", "area", ",", ";", "\t", '"', '""', "\n", "\r\n", " "),
    *("Ada", "2026-03-14", "14/03/2026", "a@b.org", "x" * 50, "\ufeff", "\x00", "é", "=1+1"),
]


def pieces(bits: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Mostly the known troublemakers, joined; some text of any kind between them."""
    bit = st.sampled_from(bits)
    mixed = st.lists(st.one_of(bit, bit, st.text(max_size=12)), max_size=max_size)
    return st.one_of(st.lists(bit, min_size=1, max_size=3), mixed).map("".join)


@st.composite
def clinic_files(draw: st.DrawFn) -> str:
    """The shipped clinic file with some lines replaced, or YAML-ish text from scratch."""
    if draw(st.booleans()):
        return draw(pieces(YAML_BITS, 60))
    lines = CLINIC.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {draw(pieces(YAML_BITS, 8))}"
    return "\n".join(lines) + "\n"


@st.composite
def articles(draw: st.DrawFn) -> str:
    """The shipped article with its front matter or its body changed, or both."""
    _, front, body = ARTICLE.split("---\n", 2)
    if draw(st.booleans()):
        lines = front.splitlines()
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = lines[index].split(":", 1)[0] + ": " + draw(pieces(YAML_BITS, 8))
        front = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        body = draw(pieces(MD_BITS, 80))
    prefix = draw(st.sampled_from(["---\n", "\ufeff---\n", "", "--- \n"]))
    return f"{prefix}{front}---\n{body}"


def _write(text: str, folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@BOUNDED
@given(clinic_files())
def test_any_clinic_file_loads_or_is_a_user_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "riverside-logo.svg").write_bytes(
            (REPO / "data/clinics/riverside-logo.svg").read_bytes()
        )
        path = _write(text, folder, "riverside.yaml")
        with contextlib.suppress(HandoutsError):
            fast([load_clinic(path)], [], CheckSettings(), TODAY)  # contrast, logo, contact


@BOUNDED
@given(articles())
def test_any_article_loads_renders_and_checks_or_is_a_user_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(text, Path(tmp), "dry-needling/safety.md")
        try:
            article = read_article(path, "dry-needling-safety")
            check_citations(article).raise_if_any()
            render_body(article, (Path(tmp),))
            fast([], [article], CheckSettings(), TODAY)
        except HandoutsError:
            pass


@BOUNDED
@given(pieces(MD_BITS, 120))
def test_any_body_renders_or_is_a_user_error(body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(ARTICLE, Path(tmp), "dry-needling/safety.md")
        article = replace(read_article(path, "dry-needling-safety"), body=body)
        try:
            render_body(article, (Path(tmp),))
            fast([], [article], CheckSettings(), TODAY)
        except HandoutsError:
            pass


text_or_none = st.none() | st.text(max_size=120)


@BOUNDED
@given(
    text_or_none,
    text_or_none,
    st.lists(st.text(max_size=70), max_size=8),
    text_or_none,
    st.none() | st.text(max_size=500),
    text_or_none,
    st.none() | st.text(max_size=60) | st.emails(),
)
def test_any_patient_details_are_checked_or_refused(
    patient: str | None,
    date: str | None,
    areas: list[str],
    practitioner: str | None,
    notes: str | None,
    next_appointment: str | None,
    email: str | None,
) -> None:
    raw = RawDetails(patient, date, tuple(areas), practitioner, notes, next_appointment, email)
    with contextlib.suppress(HandoutsError):
        check_details(raw, "Atkinson Hyperlegible", TODAY)


@BOUNDED
@given(pieces(CSV_BITS, 80), st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
def test_any_day_list_is_read_or_reported(text: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        rows, _ = read_rows(path)  # problems with the whole list are returned, never raised
        for row in rows:
            with contextlib.suppress(HandoutsError):
                check_details(row_details(row.cells, RawDetails()), "Lato", TODAY)
