"""Clinic branding files (`data/clinics/<id>.yaml`): their declared schema and loading."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts import guard, limits
from handouts.errors import Collector, ConfigError, Problem
from handouts.source import schema
from handouts.source.check_settings import ClinicChecks
from handouts.source.fonts import canonical_name
from handouts.source.schema import Context, Invalid, section, spec
from handouts.source.yamlfile import KEPT_PARSED, load_text, read_text

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def font_family(value: Any, ctx: Context) -> str:
    name = schema.text(value, ctx)
    found = canonical_name(name)
    if found is None:
        raise Invalid(
            f"font {name!r} is not installed; add its fontpkg package (e.g. "
            f"fontpkg-{re.sub(r'[^a-z0-9]+', '-', name.lower())}) to pyproject.toml"
        )
    return found


@dataclass(frozen=True)
class Colors:
    primary: str = spec(schema.color, "Main brand colour (#RRGGBB): cover band, headings.")
    accent: str = spec(schema.color, "Second colour (#RRGGBB): rules, bullets, highlights.")
    text: str = spec(schema.color, "Body text colour (#RRGGBB).", default="#1f2933")
    background: str = spec(schema.color, "Paper colour behind text (#RRGGBB).", default="#ffffff")
    on_primary: str = spec(schema.color, "Text colour on the primary colour.", default="#ffffff")


@dataclass(frozen=True)
class Fonts:
    body: str = spec(font_family, "Font family for body text (an installed fontpkg family).")
    headings: str = spec(font_family, "Font family for titles and headings.")


@dataclass(frozen=True)
class Contact:
    address: tuple[str, ...] = spec(schema.text_lines, "Postal address, a list of lines.")
    phone: str = spec(schema.phone, "Phone number, in quotes.")
    email: str = spec(schema.email, "Email address for patients.")
    website: str = spec(schema.url, "Web site address (https://…).")
    hours: tuple[str, ...] = spec(schema.text_lines, "Opening hours, a list of lines.")


def cmyk(value: Any, ctx: Context) -> tuple[float, float, float, float]:
    """Four ink percentages, as a print shop gives them: [C, M, Y, K]."""
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not all(0 <= v <= 100 for v in value)
    ):
        raise Invalid(
            f"expected four ink percentages [C, M, Y, K] from 0 to 100, e.g. [100, 40, 30, 20], "
            f"got {schema.describe(value)}"
        )
    return tuple(float(v) for v in value)  # type: ignore[return-value]


def icc_profile(value: Any, ctx: Context) -> Path:
    """A CMYK ICC profile beside the clinic file, checked to be one when the file is loaded."""
    path = schema.asset_file(".icc", ".icm", kind=limits.ICC_PROFILE)(value, ctx)
    try:
        guard.icc_profile(guard.read_bytes(path, limits.ICC_PROFILE, [ctx.folder]), path)
    except guard.Refused as exc:
        raise Invalid(f"{path.name!r} {exc.problems[0].message}") from None
    return path


def ca_certificate(value: Any, ctx: Context) -> Path:
    """A CA certificate (PEM) beside the clinic file, checked to be one when the file is loaded,
    so that --send fails before a sheet is rendered rather than after."""
    import ssl  # lazy: only a clinic with a private CA needs it

    path = schema.asset_file(".pem", ".crt", kind=limits.CERTIFICATE)(value, ctx)
    try:
        text = guard.read_text(path, limits.CERTIFICATE, [ctx.folder])
        ssl.create_default_context(cadata=text)
    except guard.Refused as exc:
        raise Invalid(f"{path.name!r} {exc.problems[0].message}") from None
    except (ssl.SSLError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or str(exc) or "no certificate in it"
        raise Invalid(
            f"{path.name!r} holds no CA certificate in PEM form ({reason}); ask for the "
            "certificate file (-----BEGIN CERTIFICATE-----)"
        ) from None
    return path


@dataclass(frozen=True)
class PressColors:
    primary: tuple[float, ...] | None = spec(cmyk, "CMYK for colors.primary.", default=None)
    accent: tuple[float, ...] | None = spec(cmyk, "CMYK for colors.accent.", default=None)
    text: tuple[float, ...] | None = spec(cmyk, "CMYK for colors.text.", default=None)
    background: tuple[float, ...] | None = spec(cmyk, "CMYK for colors.background.", default=None)
    on_primary: tuple[float, ...] | None = spec(cmyk, "CMYK for colors.on_primary.", default=None)


@dataclass(frozen=True)
class Press:
    bleed_mm: float = spec(
        schema.number(1, 10),
        "Bleed around press files, in mm (3 mm; US shops: 3.175).",
        default=3.0,
    )
    cmyk: PressColors | None = section(
        PressColors,
        "Your print shop's CMYK values for the brand colours, e.g. primary: [100, 40, 30, 20]; "
        "colours left out are converted from hex with a naive formula.",
        optional=True,
    )
    icc_profile: Path | None = spec(
        icc_profile,
        "Your print shop's CMYK ICC profile beside this file; by default Ghostscript's "
        "installed SWOP-style profile.",
        default=None,
    )


_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def env_name(value: Any, ctx: Context) -> str:
    name = schema.text(value, ctx)
    if not _ENV_NAME.fullmatch(name):
        raise Invalid(
            f"expected an environment variable name such as RIVERSIDE_SMTP_PASSWORD, got {name!r}"
        )
    return name


def port(value: Any, ctx: Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise Invalid(f"expected a port number from 1 to 65535, got {schema.describe(value)}")
    return value


@dataclass(frozen=True)
class Smtp:
    """Outgoing mail for aftercare sheets; STARTTLS and a verified certificate are required."""

    host: str = spec(schema.text, "Mail server name, e.g. smtp.example.com.")
    username: str = spec(schema.text, "Login name on the mail server.")
    password_env: str = spec(
        env_name, "Environment variable holding the password (never the password itself)."
    )
    port: int = spec(port, "Submission port; the server must offer STARTTLS.", default=587)
    from_address: str | None = spec(
        schema.email, "Sender address; defaults to contact.email.", default=None
    )
    ca_file: Path | None = spec(
        ca_certificate,
        "CA certificate beside this file, for a server with a private "
        "CA; by default the system's trusted CAs are used.",
        default=None,
    )


@dataclass(frozen=True)
class Clinic:
    name: str = spec(schema.max_length(60, one_line=True), "The clinic's name as printed.")
    logo: Path = spec(schema.asset_file(".svg", ".png"), "Logo file beside this YAML file.")
    colors: Colors = section(Colors, "Brand colours.")
    fonts: Fonts = section(Fonts, "Brand fonts.")
    contact: Contact = section(Contact, "How patients reach the clinic.")
    booking_url: str = spec(schema.url, "Online booking address, printed as a QR code.")
    paper: str = spec(schema.choice("a4", "letter"), "Paper size: a4 or letter.")
    locale: str = spec(schema.locale, "Language and region, e.g. en-GB; sets date formats.")
    emergency_number: str = spec(schema.phone, "Emergency phone number printed in red-flag boxes.")
    disclaimer: str = spec(schema.max_length(400), "Short disclaimer printed on every leaflet.")
    tagline: str | None = spec(
        schema.max_length(80, one_line=True), "Optional line under the name.", default=None
    )
    out_of_hours: str | None = spec(
        schema.max_length(24, one_line=True),
        "Optional service to call when the clinic is closed, e.g. NHS 111; the aftercare "
        "sheet's red-flag box names it after the clinic's number.",
        default=None,
    )
    aftercare_article: str | None = spec(
        schema.text,
        "Article id aftercare sheets use when --article is not given, e.g. "
        "dry-needling-aftercare (default: the only aftercare article there is).",
        default=None,
    )
    checks: ClinicChecks | None = section(
        ClinicChecks, "Optional stricter pre-print checks for its audience.", optional=True
    )
    smtp: Smtp | None = section(
        Smtp, "Optional mail server for emailing aftercare sheets.", optional=True
    )
    press: Press | None = section(Press, "Settings for press files (--for press).", optional=True)
    qr: str = spec(
        schema.choice("booking", "leaflet"),
        "What the poster's QR code opens: booking (booking_url) or leaflet (leaflet_url).",
        default="booking",
    )
    leaflet_url: str | None = spec(
        schema.url,
        "Where each leaflet can be read online, with {article} for the article's id, e.g. "
        "https://example.org/leaflets/{article}.pdf; needed for qr: leaflet.",
        default=None,
    )
    id: str = ""
    source: Path = Path()

    @property
    def press_settings(self) -> Press:
        """The press section, or its defaults when the file has none."""
        return self.press or Press()

    @property
    def folder(self) -> Path:
        """Optional per-clinic folder (`data/clinics/<id>/`) for template overrides."""
        return self.source.parent / self.id


def load_clinic(path: Path) -> Clinic:
    """Read and validate one clinic file; raise ConfigError listing every problem. The file is
    read every time; parsing it is not repeated while its text is the same."""
    return _parse_clinic(read_text(path, limits.CLINIC), path)


@functools.lru_cache(maxsize=KEPT_PARSED)
def _parse_clinic(text: str, path: Path) -> Clinic:
    located = load_text(text, path, strict=False)
    clinic, problems = schema.read(Clinic, located)
    if not _ID.fullmatch(path.stem):
        problems.insert(
            0,
            Problem(
                "file name must be lower-case letters, digits and dashes "
                "(it becomes the clinic id)",
                file=path,
            ),
        )
    if clinic is not None and clinic.qr == "leaflet" and not clinic.leaflet_url:
        problems.append(
            Problem(
                "qr: leaflet needs leaflet_url, e.g. https://example.org/leaflets/{article}.pdf",
                file=path,
                line=located.line_of(("qr",)),
                field="qr",
            )
        )
    if problems or clinic is None:
        raise ConfigError(problems)
    return _with_identity(clinic, path)


def _with_identity(clinic: Clinic, path: Path) -> Clinic:
    return replace(clinic, id=path.stem, source=path.resolve())


def clinic_files(clinics_dir: Path) -> list[Path]:
    return sorted(p for p in clinics_dir.glob("*.yaml") if p.is_file())


def load_clinics(clinics_dir: Path, wanted: list[str] | None = None) -> list[Clinic]:
    """Load every clinic (or the named ones), reporting all files' problems together."""
    files = clinic_files(clinics_dir)
    if wanted:
        files = [p for p in files if p.stem in wanted]
    errors = Collector()
    clinics = []
    for path in files:
        try:
            clinics.append(load_clinic(path))
        except ConfigError as exc:
            errors.extend(exc.problems)
    errors.raise_if_any()
    return clinics
