"""Patient data is never repeated, misread or half-written (issue 10, second group): day lists
are parsed in the standard CSV dialect and refuse what they cannot place, and a failed write
leaves nothing behind and says so in one line."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.build.outcomes import Outcome
from handouts.build.recipe import Options, build
from handouts.cli import app
from handouts.files import WriteFailed
from handouts.render.jobs import Selection
from handouts.source.project import Project

from .aftercare.conftest import Workspace, pdf_text
from .conftest import REPO

HEADER = "patient,date,area,practitioner,notes,next-appointment,email"
ZOE = "Zoë O'Brien,2026-03-14,neck,Sam Patel,Walk gently.,Tue 17 March,zoe@example.org"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    return Workspace(tmp_path, data, tmp_path / "out")


def day_list(ws: Workspace, text: str, name: str = "day.csv") -> Path:
    path = ws.root / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line_errors(output: str) -> list[str]:
    assert "Traceback" not in output
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_a_list_without_a_header_never_repeats_its_cells(ws: Workspace) -> None:
    path = day_list(ws, ZOE + "\nAna Lima,2026-03-14,right calf,,,,ana@example.org\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "needs a header row" in line
    for cell in ("Zoë", "O'Brien", "zoe@example.org", "Sam Patel", "Walk gently", "Ana", "calf"):
        assert cell not in run.output
    assert ws.written() == []


def test_excel_quoting_is_read_as_excel_writes_it(ws: Workspace) -> None:
    """Quotes doubled inside a quoted cell, and a comma in it: the standard dialect."""
    notes = '"Use ""ice"" tonight, then rest"'
    path = day_list(ws, f"{HEADER}\nAda Lovelace,2026-03-14,neck,Sam Patel,{notes},Fri 10:00,\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 0, run.output
    text = pdf_text(ws.only_pdf())
    assert "Use “ice” tonight, then rest" in text or 'Use "ice" tonight, then rest' in text
    assert "Sam Patel" in text and "Fri 10:00" in text


def test_semicolon_list_with_quoted_commas(ws: Workspace) -> None:
    path = day_list(ws, 'patient;notes\n"Ada Lovelace";"Rest, then walk; gently"\n')
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 0, run.output
    assert "Rest, then walk; gently" in pdf_text(ws.only_pdf())


def test_a_row_with_more_or_fewer_cells_than_the_header_is_refused(ws: Workspace) -> None:
    rows = [
        "Ada Lovelace,2026-03-14,neck,Sam Patel,Ice tonight, then rest,Fri,",  # unquoted comma
        "Brendan O'Neill,2026-03-14,calf",  # too few
        "Dana Scully,2026-03-14,,,,,",
    ]
    path = day_list(ws, "\n".join([HEADER, *rows]) + "\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 1
    assert "1 written, 2 failed (rows 1, 2)" in run.stdout
    errors = [e.replace(f"{path}:", "day.csv:") for e in one_line_errors(run.output)]
    assert errors == [
        "error: day.csv:2: row: has 8 cells but the header has 7 columns; a cell that holds the "
        "delimiter must be in double quotes",
        "error: day.csv:3: row: has 3 cells but the header has 7 columns; a cell that holds the "
        "delimiter must be in double quotes",
    ]
    assert [p.name for p in ws.written()] == ["day-03.pdf"]
    assert "rest" not in run.output and "Brendan" not in run.output


def test_duplicate_columns_are_an_error(ws: Workspace) -> None:
    path = day_list(ws, "patient,notes,date,notes\nAda Lovelace,Rest,2026-03-14,Ice\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "columns 2 and 4 are both 'notes'" in line
    assert ws.written() == []


def test_unknown_columns_are_named_only_when_they_look_like_names(ws: Workspace) -> None:
    path = day_list(ws, "patient,zoe@example.org,Diagnosis\nAda Lovelace,x,y\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    (line,) = one_line_errors(run.output)
    assert "unknown column(s) column 2, 'diagnosis'" in line
    assert "zoe@example.org" not in run.output


@pytest.mark.parametrize("size", [5_000, 140_000])
def test_a_huge_cell_is_one_line_naming_the_row(ws: Workspace, size: int) -> None:
    path = day_list(ws, f"{HEADER}\nAda Lovelace,2026-03-14,,,{'x' * size},,\n")
    run = ws.run("--from", str(path), "--clinic", "riverside")
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert line.startswith(f"error: {path}:2")
    assert "xxxx" not in run.output
    assert ws.written() == []


def test_from_a_folder_is_one_line(ws: Workspace) -> None:
    (ws.root / "day.csv").mkdir()
    run = ws.run("--from", str(ws.root / "day.csv"), "--clinic", "riverside")
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "is a folder, not a day list" in line


# --- writes that fail ---------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file's data fails to reach the disk, as on a full file system."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders that refuse new files. The mode is set too, but the tests may run as root (who
    ignores it), so creating a file or folder inside them fails as the kernel would say."""
    folders: list[Path] = []
    real_open, real_mkdir = os.open, os.mkdir

    def refused(path: object) -> bool:
        return any(Path(os.fsdecode(path)).parent == folder for folder in folders)  # type: ignore[arg-type]

    def open_(path, flags, mode=0o777, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT and refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, *args, **kwargs)

    def mkdir(path, mode=0o777, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_mkdir(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    yield folders
    for folder in folders:
        folder.chmod(0o755)


def test_full_disk_leaves_no_sheet_and_says_so(ws: Workspace, full_disk: None) -> None:
    run = ws.run("--clinic", "riverside", "--patient", "Zoë O'Brien", "--date", "2026-03-14")
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "could not be written: No space left on device (the disk is full)" in line
    assert "Zoë" not in run.output
    assert ws.written() == []  # no empty sheet, no temporary file


def test_read_only_output_folder_is_one_line(ws: Workspace, read_only: list[Path]) -> None:
    folder = ws.root / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    read_only.append(folder)
    run = ws.run("--clinic", "riverside", "--patient", "Ana Lima", "-o", str(folder / "a.pdf"))
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "could not be written: Permission denied (the folder is read-only for you)" in line
    assert list(folder.iterdir()) == []
    # The default folder, when out/ is read-only: no folder, no sheet, one line.
    read_only.append(ws.out)
    ws.out.mkdir()
    run = ws.run("--clinic", "riverside", "--patient", "Ana Lima")
    assert run.exit_code == 1 and len(one_line_errors(run.output)) == 1
    assert list(ws.out.iterdir()) == []


def test_full_disk_during_a_build_is_one_line_per_file(
    project: Project, full_disk: None, data_dir: Path
) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("build", "--data", str(data_dir), "--out", str(project.out_dir), "--jobs", "1"),
            *("--clinic", "riverside", "--article", "safety", "--layout", "flyer", "-l", "a5"),
        ],
    )
    assert result.exit_code == 1
    errors = one_line_errors(result.output)
    assert len(errors) == 3  # two PDFs, then the manifest
    assert all("could not be written" in e and "disk is full" in e for e in errors)
    assert [p for p in project.out_dir.rglob("*") if p.is_file()] == []


def test_a_failed_write_keeps_the_previous_pdf(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project, Selection(["riverside"], ["safety"], ["flyer"]))
    before = sorted((p, p.read_bytes()) for p in project.out_dir.rglob("*") if p.is_file())
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "")))
    seen: list[Outcome] = []
    with pytest.raises(WriteFailed, match=r"manifest\.json: could not be written: No space left"):
        build(
            project,
            Selection(["riverside"], ["safety"], ["flyer"]),
            lambda outcome, index, total: seen.append(outcome),
            Options(jobs=1, force=True),
        )
    (bad,) = seen
    assert not bad.ok and "disk is full" in str(bad.problems[0])
    after = sorted((p, p.read_bytes()) for p in project.out_dir.rglob("*") if p.is_file())
    assert after == before  # the PDF and the manifest as they were, and nothing else


# --- -o names a file of the user's choice -------------------------------------------------------


def test_output_never_replaces_an_existing_sheet_without_force(ws: Workspace) -> None:
    target = ws.root / "zoe.pdf"
    target.write_bytes(b"an earlier patient's sheet")
    run = ws.run("--clinic", "riverside", "--patient", "Zoë O'Brien", "-o", str(target))
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "error: -o:" in line and "already exists" in line and "--force" in line
    assert target.read_bytes() == b"an earlier patient's sheet"
    forced = ws.run(
        "--clinic", "riverside", "--patient", "Zoë O'Brien", "-o", str(target), "--force"
    )
    assert forced.exit_code == 0, forced.output
    assert "Zoë O'Brien" in pdf_text(target)


def test_output_that_is_a_folder_is_one_line(ws: Workspace) -> None:
    (ws.root / "x.pdf").mkdir()
    run = ws.run("--clinic", "riverside", "--patient", "Ana Lima", "-o", str(ws.root / "x.pdf"))
    assert run.exit_code == 1
    (line,) = one_line_errors(run.output)
    assert "is a folder" in line


def test_day_list_never_replaces_yesterdays_sheets(ws: Workspace) -> None:
    path = day_list(ws, f"{HEADER}\nAna Lima,2026-03-14,,,,,\n")
    assert ws.run("--from", str(path), "--clinic", "riverside").exit_code == 0
    sheet = ws.only_pdf()
    before = sheet.read_bytes()
    again = ws.run("--from", str(path), "--clinic", "riverside")
    assert again.exit_code == 1 and "already exists" in again.output
    assert sheet.read_bytes() == before
    assert ws.run("--from", str(path), "--clinic", "riverside", "--force").exit_code == 0
