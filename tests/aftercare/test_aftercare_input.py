"""Bad input: one line per problem, exit code 1, nothing written, the bad value not repeated."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from handouts.aftercare.patient import RawDetails
from handouts.aftercare.recipe import Order, make_sheet
from handouts.source.project import Project

from .conftest import Workspace, pdf_text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--clinic", "nowhere", "--patient", "A B"], "error: --clinic: no clinic 'nowhere'"),
        (["--clinic", "riverside", "--patient", ""], "error: --patient: is empty"),
        (["--clinic", "riverside", "--patient", "   "], "error: --patient: is empty"),
        (
            ["--clinic", "riverside", "--patient", "A B", "--email", "jo.bloggs@"],
            "error: --email: is not a valid email address",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--email", "jo@example.com\nBcc: x@y.z"],
            "error: --email: is not a valid email address",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--date", "14/03/2026"],
            "error: --date: expected a date as YYYY-MM-DD",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--date", "2026-02-30"],
            "error: --date: expected a date as YYYY-MM-DD",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--date", "tomorrow"],
            "error: --date: expected a date as YYYY-MM-DD",
        ),
        (["--clinic", "riverside", "--patient", "A\nB"], "error: --patient: contains a line break"),
        (["--clinic", "riverside", "--patient", "A" * 81], "error: --patient: is 81 characters"),
        (["--clinic", "riverside", "--patient", "A B", "--size", "b5"], "error: --size:"),
        (["--clinic", "riverside", "--blank", "--patient", "A B"], "error: --blank:"),
        (
            ["--clinic", "riverside", "--patient", "A B", "--eml", "x.eml"],
            "error: --email: is needed to write or send an email",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--password", "long enough"],
            "error: --password: is only used with --encrypt",
        ),
        (
            ["--clinic", "riverside", "--patient", "A B", "--encrypt", "--password", "short"],
            "error: --password: must be 8 to 100 characters",
        ),
    ],
)
def test_bad_input_one_line_exit_1_nothing_written(
    ws: Workspace, args: list[str], message: str
) -> None:
    run = ws.run(*args)
    assert run.exit_code == 1, run.output
    assert run.stderr.startswith(message), run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.output
    assert ws.written() == []


def test_every_problem_is_reported_at_once(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "", "--email", "nope", "--date", "soon")
    assert run.exit_code == 1
    assert [line.split(":")[1].strip() for line in run.stderr.splitlines()] == [
        "--patient",
        "--email",
        "--date",
    ]
    assert ws.written() == []


def test_errors_do_not_repeat_what_was_typed(ws: Workspace) -> None:
    run = ws.run(
        "--clinic",
        "riverside",
        "--patient",
        "Jo Bloggs",
        "--email",
        "jo.bloggs@@example.com",
        "--date",
        "1999-99-99",
    )
    assert run.exit_code == 1
    assert "bloggs" not in run.output.lower() and "1999" not in run.output


def test_output_into_the_leaflet_catalogue_is_refused(ws: Workspace) -> None:
    run = ws.run(
        "--clinic", "riverside", "--patient", "A B", "-o", str(ws.out / "riverside" / "sheet.pdf")
    )
    assert run.exit_code == 1
    assert "error: -o: personal sheets are kept out of the leaflet catalogue" in run.stderr
    assert ws.written() == []


def test_send_without_the_password_variable_writes_nothing(ws: Workspace) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "A B", "--email", "a@example.com", "--send")
    assert run.exit_code == 1
    assert "smtp.password_env: the mail password is not set" in run.stderr
    assert "RIVERSIDE_SMTP_PASSWORD" in run.stderr
    assert ws.written() == []


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        'O\'Brien "The Boss" & Sons',
        "{{ clinic.name }} {% if 1 %}x{% endif %}",
        "Ana 👩🏽‍⚕️ Lima",
        "محمد بن سلمان",
        "יעל אברהם-כהן",
    ],
)
def test_names_are_printed_literally(ws: Workspace, name: str) -> None:
    run = ws.run("--clinic", "riverside", "--patient", name, "--date", "2026-03-14")
    assert run.exit_code == 0, run.output
    # Joiners and variation selectors shape emoji; text extraction keeps some, drops others.
    invisible = str.maketrans("", "", "\u200d\ufe0f")
    text = pdf_text(ws.only_pdf()).translate(invisible)
    printable = name.translate(invisible)
    if any("\u0590" <= c <= "\u06ff" for c in name):
        # Extraction reorders right-to-left runs around neutral characters (checked visually:
        # the sheet reads correctly); every word must be there, in its own letter order.
        assert all(word in text for word in re.split(r"[\s-]+", printable))
    else:
        assert printable in text


def test_nothing_personal_is_logged(ws: Workspace, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    project = Project.at(ws.data, ws.out)
    make_sheet(
        project,
        Order("riverside"),
        RawDetails(
            "Persephone Quill",
            "2026-03-14",
            ("left calf",),
            "Dr Who",
            "Rest tonight",
            "Tuesday",
            "pq@example.com",
        ),
        dt.date(2026, 3, 14),
    )
    logged = " ".join(r.getMessage() for r in caplog.records)
    for detail in ("Persephone", "Quill", "left calf", "Rest tonight", "pq@example.com"):
        assert detail not in logged
    files = ws.written()
    assert [p.name for p in files] == ["riverside-2026-03-14-1.pdf"]  # no temporary leftovers
