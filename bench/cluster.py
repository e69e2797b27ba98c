"""Benchmark `handouts build --executor dask` against the local pool on one machine (issue 15).

    .venv/bin/python bench/cluster.py            # about five minutes on 2 cores
    .venv/bin/python bench/cluster.py --quick    # a smoke run on a tiny catalogue

It generates the synthetic catalogue of bench/catalogue.py (at least `--docs` documents), starts
two Dask `LocalCluster`s on loopback (one and two worker processes, one thread each, warmed up
by an untimed build, as a real cluster's long-lived workers would be), and times cold builds of
the whole catalogue through the command line, with medians over `--runs` rounds whose order
rotates so that none always runs first:

  local pool, --jobs 1 and --jobs 2;  dask, 1 worker and 2 workers.

It reports the per-document overhead of dask against the local pool with as many processes
(target: at most 10 % at 2 workers on 2 cores), the scaling ratio from 1 to 2 workers, and the
figures docs/scaling.md builds its model from: render time per document, scheduling cost per
task, bytes moved per document, the bundle shipped once per build, and how fast this machine
writes results. Results are printed and saved to bench/results/ as JSON; nothing is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import REPO, clinics_for, make_catalogue, step, timed

WAYS = ("local-1", "local-2", "dask-1", "dask-2")


@dataclass
class Figures:
    documents: int = 0
    clinics: int = 0
    runs: int = 0
    cores: int = 0
    seconds: dict[str, list[float]] = field(default_factory=dict)  # way → cold build times
    render_seconds: dict[str, float] = field(default_factory=dict)  # way → mean per document
    pdf_bytes: float = 0.0  # mean PDF size: what a worker sends back per document
    order_bytes: float = 0.0  # mean pickled order: what the client sends per document
    bundle_bytes: int = 0  # the data folder, templates and styles, shipped once per build
    bundle_files: int = 0
    task_ms: float = 0.0  # scheduling cost per (empty) task, from 2 workers
    write_ms: float = 0.0  # this machine: atomic write + sha256 of one PDF
    connect_s: float = 0.0  # connect, check versions, ship the bundle
    plan_ms: float = 0.0  # this machine: planning one document (checks, key, manifest)
    worker_mb: dict[str, float] = field(default_factory=dict)  # resident memory of the 2 workers


def command(
    data: Path, out: Path, way: str, address: dict[str, str], layouts: list[str]
) -> list[str]:
    base = [sys.executable, "-m", "handouts", "build", "--data", str(data), "--out", str(out)]
    base += [f"--layout={layout}" for layout in layouts]
    kind, workers = way.split("-")
    if kind == "local":
        return [*base, "--jobs", workers]
    return [*base, "--executor", "dask", "--scheduler", address[way]]


def per_document(output: str) -> float:
    """Mean of the per-document times the build printed, `(0.23 s)`."""
    times = [float(t) for t in re.findall(r"\] built \S+ \((\d+\.\d+) s\)", output)]
    return statistics.mean(times) if times else 0.0


def plan_cost(data: Path, out: Path, layouts: list[str], documents: int) -> float:
    """Milliseconds of this machine's work per document before anything is sent: loading,
    checks, fingerprints, the manifest (a rebuild with nothing to do, less its start-up)."""
    base = [sys.executable, "-m", "handouts", "build", "--data", str(data), "--out", str(out)]
    everything = [*base, *(f"--layout={layout}" for layout in layouts)]
    one = [*base, "--clinic=site-001", "--article=safety", f"--layout={(layouts or ['flyer'])[0]}"]
    all_docs = statistics.median(timed(everything).seconds for _ in range(3))
    one_doc = statistics.median(timed(one).seconds for _ in range(3))
    return max(0.0, all_docs - one_doc) * 1000 / max(1, documents - 1)


def task_cost(address: str, tasks: int) -> float:
    """Milliseconds per task for empty tasks: submit, schedule, run, gather."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.submit(len, [0]).result()  # connected and warm
        started = time.perf_counter()
        client.gather(client.map(len, [[i] for i in range(tasks)], pure=False))
        return (time.perf_counter() - started) * 1000 / tasks


def worker_memory(address: str) -> list[float]:
    """Resident memory of each worker process, in MB."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        found = client.run(_resident_mb)
    return sorted(found.values())


def _resident_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def write_cost(out: Path, scratch: Path) -> float:
    """Milliseconds to write one PDF here as the client does (atomic, fsync, sha256)."""
    from handouts.files import write_atomic

    pdfs = sorted(out.glob("*/*.pdf"))
    started = time.perf_counter()
    for number, pdf in enumerate(pdfs):
        data = pdf.read_bytes()
        write_atomic(scratch / f"{number}.pdf", data)
        hashlib.sha256(data).hexdigest()
    return (time.perf_counter() - started) * 1000 / max(1, len(pdfs))


def shipping(
    data: Path, out: Path, address: str, layouts: list[str]
) -> tuple[int, int, float, float]:
    """Bundle size and files, mean order size, and seconds to connect, check and ship."""
    from distributed import Client

    from handouts.build.dask_executor import order_for
    from handouts.build.dask_inputs import pack
    from handouts.build.dask_worker import InputsPlugin, environment
    from handouts.build.produce import describe
    from handouts.render.jobs import Selection, plan
    from handouts.source.project import Project

    project = Project.at(data, out)
    tasks = describe(plan(project, Selection(layouts=layouts)), project)
    orders = [len(pickle.dumps(order_for(t, project, i))) for i, t in enumerate(tasks)]
    started = time.perf_counter()
    with Client(address, set_as_default=False) as client:
        client.run(environment)
        bundle = pack(project)
        client.register_plugin(InputsPlugin("bench", bundle), name="handouts-bench")
        seconds = time.perf_counter() - started
        client.unregister_worker_plugin("handouts-bench")
    return bundle.size, len(bundle.files), statistics.mean(orders), seconds


def main() -> None:
    args = parse_args()
    import dask
    from distributed import LocalCluster

    figures = Figures(runs=args.runs, cores=len(os.sched_getaffinity(0)))
    with tempfile.TemporaryDirectory(prefix="handouts-cluster-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        layouts = args.layout or []
        figures.clinics = args.clinics or clinics_for(args.docs, layouts)
        data = make_catalogue(root / "catalogue", figures.clinics)
        address = {}
        for workers in (1, 2):
            step(f"starting a LocalCluster of {workers} worker process(es)")
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
                cluster = LocalCluster(
                    processes=True,
                    n_workers=workers,
                    threads_per_worker=1,
                    host="127.0.0.1",
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                )
            stack.callback(cluster.close)
            address[f"dask-{workers}"] = cluster.scheduler_address
            step(f"warming up its workers with one untimed build ({workers} worker(s))")
            timed(command(data, root / "warm", f"dask-{workers}", address, layouts))
            shutil.rmtree(root / "warm")
        env = {**os.environ, "COLUMNS": "200"}
        figures.worker_mb["after warm-up"] = max(worker_memory(address["dask-2"]))
        for run in range(args.runs):
            order = WAYS[run % len(WAYS) :] + WAYS[: run % len(WAYS)]
            for way in order:
                step(f"run {run + 1}/{args.runs}: cold build, {way}")
                out = root / f"out-{way}"
                shutil.rmtree(out, ignore_errors=True)
                result = timed(command(data, out, way, address, layouts), env=env)
                figures.seconds.setdefault(way, []).append(result.seconds)
                figures.render_seconds[way] = per_document(result.output)
                figures.documents = len(list(out.glob("*/*.pdf")))
        same = {
            way: {
                p.relative_to(root / f"out-{way}"): p.read_bytes()
                for p in (root / f"out-{way}").glob("*/*.pdf")
            }
            for way in WAYS
        }
        figures.worker_mb[f"after {args.runs + 1} builds"] = max(worker_memory(address["dask-2"]))
        identical = all(same[way] == same["local-2"] for way in WAYS)
        out = root / "out-dask-2"
        figures.pdf_bytes = statistics.mean(p.stat().st_size for p in out.glob("*/*.pdf"))
        step("shipping: bundle, orders, connect and check")
        shipped = shipping(data, root / "unused", address["dask-2"], layouts)
        figures.bundle_bytes, figures.bundle_files, figures.order_bytes, figures.connect_s = shipped
        step("planning cost per document: a no-op rebuild of all, against one of one document")
        figures.plan_ms = plan_cost(data, out, layouts, figures.documents)
        step("scheduling cost per task")
        figures.task_ms = task_cost(address["dask-2"], args.tasks)
        step("writing cost per PDF on this machine")
        (root / "scratch").mkdir()
        figures.write_ms = write_cost(out, root / "scratch")
    report(figures, identical)


def report(f: Figures, identical: bool) -> None:
    t = {way: statistics.median(times) for way, times in f.seconds.items()}
    n = f.documents
    overhead = t["dask-2"] / t["local-2"] - 1
    print(
        f"\nCatalogue: {f.clinics} clinics × articles × layouts = {n} documents; {f.cores} cores; "
        f"cold builds, medians of {f.runs} run(s); PDFs identical across all four: {identical}\n"
    )
    print(f"{'':<28}{'build':>9}{'per document':>15}{'render (worker)':>18}")
    for way, label in zip(
        WAYS,
        ("local pool, --jobs 1", "local pool, --jobs 2", "dask, 1 worker", "dask, 2 workers"),
        strict=True,
    ):
        per = t[way] / n * 1000
        print(f"{label:<28}{t[way]:>8.1f}s{per:>12.0f} ms{f.render_seconds[way]:>16.3f} s")
    print(
        f"\ndask against the local pool, 2 processes: {overhead * 100:+.1f} % "
        f"({(t['dask-2'] - t['local-2']) / n * 1000:+.0f} ms per document; target ≤ +10 %)"
    )
    print(
        f"dask against the local pool, 1 process:   {(t['dask-1'] / t['local-1'] - 1) * 100:+.1f} %"
    )
    print(
        f"scaling 1 → 2 workers: dask {t['dask-1'] / t['dask-2']:.2f}×, "
        f"local pool {t['local-1'] / t['local-2']:.2f}× (2.00× would be perfect)"
    )
    print(
        f"\nbytes per document: {f.order_bytes:.0f} B sent (order), {f.pdf_bytes / 1024:.0f} KB "
        f"back (PDF); bundle shipped once per build: {f.bundle_bytes / 1024:.0f} KB in "
        f"{f.bundle_files} files"
    )
    print(
        f"connect, check versions and ship the bundle: {f.connect_s:.2f} s; scheduling cost "
        f"per task: {f.task_ms:.1f} ms; writing one PDF here (atomic, fsync, sha256): "
        f"{f.write_ms:.1f} ms; planning one document here: {f.plan_ms:.1f} ms"
    )
    memory = ", ".join(f"{mb:.0f} MB {when}" for when, mb in f.worker_mb.items())
    print(f"largest dask worker (2 workers): {memory}")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"cluster-{stamp}.json").write_text(json.dumps(asdict(f), indent=1) + "\n")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=108, help="at least this many documents")
    parser.add_argument("--clinics", type=int, help="generate this many clinics instead")
    parser.add_argument("--runs", type=int, default=3, help="rounds of the four builds")
    parser.add_argument("--tasks", type=int, default=1000, help="empty tasks to time")
    parser.add_argument(
        "--layout", action="append", help="only this layout (repeatable; default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="tiny catalogue, one run")
    args = parser.parse_args()
    if args.quick:
        args.clinics, args.runs, args.tasks = args.clinics or 1, 1, 100
        args.layout = args.layout or ["flyer", "trifold"]
    return args


if __name__ == "__main__":
    main()
