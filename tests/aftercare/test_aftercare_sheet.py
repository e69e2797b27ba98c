"""The personal and blank sheets: content, geometry, fonts, metadata and where files go."""

from __future__ import annotations

import stat

import pypdf
import pytest

from ..conftest import page_image, pdf_words
from ..test_design_geometry import glyph_sizes
from .conftest import Run, Workspace, font_names, pdf_text

NAME = 'Zoë <b>O\'Brien</b> "Jo" & co'
PT_PER_MM = 72 / 25.4
SIZES_PT = {"a4": (210, 297), "letter": (215.9, 279.4), "a5": (148, 210)}


def make(ws: Workspace, *extra: str, name: str = NAME) -> pypdf.PdfReader:
    run = make_run(ws, *extra, name=name)
    assert run.exit_code == 0, run.output
    return pypdf.PdfReader(ws.only_pdf())


def make_run(ws: Workspace, *extra: str, name: str = NAME) -> Run:
    return ws.run(
        "--clinic",
        "riverside",
        "--patient",
        name,
        "--date",
        "2026-03-14",
        "--area",
        "left upper trapezius",
        "--area",
        "right calf",
        "--practitioner",
        "Sam Patel",
        "--notes",
        "Walk gently tonight.\nNo gym today.",
        "--next-appointment",
        "Tue 17 March, 10:30",
        *extra,
    )


def test_personal_sheet_is_one_page_with_details_and_the_article_facts(ws: Workspace) -> None:
    reader = make(ws)
    assert len(reader.pages) == 1
    text = pdf_text(ws.only_pdf())
    assert NAME in text  # markup, quotes and ampersand printed literally, never interpreted
    assert "14 March 2026" in text  # the clinic's locale (en-GB)
    assert "left upper trapezius, right calf" in text
    assert "Sam Patel" in text and "Tue 17 March, 10:30" in text
    assert "Walk gently tonight." in text and "No gym today." in text
    # The condensed article: its key points and its red-flag box, with the clinic's numbers.
    assert "Soreness usually fades within 1 to 3 days." in text
    assert "Get emergency help now if you have" in text
    assert "shortness of breath" in text
    assert "Call 999 now." in text
    assert "0117 496 0321" in text
    # Read at home at night: whom to call when the clinic is closed (the clinic's out_of_hours).
    assert "Closed? Call NHS 111." in " ".join(text.split())


@pytest.mark.parametrize("size", ["a4", "letter", "a5"])
def test_size_option_sets_the_paper(ws: Workspace, size: str) -> None:
    reader = make(ws, "--size", size)
    box = reader.pages[0].mediabox
    width, height = SIZES_PT[size]
    assert (float(box.width), float(box.height)) == pytest.approx(
        (width * PT_PER_MM, height * PT_PER_MM), abs=0.5
    )
    assert len(reader.pages) == (2 if size == "a5" else 1)  # A5: both sides of the sheet


def test_paper_follows_the_clinic_and_date_its_locale(ws: Workspace) -> None:
    run = ws.run("--clinic", "lakeshore", "--patient", "Ana Silva", "--date", "2026-03-14")
    assert run.exit_code == 0, run.output
    reader = pypdf.PdfReader(ws.only_pdf())
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(215.9 * PT_PER_MM, abs=0.5)  # US Letter
    assert "March 14, 2026" in pdf_text(ws.only_pdf())  # en-US
    assert "Closed?" not in pdf_text(ws.only_pdf())  # a clinic without out_of_hours


def test_personal_file_is_private_and_its_name_has_no_patient_data(ws: Workspace) -> None:
    make(ws)
    path = ws.only_pdf()
    assert path.parent == ws.aftercare
    assert path.name == "riverside-2026-03-14-1.pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(ws.aftercare.stat().st_mode) == 0o700
    assert not (ws.out / "riverside").exists()  # never in the leaflet catalogue


def test_second_sheet_on_the_same_day_gets_its_own_file(ws: Workspace) -> None:
    make(ws)
    make_again = ws.run(
        "--clinic", "riverside", "--patient", "Other Person", "--date", "2026-03-14"
    )
    assert make_again.exit_code == 0
    assert [p.name for p in ws.written()] == [
        "riverside-2026-03-14-1.pdf",
        "riverside-2026-03-14-2.pdf",
    ]


def test_name_in_file_only_when_asked(ws: Workspace) -> None:
    run = ws.run(
        "--clinic",
        "riverside",
        "--patient",
        "Zoë O'Brien",
        "--date",
        "2026-03-14",
        "--name-in-file",
    )
    assert run.exit_code == 0, run.output
    assert ws.only_pdf().name == "riverside-2026-03-14-zoë-o-brien-1.pdf"


def test_metadata_is_generic(ws: Workspace) -> None:
    reader = make(ws, name="Marguerite Quennell")
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert info["/Title"] == "After dry needling: how to look after yourself"  # the article's
    assert info["/Author"] == "Riverside Physiotherapy"
    assert set(info) <= {"/Title", "/Author", "/Creator", "/Producer"}
    assert "/Metadata" not in reader.trailer["/Root"]  # no XMP
    assert not reader.outline  # headings do not become bookmarks
    raw = ws.only_pdf().read_bytes()
    assert b"Quennell" not in raw  # text is in subset-font glyph codes, never plain


def test_output_option_names_the_file(ws: Workspace) -> None:
    target = ws.root / "sheets" / "for-printing.pdf"
    assert make_run(ws, "-o", str(target)).exit_code == 0
    assert ws.written() == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_blank_sheet_has_write_in_lines_and_no_details(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--blank", "--size", "a5")
    assert run.exit_code == 0, run.output
    path = ws.only_pdf()
    assert path.name == "riverside-blank-a5.pdf"
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 2  # A5: both sides
    text = pdf_text(path)
    for label in (
        "Name",
        "Date",
        "Practitioner",
        "Area treated",
        "Next visit",
        "Notes from your practitioner",
        "Get emergency help now",
    ):
        assert label in text
    assert "For " not in text
    # The back has lines for the name and the date too, should the sheet be torn in two.
    back = reader.pages[1].extract_text()
    assert "Name" in back and "Date" in back


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_fonts_are_embedded_and_come_from_pinned_packages(ws: Workspace, size: str) -> None:
    """Every glyph from the clinic's font or ours, none from the system's (an arrow after the
    A5's "Turn over" came from DejaVu Sans)."""
    name = "דוד כהן · محمد · Δημήτρης · Nguyễn 😀 👍🏽 ❤️"
    reader = make(ws, "--size", size, name=name)
    fonts = font_names(reader)
    assert all(fonts.values()), fonts
    allowed = ("Atkinson-Hyperlegible", "Handouts-Noto-")  # the clinic's font, then ours
    assert all(f.startswith(allowed) for f in fonts), fonts
    assert any("Hebrew" in f for f in fonts) and any("Arabic" in f for f in fonts)
    assert any("Emoji" in f for f in fonts)
    text = pdf_text(ws.only_pdf())
    assert "דוד כהן" in text and "Δημήτρης" in text and "😀" in text


def test_right_to_left_name_prints_in_reading_order(ws: Workspace) -> None:
    make(ws, name="שרה לוי")
    assert "שרה לוי" in pdf_text(ws.only_pdf())


def test_character_without_a_font_is_refused_and_nothing_written(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "王小明")
    assert run.exit_code == 1
    assert run.stderr.startswith("error: --patient: has a character no font")
    assert "王" not in run.output.replace("CJK UNIFIED IDEOGRAPH", "")
    assert ws.written() == []


LONG_NOTES = ("Keep the shoulder moving gently and walk each day. " * 8)[:399]  # under the limit


DETAILS = ["--area", "neck", "--area", "left shoulder", "--practitioner", "Sam Patel"]
DETAILS += ["--next-appointment", "Tue 17 March"]
# As many lines as the limit allows: each paragraph takes a line of its own.
TALL_NOTES = "\n".join(["Walk each day."] * 26)[:399]


@pytest.mark.parametrize("size", ["a4", "letter", "a5"])
def test_longest_notes_fit_on_every_size(ws: Workspace, size: str) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "A B", "--size", size, *DETAILS,
                 "--notes", LONG_NOTES)  # fmt: skip
    assert run.exit_code == 0, run.output
    assert len(pypdf.PdfReader(ws.only_pdf()).pages) == (2 if size == "a5" else 1)


def test_the_longest_notes_on_a5_keep_the_a4_type(ws: Workspace) -> None:
    """A5 keeps the A4 sheet's type (12 pt text): the longest notes allowed take the room of
    the front's questions box and a smaller body map (SHEET_UNITS), not smaller type."""
    sizes = []
    for notes in ("Walk tonight, gently.", LONG_NOTES):
        output = ws.root / f"{len(notes)}.pdf"
        run = ws.run("--clinic", "riverside", "--patient", "A B", "--size", "a5", *DETAILS,
                     "--notes", notes, "--output", str(output))  # fmt: skip
        assert run.exit_code == 0, run.output
        sizes.append(sorted(glyph_sizes(output)))
    short, long = sizes
    assert short[len(short) // 2] >= 11.0  # the median: the red-flag box's 11 pt, the text 12
    assert long[len(long) // 2] >= 11.0
    assert (short[-1], long[-1]) == (18.0, 18.0)  # the title


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_a_long_name_on_a5_keeps_the_a4_type(ws: Workspace, clinic: str) -> None:
    """A 36-letter name, three areas and a long next appointment: the back's label ends in
    "…" rather than wrap (it pushed the foot off the sheet, and both sides were set at 0.9)."""
    name = "Bartholomew Featherstonehaugh-Smythe"
    run = ws.run("--clinic", clinic, "--patient", name, "--size", "a5", "--area", "right calf",
                 "--area", "lower back", "--area", "left upper trapezius",
                 "--next-appointment", "Wednesday 16 December, 10:30 with Sam")  # fmt: skip
    assert run.exit_code == 0, run.output
    sizes = sorted(glyph_sizes(ws.only_pdf()))
    assert sizes[len(sizes) // 2] >= 11.0 and sizes[-1] == 18.0
    assert name in " ".join(pypdf.PdfReader(ws.only_pdf()).pages[0].extract_text().split())
    # It runs across the card above the body map, on one line ("For Alexandra /
    # Featherstonehaugh" beside the map pushed every row down: review P).
    words = [w for w in pdf_words(ws.only_pdf()) if w[0] == 1]
    first, front = (next(w for w in words if w[5] == label) for label in ("Bartholomew", "Front"))
    last = next(w for w in words if w[5].startswith("Featherstonehaugh"))
    assert abs(last[2] - first[2]) < 1 and first[4] < front[2], "one line, above the map"


def test_notes_too_long_for_a5_fail_with_a_clear_error(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "A B", "--size", "a5", *DETAILS,
                 "--notes", TALL_NOTES)  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr == (
        "error: --notes: the sheet does not fit on the two sides of an A5 sheet; shorten the "
        "notes or the areas (or choose a larger --size)\n"
    )
    assert ws.written() == []


def test_notes_over_the_limit_are_refused(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "A B", "--notes", "x" * 401)
    assert run.exit_code == 1
    assert run.stderr == "error: --notes: is 401 characters long; keep it to 400 or fewer\n"
    assert ws.written() == []


TIPS = "Simple things you can do"


def test_self_care_tips_fill_the_room_under_the_red_flag_box(ws: Workspace) -> None:
    make(ws)
    text = pdf_text(ws.only_pdf())
    assert TIPS in text
    assert "Keep moving gently, for example with a short walk." in " ".join(text.split())
    words = [(w[2], w[5]) for w in pdf_words(ws.only_pdf())]  # (top, word), from the top
    tips_top = min(top for top, word in words if word == "Simple")
    help_bottom = max(top for top, word in words if word == "passed.")  # the red-flag box's end
    foot_top = min(top for top, word in words if word == "Questions?")
    assert help_bottom < tips_top < foot_top  # between the red-flag box and the foot


def test_self_care_tips_give_way_to_what_the_practitioner_wrote(ws: Workspace) -> None:
    notes = "\n".join(f"Line {n}: walk, stretch, rest." for n in range(5))
    run = make_run(ws, "--notes", notes)
    assert run.exit_code == 0, run.output
    reader = pypdf.PdfReader(ws.only_pdf())
    assert len(reader.pages) == 1  # the tips never push the sheet onto a second page
    text = pdf_text(ws.only_pdf())
    assert "Line 4: walk" in text
    assert TIPS not in text


@pytest.mark.parametrize("blank", [False, True])
def test_an_a5_sheet_is_two_sided_and_set_no_smaller_than_the_a4_sheets_small_print(
    ws: Workspace, blank: bool
) -> None:
    """A5 is printed on both sides: the details, the key points and (on a personal sheet)
    questions to ask on the front; the whole red-flag box, its halves stacked, and every tip on
    the back. Its type is the A4 sheet's (the text 12 pt, the red-flag box 11 pt; on one side
    they were 9 and 8.25 pt)."""
    who = ["--blank"] if blank else ["--patient", "Jo", "--area", "right calf"]
    run = ws.run("--clinic", "riverside", "--size", "a5", *who)
    assert run.exit_code == 0, run.output
    reader = pypdf.PdfReader(ws.only_pdf())
    assert len(reader.pages) == 2
    front = " ".join(reader.pages[0].extract_text().split())
    back = " ".join(reader.pages[1].extract_text().split())
    assert "Get emergency help now" in back and "Call the clinic or your doctor" in back
    assert "Key points" in front and ("Questions to ask your physio" in front) is not blank
    for tip in ("Drink water", "Keep moving gently", "Skip hard exercise", "Heat or ice?"):
        assert tip in back
    # The front alone, pinned up or passed on, gives the numbers to call.
    assert "Emergency 999 · Clinic 0117 496 0321" in front
    # The back says whose sheet it is, should it be read on its own (a pad's has no name).
    assert ("Jo · " in back) is not blank
    # The front says what is on the back, at its foot; the title breaks after its colon ("how
    # to look / after yourself" had split the phrase).
    assert "Turn over for when to get help and things you can do" in front
    title = [w for w in pdf_words(ws.only_pdf()) if w[0] == 1 and w[5] in ("needling:", "how")]
    assert title[1][2] > title[0][2] + 5, "'how to look after yourself' starts a line"
    sizes = glyph_sizes(ws.only_pdf())
    assert min(sizes) >= 8.0  # the small print and the map's R and L (was 6 pt)
    median = sorted(sizes)[len(sizes) // 2]  # it was 9 pt: the text and the tips are 12, 10.5
    assert median >= (10.5 if blank else 11.0)


@pytest.mark.parametrize(("clinic", "size"), [("riverside", "a4"), ("lakeshore", "letter")])
def test_a_blank_pad_shows_all_the_tips_clear_of_the_red_flag_box(
    ws: Workspace, clinic: str, size: str
) -> None:
    """A one-page pad gives the name a row of its own, its line long enough for a name written
    by hand (two fields to a row left 32 mm), and the two dates share one; with the key points
    in one row, all four tips fit (it had shown two, with no sign of the others). They stand
    clear of the red-flag box above them (render/fill.py puts half the room left above a box
    without ruled lines)."""
    run = ws.run("--clinic", clinic, "--blank", "--size", size)
    assert run.exit_code == 0, run.output
    text = " ".join(pdf_text(ws.only_pdf()).split())
    assert TIPS in text
    for tip in ("Drink water through", "Keep moving gently", "Skip hard exercise", "Heat or ice?"):
        assert tip in text
    words = pdf_words(ws.only_pdf())
    name, date, visit, front = (
        next(w for w in words if w[5] == label) for label in ("Name", "Date", "visit", "Front")
    )
    assert abs(date[2] - visit[2]) < 1, "one row for the two dates"
    assert date[2] > name[2] + 5, "the name on a row of its own"
    assert (front[1] - name[3]) / (72 / 25.4) > 60, "room to write a name beside the map"
    tips_top = min(w[2] for w in words if w[5] == "Simple")
    help_bottom = max(w[4] for w in words if w[5] == "passed.")
    assert (tips_top - help_bottom) / (72 / 25.4) > 3  # mm between the box's last line and it


def test_self_care_tips_read_in_the_clinic_locale(ws: Workspace) -> None:
    run = ws.run("--clinic", "lakeshore", "--patient", "Jo", "--area", "right calf")
    assert run.exit_code == 0, run.output
    text = " ".join(pdf_text(ws.only_pdf()).split())
    assert "Ask your physical therapist which they suggest" in text
    assert "physio " not in text


def test_treated_areas_stand_out_when_the_sheet_is_printed_in_grey(ws: Workspace) -> None:
    """The shaded areas on the body map are dark enough to read on a grey-only printer: the
    sheet with two areas treated has many more dark-grey pixels (86 to 124 of 255, not the
    outline's black strokes or the pale tints) than the same sheet with none."""

    def mid_dark(*areas: str) -> int:
        path = ws.out / "aftercare" / "sheet.pdf"
        args = ["--clinic", "riverside", "--patient", "Jo", "--force", "-o", str(path)]
        run = ws.run(*args, *(a for area in areas for a in ("--area", area)))
        assert run.exit_code == 0, run.output
        image = page_image(path, 1, dpi=72).convert("L")
        return sum(count for value, count in enumerate(image.histogram()) if 85 < value < 125)

    # About 340 more at 80 % (a grey near 100 of 255); about 150 at 55 % (near 150, too pale).
    assert mid_dark("right calf", "left upper trapezius") > mid_dark() + 250


@pytest.mark.parametrize(
    ("clinic", "size"),
    [("riverside", "a4"), ("lakeshore", "letter"), ("riverside", "a5"), ("lakeshore", "a5")],
)
def test_a_blank_pads_note_lines_are_far_enough_apart_to_write_on(
    ws: Workspace, clinic: str, size: str
) -> None:
    """Handwriting needs 7 mm or more between lines (they were 6 mm on US Letter and A5), and
    more than two of them (A4 and Letter had two): the practitioner and the next visit share
    a row on one page; on A5 the red-flag box is on the back."""
    run = ws.run("--clinic", clinic, "--blank", "--size", size)
    assert run.exit_code == 0, run.output
    path = ws.only_pdf()
    label = next(w for w in pdf_words(path) if w[5] == "Notes")
    dpi = 144
    image = page_image(path, 1, dpi=dpi).convert("L")
    scale = dpi / 72
    left, right = round((label[1] + 2) * scale), round((label[1] + 90) * scale)
    top, bottom = round(label[4] * scale), round((label[4] + 30 * 72 / 25.4) * scale)
    ruled = [
        y
        for y in range(top, bottom)
        if sum(image.getpixel((x, y)) < 160 for x in range(left, right)) > 0.9 * (right - left)
    ]
    lines = [y for y in ruled if y - 1 not in ruled][:3]  # then, maybe, the card's border
    assert len(lines) == 3, lines
    assert min(lines[1] - lines[0], lines[2] - lines[1]) / dpi * 25.4 >= 7.0


@pytest.mark.parametrize(("clinic", "size"), [("riverside", "a4"), ("lakeshore", "letter")])
def test_the_red_flag_boxs_two_lists_start_level(ws: Workspace, clinic: str, size: str) -> None:
    """The urgent title takes one line of its half and the other title two: the lists under
    them started a line apart. They start level, and the lines that say whom to call end level
    (on Letter they were 5 mm apart): render/columns.py."""
    run = ws.run("--clinic", clinic, "--patient", "Jo", "--area", "right calf", "--size", size)
    assert run.exit_code == 0, run.output
    words = pdf_words(ws.only_pdf())
    chest = next(w for w in words if w[5] == "chest")  # the urgent list's first item
    fever = next(w for w in words if w[5] == "fever,")  # the other's
    assert chest[0] == fever[0] and abs(chest[2] - fever[2]) < 1.5
    # Each title stands right over its list: a title a line shorter than the other moves down
    # with its list, level with the other's last line (it left a line's gap above the list).
    middle = (chest[1] + fever[1]) / 2
    for first, title_word in ((chest, "emergency"), (fever, "clinic")):
        half = [w for w in words if (w[1] < middle) == (first[1] < middle)]
        title = max((w for w in half if w[5] == title_word and w[2] < first[2]), key=lambda w: w[2])
        above = [w[4] for w in half if title[2] - 1 <= w[2] < first[2] - 1]
        assert (first[2] - max(above)) * 25.4 / 72 < 4, title_word
    now = next(w for w in words if w[5] == "now." and w[2] > chest[2])  # "Call 911 now."
    # "Call us at …", or after it the line that says whom to call when the clinic is closed
    us = max((w for w in words if w[5].endswith(("0321.", "0147.", "111."))), key=lambda w: w[2])
    assert abs(now[2] - us[2]) < 1


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_on_a5_the_red_flag_boxs_halves_stand_one_above_the_other(
    ws: Workspace, clinic: str
) -> None:
    """Side by side at A5's width the halves wrapped to eleven short lines: on the back they
    stand one above the other, each the page's width, so that an item takes one line."""
    run = ws.run("--clinic", clinic, "--patient", "Jo", "--area", "right calf", "--size", "a5")
    assert run.exit_code == 0, run.output
    words = pdf_words(ws.only_pdf())
    chest = next(w for w in words if w[5] == "chest" and w[0] == 2)  # the urgent list's first
    fever = next(w for w in words if w[5] == "fever,")  # the other list's first item
    assert fever[0] == 2 and abs(fever[1] - chest[1]) < 12 and fever[2] > chest[2] + 40
    # "chest pain that gets worse when you breathe in" is one line.
    line = [w for w in words if w[0] == 2 and abs(w[2] - chest[2]) < 1]
    assert [w[5] for w in line][-2:] == ["breathe", "in"]


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_an_a5_pads_fields_run_across_its_card_above_the_map(ws: Workspace, clinic: str) -> None:
    """Beside the map the fields' lines were 27 mm long: they run across the card, the name on
    a row of its own (beside the date its line was 34 mm), the two dates sharing one, and the
    notes lines stand beside the map under them."""
    run = ws.run("--clinic", clinic, "--blank", "--size", "a5")
    assert run.exit_code == 0, run.output
    words = [w for w in pdf_words(ws.only_pdf()) if w[0] == 1]
    first = {w[5]: w for w in reversed(words)}  # each word's first use on the front
    mm = 25.4 / 72
    assert first["Date"][2] > first["Practitioner"][2] > first["Name"][2]  # rows of their own
    assert abs(first["Date"][2] - first["visit"][2]) < 1  # the two dates share one
    assert first["visit"][1] * mm > 60  # the next visit's field is on the card's right half
    assert first["Front"][2] > first["treated"][2] + 5  # the map stands below the fields
    assert abs(first["Notes"][2] - first["Front"][2]) < 3 * 72 / 25.4  # the notes beside it


@pytest.mark.parametrize(("clinic", "width"), [("riverside", 210.0), ("lakeshore", 215.9)])
def test_the_small_print_keeps_clear_of_the_booking_code(
    ws: Workspace, clinic: str, width: float
) -> None:
    """The 18 mm booking code stands at the foot's right edge (13 mm margin); the small print
    under the contact lines stops 2.5 mm short of it, outside the blank margin a code needs (it
    ran under the code, 1.7 mm from it). On Letter the code was 15 mm."""
    run = ws.run("--clinic", clinic, "--patient", "Jo", "--area", "right calf")
    assert run.exit_code == 0, run.output
    words = [w for w in pdf_words(ws.only_pdf()) if w[0] == 1]
    start = next(w for w in words if w[5] == "general")  # "This is general information …"
    small_print = [w for w in words if w[2] >= start[2] - 1]
    mm = 25.4 / 72
    assert len(small_print) > 20
    assert max(w[3] for w in small_print) * mm <= width - 13 - 18 - 2.5


@pytest.mark.parametrize(("size", "blank"), [("a4", True), ("a4", False), ("a5", True)])
def test_a_sheets_key_points_leave_the_warnings_to_the_red_flag_box(
    ws: Workspace, size: str, blank: bool
) -> None:
    """One row of key points. On one page, the first two that are not the article's warning:
    the warning and the call-the-clinic point repeated the red-flag box beside them (a second
    row). On A5, whose box is overleaf, the first of them and the warning, so that the front
    names the danger sign."""
    who = ["--blank"] if blank else ["--patient", "Jo"]
    run = ws.run("--clinic", "riverside", "--size", size, *who)
    assert run.exit_code == 0, run.output
    reader = pypdf.PdfReader(ws.only_pdf())
    front = " ".join(reader.pages[0].extract_text().split())
    assert "Feeling sore after needling is normal" in front
    assert ("Soreness usually fades within 1 to 3 days" in front) is (size != "a5")
    assert ("is not normal soreness. Get help now" in front) is (size == "a5")
    assert "Call the clinic if soreness lasts" not in front


def test_an_area_not_on_the_body_map_says_so_on_the_sheet(ws: Workspace) -> None:
    """Printed as typed, in italics, and marked, where it had only the italics to tell it from
    the shaded ones; the command says so with a "did you mean"."""
    run = ws.run("--clinic", "riverside", "--patient", "Jo", "--area", "left earlobe",
                 "--area", "right calf")  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "is not on the body map" in run.output and "did you mean" in run.output
    text = " ".join(pdf_text(ws.only_pdf()).split())
    assert "left earlobe (not on the body map), right calf" in text
