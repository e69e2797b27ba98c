"""A new clinic file from an existing one (a second site of the same group): the core of the
studio's New clinic wizard, meant for `handouts init` too. Validated by the CLI's schema."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from handouts import brandkit
from handouts.errors import ConfigError, Problem
from handouts.output import write_atomic

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


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
