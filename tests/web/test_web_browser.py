"""A practitioner's session in a real browser (Debian's Chromium driven by Playwright).

Sign in, fill the sheet with the keyboard only, preview, download and read the PDF, email it to
a local STARTTLS server, a day list with one bad row, the pads and (as a manager) the audit log,
sign out. axe-core audits every page (WCAG 2.2 AA; serious or critical fails). Afterwards the
server's database, log and temporary folder are searched for the patient's name and address.

HANDOUTS_SCREENSHOTS=1 writes each page's picture into docs/ (for the README); otherwise they
go to the test's temporary folder, so the test never changes the checkout.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page

from .conftest import PASSWORD, PASSWORD_ENV, REPO, SMTP_PASSWORD, MailServer, point_smtp_at
from .live import LiveDesk, add_user, start

ASSETS = Path(__file__).resolve().parent / "assets"
AXE = (ASSETS / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PATIENT = "Oriane Vasquez-Thornbury"
ADDRESS = "oriane.vt@example.org"
LIST_PATIENTS = ("Perpetua Lindqvist", "Quillon Amadi", "Rosalind Okonkwo")
DAY_LIST = (
    "patient,area,email\n"
    f"{LIST_PATIENTS[0]},neck,perpetua@example.org\n"
    f"{LIST_PATIENTS[1]},right calf,quillon-at-example\n"
    f"{LIST_PATIENTS[2]},lower back,rosalind@example.org\n"
)
SECRETS = (PATIENT, ADDRESS, "Vasquez", *LIST_PATIENTS, "perpetua@example.org", "quillon-at")


@pytest.fixture
def live(tmp_path: Path, project, mail_server: MailServer) -> Iterator[LiveDesk]:
    point_smtp_at(project, mail_server)
    url = f"sqlite:///{tmp_path / 'state' / 'desk.db'}"
    add_user(project.data_dir, url, "sam", "practitioner", PASSWORD)
    add_user(project.data_dir, url, "mia", "manager", PASSWORD)
    desk = start(tmp_path, project.data_dir, url, {PASSWORD_ENV: SMTP_PASSWORD})
    yield desk
    desk.stop()


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="en-GB"
        )
        page = context.new_page()
        yield page
        context.close()
        browser.close()


class Shots:
    def __init__(self, tmp: Path) -> None:
        self.folder = REPO / "docs" if os.environ.get("HANDOUTS_SCREENSHOTS") else tmp
        self.taken: list[Path] = []

    def take(self, page: Page, name: str) -> None:
        path = self.folder / f"web-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)


def audit_page(page: Page) -> None:
    """axe-core on the page as it is: no serious or critical WCAG 2.x A/AA violation."""
    # Through the DevTools protocol, which the page's Content-Security-Policy does not block.
    page.evaluate(AXE + "\n;void 0")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: " + "; ".join(bad)
    assert result["passes"], "axe ran no rule"


def focus_by_tab(page: Page, element_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def type_into(page: Page, element_id: str, text: str) -> None:
    focus_by_tab(page, element_id)
    page.keyboard.type(text)


def sign_in(page: Page, url: str, name: str) -> None:
    page.goto(url + "/")
    type_into(page, "name", name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/aftercare")


def test_a_practitioners_session(
    live: LiveDesk, browser_page: Page, mail_server: MailServer, tmp_path: Path
) -> None:
    page, url, shots = browser_page, live.url, Shots(tmp_path)

    page.goto(url + "/")
    assert page.url == url + "/signin"
    audit_page(page)
    shots.take(page, "signin")
    sign_in(page, url, "sam")

    # The form, by keyboard only; the preview follows the typing (debounced script).
    assert page.input_value("#practitioner") == "sam"
    type_into(page, "clinic", "Riverside")  # type-ahead in the list of clinics
    assert page.input_value("#clinic") == "riverside"
    assert page.text_content(".clinic-name") == "Riverside Physiotherapy"  # the brand follows
    type_into(page, "patient", PATIENT)
    type_into(page, "areas", "left upper trapezius")
    type_into(page, "areas-2", "right calf")
    assert page.locator("input[name=areas]").count() == 3  # a new box once the last is filled
    focus_by_tab(page, "practitioner")
    page.keyboard.press("Control+A")
    page.keyboard.type("Sam Patel")
    type_into(page, "notes", "Walk gently tonight. Heat on the shoulder if it helps.")
    type_into(page, "next_appointment", "Tue 17 March, 10:30")
    page.wait_for_function(
        "() => document.getElementById('preview-image').src.startsWith('blob:')",
        timeout=30_000,
    )
    # On a timer, not on animation frames: an image's load does not always bring another.
    page.wait_for_function(
        "() => document.getElementById('preview-image').naturalWidth > 500", polling=250
    )
    assert page.text_content("#preview-status") == "The sheet as it will print."
    audit_page(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    shots.take(page, "aftercare")

    # Download: Tab to the button and press Enter.
    focus_by_tab(page, "email")  # passes the paper size, date and other fields on the way
    with page.expect_download() as download:
        page.focus("button[value=download]")
        page.keyboard.press("Enter")
    pdf = download.value.path().read_bytes()
    assert download.value.suggested_filename.startswith("aftercare-riverside-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    assert f"For {PATIENT}" in text and "left upper trapezius, right calf" in text
    assert "Tue 17 March, 10:30" in text

    # Email, encrypted: the password is shown once on the page, never in the message.
    type_into(page, "email", ADDRESS)
    focus_by_tab(page, "encrypt")
    page.keyboard.press("Space")
    page.focus("button[value=email]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Email sent")
    password = page.text_content("#password")
    audit_page(page)
    shots.take(page, "sent")
    [received] = mail_server.inbox.messages
    assert received.tls and received.rcpt_tos == [ADDRESS]
    assert password.encode() not in received.content
    message = message_from_bytes(received.content, policy=policy.default)
    [part] = list(message.iter_attachments())
    sent = pypdf.PdfReader(io.BytesIO(part.get_content()))
    assert sent.decrypt(password)
    assert PATIENT in sent.pages[0].extract_text()

    # A mistake comes back as a field error with the other fields kept.
    page.goto(url + "/aftercare")
    type_into(page, "patient", PATIENT)
    type_into(page, "email", "not-an-address")
    page.focus("button[value=download]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#email-error")
    assert page.input_value("#patient") == PATIENT
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    audit_page(page)
    shots.take(page, "field-error")

    # A day list with one bad row: checked, then a ZIP with progress.
    csv_file = tmp_path / "day.csv"
    csv_file.write_text(DAY_LIST, encoding="utf-8")
    page.goto(url + "/daylist")
    audit_page(page)
    page.set_input_files("#list", str(csv_file))
    page.click("button[value=check]")
    page.wait_for_selector("text=2 ready, 1 to fix")
    for name in LIST_PATIENTS:
        assert name not in page.inner_text("main")
    audit_page(page)
    shots.take(page, "daylist")
    page.set_input_files("#list", str(csv_file))
    with page.expect_download() as download:
        page.click("button[value=zip]")
    page.wait_for_selector("text=Done.")
    assert page.get_attribute("#progress", "value") == "3"
    archive = zipfile.ZipFile(download.value.path())
    assert archive.namelist() == ["day-01.pdf", "day-03.pdf"]
    assert "Row 2: not made" in page.inner_text("#progress-rows")
    audit_page(page)
    shots.take(page, "daylist-progress")

    page.goto(url + "/pads")
    audit_page(page)
    shots.take(page, "pads")
    type_into(page, "clinic", "Riverside")
    with page.expect_download() as download:
        page.click("text=Download blank sheet")
    assert download.value.suggested_filename == "aftercare-riverside-blank-a4.pdf"

    # Sign out; the manager's audit log; sign out again.
    page.click("text=Sign out")
    page.wait_for_url(url + "/signin?signed-out")
    assert page.is_visible("text=You have signed out.")
    page.goto(url + "/aftercare")
    assert page.url == url + "/signin"
    sign_in(page, url, "mia")
    page.goto(url + "/audit")
    rows = page.locator("table.rows tbody tr")
    assert rows.count() == 4  # download, email, zip (2 sheets), blank
    audit_page(page)
    shots.take(page, "audit")
    page.click("text=Sign out")
    page.wait_for_url(url + "/signin?signed-out")

    live.stop()
    sweep(live, [PATIENT, ADDRESS, *SECRETS])
    assert len(shots.taken) == 8


def sweep(live: LiveDesk, secrets: list[str]) -> None:
    """Nothing the practitioner typed about a patient is in the database, logs or temp folder."""
    files = [live.log, *live.state.rglob("*"), *live.temp.rglob("*")]
    searched = 0
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            searched += 1
            for secret in secrets:
                for form in (secret.encode(), secret.encode("utf-16-le")):
                    assert form not in data, f"{secret!r} found in {path.name}"
    assert searched >= 2
    assert b"GET /aftercare" in live.log.read_bytes()  # the log is there, with paths only
    shutil.rmtree(live.temp, ignore_errors=True)
