"""Projects: the shipped library, a project's own articles, handouts.toml and `handouts init`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.source.clinics import load_clinic
from handouts.source.project import NoProject, find_project_file, library_dir, resolve

from .conftest import REPO


def listing(runner: CliRunner, *args: str) -> dict[str, list[dict[str, object]]]:
    result = runner.invoke(app, ["list", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_shipped_articles_come_from_the_package(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "clinics").mkdir(parents=True)
    articles = listing(runner, "--data", str(data))["articles"]
    assert {a["id"]: a["source"] for a in articles} == {
        "dry-needling-aftercare": "shipped",
        "dry-needling-benefits": "shipped",
        "dry-needling-safety": "shipped",
    }
    assert all(Path(str(a["file"])).is_relative_to(library_dir()) for a in articles)


def test_a_project_article_overrides_the_shipped_one_by_id(
    runner: CliRunner, data_dir: Path
) -> None:
    for path in (data_dir / "articles/dry-needling").glob("*.md"):
        if path.stem != "safety":
            path.unlink()
    own = data_dir / "articles/dry-needling/safety.md"
    own.write_text(own.read_text().replace('title: "', 'title: "Our own: ', 1))
    articles = {a["id"]: a for a in listing(runner, "--data", str(data_dir))["articles"]}
    assert articles["dry-needling-safety"]["source"] == "project"
    assert str(articles["dry-needling-safety"]["title"]).startswith("Our own: ")
    assert articles["dry-needling-benefits"]["source"] == "shipped"


def test_the_project_file_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "handouts.toml").write_text('data = "content"\nout = "pdfs"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_project_file(deep) == tmp_path / "handouts.toml"
    project = resolve(None, None, cwd=deep)
    assert project.data_dir == (tmp_path / "content").resolve()
    assert project.out_dir == (tmp_path / "pdfs").resolve()
    # the command line still wins
    assert resolve(tmp_path / "x", None, cwd=deep).data_dir == (tmp_path / "x").resolve()


def test_the_repository_is_the_demo_project() -> None:
    project = resolve(None, None, cwd=REPO / "handouts")
    assert project.data_dir == REPO / "data"
    assert project.out_dir == REPO / "out"


def test_no_project_is_one_line_suggesting_init(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoProject):
        resolve(None, None)
    for command in (["build"], ["check"], ["list"], ["aftercare", "-c", "x", "--blank"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "handouts init" in result.output
        assert result.output.count("\n") == 1


def test_a_bad_project_file_names_its_field(tmp_path: Path) -> None:
    (tmp_path / "handouts.toml").write_text('data = "data"\ncolour = "red"\n')
    with pytest.raises(Exception, match="colour: unknown setting"):
        resolve(None, None, cwd=tmp_path)


def test_init_scaffolds_a_project_that_builds(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [
        "init",
        "demo",
        "--clinic-name",
        "Cedar & Pine Rehab",
        "--paper",
        "letter",
        "--locale",
        "en-US",
        "--phone",
        "+1 555 0100",
        "--email",
        "frontdesk@cedar.example",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    root = tmp_path / "demo"
    assert (root / ".gitignore").read_text() == "/out/\n"
    clinic = load_clinic(root / "data/clinics/cedar-pine-rehab.yaml")
    assert (clinic.name, clinic.paper, clinic.locale) == ("Cedar & Pine Rehab", "letter", "en-US")
    assert clinic.contact.email == "frontdesk@cedar.example"
    assert clinic.emergency_number == "911"
    assert (
        "<title>Cedar &amp; Pine Rehab"
        in (root / "data/clinics/cedar-pine-rehab-logo.svg").read_text()
    )

    monkeypatch.chdir(root / "data")  # found by walking up
    result = runner.invoke(app, ["build", "-a", "safety", "-l", "flyer"])
    assert result.exit_code == 0, result.output
    assert (root / "out/cedar-pine-rehab/dry-needling-safety-flyer.pdf").stat().st_size > 10_000

    again = runner.invoke(app, ["init", str(root), "--clinic-name", "Cedar & Pine Rehab"])
    assert again.exit_code == 1
    assert "never overwrites" in again.output


def test_init_without_a_terminal_needs_the_clinic_name(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "--clinic-name" in result.output
    assert not (tmp_path / "p").exists()


def test_init_refuses_bad_answers_before_writing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["init", str(tmp_path / "p"), "--clinic-name", "X", "--paper", "a3", "--email", "no"]
    )
    assert result.exit_code == 1
    assert "--paper: expected one of a4, letter" in result.output
    assert "--email:" in result.output
    assert not (tmp_path / "p").exists()


def test_the_project_file_chooses_the_executor_and_scheduler(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[defaults] executor/scheduler` stand in for the options (a group's project file points
    at its cluster); a wrong value names its field; the command line still wins."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "handouts.toml").write_text(
        '[defaults]\nexecutor = "dask"\nscheduler = "tcp://127.0.0.1:9"\n'
    )
    project = resolve(None, None, cwd=tmp_path)
    assert (project.defaults.executor, project.defaults.scheduler) == ("dask", "tcp://127.0.0.1:9")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_DASK_SCHEDULER", raising=False)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1
    assert "127.0.0.1:9" in result.output and "Traceback" not in result.output
    (tmp_path / "handouts.toml").write_text('[defaults]\nexecutor = "cluster"\n')
    with pytest.raises(Exception) as info:
        resolve(None, None, cwd=tmp_path)
    assert "defaults.executor" in str(info.value) and "local or dask" in str(info.value)
