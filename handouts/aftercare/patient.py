"""Patient details for an aftercare sheet: untrusted text, checked before anything is rendered.

Problems name the option (or CSV column) but never repeat the value: the details are personal
health data and error lines end up in terminals, scripts and their logs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from handouts.design.scripts import Fallback, describe_char, plan_fonts
from handouts.errors import Collector, HandoutsError, Problem
from handouts.source.schema import is_email_address

# Long enough for real names and notes, short enough that a sheet still fits one A5 page.
LIMITS = {
    "patient": 80,
    "area": 60,
    "practitioner": 80,
    "notes": 400,
    "next-appointment": 80,
    "email": 254,
}
MAX_AREAS = 6

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RawDetails:
    """The details as typed: options on the command line or one row of a day list."""

    patient: str | None = None
    date: str | None = None
    areas: tuple[str, ...] = ()
    practitioner: str | None = None
    notes: str | None = None
    next_appointment: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class PatientDetails:
    """Checked details; every text is NFC-normalised and has a pinned font for each character."""

    name: str
    date: dt.date
    areas: tuple[str, ...] = ()
    practitioner: str | None = None
    notes: tuple[str, ...] = ()  # paragraphs, line breaks kept
    next_appointment: str | None = None
    email: str | None = None
    fallback_fonts: tuple[Fallback, ...] = field(default=(), compare=False)

    def texts(self) -> list[str]:
        return [
            self.name,
            *self.areas,
            self.practitioner or "",
            *self.notes,
            self.next_appointment or "",
        ]


Where = Callable[[str, str], Problem]
"""Locates a problem: (field name, message) → Problem naming `--email`, or a CSV cell."""


def option_problem(name: str, message: str) -> Problem:
    return Problem(message, field=f"--{name}")


def check_details(
    raw: RawDetails, brand_font: str, today: dt.date, where: Where = option_problem
) -> PatientDetails:
    """Validate every field, report all problems at once (HandoutsError), never echo values."""
    errors = Collector()

    def report(name: str, message: str) -> None:
        errors.add(where(name, message))

    name = _text(raw.patient, "patient", report, required=True)
    areas = tuple(a for a in (_text(a, "area", report) for a in raw.areas) if a)
    if len(areas) > MAX_AREAS:
        report("area", f"{len(areas)} areas given; list at most {MAX_AREAS}")
    practitioner = _text(raw.practitioner, "practitioner", report)
    notes = _text(raw.notes, "notes", report, multiline=True)
    next_appointment = _text(raw.next_appointment, "next-appointment", report)
    email = _email(raw.email, report)
    date = _date(raw.date, today, report)
    errors.raise_if_any(HandoutsError)
    paragraphs = tuple(p.strip() for p in (notes or "").splitlines() if p.strip())
    details = PatientDetails(
        name or "", date or today, areas, practitioner, paragraphs, next_appointment, email
    )
    fonts = plan_fonts(details.texts(), brand_font)
    if fonts.missing:
        report(
            _field_with(details, fonts.missing),
            f"has a character no font of this sheet can print ({describe_char(fonts.missing)})",
        )
        errors.raise_if_any(HandoutsError)
    return replace(details, fallback_fonts=fonts.needed)


def _text(
    value: str | None,
    name: str,
    report: Callable[[str, str], None],
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    text = unicodedata.normalize("NFC", value or "").strip()
    if not text:
        if required:
            report(name, "is empty; give the patient's name")
        return None
    allowed = "\n" if multiline else ""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") and c not in allowed for c in text):
        report(
            name,
            "contains a line break or control character; type it on one line"
            if not multiline
            else "contains a control character",
        )
        return None
    if len(text) > LIMITS[name]:
        report(name, f"is {len(text)} characters long; keep it to {LIMITS[name]} or fewer")
        return None
    return text


def _email(value: str | None, report: Callable[[str, str], None]) -> str | None:
    if value is None or not value.strip():
        if value is not None:
            report("email", "is empty; leave the option out or give an address")
        return None
    if not is_email_address(value.strip()):
        report("email", "is not a valid email address; expected one like name@example.com")
        return None
    return value.strip()


def _date(value: str | None, today: dt.date, report: Callable[[str, str], None]) -> dt.date | None:
    if value is None:
        return today
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    # Only one format: 03/04/2026 is March in one clinic and April in the next.
    report("date", "expected a date as YYYY-MM-DD, e.g. 2026-03-14")
    return None


def _field_with(details: PatientDetails, char: str) -> str:
    """The field whose text holds an unprintable character, for the error line."""
    for name, value in (
        ("patient", details.name),
        ("practitioner", details.practitioner),
        ("next-appointment", details.next_appointment),
    ):
        if value and char in value:
            return name
    if any(char in a for a in details.areas):
        return "area"
    return "notes"
