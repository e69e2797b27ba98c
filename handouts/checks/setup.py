"""Each clinic's setup as `handouts doctor` reports it: its press profile and its mail settings.

A European clinic without its own profile gets Ghostscript's SWOP-style (US) coated profile:
a European coated profile (FOGRA39, ISO Coated v2, PSO Coated v3) is not installable from the
package registries here (Debian's icc-profiles-free has only the FOGRA39L measurement data, not
a profile), so doctor warns and says to ask the print shop for theirs. The mail check says
whether the password's environment variable is set, never its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from handouts import guard, limits
from handouts.checks.system import Check, machine, profile_description
from handouts.design.colours import installed_cmyk_profile
from handouts.errors import HandoutsError
from handouts.source.clinics import Clinic, clinic_files, load_clinic
from handouts.source.project import Project

# Countries whose print shops work to the European (FOGRA / ISO 12647) standards.
EUROPE = frozenset(
    {
        "AD",
        "AL",
        "AT",
        "BA",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FO",
        "FR",
        "GB",
        "GI",
        "GR",
        "HR",
        "HU",
        "IE",
        "IM",
        "IS",
        "IT",
        "JE",
        "LI",
        "LT",
        "LU",
        "LV",
        "MC",
        "MD",
        "ME",
        "MK",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "RS",
        "SE",
        "SI",
        "SK",
        "SM",
        "UA",
        "VA",
        "XK",
    }
)
FOGRA_NOTE = (
    "a European print shop usually wants FOGRA39 (ISO Coated v2) or PSO Coated v3, which no "
    "Debian or PyPI package ships as an ICC profile (icc-profiles-free has only the FOGRA39L "
    "measurement data)"
)


def region(locale: str) -> str:
    """The country of a locale: en-GB → GB, de-CH → CH; "" when it names none."""
    parts = locale.replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")


def check_press_profile(clinic: Clinic) -> Check:
    """The CMYK profile this clinic's press files name in their output intent."""
    name = f"{clinic.id}: press profile"
    own = clinic.press_settings.icc_profile
    if own is not None:
        field = "press.icc_profile"
        try:
            data = guard.read_bytes(own, limits.ICC_PROFILE, (clinic.source.parent,), field)
            guard.icc_profile(data, own, field)
        except HandoutsError as exc:
            fix = "ask the print shop for their CMYK (press) ICC profile and name it here"
            return Check("FAIL", name, str(exc.problems[0]), fix)
        return Check("OK", name, f"{own.name} ({profile_description(own)}), the clinic's own")
    installed = installed_cmyk_profile()
    if installed is None:
        return Check(
            "FAIL",
            name,
            "no CMYK profile: --for press cannot build this clinic's files",
            "apt-get install libgs-common, or name the print shop's profile in press.icc_profile",
        )
    given = f"Ghostscript's SWOP-style coated profile ({profile_description(installed)})"
    if region(clinic.locale) in EUROPE:
        return Check(
            "WARN",
            name,
            f"{given}, a US standard; {FOGRA_NOTE}",
            f"ask the print shop for their profile, put it beside {clinic.source.name} and "
            "name it in press.icc_profile",
        )
    return Check("OK", name, given)


def check_mail(clinic: Clinic, environ: Mapping[str, str]) -> Check:
    """The clinic's SMTP settings, and whether its password variable is set (never its value)."""
    name = f"{clinic.id}: mail"
    smtp = clinic.smtp
    if smtp is None:
        return Check("OK", name, "no smtp section: aftercare sheets are saved as .eml files")
    where = f"{smtp.host}:{smtp.port} with STARTTLS, user {smtp.username}"
    if smtp.ca_file is not None:
        where += f", CA {smtp.ca_file.name}"
    if not environ.get(smtp.password_env):
        return Check(
            "WARN",
            name,
            f"{where}; the password variable {smtp.password_env} is not set, so "
            "`handouts aftercare --send` cannot log in",
            f"set {smtp.password_env} in the environment that sends (never in the clinic file)",
        )
    return Check("OK", name, f"{where}; password from {smtp.password_env} (set)")


def check_clinic(path: Path, environ: Mapping[str, str]) -> list[Check]:
    try:
        clinic = load_clinic(path)
    except HandoutsError as exc:
        count = len(exc.problems)
        return [
            Check(
                "FAIL",
                f"{path.stem}: clinic file",
                f"{count} problems, the first: {exc.problems[0]}"
                if count > 1
                else f"1 problem: {exc.problems[0]}",
                f"`handouts check --clinic {path.stem}` lists them all, each with its line",
            )
        ]
    return [check_press_profile(clinic), check_mail(clinic, environ)]


def clinics(project: Project, environ: Mapping[str, str]) -> list[Check]:
    """Every clinic file's press profile and mail settings."""
    files = clinic_files(project.clinics_dir)
    if not files:
        return [
            Check(
                "WARN",
                "clinics",
                f"no clinic files in {project.clinics_dir}",
                "`handouts init` makes a project with an example clinic",
            )
        ]
    return [check for path in files for check in check_clinic(path, environ)]


def doctor(project: Project | None, environ: Mapping[str, str]) -> list[Check]:
    """Everything `handouts doctor` reports: the machine, then each clinic of the project."""
    return machine() + (clinics(project, environ) if project is not None else [])


def healthy(checks: list[Check]) -> bool:
    """Nothing FAILed (warnings are for a person to read, not a reason to stop)."""
    return all(check.status != "FAIL" for check in checks)
