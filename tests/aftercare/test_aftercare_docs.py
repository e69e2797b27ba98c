"""The README alone is enough: every option of `handouts aftercare` is shown there."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from handouts.cli import app

from .conftest import REPO


def test_every_aftercare_option_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Aftercare sheets", 1)[1].split("\n## ", 1)[0]
    help_text = CliRunner().invoke(app, ["aftercare", "--help"], env={"COLUMNS": "200"}).stdout
    options = set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help", "--data", "--out"}
    assert len(options) >= 15
    missing = sorted(o for o in options if o not in section)
    assert not missing, f"not in the README's Aftercare sheets section: {missing}"
