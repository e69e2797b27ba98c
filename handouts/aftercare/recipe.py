"""`handouts aftercare`, written as a recipe: check everything → render → protect → write → deliver.

Personal sheets are health data. They are written atomically with mode 0600 under
`out/aftercare/` (or where `-o` says, never in the leaflet catalogue `out/<clinic>/`), their
file names carry no name unless asked, and nothing is written until every input has been checked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from handouts.aftercare.delivery import check_ready, compose, message_bytes, send
from handouts.aftercare.patient import (
    PatientDetails,
    RawDetails,
    Where,
    check_details,
    option_problem,
)
from handouts.aftercare.sheet import (
    SIZES,
    SheetJob,
    SheetMaker,
    find_clinic,
    load_aftercare_article,
)
from handouts.design.bodymap import Treated
from handouts.errors import Collector, DeliveryError, HandoutsError, Problem
from handouts.files import cannot_write, write_atomic
from handouts.press.encryption import check_password, encrypt, new_password
from handouts.source.articles import Article
from handouts.source.clinics import Clinic, Smtp
from handouts.source.project import Project

PRIVATE = 0o600


@dataclass(frozen=True)
class Order:
    """How sheets are made and delivered: everything the practitioner asked for but the details."""

    clinic: str
    size: str | None = None  # None: the clinic's paper
    blank: bool = False
    output: Path | None = None  # a file for one sheet, a folder for a day list
    encrypt: bool = False
    password: str | None = None  # None with encrypt: one is made for each sheet
    eml: Path | None = None  # likewise a file, or a folder for a day list
    send: bool = False
    name_in_file: bool = False
    article: str | None = None  # the treatment's aftercare article; None: the only one
    force: bool = False  # replace a file -o, --eml or a day list's name that already exists


@dataclass(frozen=True)
class Made:
    """One sheet made in memory: the PDF, and the generated password to tell the patient."""

    pdf: bytes
    password: str | None = None  # only a generated one: shown once, then forgotten


Render = Callable[["Desk", PatientDetails | None], bytes]
"""Renders a desk's sheet: in this process by default, or by a warm renderer (`handouts serve`)."""


@dataclass
class Handover:
    """What was made for one patient: the file, the password to tell them, what was delivered."""

    pdf: Path
    seconds: float
    password: str | None = None  # only a generated one: shown once, then forgotten
    eml: Path | None = None
    sent: bool = False
    failure: DeliveryError | None = None  # a failed send; the sheet is kept at `pdf`
    notes: tuple[str, ...] = ()  # e.g. an area the body map does not know, with a "did you mean"


class Desk:
    """One clinic's checked order, and the sheet maker it renders with (made on first use)."""

    def __init__(
        self,
        project: Project,
        order: Order,
        clinic: Clinic,
        smtp: Smtp | None,
        environ: Mapping[str, str],
        article: Article | None = None,
    ) -> None:
        self.project = project
        self.order = order
        self.clinic = clinic
        self.article = article or load_aftercare_article(project, order.article, clinic=clinic)
        self.size = order.size or clinic.paper
        self.smtp = smtp
        self.environ = environ
        self._maker: SheetMaker | None = None

    @classmethod
    def open(
        cls,
        project: Project,
        order: Order,
        environ: Mapping[str, str] = os.environ,
        batch: bool = False,
    ) -> Desk:
        """Load the clinic and check the order; raise one HandoutsError listing every problem."""
        clinic = find_clinic(project, order.clinic)
        errors = Collector()
        errors.extend(check_order(project, order, batch))
        article = None
        try:
            article = load_aftercare_article(project, order.article, clinic=clinic)
        except HandoutsError as exc:
            errors.extend(exc.problems)
        smtp = None
        if order.send:
            try:
                smtp = check_ready(clinic, environ)
            except DeliveryError as exc:
                errors.extend(exc.problems)
        errors.raise_if_any(HandoutsError)
        return cls(project, order, clinic, smtp, environ, article)

    @property
    def maker(self) -> SheetMaker:
        if self._maker is None:
            self._maker = SheetMaker(self.project, self.job)
        return self._maker

    @property
    def job(self) -> SheetJob:
        return SheetJob(self.clinic, self.article, self.size)

    def check(
        self,
        raw: RawDetails,
        today: dt.date,
        where: Where = option_problem,
        address: bool = False,
    ) -> PatientDetails:
        """The patient's details, checked; delivery (or `address`) needs an email address."""
        details = check_details(raw, self.clinic.fonts.body, today, where)
        if (address or self.order.eml or self.order.send) and not details.email:
            raise HandoutsError(where("email", "is needed to write or send an email"))
        return details

    def hand_over(
        self, details: PatientDetails | None, path: Path | None = None, eml_path: Path | None = None
    ) -> Handover:
        """Render → protect → write → email. A failed send is reported in the Handover."""
        started = time.perf_counter()
        made = self.make(details)
        pdf, password = made.pdf, made.password
        # Write: atomically, private to this user, in a folder only this user can list.
        if details is None:
            target = path or self.blank_path()
            make_private_folder(target.parent)
            write_atomic(target, pdf)  # a blank sheet is not personal: readable by all
        else:
            target = path or self.reserve(details)
            try:
                target = write_private(target, pdf)
            except HandoutsError:
                if path is None and not self.order.output:  # the empty file reserve() made
                    target.unlink(missing_ok=True)
                raise
        handover = Handover(target, 0.0, password if not self.order.password else None)
        handover.notes = area_notes(self.maker.treated(details))
        # Deliver: a .eml file to send by hand, and/or SMTP with STARTTLS.
        if details is not None and (self.order.eml or self.order.send):
            self._deliver(details, pdf, handover, eml_path or self.order.eml)
        handover.seconds = time.perf_counter() - started
        return handover

    def make(self, details: PatientDetails | None, render: Render | None = None) -> Made:
        """Render → protect, all in memory: the sheet every door (command, web) hands over."""
        # Render: the whole sheet in memory; nothing is on disk.
        pdf = render(self, details) if render else self.maker.render(details)
        if not self.order.encrypt:
            return Made(pdf)
        # Protect: AES-256 with the given password or a new one told to the patient apart.
        password = self.order.password or new_password()
        return Made(encrypt(pdf, password), None if self.order.password else password)

    def message(self, details: PatientDetails, pdf: bytes) -> EmailMessage:
        """The email to the patient with the sheet attached (never the password)."""
        assert details.email is not None  # checked by Desk.check
        return compose(
            self.clinic,
            details.email,
            details.name,
            pdf,
            self.order.encrypt,
            self.project.templates_dir,
        )

    def send(self, message: EmailMessage) -> None:
        """Through the clinic's SMTP server with STARTTLS; DeliveryError says why not."""
        send(message, self.smtp or check_ready(self.clinic, self.environ), self.environ)

    def _deliver(
        self, details: PatientDetails, pdf: bytes, handover: Handover, eml_path: Path | None
    ) -> None:
        message = self.message(details, pdf)
        if eml_path is not None:
            handover.eml = write_private(eml_path, message_bytes(message))
        if self.order.send and self.smtp is not None:
            try:
                self.send(message)
                handover.sent = True
            except DeliveryError as exc:
                handover.failure = DeliveryError(
                    Problem(
                        f"not sent: {p.message}; the sheet is kept at {handover.pdf}", field=p.field
                    )
                    for p in exc.problems
                )

    def blank_path(self) -> Path:
        default = self.project.aftercare_dir / f"{self.clinic.id}-blank-{self.size}.pdf"
        return self.order.output or default

    def reserve(self, details: PatientDetails) -> Path:
        """A new numbered file for one sheet, e.g. out/aftercare/riverside-2026-03-14-1.pdf."""
        if self.order.output:
            return self.order.output
        stem = f"{self.clinic.id}-{details.date.isoformat()}"
        if self.order.name_in_file:
            stem += f"-{name_slug(details.name)}"
        return claim_numbered(self.project.aftercare_dir, stem)


def area_notes(treated: tuple[Treated, ...]) -> tuple[str, ...]:
    """One line per area the body map does not know. What was typed is health data: the line
    says which --area it was (1st, 2nd…) and what the vocabulary offers, not the text itself."""
    notes = []
    for number, item in enumerate(treated, start=1):
        if item.area is not None:
            continue
        offer = " or ".join(repr(s) for s in item.suggestions)
        notes.append(
            f"--area (number {number}) is not on the body map; printed as typed, not shaded"
            + (f"; did you mean {offer}?" if offer else "")
        )
    return tuple(notes)


def check_order(project: Project, order: Order, batch: bool) -> list[Problem]:
    problems = []
    if order.size is not None and order.size not in SIZES:
        problems.append(
            Problem(f"expected one of {', '.join(SIZES)}, got {order.size!r}", field="--size")
        )
    if order.blank and (order.encrypt or order.eml or order.send or order.name_in_file):
        problems.append(
            Problem(
                "a blank sheet has no personal details to protect or send; "
                "leave out --encrypt, --eml, --send and --name-in-file",
                field="--blank",
            )
        )
    if order.password is not None:
        if not order.encrypt:
            problems.append(Problem("is only used with --encrypt", field="--password"))
        else:
            try:
                check_password(order.password)
            except HandoutsError as exc:
                problems.extend(exc.problems)
    for option, path, suffix in (("-o", order.output, ".pdf"), ("--eml", order.eml, ".eml")):
        if path is not None:
            problems.extend(check_location(project, option, path, None if batch else suffix))
            if not batch and not order.force:
                problems.extend(check_new(option, path))
    return problems


def check_new(option: str, path: Path) -> list[Problem]:
    """A file named on the command line is never replaced without --force (a folder never)."""
    if path.is_dir():
        return [Problem(f"{path} is a folder; give a file name", field=option)]
    if path.exists() or path.is_symlink():
        return [
            Problem(
                f"{path} already exists; choose another name, or add --force to replace it",
                field=option,
            )
        ]
    return []


def check_location(project: Project, option: str, path: Path, suffix: str | None) -> list[Problem]:
    """Personal files never go into the leaflet catalogue, which is shared and printed from."""
    problems = []
    resolved = path.resolve()
    if resolved.is_relative_to(project.out_dir) and not resolved.is_relative_to(
        project.aftercare_dir
    ):
        problems.append(
            Problem(
                f"personal sheets are kept out of the leaflet catalogue "
                f"{project.out_dir}; use {project.aftercare_dir} or another "
                f"folder",
                field=option,
            )
        )
    if suffix is not None and path.suffix.lower() != suffix:
        problems.append(Problem(f"expected a file name ending in {suffix}", field=option))
    if suffix is None and path.exists() and not path.is_dir():
        problems.append(Problem("expected a folder for a day list", field=option))
    return problems


def name_slug(name: str) -> str:
    """The patient's name in a file name, only with --name-in-file (letters of any script)."""
    return re.sub(r"[\W_]+", "-", name.lower()).strip("-")[:40] or "patient"


def claim_numbered(folder: Path, stem: str) -> Path:
    """Create `<stem>-<n>.pdf` exclusively, so two sheets made at once never share a file."""
    make_private_folder(folder)
    for number in itertools.count(1):
        path = folder / f"{stem}-{number}.pdf"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return path
    raise AssertionError("unreachable")


def make_private_folder(folder: Path) -> None:
    """out/aftercare is created readable by this user only (an existing folder is left as is)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:
        raise HandoutsError(
            Problem("is a file; a folder is needed here for the sheets", file=folder)
        ) from None
    except OSError as exc:
        raise cannot_write(folder, exc) from None


def write_private(path: Path, data: bytes) -> Path:
    make_private_folder(path.parent)
    return write_atomic(path, data, mode=PRIVATE)


def make_sheet(
    project: Project,
    order: Order,
    raw: RawDetails | None,
    today: dt.date,
    environ: Mapping[str, str] = os.environ,
) -> Handover:
    """One sheet from the command line: check everything first, then render, write, deliver."""
    desk = Desk.open(project, order, environ)
    raw = raw or RawDetails()
    if order.blank and raw != RawDetails():
        raise HandoutsError(
            Problem(
                "a blank sheet has write-in lines instead of details; leave "
                "out --patient, --date, --area, --practitioner, --notes, "
                "--next-appointment and --email",
                field="--blank",
            )
        )
    details = None if order.blank else desk.check(raw, today)
    return desk.hand_over(details)
