"""`handouts check` and the build's gate: exit codes, JSON records, --strict, filters, settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from handouts.cli import app
from handouts.source.check_settings import CheckSettings

from .checkdata import BODY, FRONT, write_article, write_clinic
from .conftest import REPO

RECORD_KEYS = {"rule", "severity", "file", "line", "field", "message", "fix"}


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def check_json(runner: CliRunner, data: Path, *args: str) -> tuple[int, list[dict]]:
    result = run(runner, "check", "--data", str(data), "--format", "json", "--no-layout", *args)
    return result.exit_code, json.loads(result.stdout)


def test_the_shipped_content_and_demo_clinics_pass_strict(runner: CliRunner) -> None:
    result = run(runner, "check", "--data", str(REPO / "data"), "--strict")
    assert result.exit_code == 0, result.output
    assert "No problems found in 3 article(s) and 2 clinic(s)." in result.output
    assert "Reading level" in result.output


def mixed_data(tmp_path: Path) -> Path:
    """One article with an error (an unknown citation) and one with only a warning."""
    data = tmp_path / "data"
    write_clinic(data)
    write_article(data, "bad", body=BODY + "\nIce may help [@nobody2021].\n")
    write_article(data, "wordy", body=BODY + "\n" + " ".join(["word"] * 30) + ".\n")
    return data


def test_json_records_name_file_line_rule_and_fix_and_errors_exit_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, records = check_json(runner, mixed_data(tmp_path))
    assert code == 1
    assert all(set(r) == RECORD_KEYS for r in records)
    by_rule = {r["rule"]: r for r in records}
    assert set(by_rule) == {"references.unknown", "plain-language.long-sentence"}
    unknown = by_rule["references.unknown"]
    assert unknown["severity"] == "error"
    assert unknown["file"].endswith("articles/knee/bad.md")
    assert isinstance(unknown["line"], int)
    assert unknown["fix"].startswith("Add the work to the references list")
    assert by_rule["plain-language.long-sentence"]["severity"] == "warning"


def test_warnings_pass_unless_strict(runner: CliRunner, tmp_path: Path) -> None:
    data = mixed_data(tmp_path)
    code, records = check_json(runner, data, "--article", "knee-wordy")
    assert code == 0 and [r["severity"] for r in records] == ["warning"]
    code, records = check_json(runner, data, "--article", "knee-wordy", "--strict")
    assert code == 1 and [r["severity"] for r in records] == ["error"]


def test_the_table_shows_each_finding_with_its_fix(runner: CliRunner, tmp_path: Path) -> None:
    data = mixed_data(tmp_path)
    result = runner.invoke(
        app, ["check", "--data", str(data), "--no-layout"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "references.unknown" in result.output
    assert "Fix: Add the work to the references list" in result.output
    assert "1 error(s), 1 warning(s) in 2 article(s) and 1 clinic(s)." in result.output


def test_filters_work_like_build(runner: CliRunner, data_dir: Path) -> None:
    code, records = check_json(runner, data_dir, "--clinic", "riverside", "--article", "safety")
    assert (code, records) == (0, [])
    result = run(runner, "check", "--data", str(data_dir), "--clinic", "nowhere")
    assert result.exit_code == 2
    assert "no clinic matches ['nowhere']" in result.output
    assert run(runner, "check", "--data", str(data_dir), "--format", "xml").exit_code == 2


def test_a_broken_clinic_is_reported_and_the_rest_still_checked(
    runner: CliRunner, data_dir: Path
) -> None:
    clinic = data_dir / "clinics/riverside.yaml"
    clinic.write_text(clinic.read_text().replace('body: "Atkinson Hyperlegible"', 'body: "Comic"'))
    code, records = check_json(runner, data_dir)
    assert code == 1
    assert [(r["rule"], r["field"], r["line"]) for r in records] == [
        ("branding.fonts", "fonts.body", 13)
    ]
    assert "font 'Comic' is not installed" in records[0]["message"]


def test_review_dates_as_of_a_print_date(runner: CliRunner, data_dir: Path) -> None:
    code, records = check_json(runner, data_dir, "--article", "safety", "--as-of", "2027-12-01")
    assert code == 1
    assert [r["rule"] for r in records] == ["review-date.overdue"]
    code, records = check_json(runner, data_dir, "--article", "safety", "--as-of", "2027-10-01")
    assert code == 0 and [r["rule"] for r in records] == ["review-date.due-soon"]


def test_build_refuses_on_check_errors_and_writes_nothing(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    article = data_dir / "articles/dry-needling/benefits.md"
    article.write_text(article.read_text().replace("[@sterling2015]", ""))
    out = tmp_path / "out"
    result = run(runner, "build", "--data", str(data_dir), "--out", str(out))
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert len(lines) == 2, result.output  # two sections that claim effects lost their citation
    assert re.search(
        r"benefits.md:\d+: body: the section “What dry needling is” describes an effect but "
        r"cites no study: .* \[safety.uncited-effect\]. Fix: Cite the study",
        lines[0],
    )
    assert not out.exists()


def test_build_does_not_stop_for_warnings(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    article = data_dir / "articles/dry-needling/benefits.md"
    article.write_text(article.read_text() + "\n" + " ".join(["word"] * 30) + ".\n")
    result = run(
        runner,
        "build",
        "--data",
        str(data_dir),
        "--out",
        str(tmp_path / "o"),
        "--article",
        "benefits",
        "--layout",
        "trifold",
    )
    assert result.exit_code == 0, result.output


def test_project_settings_and_clinic_overrides(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_clinic(data)
    write_article(data, "knee")
    assert check_json(runner, data)[0] == 0
    (data / "checks.yaml").write_text("reading:\n  grade: 1\n")
    code, records = check_json(runner, data)
    assert code == 1 and records[0]["rule"] == "reading-level.grade"
    assert "the target is 1." in records[0]["message"]
    (data / "checks.yaml").unlink()
    write_clinic(data, extra="checks:\n  reading_grade: 1\n")
    code, records = check_json(runner, data)
    assert "the target for clinic testclinic is 1." in records[0]["message"]


def test_a_mistake_in_the_settings_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_clinic(data)
    write_article(data, "knee", front=FRONT)
    (data / "checks.yaml").write_text("reading:\n  grade: high\n  gradde: 6\n")
    result = run(runner, "check", "--data", str(data), "--no-layout")
    assert result.exit_code == 1
    assert "checks.yaml:2: reading.grade: expected a number from 1 to 18, got 'high'" in (
        result.output
    )
    assert "checks.yaml:3: reading.gradde: unknown field; did you mean 'grade'?" in result.output


def test_the_readme_documents_the_command_and_every_setting(runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text()
    assert "handouts check" in readme and "--strict" in readme and "--format json" in readme
    for part, values in vars(CheckSettings()).items():
        for name, default in vars(values).items():
            shown = "same as `grade`" if default is None else f"{default:g}"
            assert f"| `{part}.{name}` | {shown} |" in readme, (part, name)
