"""New clinics: `handouts init`'s project (project file, clinic file, logo) or a second site."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import Collector, ConfigError, HandoutsError, Problem
from handouts.files import write_atomic
from handouts.source import brandkit, schema
from handouts.source.project import PROJECT_FILE
from handouts.source.yamlfile import Located

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # a second site's clinic id

EMERGENCY = {"US": "911", "CA": "911", "GB": "999", "IE": "112", "AU": "000", "NZ": "111"}

PROJECT_TEXT = """\
# handouts project file: commands run anywhere below this folder use it.
data = "data"   # clinics/ (one YAML file per clinic) and articles/ (your own articles)
out = "out"     # where PDFs are written
# shipped_articles = false   # use only data/articles, not the articles installed with handouts

[defaults]
clinic = {clinic_id}   # the clinic `handouts aftercare` uses when --clinic is not given
# for = ["office"]       # output profiles `handouts build` makes when --for is not given
"""

CLINIC_TEXT = """\
# {name}: the clinic's branding and contact details, printed on every leaflet.
# `handouts schema clinic` lists every field; `handouts check` checks this file.
# Strings in quotes: colours (#…) and phone numbers must be quoted, or YAML misreads them.
name: {q_name}
# tagline: "Physiotherapy and sports rehabilitation"   # optional line under the name
logo: {clinic_id}-logo.svg   # replace with your logo (SVG, or PNG of at least 600 px)
colors:
  primary: "#0b5563"      # cover band and headings
  accent: "#e07a1f"       # rules, bullets, highlights
  text: "#1c2b33"
  background: "#ffffff"
  on_primary: "#ffffff"   # text on the primary colour
fonts:
  body: "Atkinson Hyperlegible"
  headings: "Atkinson Hyperlegible"
contact:
  address:                # one line each
    - "Street and number"
    - "Town and postcode"
  phone: {q_phone}
  email: {q_email}
  website: {q_website}
  hours:
    - "Monday to Friday, 9am to 5pm"
booking_url: {q_booking}   # printed as a QR code
paper: {paper}               # a4 or letter
locale: {locale}            # sets date formats, e.g. en-GB, en-US
emergency_number: {q_emergency}
disclaimer: >-
  This is general information only. It does not replace advice from your
  physiotherapist or doctor about your own health.
"""

LOGO_TEXT = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">
  <title>{name} (placeholder logo: replace this file)</title>
  <circle cx="60" cy="60" r="56" fill="#0b5563"/>
  <text x="60" y="74" font-family="sans-serif" font-size="40" font-weight="bold"
        text-anchor="middle" fill="#ffffff">{initials}</text>
</svg>
"""

ARTICLES_README = """\
Your own articles: <topic>/<name>.md (Markdown with YAML front matter), id <topic>-<name>.
A file here with the id of a shipped article (see `handouts list`) replaces it.
`handouts schema article` lists the front matter fields.
"""


@dataclass(frozen=True)
class Answers:
    """What `handouts init` asks (or takes from flags)."""

    clinic_name: str
    paper: str = "a4"
    locale: str = "en-GB"
    phone: str = "+44 117 496 0000"
    email: str | None = None
    website: str | None = None

    @property
    def clinic_id(self) -> str:
        return slug(self.clinic_name)


def slug(name: str) -> str:
    """A file-name-safe id from a clinic's name: `Riverside Physio` → `riverside-physio`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "clinic"


def planned_files(target: Path, answers: Answers) -> dict[Path, str]:
    """Every file `init` writes, with its text."""
    cid = answers.clinic_id
    site = answers.website or f"https://{cid}.example"
    region = answers.locale.partition("-")[2]
    initials = "".join(w[0] for w in answers.clinic_name.split()[:2]).upper() or "C"
    clinic = CLINIC_TEXT.format(
        name=answers.clinic_name,
        q_name=_q(answers.clinic_name),
        clinic_id=cid,
        q_phone=_q(answers.phone),
        q_email=_q(answers.email or f"hello@{cid}.example"),
        q_website=_q(site),
        q_booking=_q(site.rstrip("/") + "/book"),
        paper=answers.paper,
        locale=answers.locale,
        q_emergency=_q(EMERGENCY.get(region, "112")),
    )
    return {
        target / PROJECT_FILE: PROJECT_TEXT.format(clinic_id=_q(cid)),
        target / "data" / "clinics" / f"{cid}.yaml": clinic,
        target / "data" / "clinics" / f"{cid}-logo.svg": LOGO_TEXT.format(
            name=_xml(answers.clinic_name), initials=_xml(initials)
        ),
        target / "data" / "articles" / "README.txt": ARTICLES_README,
        target / ".gitignore": "/out/\n",
    }


def check_answers(answers: Answers) -> None:
    """The answers as the clinic schema would read them, each wrong one named by its flag."""
    ctx = schema.Context(Located(None, Path(PROJECT_FILE)), ())
    rules: dict[str, tuple[schema.Validator, str | None]] = {
        "--clinic-name": (schema.max_length(60), answers.clinic_name),
        "--paper": (schema.choice("a4", "letter"), answers.paper),
        "--locale": (schema.locale, answers.locale),
        "--phone": (schema.phone, answers.phone),
        "--email": (schema.email, answers.email),
        "--website": (schema.url, answers.website),
    }
    problems = Collector()
    for flag, (rule, value) in rules.items():
        if value is None:
            continue
        try:
            rule(value, ctx)
        except schema.Invalid as exc:
            problems.add(Problem(str(exc), field=flag))
    problems.raise_if_any()


def scaffold(target: Path, answers: Answers) -> list[Path]:
    """Write a new project into `target`; refuse if any of its files already exists."""
    check_answers(answers)
    files = planned_files(target, answers)
    existing = [path for path in files if path.exists()]
    if existing:
        raise HandoutsError(
            Problem("already exists; handouts init never overwrites a file", file=existing[0])
        )
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    return list(files)


def new_clinic(clinics_dir: Path, clinic_id: str, name: str, based_on: str) -> Path:
    """Write `<clinic_id>.yaml` as a copy of `<based_on>.yaml` (comments kept) with a new name
    and its own copy of the logo; ConfigError naming the field if anything is wrong."""
    if not _ID.match(clinic_id):
        raise ConfigError(
            Problem("use lower-case letters, digits and dashes, e.g. riverside-north", field="id")
        )
    target = clinics_dir / f"{clinic_id}.yaml"
    if target.exists():
        raise ConfigError(Problem(f"a clinic called {clinic_id} already exists", field="id"))
    source = clinics_dir / f"{based_on}.yaml"
    if not _ID.match(based_on) or not source.is_file():
        raise ConfigError(Problem("choose a clinic to start from", field="based_on"))
    logo = brandkit.form_values(source)["logo"]
    new_logo = f"{clinic_id}-logo{Path(logo).suffix}"
    text = brandkit.edited_text(source, {"name": name}, new_logo)
    outcome = brandkit.validate(target, text.replace(new_logo, logo))
    if not outcome.ok:
        problems = [Problem(m, field=f) for f, m in outcome.errors.items()]
        raise ConfigError(problems + [Problem(m) for m in outcome.general])
    shutil.copyfile(clinics_dir / logo, clinics_dir / f".{new_logo}.tmp")
    (clinics_dir / f".{new_logo}.tmp").replace(clinics_dir / new_logo)
    return write_atomic(target, text.encode("utf-8"))


def _q(value: str) -> str:
    """A YAML (and TOML) double-quoted string."""
    return json.dumps(value, ensure_ascii=False)


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
