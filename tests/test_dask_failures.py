"""The dask executor when things go wrong: dead workers, other versions, no scheduler, Ctrl-C."""

from __future__ import annotations

import dataclasses
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import pytest
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin
from typer.testing import CliRunner

from handouts.build.dask_executor import DaskExecutor
from handouts.build.manifest import Manifest
from handouts.build.outcomes import Outcome
from handouts.build.recipe import Options, build
from handouts.errors import ClusterError
from handouts.render.jobs import Selection
from handouts.source.project import Project

from .dask_cluster import local_cluster, pdfs
from .test_cli import run

SIX = Selection(["riverside"], ["safety"])  # six layouts: a batch of two, then single ones
FIRST = "riverside/dry-needling-safety-flyer"  # the first document of the first batch


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster() as started:
        yield started


@pytest.fixture
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster.scheduler_address, set_as_default=False) as connected:
        yield connected


class KillOn(WorkerPlugin):
    """Test only: a worker that starts rendering `name` exits a moment later, as if the kernel
    had killed it mid-render. With `marker`, only the first worker to try does."""

    def __init__(self, name: str, marker: Path | None) -> None:
        self.name, self.marker = name, marker

    def setup(self, worker: Any) -> None:
        from handouts.build import dask_worker

        self.original = dask_worker.render_order
        name, marker = self.name, self.marker

        def render_order(order: Any, warm: Any) -> Any:
            if warm.job(order).name == name:
                time.sleep(0.3)  # into the render, as a crash would be
                if marker is None:
                    os._exit(1)
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    pass
                else:
                    os._exit(1)
            return self.original(order, warm)

        dask_worker.render_order = render_order

    def teardown(self, worker: Any) -> None:
        from handouts.build import dask_worker

        dask_worker.render_order = self.original


def dask_build(project: Project, address: str, selection: Selection = SIX, progress=None):
    executor = DaskExecutor(address)
    return build(project, selection, progress, Options(executor=executor))


def test_a_killed_workers_documents_are_retried_and_the_build_completes(
    cluster: LocalCluster, client: Client, project: Project, tmp_path: Path
) -> None:
    # The same project built locally: its articles are the project's own copies (conftest's
    # data_dir), which a document's identifier tells apart from the shipped ones.
    local_project = dataclasses.replace(project, out_dir=tmp_path / "local-out")
    assert all(o.ok for o in build(local_project, SIX))
    marker = tmp_path / "killed-one"
    client.register_plugin(KillOn(FIRST, marker), name="kill-once")
    try:
        outcomes = dask_build(project, cluster.scheduler_address)
    finally:
        client.unregister_worker_plugin("kill-once")
    assert marker.exists()  # a worker did die on it
    assert [o.status.value for o in outcomes] == ["built"] * 6
    built = pdfs(project.out_dir)
    local = pdfs(local_project.out_dir)
    assert len(built) == 6
    assert built == {name: local[name] for name in built}


def test_a_document_that_kills_every_worker_fails_alone(
    cluster: LocalCluster, client: Client, project: Project
) -> None:
    client.register_plugin(KillOn(FIRST, None), name="kill-always")
    try:
        outcomes = {o.job.name: o for o in dask_build(project, cluster.scheduler_address)}
    finally:
        client.unregister_worker_plugin("kill-always")
    failed = outcomes.pop(FIRST)
    assert str(failed.problems[0]).endswith(
        f"{FIRST}: the worker rendering it stopped, 2 times on different workers; not tried again"
    )
    assert {o.status.value for o in outcomes.values()} == {"built"} and len(outcomes) == 5
    assert not failed.path.exists()
    client.wait_for_workers(2, timeout=60)  # the nannies have started new ones


def test_workers_with_another_version_are_refused_in_one_line(
    cluster: LocalCluster, client: Client, runner: CliRunner, project: Project
) -> None:
    client.run(_pretend_version, "0.0.9")
    try:
        result = run(
            runner,
            *("build", "--executor", "dask", "--scheduler", cluster.scheduler_address),
            *("--data", str(project.data_dir), "--out", str(project.out_dir), "-c", "riverside"),
        )
    finally:
        client.run(_pretend_version, None)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: --scheduler: worker tcp://127.0.0.1:")
    assert lines[0].endswith(
        "runs handouts 0.0.9 with WeasyPrint 70.0, this machine handouts 0.1.0 with "
        "WeasyPrint 70.0: install the same versions everywhere"
    )
    assert not list(project.out_dir.glob("*/*.pdf"))


def _pretend_version(version: str | None) -> None:
    """Runs on each worker: report another handouts version (None: the real one again)."""
    import handouts
    from handouts.build import dask_worker

    if version is None:
        version = handouts.__dict__.pop("_real_version")
    else:
        handouts.__dict__.setdefault("_real_version", handouts.__version__)
    handouts.__version__ = version
    dask_worker.environment.cache_clear()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line(
    runner: CliRunner, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HANDOUTS_DASK_SCHEDULER", address)  # the address from the environment
    started = time.perf_counter()
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run(
            runner,
            *("build", "--executor", "dask", "--data", str(project.data_dir)),
            *("--out", str(project.out_dir), "-c", "riverside", "-l", "flyer"),
        )
    assert time.perf_counter() - started < 30
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: --scheduler: cannot reach the Dask scheduler at {address}")
    assert not list(project.out_dir.glob("*/*.pdf"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--executor", "dask"], "error: --scheduler: --executor dask needs the scheduler"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "error: --scheduler: only applies with"),
        (["--executor", "dask", "--scheduler", "x", "-j", "2"], "error: --jobs: applies to"),
        (["--shared-data"], "error: --shared-data: only applies with --executor dask"),
        (["--executor", "spark"], "error: --executor: expected one of local, dask"),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    runner: CliRunner,
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.delenv("HANDOUTS_DASK_SCHEDULER", raising=False)
    result = run(runner, "build", "--data", str(project.data_dir), *args)
    assert result.exit_code == 2
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ctrl_c_cancels_the_remote_tasks_and_keeps_what_was_written(
    cluster: LocalCluster, project: Project
) -> None:
    seen: list[Outcome] = []

    def interrupt(outcome: Outcome, index: int, total: int) -> None:
        seen.append(outcome)
        raise KeyboardInterrupt

    selection = Selection(["riverside"], layouts=["flyer", "trifold", "a5"])
    with pytest.raises(KeyboardInterrupt):
        dask_build(project, cluster.scheduler_address, selection, interrupt)
    assert len(seen) == 1 and seen[0].path.exists()
    assert list(Manifest.load(project.out_dir).entries) == [
        seen[0].path.relative_to(project.out_dir).as_posix()
    ]
    deadline = time.monotonic() + 10
    while _handouts_tasks(cluster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _handouts_tasks(cluster)
    assert not [name for name in cluster.scheduler.worker_plugins if name.startswith("handouts")]


def _handouts_tasks(cluster: LocalCluster) -> list[str]:
    return [str(key) for key in cluster.scheduler.tasks if "handouts-render" in str(key)]


def test_a_lost_scheduler_stops_the_build_and_keeps_what_was_written(project: Project) -> None:
    with local_cluster(workers=1) as lost:

        def stop_the_scheduler(outcome: Outcome, index: int, total: int) -> None:
            if index == 1:
                lost.close()

        selection = Selection(["riverside"], layouts=["flyer", "trifold", "a5"])
        with (
            dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
            pytest.raises(ClusterError) as raised,
        ):
            dask_build(project, lost.scheduler_address, selection, stop_the_scheduler)
    (problem,) = raised.value.problems
    assert str(problem).startswith(
        f"--scheduler: lost the Dask scheduler at {lost.scheduler_address} after "
    )
    assert str(problem).endswith("what was finished is written, build again for the rest")
    written = Manifest.load(project.out_dir).entries
    assert written and all((project.out_dir / name).exists() for name in written)
