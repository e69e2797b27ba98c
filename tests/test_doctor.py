"""`handouts doctor`: one line per check with OK, WARN or FAIL and a fix; exit 1 only on FAIL.
And `handouts build` warns once when the HarfBuzz subsetter is missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.checks import system
from handouts.checks.setup import check_mail, check_press_profile, healthy, region
from handouts.checks.system import Check, Subsetter
from handouts.cli import app
from handouts.source.clinics import load_clinic

LINE = re.compile(r"^(OK  |WARN|FAIL) [^:]+(: [^:]+)?: ")
GHOSTSCRIPT_CMYK = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")


def doctor(runner: CliRunner, data_dir: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["doctor", "--data", str(data_dir), *args], env=env)


def test_every_line_is_ok_warn_or_fail_and_every_problem_has_a_fix(
    runner: CliRunner, data_dir: Path
) -> None:
    result = doctor(runner, data_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    assert all(". Fix: " in line for line in lines if not line.startswith("OK"))
    names = [line[5:].split(":")[0] for line in lines]
    for name in ("text libraries", "HarfBuzz subsetter", "fonts", "pdftoppm", "qpdf"):
        assert name in names
    assert "CMYK profiles for press files" in names
    assert names.count("riverside") == 2 and names.count("lakeshore") == 2  # press and mail
    fonts = next(line for line in lines if line[5:].startswith("fonts:"))
    assert "Atkinson Hyperlegible (fontpkg-atkinson-hyperlegible " in fonts


def test_this_machine_has_what_the_build_needs(runner: CliRunner, data_dir: Path) -> None:
    """The project's machines install libharfbuzz-subset0, poppler-utils, qpdf and ghostscript."""
    lines = doctor(runner, data_dir).stdout.splitlines()
    machine = [line for line in lines if not line[5:].startswith(("riverside", "lakeshore"))]
    assert all(line.startswith("OK") for line in machine), machine
    subsetter = next(line for line in lines if "HarfBuzz subsetter" in line)
    assert "libharfbuzz-subset" in subsetter and "byte-identical" in subsetter


def test_a_european_clinic_is_told_fogra39_is_not_installable(
    runner: CliRunner, data_dir: Path
) -> None:
    lines = doctor(runner, data_dir).stdout.splitlines()
    riverside = next(line for line in lines if line.startswith("WARN riverside: press profile"))
    assert "Artifex CMYK SWOP Profile" in riverside and "FOGRA39" in riverside
    assert "Fix: ask the print shop for their profile" in riverside
    assert "press.icc_profile" in riverside
    lakeshore = next(line for line in lines if "lakeshore: press profile" in line)
    assert lakeshore.startswith("OK")  # en-US: the SWOP-style profile is the US standard


def test_a_clinic_with_its_own_profile_uses_it(data_dir: Path) -> None:
    shutil.copy(GHOSTSCRIPT_CMYK, data_dir / "clinics" / "shop.icc")
    path = data_dir / "clinics" / "riverside.yaml"
    path.write_text(
        path.read_text().replace("  bleed_mm: 3\n", "  bleed_mm: 3\n  icc_profile: shop.icc\n")
    )
    check = check_press_profile(load_clinic(path))
    assert check.status == "OK"
    assert "shop.icc" in check.detail and "the clinic's own" in check.detail


def test_mail_says_whether_the_password_is_set_never_what_it_is(
    runner: CliRunner, data_dir: Path
) -> None:
    secret = "correct horse battery staple"
    result = doctor(runner, data_dir, env={"RIVERSIDE_SMTP_PASSWORD": secret})
    assert secret not in result.output
    riverside = next(line for line in result.stdout.splitlines() if "riverside: mail" in line)
    assert riverside.startswith("OK")
    assert "smtp.riversidephysio.example:587" in riverside
    assert "password from RIVERSIDE_SMTP_PASSWORD (set)" in riverside

    clinic = load_clinic(data_dir / "clinics" / "riverside.yaml")
    unset = check_mail(clinic, {})
    assert unset.status == "WARN"
    assert "RIVERSIDE_SMTP_PASSWORD is not set" in unset.detail
    assert "Fix: set RIVERSIDE_SMTP_PASSWORD" in unset.line()
    assert check_mail(clinic, {"RIVERSIDE_SMTP_PASSWORD": ""}).status == "WARN"


def test_a_clinic_without_mail_settings_is_fine(data_dir: Path) -> None:
    path = data_dir / "clinics" / "riverside.yaml"
    text = path.read_text()
    start, end = text.index("# Mail server"), text.index("press:")
    path.write_text(text[:start] + text[end:])
    check = check_mail(load_clinic(path), {})
    assert check.status == "OK" and ".eml" in check.detail


def test_a_broken_clinic_file_fails_and_exits_1(runner: CliRunner, data_dir: Path) -> None:
    path = data_dir / "clinics" / "lakeshore.yaml"
    text = path.read_text()
    path.write_text(text.replace("paper: letter", "paper: legal").replace('"#1f3a68"', '"#1f3a6"'))
    result = doctor(runner, data_dir, "--quiet")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(not line.startswith("OK") for line in lines)  # --quiet shows only problems
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL lakeshore: clinic file: ")
    assert (
        "2 problems, the first: " in failed[0] and "lakeshore.yaml:6: colors.primary" in failed[0]
    )
    assert "Fix: `handouts check --clinic lakeshore` lists them all" in failed[0]


def test_no_project_still_checks_the_machine(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "WARN project: no handouts.toml here or above" in result.stdout
    assert "HarfBuzz subsetter" in result.stdout


def test_the_subsetter_is_found_as_weasyprint_finds_it() -> None:
    from weasyprint.text import ffi

    theirs = ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))
    assert system.subsetter().reproducible is theirs


def test_a_missing_or_old_subsetter_is_a_warning_with_the_package_to_install() -> None:
    missing = system.subsetter(("libno-such-harfbuzz-subset.so.0",))
    assert missing.library is None and not missing.reproducible
    check = system.check_subsetter(missing)
    assert check.status == "WARN" and "fontTools" in check.detail
    assert "apt-get install libharfbuzz-subset0" in check.line()
    old = system.check_subsetter(Subsetter("libharfbuzz-subset.so.0", "2.7.4"))
    assert old.status == "WARN" and "older than 4.1.0" in old.detail


def test_missing_tools_and_profiles_are_warnings_with_fixes(tmp_path: Path) -> None:
    tool = system.check_tool("pdftoppm", "poppler-utils", "handouts proof", which=lambda _: None)
    assert tool.status == "WARN"
    assert tool.line().endswith("Fix: apt-get install poppler-utils")
    profiles = system.check_profiles([tmp_path / "default_cmyk.icc"])
    assert profiles.status == "WARN" and "apt-get install libgs-common" in profiles.fix


def test_only_a_failure_is_unhealthy() -> None:
    assert healthy([Check("OK", "a", "b"), Check("WARN", "c", "d", "e")])
    assert not healthy([Check("OK", "a", "b"), Check("FAIL", "c", "d", "e")])
    assert region("en-GB") == "GB" and region("de_CH") == "CH" and region("en") == ""


def _build_one(runner: CliRunner, data_dir: Path, out: Path):
    args = ["build", "--data", str(data_dir), "--out", str(out), "--clinic", "riverside"]
    args += ["--article", "safety", "--layout", "flyer", "--layout", "a5", "--jobs", "1"]
    return runner.invoke(app, args)


def test_build_warns_once_when_output_cannot_be_reproducible(
    runner: CliRunner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "subsetter", lambda: Subsetter(None, "6.0.0"))
    result = _build_one(runner, data_dir, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "libharfbuzz-subset0" in line]
    assert warnings == [system.REPRODUCIBLE_WARNING]


def test_build_says_nothing_when_the_subsetter_is_there(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    result = _build_one(runner, data_dir, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "subset" not in result.stderr
