"""`handouts build --executor dask` on a real LocalCluster: the same bytes, the same skips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

from handouts.build.dask_executor import DaskExecutor
from handouts.build.dask_inputs import pack
from handouts.build.manifest import Manifest
from handouts.build.recipe import Options, build
from handouts.render.jobs import Selection
from handouts.source.project import Project

from .conftest import REPO
from .dask_cluster import local_cluster, pdfs
from .test_cli import run

RIVERSIDE = Selection(clinics=["riverside"], layouts=["flyer", "trifold"])


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster() as started:
        yield started


def statuses(project: Project, selection: Selection, executor=None) -> dict[str, str]:
    outcomes = build(project, selection, options=Options(executor=executor))
    return {o.job.name: o.status.value for o in outcomes}


def test_every_layout_and_profile_is_byte_identical_to_a_local_build(
    cluster: LocalCluster, print_build: Project, runner: CliRunner, tmp_path: Path
) -> None:
    """The safety leaflet of both demo clinics (A4 and Letter) in every layout, --for all."""
    out = tmp_path / "out"
    result = run(
        runner,
        *("build", "--executor", "dask", "--scheduler", cluster.scheduler_address),
        *("--data", str(REPO / "data"), "--out", str(out), "--article", "safety"),
        *("--for", "all"),
    )
    assert result.exit_code == 0, result.output
    summary = " ".join(result.output.split())
    assert "36 built, 0 failed, 0 skipped (unchanged)" in summary
    assert f"(dask at {cluster.scheduler_address}, 2 workers, 2 threads)" in summary
    assert result.output.count("] built ") == 36  # a line per document, as locally
    local = pdfs(print_build.out_dir)
    assert len(local) == 36
    assert pdfs(out) == local
    # The manifest written here is the local build's, entry for entry.
    assert Manifest.load(out).entries == Manifest.load(print_build.out_dir).entries


def test_incremental_rebuilds_skip_the_same_documents(
    cluster: LocalCluster, project: Project, tmp_path: Path
) -> None:
    local = Project.at(project.data_dir, tmp_path / "local-out")
    dask_executor = DaskExecutor(cluster.scheduler_address)
    first = statuses(project, RIVERSIDE, dask_executor)
    assert statuses(local, RIVERSIDE) == first
    assert set(first.values()) == {"built"} and len(first) == 6
    # Nothing changed: everything is skipped, by both.
    assert set(statuses(project, RIVERSIDE, dask_executor).values()) == {"skipped"}
    # One article changes: both rebuild exactly its documents.
    article = project.articles_dir / "dry-needling/benefits.md"
    article.write_text(article.read_text().replace("very thin needle", "very fine needle"))
    for out in (project.out_dir, local.out_dir):
        (out / "riverside/dry-needling-safety-flyer.pdf").unlink()
    again = statuses(project, RIVERSIDE, dask_executor)
    assert again == statuses(local, RIVERSIDE)
    assert {name for name, status in again.items() if status == "built"} == {
        "riverside/dry-needling-benefits-flyer",
        "riverside/dry-needling-benefits-trifold",
        "riverside/dry-needling-safety-flyer",  # deleted by hand
    }
    assert pdfs(project.out_dir) == pdfs(local.out_dir)


def test_a_failing_document_fails_alone_and_names_the_client_file(
    cluster: LocalCluster, project: Project
) -> None:
    article = project.articles_dir / "dry-needling/safety.md"
    article.write_text(article.read_text() + "\n\nMore words here. " * 400)
    outcomes = build(
        project, RIVERSIDE, options=Options(executor=DaskExecutor(cluster.scheduler_address))
    )
    failed = {o.job.name: o for o in outcomes if not o.ok}
    assert set(failed) == {
        "riverside/dry-needling-safety-flyer",
        "riverside/dry-needling-safety-trifold",
    }
    problem = failed["riverside/dry-needling-safety-flyer"].problems[0]
    assert problem.file == article  # this machine's file, not the worker's copy
    assert "content does not fit: it runs onto page 3" in str(problem)
    assert sum(o.ok for o in outcomes) == 4
    assert all(o.path.exists() for o in outcomes if o.ok)
    assert not any(o.path.exists() for o in failed.values())


def test_shared_data_reads_the_folder_where_it_is(
    cluster: LocalCluster, project: Project, tmp_path: Path
) -> None:
    """Workers on this machine see the data folder at the same path: nothing of it is shipped."""
    executor = DaskExecutor(cluster.scheduler_address, shared_data=True)
    one = Selection(["lakeshore"], ["aftercare"], ["a5"])
    outcomes = build(project, one, options=Options(executor=executor))
    assert [o.status.value for o in outcomes] == ["built"]
    shipped = executor.cluster.bundle_bytes if executor.cluster else 0
    assert shipped == pack(project, shared_data=True).size < pack(project).size
    local = Project.at(project.data_dir, tmp_path / "local-out")
    build(local, one, options=Options(jobs=1))
    assert pdfs(project.out_dir) == pdfs(local.out_dir)
