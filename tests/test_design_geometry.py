"""Issue 12's typesetting, measured in the PDFs: logos keep their proportions, the red-flag box is
never split, phone numbers and times never break, large print is 18 pt throughout, small print
in press files is black ink only, icons are drawn once per file, pages leave no half page empty.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.build.recipe import build
from handouts.design.layouts import trifold_panels
from handouts.render.jobs import Selection
from handouts.source.project import Project

from .conftest import REPO, page_image, pdf_words, uncompressed

MM = 72 / 25.4
CLINICS = ("riverside", "lakeshore")
PHONE = {"riverside": "0117 496 0321", "lakeshore": "(312) 555-0147"}
LOGOS = REPO / "tests" / "data" / "logos"


def text_lines(path: Path, first: int | None = None, last: int | None = None) -> list[str]:
    """The text of a PDF, line by line as laid out (poppler's -layout)."""
    command = ["pdftotext", "-layout"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    result = subprocess.run([*command, str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def logo_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    """The safety leaflet in every layout for a clinic with a wide (3:1) and a tall (1:2) logo."""
    projects = {}
    for name in ("wide-3x1", "tall-1x2"):
        data = tmp_path_factory.mktemp(f"data-{name}")
        shutil.copytree(REPO / "handouts" / "library", data / "articles")
        clinics = data / "clinics"
        clinics.mkdir()
        shutil.copy(LOGOS / f"{name}.png", clinics / "logo.png")
        text = (REPO / "data" / "clinics" / "riverside.yaml").read_text(encoding="utf-8")
        (clinics / "logos.yaml").write_text(
            text.replace("logo: riverside-logo.svg", "logo: logo.png"), encoding="utf-8"
        )
        project = Project.at(data, tmp_path_factory.mktemp(f"out-{name}"))
        outcomes = build(project, Selection(articles=["safety"]))
        assert not [p for o in outcomes for p in o.problems]
        projects[name] = project
    return projects


@pytest.mark.parametrize("logo", ["wide-3x1", "tall-1x2"])
def test_logos_keep_their_aspect_ratio_in_every_layout(
    logo_builds: dict[str, Project], logo: str
) -> None:
    """pdfimages reports each image's resolution across and down as drawn: equal unstretched."""
    for path in sorted((logo_builds[logo].out_dir / "logos").glob("*.pdf")):
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        logos = [line.split() for line in listing if line.split()[2] == "image"]
        assert logos, f"no logo image in {path.name}"
        for row in logos:
            x_ppi, y_ppi = float(row[12]), float(row[13])
            assert x_ppi == pytest.approx(y_ppi, rel=0.01), f"{path.name}: {x_ppi} x {y_ppi} ppi"


def test_a_wide_logo_fits_its_declared_box(logo_builds: dict[str, Project]) -> None:
    """The flyer masthead's box is 40 by 12 mm: a 3:1 logo is 12 mm high, so 36 mm wide; a 1:2
    logo 12 mm high, 6 mm wide. Neither is stretched to the box."""
    for logo, expected in (("wide-3x1", 36.0), ("tall-1x2", 6.0)):
        path = logo_builds[logo].out_dir / "logos" / "dry-needling-safety-flyer.pdf"
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        row = listing[0].split()
        width_mm = int(row[3]) / float(row[12]) * 25.4
        height_mm = int(row[4]) / float(row[13]) * 25.4
        assert width_mm == pytest.approx(expected, abs=0.2), logo
        assert height_mm == pytest.approx(12.0, abs=0.2), logo


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", ["flyer", "trifold", "a5", "booklet", "large-print"])
def test_red_flag_box_is_never_split(print_build: Project, clinic: str, layout: str) -> None:
    """The box's first line and its last ("Call us on/at <phone>.") are on the same page."""
    path = print_build.out_dir / clinic / f"dry-needling-safety-{layout}-email.pdf"
    pages = {}
    for page in range(1, len(PdfReader(path).pages) + 1):
        text = " ".join(" ".join(text_lines(path, page)).split())
        if "Get emergency help now" in text:
            pages.setdefault("start", page)
        if f"{PHONE[clinic]}." in text and "Call us" in text:
            pages.setdefault("end", page)
    assert pages.get("start") and pages.get("start") == pages.get("end"), pages


def test_red_flag_box_is_on_the_first_page_of_large_print(print_build: Project) -> None:
    for clinic in CLINICS:
        path = print_build.out_dir / clinic / "dry-needling-safety-large-print.pdf"
        first = " ".join(" ".join(text_lines(path, 1)).split())
        assert "Get emergency help now" in first
        assert f"{PHONE[clinic]}." in first
        # The summary follows on page 2 under a heading of its own (alone at the top of the page
        # it read as a line cut off from the title).
        second = " ".join(text_lines(path, 2, 2)[0].split())
        assert second.startswith("What this") and second.endswith("is about")


def test_a_heading_after_its_icon_hangs(demo_build: Project) -> None:
    """Large print's red-flag heading takes two lines: the second starts under "Get", not under
    the ambulance icon."""
    words = pdf_words(demo_build.out_dir / "riverside" / "dry-needling-safety-large-print.pdf")
    get = next(w for w in words if w[0] == 1 and w[5] == "Get")
    second = next(w for w in words if w[0] == 1 and w[5] == "if" and w[2] > get[2] + 5)
    assert abs(second[1] - get[1]) < 2, "the second line starts under the first word"


@pytest.mark.parametrize("clinic", CLINICS)
def test_no_line_breaks_inside_phone_numbers_times_or_ranges(
    demo_build: Project, clinic: str
) -> None:
    """Wherever a phone number, opening time or number with its unit starts, it ends on the same
    line: every line holding its first part holds all of it."""
    kept = [PHONE[clinic], "1 to 3 days", "Page 1 of"]
    kept += ["8am to 7pm"] if clinic == "riverside" else ["7am–8pm", "7am–5pm"]
    for path in sorted((demo_build.out_dir / clinic).glob("*.pdf")):
        for line in text_lines(path):
            line = " ".join(line.split())
            for phrase in kept:
                head = phrase.rsplit(" ", 1)[0] if " " in phrase else phrase[:4]
                for match in re.finditer(rf"(?<!\S){re.escape(head)}(?!\S)", line):
                    rest = line[match.start() :]
                    # The line ends where the phrase would go on: it was broken.
                    if phrase.startswith(head + " ") and rest == head:
                        pytest.fail(f"{path.name}: {phrase!r} broken: {line!r}")


@pytest.mark.parametrize("clinic", CLINICS)
def test_large_print_sets_nothing_below_18_pt(print_build: Project, clinic: str) -> None:
    """Every glyph, including the footer, page numbers, references and small print."""
    path = print_build.out_dir / clinic / "dry-needling-safety-large-print.pdf"
    sizes = glyph_sizes(path)
    assert sizes and min(sizes) >= 18.0, sorted(set(sizes))[:5]


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", ["flyer", "trifold", "a5", "booklet", "poster", "large-print"])
def test_small_text_in_press_files_is_black_ink_only(
    print_build: Project, clinic: str, layout: str
) -> None:
    """Text under 10 pt is painted K 100 (or paper white), never a four-colour grey or brand ink."""
    raw = uncompressed(print_build.out_dir / clinic / f"dry-needling-safety-{layout}-press.pdf")
    fill, size, small = None, 0.0, 0
    for token in re.finditer(
        rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) scn|/\w+ ([\d.]+) Tf|\] TJ", raw.replace(b"\n", b" ")
    ):
        if token.group(1) is not None:
            fill = tuple(float(token.group(i)) for i in range(1, 5))
        elif token.group(5) is not None:
            size = float(token.group(5)) * 0.75
        elif size < 9.9:
            small += 1
            assert fill in ((0, 0, 0, 1), (0, 0, 0, 0)), f"{size:.1f} pt text in {fill}"
    assert small or layout in ("poster", "large-print"), "the file has small print"


def glyph_sizes(path: Path) -> list[float]:
    """The size of every glyph drawn, in points (WeasyPrint's Tf sizes are CSS px)."""
    raw = uncompressed(path).decode("latin-1")
    sizes = []
    for size, run in re.findall(r"/\w+ ([\d.]+) Tf\s*\[(.*?)\] TJ", raw, flags=re.S):
        sizes += [round(float(size) * 0.75 * 2) / 2] * len(re.findall(r"<[0-9a-f]{4}>", run))
    return sizes


@pytest.mark.parametrize("clinic", CLINICS)
def test_poster_reads_from_two_metres(print_build: Project, clinic: str) -> None:
    """The headline and every message at 40 pt or more, the QR code labelled with what it opens."""
    path = print_build.out_dir / clinic / "dry-needling-safety-poster.pdf"
    sizes = glyph_sizes(path)
    assert sum(1 for s in sizes if s >= 40) > 60, "headline and three messages at >= 40 pt"
    text = " ".join(" ".join(text_lines(path)).split())
    assert "Scan to book online" in text
    assert "Serious problems are rare." in text
    emergency = {"riverside": "999", "lakeshore": "911"}[clinic]
    assert f"Call {emergency}." in text


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("article", ["safety", "aftercare"])
def test_the_posters_red_flag_runs_across_the_sheet_under_the_picture(
    demo_build: Project, clinic: str, article: str
) -> None:
    """The red flag takes the sheet's width in two lines (beside the picture it took five)."""
    words = pdf_words(demo_build.out_dir / clinic / f"dry-needling-{article}-poster.pdf")
    chest = next(w for w in words if w[5] == "Chest")
    emergency = {"riverside": "999.", "lakeshore": "911."}[clinic]
    call = next(w for w in words if w[5] == emergency)
    assert (call[4] - chest[2]) / MM < 40, "the red flag in at most two lines"
    line = [w for w in words if abs(w[2] - chest[2]) < 2]
    assert (max(w[3] for w in line) - chest[1]) / MM > 150, "its first line runs across the sheet"


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize(
    ("article", "first_words"),
    [
        ("benefits", ["It", "It", "Ask"]),
        ("safety", ["Mild", "Serious"]),
        ("aftercare", ["Soreness", "Call"]),
    ],
)
def test_the_posters_picture_is_a_hero_and_its_messages_take_two_lines_at_most(
    demo_build: Project, clinic: str, article: str, first_words: list[str]
) -> None:
    """Under the headline the picture has a band of its own, at least 60 mm deep; the messages
    run across the sheet under it, each in one or two lines (beside it they took three or four)."""
    words = pdf_words(demo_build.out_dir / clinic / f"dry-needling-{article}-poster.pdf")
    tops = sorted({round(w[2]) for w in words})
    gap, below = max((b - a, b) for a, b in itertools.pairwise(tops))
    assert gap / MM > 60 + 20, "60 mm or more (plus the headline's last line) free of text"
    under = sorted((w for w in words if w[2] >= below - 1), key=lambda w: (round(w[2]), w[1]))
    line_starts = [w for v, w in itertools.pairwise([None, *under]) if not v or v[2] != w[2]]
    starts = []
    for first in first_words:
        line_starts = line_starts[next(i for i, w in enumerate(line_starts) if w[5] == first) :]
        starts.append(line_starts.pop(0))
    # Consecutive message starts are one or two lines of 40 pt apart, plus the gap between them.
    for one, two in itertools.pairwise(starts):
        assert (two[2] - one[2]) / MM < 2 * 15.8 + 6, f"{one[5]}…: two lines at most"
    assert all(w[1] - starts[0][1] < 1 for w in starts), "the messages start at one left edge"


@pytest.mark.parametrize("clinic", CLINICS)
def test_icons_are_drawn_once_and_painted_at_every_use(print_build: Project, clinic: str) -> None:
    """One form XObject per icon and colour: the key points' tick is painted three times (the
    second point, a warning, has the caution sign the red-flag box paints too)."""
    raw = uncompressed(print_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    uses = re.findall(rb"/(x\d+) Do", raw)
    assert max(uses.count(name) for name in set(uses)) >= 3
    forms = re.findall(rb"/Subtype /Form", raw)
    assert len(forms) == len(set(uses))


@pytest.mark.parametrize("clinic", CLINICS)
def test_decorative_icons_are_artefacts_in_tagged_files(print_build: Project, clinic: str) -> None:
    raw = uncompressed(print_build.out_dir / clinic / "dry-needling-safety-flyer-email.pdf")
    figures = re.findall(rb"/Figure\s*<<\s*/MCID", raw)
    # The logo, the illustration, the warning key point's caution sign and the QR code.
    assert len(figures) == 4, "only meaningful pictures are figures"
    assert raw.count(b"/Alt (") >= 4
    assert re.findall(rb"/Artifact\s*BMC", raw)


def test_locale_vocabulary_words_us_and_uk_leaflets(demo_build: Project) -> None:
    us = " ".join(text_lines(demo_build.out_dir / "lakeshore" / "dry-needling-safety-flyer.pdf"))
    uk = " ".join(text_lines(demo_build.out_dir / "riverside" / "dry-needling-safety-flyer.pdf"))
    assert "physical therapist" in us and "Call us at" in us
    assert not re.search(r"\bphysios?\b", us)
    assert "physio" in uk and "Call us on" in uk and "physical therapist" not in uk


def test_small_print_names_the_reviewer_from_the_front_matter(demo_build: Project) -> None:
    text = " ".join(text_lines(demo_build.out_dir / "riverside" / "dry-needling-safety-a5.pdf"))
    front = (REPO / "handouts" / "library" / "dry-needling" / "safety.md").read_text("utf-8")
    reviewer = re.search(r'^reviewer: "(.*)"', front, flags=re.M).group(1)  # type: ignore[union-attr]
    assert f"by {reviewer}." in " ".join(text.split())


@pytest.mark.parametrize(
    ("clinic", "layout", "page"),
    [(c, layout, page) for c in CLINICS for layout, page in (("flyer", 2), ("a5", 4))],
)
def test_the_last_page_is_used_to_its_foot(
    demo_build: Project, clinic: str, layout: str, page: int
) -> None:
    """The A5's last page: the questions box takes the room the text leaves, so the contact
    card's small print ends near the foot of the page area. The flyer's second page: its two
    columns end level. Where the text and its sources end the first column well short, the box
    above the contact card in the second grows its lines only as far down (a column of lines to
    the foot stood beside one that ended 45 to 68 mm short of it), and both end near the foot."""
    bottom_margin = 14.0
    height = {"riverside": 297.0, "lakeshore": 279.4}[clinic]
    if layout == "a5":
        height = {"riverside": 210.0, "lakeshore": 215.9}[clinic]
    width = {"riverside": 210.0, "lakeshore": 215.9}[clinic] if layout == "flyer" else None
    for article in ("benefits", "safety", "aftercare"):
        words = pdf_words(demo_build.out_dir / clinic / f"dry-needling-{article}-{layout}.pdf")
        area_bottom = height - bottom_margin
        columns = [(0.0, 999.0)] if width is None else [(0.0, width / 2), (width / 2, 999.0)]
        ends = [
            max(
                y1 / MM
                for p, x0, _, _, y1, _ in words
                if p == page and y1 / MM < area_bottom and left <= x0 / MM < right
            )
            for left, right in columns
        ]
        if width is None:
            assert area_bottom - ends[0] < 30, f"{article}: {area_bottom - ends[0]:.0f} mm empty"
        else:
            assert abs(ends[0] - ends[1]) < 30, f"{article}: columns end at {ends} mm"
            # A short article is set roomier (13.5 or 13 pt): at 12 pt the benefits flyer ended
            # both columns of page 2 45 to 70 mm short.
            assert area_bottom - min(ends) < 20, f"{article}: columns end at {ends} mm"


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", ["flyer", "a5", "large-print"])
def test_pages_break_between_paragraphs_never_inside_a_sentence(
    demo_build: Project, clinic: str, layout: str
) -> None:
    """Every page after the first opens with a heading, a sentence, a list item or a numbered
    reference: never the rest of a sentence from the page before ("1 in 100 treatments...",
    "infection...")."""
    opening = re.compile(r"^(?:[A-Z“\"]|• |\d+\. )")
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-{layout}.pdf"
        for page in range(2, len(PdfReader(path).pages) + 1):
            first = next(line.strip() for line in text_lines(path, page) if line.strip())
            assert opening.match(first), f"{article} page {page} opens mid-sentence: {first!r}"


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_trifold_inside_panels_start_level(demo_build: Project, clinic: str) -> None:
    """A panel that opens with a heading starts as high as its neighbours: the heading's top
    margin is dropped at the top of a column (render/columns.py); it was about 4 mm lower."""
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-trifold.pdf"
        width = float(PdfReader(path).pages[1].mediabox.width)
        words = [w for w in pdf_words(path) if w[0] == 2]
        for panel in range(3):
            inside = [w for w in words if panel * width / 3 <= w[1] < (panel + 1) * width / 3]
            top = min(w[2] for w in inside) / MM
            assert top < 13.5, f"{article}: panel {panel + 1} starts {top:.1f} mm down"


@pytest.mark.parametrize("layout", ["trifold", "poster", "booklet"])
def test_office_files_stop_the_colour_short_of_the_edge_and_press_files_bleed(
    demo_build: Project, print_build: Project, layout: str
) -> None:
    """An office printer cannot print to the edge: the cover (or the poster's band) stops 5 mm
    inside the top edge, where a press file runs its colour into the bleed past the trim."""
    name = f"dry-needling-safety-{layout}"
    office = page_image(demo_build.out_dir / "riverside" / f"{name}.pdf", 1)  # 1 px = 1 pt
    x = office.width * 0.9  # near the right: the cover, the band, the booklet's front cover
    white = (255, 255, 255)
    assert office.getpixel((x, 2 * MM)) == white  # 2 mm down: paper
    assert office.getpixel((x, 8 * MM)) != white  # 8 mm down: the colour
    # The press page carries a slug around the bleed: 1 mm inside the trim is coloured already.
    path = print_build.out_dir / "riverside" / f"{name}-press.pdf"
    page = PdfReader(path).pages[0]
    top = float(page.mediabox.top) - float(page.trimbox.top) + 1 * MM
    right = float(page.trimbox.right) - 0.1 * float(page.trimbox.width)
    assert page_image(path, 1).getpixel((right, top)) != white


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", ["poster", "flyer", "trifold", "a5"])
def test_dates_are_never_broken_across_lines(demo_build: Project, clinic: str, layout: str) -> None:
    """The review dates in the small print are one piece ("November / 30, 2027" once split)."""
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-{layout}.pdf"
        words = pdf_words(path)
        for i, word in enumerate(words[:-2]):
            if word[5] not in ("due", "Reviewed"):
                continue
            date = words[i + 1 : i + 4]  # "30 November 2027" or "November 30, 2027."
            assert len({round(w[2]) for w in date}) == 1, f"{article}: {[w[5] for w in date]}"


def ink_depth(path: Path, page: int, top_mm: float, bottom_mm: float) -> float:
    """How far down the text area (0 to 1) anything is printed on a page (footer excluded)."""
    image = page_image(path, page, dpi=20).convert("L")
    top, bottom = round(top_mm * 20 / 25.4), image.height - round(bottom_mm * 20 / 25.4)
    darkest = [image.crop((0, y, image.width, y + 1)).getextrema()[0] for y in range(top, bottom)]
    inked = [top + i for i, ink in enumerate(darkest) if ink < 200]
    return (max(inked, default=top) - top) / (bottom - top)


@pytest.mark.parametrize("clinic", CLINICS)
def test_large_print_leaves_no_page_half_empty(demo_build: Project, clinic: str) -> None:
    """Every page of large print but the last (the contact card) is printed at least two thirds of
    the way down: references flow from page to page, and a page that ends a little short shares
    the room between its blocks (render/justify.py)."""
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-large-print.pdf"
        pages = len(PdfReader(path).pages)
        depths = [ink_depth(path, page, 25.4, 32) for page in range(1, pages)]
        assert min(depths) > 0.66, f"{article}: pages filled {[f'{d:.0%}' for d in depths]}"


@pytest.mark.parametrize("clinic", CLINICS)
def test_large_print_ends_with_the_questions_box_and_the_contact_card(
    demo_build: Project, clinic: str
) -> None:
    """At 18 pt the sources run over most of a page: they follow the text, then the questions
    box with every one of the article's questions (where room was short it once showed two of
    three, or none) and lines to write on, then the contact card and the small print, which end
    the last page."""
    questions = {
        "safety": "Where will the needles go, and how close to my chest?",
        "aftercare": "When should I call you?",
        "benefits": "What else could I try instead?",
    }
    for article, last_question in questions.items():
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-large-print.pdf"
        text = " ".join(" ".join(text_lines(path)).split())
        order = [text.index(s) for s in ("Where these facts", "Questions to ask", "Contact us")]
        assert order == sorted(order), f"{article}: {order}"
        assert last_question in text, f"{article}: its last question is missing"
        # Lines to write on, always: a box at the foot of the sources with room for one line
        # had none (Riverside's benefits leaflet, review O); it goes to the next page instead.
        assert "Your own questions" in text, f"{article}: the questions box has no lines"
        last = " ".join(text_lines(path, len(PdfReader(path).pages)))
        assert "Contact us" in last and "Next review" in last, article


def test_a_booklet_has_no_notes_page_and_the_email_file_no_pads(
    demo_build: Project, print_build: Project
) -> None:
    """No booklet is padded with a "Notes" page (its prompt repeated the questions box, the
    diary and the appointments page); every printed one ends with the course's appointments.
    The email file has no pads and nothing to write on: the article's questions, no lines."""
    for clinic in CLINICS:
        for article in ("benefits", "safety", "aftercare"):
            path = demo_build.out_dir / clinic / f"dry-needling-{article}-booklet.pdf"
            text = "\n".join(text_lines(path))
            assert not re.findall(r"^\s*Notes\s*$", text, flags=re.M)
            assert "Your appointments" in text
        email = print_build.out_dir / clinic / "dry-needling-safety-booklet-email.pdf"
        text = "\n".join(text_lines(email))
        assert "Your appointments" not in text and "Your own questions" not in text
        assert "Is dry needling safe for me" in text


def _overlaps(words: list[tuple[int, float, float, float, float, str]]) -> list[str]:
    """Pairs of words on the same page whose boxes cover each other by more than a third of the
    smaller one: text printed over text (the fit check sees only edges and pages)."""
    found = []
    by_page: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for page, x0, y0, x1, y1, text in words:
        by_page.setdefault(page, []).append((x0, y0, x1, y1, text))
    for page, boxes in by_page.items():
        boxes.sort()
        for i, (ax0, ay0, ax1, ay1, a) in enumerate(boxes):
            for bx0, by0, bx1, by1, b in boxes[i + 1 :]:
                if bx0 >= ax1:
                    break  # sorted by left edge: nothing further right can overlap this one
                w, h = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
                smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
                if w > 0 and h > 0 and w * h > smaller / 3:
                    found.append(f"page {page}: {a!r} over {b!r}")
    return found


@pytest.mark.parametrize("layout", ["trifold", "flyer", "a5", "booklet", "large-print", "poster"])
def test_no_text_prints_over_other_text(demo_build: Project, layout: str) -> None:
    """Every demo leaflet of the layout: no word overprints another (a long summary once ran
    into a booklet cover's phone number, and the build called it a success)."""
    for pdf in sorted(demo_build.out_dir.glob(f"*/*-{layout}.pdf")):
        assert _overlaps(pdf_words(pdf)) == [], pdf.name


@pytest.mark.parametrize("clinic", CLINICS)
def test_nothing_in_a_booklet_is_drawn_past_its_page(demo_build: Project, clinic: str) -> None:
    """On each imposed sheet, a page is a form drawn on one half: everything in it stays on that
    half (a questions box placed on the last text page once ran past the trim)."""
    import pypdfium2

    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-booklet.pdf"
        document = pypdfium2.PdfDocument(path)
        try:
            for index in range(len(document)):
                sheet = document[index]
                width, height = sheet.get_size()
                for form in sheet.get_objects(max_depth=1):
                    left, bottom, right, top = form.get_bounds()
                    half = 0 if form.get_matrix().e < width / 4 else width / 2
                    where = (article, index + 1, round(left), round(right))
                    assert left >= half - 0.5 and right <= half + width / 2 + 0.5, where
                    assert bottom >= -0.5 and top <= height + 0.5, where
        finally:
            document.close()


@pytest.mark.parametrize("clinic", CLINICS)
def test_a_flyer_leads_with_key_points_across_then_the_red_flag_halves_side_by_side(
    demo_build: Project, clinic: str
) -> None:
    """No box beside a taller one: the key points run across the page above the red-flag box,
    whose two halves (call 999, call us) stand side by side."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-aftercare-flyer.pdf")
    first = [w for w in words if w[0] == 1]

    def top_of(text: str) -> tuple[float, float]:
        x0, y0 = next((x, y) for _, x, y, _, _, t in first if t == text)
        return x0 / MM, y0 / MM

    key_x, key_y = top_of("Key")
    urgent_x, urgent_y = top_of("emergency")
    # "Call the clinic or your doctor": the right half's heading, level with the left half's
    soon_y = min(
        y / MM
        for _, x, y, _, _, t in first
        if t == "Call" and x / MM > urgent_x + 60 and y / MM > urgent_y - 5
    )
    assert key_y < urgent_y - 15  # the key points come first, above the red flags
    assert abs(soon_y - urgent_y) < 8  # the halves side by side
    assert key_x < urgent_x + 5


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize(("name", "page"), [("safety-booklet", 4), ("aftercare-flyer", 2)])
def test_the_sources_stand_under_the_questions_box(
    demo_build: Project, clinic: str, name: str, page: int
) -> None:
    """The questions box comes straight after the text and pushes the sources (and the contact
    card after them) down the page or column; the sources used to open the column or page,
    above the box."""
    path = demo_build.out_dir / clinic / f"dry-needling-{name}.pdf"
    words = pdf_words(path)
    questions = next(w for w in words if w[5] == "Questions" and w[0] == page)
    sources = next(w for w in words if w[5] == "Where" and w[0] == page)
    height = float(PdfReader(path).pages[page - 1].mediabox.height)
    assert abs(questions[1] - sources[1]) < 40 * MM, "in the same page or column"
    assert questions[2] < sources[2], "the box first, the sources under it"
    column = [w for w in words if w[0] == page and w[1] > sources[1] - 2 * MM]
    assert height - max(w[4] for w in column) < 25 * MM, "what follows ends near the foot"


@pytest.mark.parametrize("clinic", CLINICS)
def test_a_booklets_back_cover_ends_with_the_small_print_at_its_foot(
    demo_build: Project, clinic: str
) -> None:
    """The small print stands at the foot of the back cover (the left half of the first sheet
    side), not under the booking code with 40 % of the page empty below it."""
    path = demo_build.out_dir / clinic / "dry-needling-safety-booklet.pdf"
    box = PdfReader(path).pages[0].mediabox
    words = [w for w in pdf_words(path) if w[0] == 1 and w[3] < float(box.width) / 2]
    bottom = max(w[4] for w in words)
    assert float(box.height) - bottom < 22 * MM
    assert any(w[5] == "Reviewed" and float(box.height) - w[4] < 30 * MM for w in words)
    # As patient leaflets do, it offers the same information in large print.
    text = " ".join(w[5] for w in words)
    assert "Would you like this booklet in large print?" in text


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_benefits_booklets_centre_spread_reaches_the_foot_on_both_pages(
    demo_build: Project, clinic: str
) -> None:
    """Pages 4 and 5 (the fourth sheet side: 4 | 5) ended 50 mm short: the sources now stand at
    the foot of page 4, the last text page, and the questions page is ruled to its foot."""
    path = demo_build.out_dir / clinic / "dry-needling-benefits-booklet.pdf"
    box = PdfReader(path).pages[3].mediabox
    image = page_image(path, 4, dpi=36)
    px = 36 / 25.4
    for left, right in ((0, image.width // 2), (image.width // 2, image.width)):
        half = image.crop((left + 5, 0, right - 5, image.height - round(14 * px)))
        inked = [
            y
            for y in range(half.height)
            if min(min(channel) for channel in half.crop((0, y, half.width, y + 1)).getextrema())
            < 230
        ]
        assert (float(box.height) / MM - max(inked) / px) < 30, (left, "mm left at the foot")


def test_booklet_pads_suit_the_article(demo_build: Project) -> None:
    """Someone weighing up whether needling may help gets a page for their goals; the safety
    booklet, a page for their health and medicines (what to tell the physio before needling);
    the aftercare booklet, a diary of how each session felt."""
    for clinic in CLINICS:
        for article, page_title in (
            ("benefits", "Your goals"),
            ("safety", "Your health and medicines"),
            ("aftercare", "How you felt after each session"),
        ):
            path = demo_build.out_dir / clinic / f"dry-needling-{article}-booklet.pdf"
            text = " ".join(" ".join(text_lines(path)).split())
            assert page_title in text, (clinic, article)
            assert ("Your goals" in text) == (article == "benefits")
            assert ("Medicines you take" in text) == (article == "safety")
            assert ("How you felt after" in text) == (article == "aftercare")


def test_a_booklet_with_a_questions_page_gets_an_appointments_page_not_notes(
    demo_build: Project,
) -> None:
    """Three pads: the questions page, goals, and a page for the course's appointments (with the
    clinic's number to move one)."""
    for clinic in CLINICS:
        path = demo_build.out_dir / clinic / "dry-needling-benefits-booklet.pdf"
        text = "\n".join(text_lines(path))
        assert "Questions to ask your" in text and "Your appointments" in text
        assert f"{PHONE[clinic]}" in text.split("Your appointments")[1]
        assert not re.findall(r"^\s*Notes\s*$", text, flags=re.M)


@pytest.mark.parametrize("clinic", CLINICS)
def test_a_trifold_without_red_flags_has_the_questions_box_on_its_flap(
    demo_build: Project, clinic: str
) -> None:
    """The flap of a leaflet without a red-flag box was half empty under the key points."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-benefits-trifold.pdf")
    flap_width = 97.0  # mm: the narrowest panel, at the left of the outside
    questions = [x0 / MM for p, x0, _, _, _, t in words if t == "Questions" and p == 1]
    assert questions and all(x < flap_width for x in questions)
    assert not [t for p, _, _, _, _, t in words if t == "Questions" and p == 2]


def test_a_title_that_pushes_the_red_flag_box_off_page_1_is_reported(tmp_path: Path) -> None:
    """Large print promises the red-flag box whole on page 1; a long title (within the 70
    characters the schema allows) once pushed it to page 2 and left page 1 holding only the
    title, with the build reporting success."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "clinics", data / "clinics")
    shutil.copytree(REPO / "handouts" / "library", data / "articles")
    article = data / "articles" / "dry-needling" / "safety.md"
    title = "Dry needling side effects: how often they happen and how safe it is"
    text = re.sub(r'^title: ".*"$', f'title: "{title}"', article.read_text("utf-8"), flags=re.M)
    article.write_text(text, encoding="utf-8")
    project = Project.at(data, tmp_path / "out")
    selection = Selection(clinics=["lakeshore"], articles=["safety"], layouts=["large-print"])
    problems = [p for o in build(project, selection) for p in o.problems]
    assert len(problems) == 1, problems
    assert "the red-flag box must be whole on page 1" in problems[0].message
    assert problems[0].file == article
    assert not list((tmp_path / "out").rglob("*.pdf"))  # no half-made leaflet written


def test_the_email_trifolds_questions_box_has_nothing_to_write_on(tmp_path: Path) -> None:
    """Nobody writes on an email file: the flap's questions box has the article's questions
    and no lines to write on."""
    project = Project.at(REPO / "data", tmp_path)
    selection = Selection(
        clinics=["riverside"], articles=["benefits"], layouts=["trifold"], profiles=["email"]
    )
    assert not [p for o in build(project, selection) for p in o.problems]
    text = " ".join(text_lines(tmp_path / "riverside" / "dry-needling-benefits-trifold-email.pdf"))
    assert "Ready to talk it through?" in text
    assert "What else could I try instead?" in text and "Your own questions" not in text


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_articles_questions_give_way_after_the_lines_not_before(
    demo_build: Project, clinic: str
) -> None:
    """Where a box of questions and lines does not fit, the questions come alone before the
    lines come alone: Lakeshore's aftercare flyer and safety tri-fold (US Letter, shorter)
    printed four blank lines and none of the three questions."""
    # (At 12 pt Lakeshore's safety tri-fold has no room left for the box on its third panel.)
    other = {"riverside": "dry-needling-safety-trifold", "lakeshore": "dry-needling-safety-flyer"}
    for name, question in (
        ("dry-needling-aftercare-flyer", "How sore might I feel, and for how long?"),
        (other[clinic], "What should I do if I feel unwell afterwards?"),
    ):
        reader = PdfReader(demo_build.out_dir / clinic / f"{name}.pdf")
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert "Questions to ask" in text and question in text, name


def test_a_questions_box_never_comes_without_the_articles_questions(demo_build: Project) -> None:
    """A "questions to ask" box with blank lines and none of the article's questions read as a
    fault (Lakeshore's safety flyer): where the questions do not fit, there is no box."""
    first = {
        "benefits": "What do you hope needling will do for me?",
        "safety": "Is dry needling safe for me, with my health and my medicines?",
        "aftercare": "How sore might I feel, and for how long?",
    }
    for path in sorted(demo_build.out_dir.glob("*/*.pdf")):
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
        if "Questions to ask" in text:
            article = path.stem.split("-")[2]
            assert first[article] in text, path.name


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_red_flag_flap_ends_with_how_to_talk_it_through(
    demo_build: Project, clinic: str
) -> None:
    """Under the red flags, the flap's foot says how to talk it through (its bottom quarter was
    empty): "Ready to talk it through?" stands in the flap, in its lowest fifth."""
    path = demo_build.out_dir / clinic / "dry-needling-safety-trifold.pdf"
    flap, _, _ = trifold_panels(float(PdfReader(path).pages[0].mediabox.width) / MM)
    height = float(PdfReader(path).pages[0].mediabox.height) / MM
    ready = [w for w in pdf_words(path) if w[0] == 1 and w[5] == "Ready" and w[1] / MM < flap]
    assert ready and ready[0][2] / MM > height * 0.8


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_benefits_trifolds_third_inside_panel_ends_with_its_picture(
    demo_build: Project, clinic: str
) -> None:
    """Without red flags the inside's third panel ended with half of it empty: the article's
    picture stands at its foot, clear of the text above it. The first panel is full, and a
    list's lead-in stays with it (it ended the first panel, its list opening the second)."""
    path = demo_build.out_dir / clinic / "dry-needling-benefits-trifold.pdf"
    box = PdfReader(path).pages[1].mediabox
    width, height = float(box.width) / MM, float(box.height) / MM
    _, full, _ = trifold_panels(width)
    image = page_image(path, 2, dpi=36)
    px = 36 / 25.4
    third = image.crop((round((2 * full + 2) * px), 0, image.width, image.height))
    foot = [
        y
        for y in range(third.height)
        if third.crop((0, y, third.width, y + 1)).getextrema()
        != ((255, 255), (255, 255), (255, 255))
    ]
    assert (height - max(foot) / px) < 20, "something stands at the foot of the third panel"
    words = [w for w in pdf_words(path) if w[0] == 2 and w[1] / MM > 2 * full]
    text_end = max(w[4] for w in words) / MM
    assert max(foot) / px - text_end > 30, "a picture, not text, under the last line"
    inside = [w for w in pdf_words(path) if w[0] == 2]
    first = [w for w in inside if w[1] / MM < full]
    assert max(w[4] for w in first) / MM > height * 0.8, "the first panel is full"
    lead_in = next(w for w in inside if w[5] == "groups:")
    first_item = next(w for w in inside if w[5] == "alone")
    assert lead_in[1] // (full * MM) == first_item[1] // (full * MM), "in its list's panel"
    assert 0 < first_item[2] - lead_in[2] < 10 * MM


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_flaps_questions_box_is_ruled_to_the_foot(demo_build: Project, clinic: str) -> None:
    """Without red flags, the flap's questions box under the key points grows its lines to the
    flap's foot (it had four and ended a fifth of the flap short), inside the panel's 11 mm
    margin (it ran to 4 mm from the trim, where an office printer cannot print)."""
    path = demo_build.out_dir / clinic / "dry-needling-benefits-trifold.pdf"
    flap, _, _ = trifold_panels(float(PdfReader(path).pages[0].mediabox.width) / MM)
    image = page_image(path, 1, dpi=150)
    x = round(flap / 2 * MM * 150 / 72)
    rows = [image.getpixel((x, y)) != (255, 255, 255) for y in range(image.height)]
    # Ruled lines: short runs of ink down the middle of the flap in its lower half.
    lines = sum(1 for y in range(image.height // 2, image.height) if rows[y] and not rows[y - 1])
    assert lines >= 7, lines
    last = max(y for y in range(image.height) if rows[y])
    assert last > image.height * 0.9  # the box's border, near the foot
    assert (image.height - last) / 150 * 25.4 > 10, "inside the panel's margin"


@pytest.mark.parametrize("clinic", CLINICS)
def test_a_trifold_covers_title_takes_three_lines_at_most(demo_build: Project, clinic: str) -> None:
    """A long title is set smaller on the tri-fold's narrow cover: in Lakeshore's serif the
    benefits title ran to four lines ("Dry needling / for neck / and shoulder pain: / ...")."""
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-trifold.pdf"
        width = float(PdfReader(path).pages[0].mediabox.width) / MM
        flap, back, _ = trifold_panels(width)
        title = [
            w
            for w in pdf_words(path)
            if w[0] == 1 and w[1] / MM > flap + back and (w[4] - w[2]) > 18  # 19 pt or more
        ]
        lines = {round(w[2]) for w in title}
        assert 1 < len(lines) <= 3, f"{article}: the cover's title on {len(lines)} lines"


@pytest.mark.parametrize("clinic", CLINICS)
def test_an_a5s_contact_lines_take_the_cards_width_and_the_code_stands_by_the_hours(
    demo_build: Project, clinic: str
) -> None:
    """On the A5's last page the address reads on its own lines (beside the booking code a
    "Suite 4" once broke onto a line alone); the code's caption stands right of the opening
    hours, level with them."""
    path = demo_build.out_dir / clinic / "dry-needling-safety-a5.pdf"
    first_line = {"riverside": "14 Quayside Walk", "lakeshore": "2200 North Harbor Drive, Suite 4"}
    assert any(line.strip() == first_line[clinic] for line in text_lines(path, 4))
    words = [w for w in pdf_words(path) if w[0] == 4]
    hours = next(w for w in words if w[5] == "hours")
    scan = next(w for w in words if w[5] == "Scan")
    small_print = next(w for w in words if w[5] == "general")
    beside = [w for w in words if w[3] < scan[1] - 2 * MM and abs(w[2] - scan[2]) < 5 * MM]
    assert beside, "the opening hours run level with the code's caption, at its left"
    assert hours[2] < scan[2] < small_print[2]


@pytest.mark.parametrize("clinic", CLINICS)
def test_a_booklets_inner_pages_carry_the_clinics_name_and_phone_by_the_folio(
    demo_build: Project, clinic: str
) -> None:
    """Every page between the covers has a footer as the other layouts' pages do: the clinic's
    name and phone number beside the page number (it had the number alone); the covers none."""
    name = {"riverside": "Riverside Physiotherapy", "lakeshore": "Lakeshore Sports & Spine"}
    footer = f"{name[clinic]} · {PHONE[clinic]}"
    for article in ("benefits", "safety", "aftercare"):
        path = demo_build.out_dir / clinic / f"dry-needling-{article}-booklet.pdf"
        pages = 2 * len(PdfReader(path).pages)  # two booklet pages to a sheet side
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert text.count(footer) == pages - 2, article


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_red_flag_halves_titles_break_at_the_words_they_share(
    demo_build: Project, clinic: str
) -> None:
    """Side by side, both titles end "… / if you have" on a second line, level with each other
    (the one-line urgent title left a gap above its list, beside the two-line other)."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    first = [w for w in words if w[0] == 1]
    tails = [
        w
        for w in first
        if w[5] == "if"
        and any(v[5] == "have" and abs(v[2] - w[2]) < 1 and 0 < v[1] - w[1] < 60 for v in first)
    ]
    assert len(tails) == 2, tails
    (left, right) = sorted(tails, key=lambda w: w[1])
    assert abs(left[2] - right[2]) < 4  # the same line (the urgent title is a size larger)
    heads = [w for w in first if w[5] in ("Get", "Call") and 0 < left[2] - w[2] < 30]
    assert {w[5] for w in heads} >= {"Get"}  # each tail is the second line of its title


@pytest.mark.parametrize("layout", ["flyer", "a5", "large-print"])
def test_footers_stay_clear_of_what_an_office_printer_cannot_print(
    demo_build: Project, layout: str
) -> None:
    """Many office printers leave the outer 4 to 6.35 mm of a sheet blank (a quarter inch on
    US inkjets): nothing on a page, its footer included, comes nearer the trim than that."""
    for pdf in sorted(demo_build.out_dir.glob(f"*/*-{layout}.pdf")):
        height = float(PdfReader(pdf).pages[0].mediabox.height)
        lowest = max(w[4] for w in pdf_words(pdf))
        assert (height - lowest) / MM >= 6.35, pdf.name


def test_the_web_address_goes_only_when_the_booking_address_says_it(tmp_path: Path) -> None:
    """Large print and the A5 print the booking address among the contact lines, and leave the
    web address out when the booking is on the same site; not when it is elsewhere."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "clinics", data / "clinics")
    clinic = data / "clinics" / "riverside.yaml"
    text = clinic.read_text("utf-8").replace(
        "https://riversidephysio.example/book", "https://bookings.example.org/riverside"
    )
    clinic.write_text(text, encoding="utf-8")
    project = Project.at(data, tmp_path / "out")
    selection = Selection(clinics=["riverside"], articles=["safety"], layouts=["large-print"])
    assert not [p for o in build(project, selection) for p in o.problems]
    path = tmp_path / "out" / "riverside" / "dry-needling-safety-large-print.pdf"
    last = " ".join(" ".join(text_lines(path, len(PdfReader(path).pages))).split())
    assert "Web riversidephysio.example" in last
    assert "Book bookings.example.org/riverside" in last


@pytest.mark.parametrize("layout", ["large-print", "a5"])
def test_a_booking_address_on_the_clinics_site_stands_for_the_web_address(
    demo_build: Project, layout: str
) -> None:
    path = demo_build.out_dir / "riverside" / f"dry-needling-safety-{layout}.pdf"
    last = " ".join(" ".join(text_lines(path, len(PdfReader(path).pages))).split())
    assert "Book riversidephysio.example/book" in last and "Web " not in last


@pytest.mark.parametrize("layout", ["flyer", "a5", "poster", "large-print"])
def test_every_leaflet_offers_itself_in_large_print(demo_build: Project, layout: str) -> None:
    """As patient leaflets do, the small print offers the same leaflet in large print (only
    the booklet's back cover did), at the text's size; large print itself does not. (Not the
    tri-fold yet: its back panel has no line to spare at 12 pt.)"""
    path = demo_build.out_dir / "riverside" / f"dry-needling-safety-{layout}.pdf"
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(raw.stdout.split())  # in reading order: the tri-fold's panels side by side
    assert ("Ask us for it in large print." in text) is (layout != "large-print")
