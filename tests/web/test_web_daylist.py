"""Day lists on the web: each row checked without echoing cells, a ZIP of the good rows, sending."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile

from .conftest import PASSWORD_ENV, SMTP_PASSWORD, Desk, MailServer, make_desk, point_smtp_at
from .test_web_core import pdf_text

LIST = (
    "patient,date,area,notes,email\n"
    "Ana Lima,2026-03-14,neck;left shoulder,Rest tonight.,ana@example.org\n"
    "Bo Secret,14/03/2026,right calf,,bo-at-example\n"
    "Cy Tran,,lower back,,cy@example.org\n"
)


def post_list(desk: Desk, path: str, action: str, text: str | bytes = LIST, **extra: str):
    data = {
        "csrf": desk.csrf("/daylist"),
        "clinic": "riverside",
        "action": action,
        "article": "dry-needling-aftercare",
        "date": "2026-03-14",
        **extra,
    }
    data_bytes = text if isinstance(text, bytes) else text.encode()
    files = {"list": ("day.csv", data_bytes, "text/csv")}
    return desk.client.post(path, data=data, files=files)


def test_check_shows_errors_by_row_and_column_and_no_cell(desk: Desk) -> None:
    desk.signin()
    response = post_list(desk, "/daylist", "check")
    assert response.status_code == 200
    html = response.text
    assert "2 ready, 1 to fix" in html
    row2 = re.search(r'<tr class="bad">(.*?)</tr>', html, re.S).group(1)
    assert '<th scope="row">2</th>' in row2 and "<td>3</td>" in row2  # row 2, line 3
    assert "<strong>date</strong>" in row2 and "<strong>email</strong>" in row2
    # Only the hidden copy of the list (for the next step) holds the cells.
    visible = re.sub(r"<textarea name=\"list_text\".*?</textarea>", "", html, flags=re.S)
    for cell in ("Ana Lima", "Bo Secret", "14/03/2026", "bo-at-example", "Rest tonight"):
        assert cell not in visible


def test_zip_holds_the_good_rows_named_like_the_command(desk: Desk) -> None:
    desk.signin()
    response = post_list(desk, "/daylist/run", "zip")
    assert response.status_code == 200
    events = [json.loads(line) for line in response.text.splitlines()]
    assert [e.get("row") for e in events[:-1]] == [1, 2, 3]
    assert events[1]["ok"] is False and set(events[1]["errors"]) == {"date", "email"}
    assert "Bo" not in response.text.replace(events[-1].get("zip", ""), "")
    summary = events[-1]
    assert summary["done"] and summary["failed"] == [2]
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(summary["zip"])))
    assert archive.namelist() == ["day-01.pdf", "day-03.pdf"]
    assert "For Ana Lima" in pdf_text(archive.read("day-01.pdf"))
    assert "For Cy Tran" in pdf_text(archive.read("day-03.pdf"))


def test_zip_without_javascript_streams_a_page(desk: Desk) -> None:
    desk.signin()
    response = post_list(desk, "/daylist", "zip", encrypt="on")
    assert response.status_code == 200
    html = response.text
    assert "Row 1: made" in html and "Row 2: not made" in html and "Row 3: made" in html
    assert "Done: 2 made, 1 failed (rows 2)" in html
    passwords = dict(re.findall(r'<th scope="row">(\d+)</th><td><code>([a-z0-9-]+)</code>', html))
    assert set(passwords) == {"1", "3"}
    data = re.search(r'href="data:application/zip;base64,([^"]+)"', html).group(1)
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(data)))
    assert "For Cy Tran" in pdf_text(archive.read("day-03.pdf"), passwords["3"])


def test_a_bad_file_is_one_message(desk: Desk) -> None:
    desk.signin()
    response = post_list(desk, "/daylist", "check", text="name,when\nAna,today\n")
    assert response.status_code == 422
    assert "needs a header row" in response.text
    # Without a header the first row may be a patient's: none of its cells is repeated.
    assert "&#39;when&#39;" not in response.text and "'when'" not in response.text
    response = post_list(desk, "/daylist/run", "zip", text="patient\nJos\xe9\n".encode("latin-1"))
    assert response.status_code == 422
    assert "not UTF-8 text" in response.json()["general"][0]


def test_send_emails_each_good_row(project, sqlite_url, mail_server: MailServer) -> None:
    point_smtp_at(project, mail_server)
    desk = make_desk(project, sqlite_url, {PASSWORD_ENV: SMTP_PASSWORD})
    desk.signin()
    response = post_list(desk, "/daylist/run", "send")
    events = [json.loads(line) for line in response.text.splitlines()]
    assert [e["sent"] for e in events[:-1]] == [True, False, True]
    assert sorted(m.rcpt_tos[0] for m in mail_server.inbox.messages) == [
        "ana@example.org",
        "cy@example.org",
    ]
    assert all(m.tls for m in mail_server.inbox.messages)


def test_an_article_column_names_a_rows_treatment(desk: Desk) -> None:
    """The same `article` column as the command line: an unknown treatment is that row's error
    in its `article` column; the form's article is the default for the others."""
    desk.signin()
    text = (
        "patient,area,article\nAna Lima,neck,dry-needling-aftercare\nBo Li,neck,cupping-aftercare\n"
    )
    response = post_list(desk, "/daylist", "check", text)
    assert response.status_code == 200
    assert "1 ready, 1 to fix" in response.text
    bad = re.search(r'<tr class="bad">(.*?)</tr>', response.text, re.S).group(1)
    assert '<th scope="row">2</th>' in bad and "<strong>article</strong>" in bad
    assert "cupping-aftercare" not in bad.split("<strong>article</strong>")[0]
