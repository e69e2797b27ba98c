"""The command line: exit codes, filters, one line per problem and no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from handouts.cli import app

from .conftest import REPO


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_build_with_filters_writes_only_what_was_asked(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(
        runner,
        "build",
        "--data",
        str(data_dir),
        "--out",
        str(out),
        "--clinic",
        "lakeshore",
        "--article",
        "safety",
        "--layout",
        "trifold",
    )
    assert result.exit_code == 0, result.output
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.pdf")] == [
        "lakeshore/dry-needling-safety-trifold.pdf"
    ]
    assert "1 built, 0 failed" in result.output


def test_unknown_layout_is_a_usage_error(runner: CliRunner, data_dir: Path) -> None:
    result = run(runner, "build", "--data", str(data_dir), "--layout", "poster-xxl")
    assert result.exit_code == 2
    assert (
        "unknown layout poster-xxl; choose from flyer, trifold, a5, booklet, poster, large-print"
    ) in result.output


def test_unknown_clinic_is_a_usage_error(runner: CliRunner, data_dir: Path) -> None:
    result = run(runner, "build", "--data", str(data_dir), "--clinic", "nowhere")
    assert result.exit_code == 2
    assert "no clinic matches ['nowhere']" in result.output


def test_bad_clinic_file_gives_one_line_per_problem_and_writes_nothing(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    clinic = data_dir / "clinics/riverside.yaml"
    clinic.write_text(
        clinic.read_text()
        .replace('"#0b5563"', '"teal"')
        .replace('email: "hello@riversidephysio.example"', 'email: "hello"')
    )
    out = tmp_path / "out"
    result = run(runner, "build", "--data", str(data_dir), "--out", str(out))
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert len(lines) == 2
    assert lines[0].endswith(
        "riverside.yaml:7: colors.primary: expected a colour as #RRGGBB, got 'teal'"
    )
    assert "riverside.yaml:20: contact.email: expected an email address" in lines[1]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_overflow_names_article_layout_and_page(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    article = data_dir / "articles/dry-needling/safety.md"
    article.write_text(article.read_text() + "\n\nMore words here. " * 400)
    result = run(
        runner,
        "build",
        "--data",
        str(data_dir),
        "--out",
        str(tmp_path / "o"),
        "--clinic",
        "riverside",
        "--article",
        "safety",
    )
    assert result.exit_code == 1
    assert (
        "dry-needling-safety, layout flyer, clinic riverside: content does not fit: "
        "it runs onto page 3"
    ) in result.output
    assert "layout trifold" in result.output
    # Every layout that prints the article fails; the poster carries only its key points.
    assert "1 built, 5 failed" in result.output


def test_list_shows_clinics_articles_and_layouts(runner: CliRunner, data_dir: Path) -> None:
    result = run(runner, "list", "--data", str(data_dir))
    assert result.exit_code == 0
    for expected in (
        "riverside",
        "US Letter",
        "dry-needling-aftercare",
        "trifold",
        "2027-11-30",
        "large-print",
        "press",
        "PDF/UA-1",
    ):
        assert expected in result.output


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "handouts",
            "build",
            "--data",
            str(tmp_path / "missing"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: --clinic: no clinic matches anything")
    assert "Traceback" not in result.stderr


def test_every_command_is_documented_in_the_readme(runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text()
    help_text = run(runner, "--help").output
    for command in ("build", "list", "schema", "pack", "proof"):
        assert command in help_text
        assert f"handouts {command}" in readme


def test_schema_documents_every_clinic_field(runner: CliRunner) -> None:
    result = run(runner, "schema", "clinic")
    assert result.exit_code == 0
    readme = (REPO / "README.md").read_text()
    for field in ("name", "logo", "colors", "primary", "booking_url", "emergency_number"):
        assert f"- `{field}` (" in result.output
        assert f"`{field}" in readme or f"`colors.{field}`" in readme
    assert run(runner, "schema", "poster").exit_code == 2
