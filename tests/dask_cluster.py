"""A real Dask cluster for the tests: a scheduler here, worker processes on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
from distributed import LocalCluster

# A task may kill two workers before the scheduler gives up on it (what docs/scaling.md
# recommends for a real scheduler).
CONFIG = {"distributed.scheduler.allowed-failures": 1}


@contextmanager
def local_cluster(workers: int = 2) -> Iterator[LocalCluster]:
    with dask.config.set(CONFIG):
        cluster = LocalCluster(
            processes=True,
            n_workers=workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP server, any port
        )
    try:
        yield cluster
    finally:
        cluster.close()


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*/*.pdf"))}
