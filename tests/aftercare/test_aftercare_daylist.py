"""--from day.csv: one sheet per row, predictable names, progress, a summary; bad rows skipped."""

from __future__ import annotations

import stat
from email import message_from_bytes, policy
from pathlib import Path

from .conftest import PASSWORD_ENV, SMTP_PASSWORD, MailServer, Workspace, pdf_text

NAMES = ["Ada Lovelace", "Brendan O'Neill", "Chidi <Okafor>", "Dana Scully"]


def write_list(
    ws: Workspace,
    rows: list[str],
    name: str = "day.csv",
    header: str = "patient,date,area,practitioner,notes,next-appointment,email",
) -> Path:
    path = ws.root / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = [
    'Ada Lovelace,2026-03-14,neck;left shoulder,Sam Patel,"Walk tonight, gently.",Tue 10:30,'
    "ada@example.org",
    "Brendan O'Neill,2026-03-14,right calf,,,,",
    'Chidi <Okafor>,2026-03-14,"lower back",Sam Patel,Heat pack if it helps,,',
    "Dana Scully,2026-03-14,,,,,",
]


def test_one_sheet_per_row_with_predictable_names(ws: Workspace) -> None:
    day = write_list(ws, GOOD)
    run = ws.run("--from", str(day), "--clinic", "riverside")
    assert run.exit_code == 0, run.output
    files = ws.written()
    assert [p.name for p in files] == ["day-01.pdf", "day-02.pdf", "day-03.pdf", "day-04.pdf"]
    for path, name in zip(files, NAMES, strict=True):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert name in pdf_text(path)
    assert "Walk tonight, gently." in pdf_text(files[0])
    assert "neck, left shoulder" in pdf_text(files[0])
    assert "[1/4] written row 1" in run.stdout and "[4/4] written row 4" in run.stdout
    assert run.stdout.rstrip().endswith("4 written, 0 failed")
    for name in NAMES:  # progress shows row numbers, never names
        assert name.split()[0] not in run.output


def test_bad_rows_are_reported_and_the_rest_still_made(ws: Workspace) -> None:
    rows = [
        GOOD[0],
        ",2026-03-14,,,,,",
        "Eve Moneypenny,14/03/2026,,,,,",
        "Frank Castle,2026-03-14,,,,,not-an-address",
        GOOD[3],
    ]
    day = write_list(ws, rows)
    run = ws.run("--from", str(day), "--clinic", "riverside")
    assert run.exit_code == 1
    assert [p.name for p in ws.written()] == ["day-01.pdf", "day-05.pdf"]
    assert "2 written, 3 failed (rows 2, 3, 4)" in run.stdout
    errors = run.stderr.replace(f"{day}:", "day.csv:").splitlines()
    assert errors == [
        "error: day.csv:3: patient: is empty; give the patient's name",
        "error: day.csv:4: date: expected a date as YYYY-MM-DD, e.g. 2026-03-14",
        "error: day.csv:5: email: is not a valid email address; expected one like name@example.com",
    ], errors
    assert "Moneypenny" not in run.output and "not-an-address" not in run.output


def test_options_fill_empty_cells(ws: Workspace) -> None:
    day = write_list(ws, ["Ada Lovelace,,,,,,"])
    run = ws.run(
        "--from",
        str(day),
        "--clinic",
        "riverside",
        "--date",
        "2026-04-01",
        "--practitioner",
        "Sam Patel",
        "--size",
        "a5",
    )
    assert run.exit_code == 0, run.output
    text = pdf_text(ws.only_pdf())
    assert "1 April 2026" in text and "Sam Patel" in text


def test_semicolon_lists_and_byte_order_mark_are_read(ws: Workspace) -> None:
    path = ws.root / "excel.csv"
    path.write_bytes("\ufeffPatient;Date;Area\nAda Lovelace;2026-03-14;neck\n".encode())
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 0, run.output
    assert ws.only_pdf().name == "excel-01.pdf"


def test_a_list_that_cannot_be_read_writes_nothing(ws: Workspace) -> None:
    day = write_list(ws, ["Ada,2026-03-14"], header="patient,date,diagnosis")
    run = ws.run("--from", str(day), "--clinic", "riverside")
    assert run.exit_code == 1
    assert "unknown column(s) 'diagnosis'" in run.stderr
    assert ws.written() == []
    missing = ws.run("--from", str(ws.root / "nope.csv"), "--clinic", "riverside")
    assert missing.exit_code == 1 and "file not found" in missing.stderr


def test_patient_option_is_refused_with_a_list(ws: Workspace) -> None:
    day = write_list(ws, GOOD[:1])
    run = ws.run("--from", str(day), "--clinic", "riverside", "--patient", "X Y")
    assert run.exit_code == 1 and "error: --from:" in run.stderr
    assert ws.written() == []


def test_output_folder_eml_folder_and_encryption(ws: Workspace) -> None:
    day = write_list(ws, GOOD[:2])
    folder, emails = ws.root / "today", ws.root / "mail"
    run = ws.run(
        "--from",
        str(day),
        "--clinic",
        "riverside",
        "-o",
        str(folder),
        "--eml",
        str(emails),
        "--encrypt",
    )
    # Row 2 has no email address, which --eml needs: it fails on its own.
    assert run.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["day-01.pdf"]
    assert sorted(p.name for p in emails.iterdir()) == ["day-01.eml"]
    assert run.stdout.count("Password: ") == 1
    message = message_from_bytes((emails / "day-01.eml").read_bytes(), policy=policy.default)
    assert next(message.iter_attachments()).get_content() == (folder / "day-01.pdf").read_bytes()


def test_day_list_sent_over_starttls(ws: Workspace, mail_server: MailServer) -> None:
    ws.set_smtp(mail_server.port, mail_server.ca_file)
    rows = [
        "Ada Lovelace,2026-03-14,,,,,ada@example.org",
        "Dana Scully,2026-03-14,,,,,dana@example.org",
    ]
    run = ws.run(
        "--from",
        str(write_list(ws, rows)),
        "--clinic",
        "riverside",
        "--send",
        env={PASSWORD_ENV: SMTP_PASSWORD},
    )
    assert run.exit_code == 0, run.output
    assert [m.rcpt_tos for m in mail_server.inbox.messages] == [
        ["ada@example.org"],
        ["dana@example.org"],
    ]
    assert all(m.tls for m in mail_server.inbox.messages)
