"""Benchmark a synthetic catalogue: naive WeasyPrint loop against `handouts build` (issue 6).

    .venv/bin/python bench/catalogue.py            # about five minutes on 2 cores
    .venv/bin/python bench/catalogue.py --quick    # a smoke run on a tiny catalogue

It generates clinics (copies of the demo clinics with their own ids, names and colours), so
that clinics × articles × layouts gives at least `--docs` documents, then measures, with medians
over `--runs` runs:

  (a) a naive loop: the `weasyprint` command once per document, on the very HTML and
      stylesheets handouts renders (timed on a sample of documents spread over the catalogue,
      then scaled to the whole catalogue, since every call costs about the same);
  (b) `handouts build` from cold (empty output folder);
  (c) a no-op rebuild;
  (d) a rebuild after one article changes (which documents it re-rendered);
  (e) per-document time in one warm process: handouts' `build_one` against WeasyPrint's own
      API rendering the same HTML (both with fresh objects per document and with the font
      configuration and parsed stylesheets shared, as handouts does);
  (f) peak memory of the largest process, for the catalogue and for one three times larger.

Results are printed as a table and saved to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import colorsys
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASES = ("riverside", "lakeshore")  # demo clinics the generated ones are copied from
EDIT = ("very thin needle", "very fine needle")  # the one-article change in (d)
EDITED_ARTICLE = "dry-needling/benefits.md"
PROBE_WAYS = ("handouts", "weasyprint", "weasyprint-shared")

# --- the catalogue --------------------------------------------------------------------------


def make_catalogue(root: Path, clinics: int) -> Path:
    """A data folder with the demo articles and `clinics` generated clinics."""
    data = root / "data"
    shutil.copytree(REPO / "handouts" / "library", data / "articles")
    (data / "clinics").mkdir(parents=True)
    for number in range(clinics):
        base = BASES[number % len(BASES)]
        clinic_id = f"site-{number + 1:03d}"
        source = (REPO / "data/clinics" / f"{base}.yaml").read_text(encoding="utf-8")
        logo = re.search(r"^logo: (\S+)$", source, re.M).group(1)  # type: ignore[union-attr]
        new_logo = f"{clinic_id}-logo{Path(logo).suffix}"
        shutil.copy(REPO / "data/clinics" / logo, data / "clinics" / new_logo)
        primary, accent = _colours(number, clinics)
        name = f'name: "Site {number + 1} Physiotherapy"'
        text = re.sub(r'^name: ".*"$', name, source, count=1, flags=re.M)
        text = text.replace(f"logo: {logo}", f"logo: {new_logo}")
        text = re.sub(r'(\n  primary: )"#[0-9a-f]{6}"', rf'\1"{primary}"', text, count=1)
        text = re.sub(r'(\n  accent: )"#[0-9a-f]{6}"', rf'\1"{accent}"', text, count=1)
        (data / "clinics" / f"{clinic_id}.yaml").write_text(text, encoding="utf-8")
    return data


def _colours(number: int, count: int) -> tuple[str, str]:
    """Dark primary and mid accent colours around the colour wheel (white text stays legible)."""
    hue = number / max(count, 1)

    def hex_colour(h: float, lightness: float, saturation: float) -> str:
        r, g, b = colorsys.hls_to_rgb(h % 1, lightness, saturation)
        return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))

    return hex_colour(hue, 0.25, 0.6), hex_colour(hue + 0.4, 0.4, 0.6)


def clinics_for(documents: int, layouts: list[str]) -> int:
    """How many clinics make at least `documents` documents."""
    return max(1, math.ceil(documents / documents_per_clinic(layouts)))


def documents_per_clinic(layouts: list[str]) -> int:
    from handouts.render.jobs import Selection, plan
    from handouts.source.project import Project

    project = Project.at(REPO / "data", REPO / "out")
    return len(plan(project, Selection(clinics=[BASES[0]], layouts=layouts)))


# --- running things -------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_kb: int = 0  # highest resident memory of any one process (VmHWM)
    peak_total_kb: int = 0  # highest sum of resident memory over the process tree
    output: str = ""


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command; time it and watch the memory of its whole process tree.

    Workers are forked from multiprocessing's fork server, so they are the command's
    grandchildren and `getrusage(RUSAGE_CHILDREN)` would never see them; /proc does.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    peaks: dict[int, int] = {}
    total = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            rss = 0
            for pid in process_tree(process.pid):
                status = read_status(pid)
                peaks[pid] = max(peaks.get(pid, 0), status.get("VmHWM", 0))
                rss += status.get("VmRSS", 0)
            total[0] = max(total[0], rss)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stdout[-2000:]}\n{stderr[-2000:]}")
    return Run(seconds, max(peaks.values(), default=0), total[0], stdout)


def process_tree(root: int) -> list[int]:
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                children = Path(f"/proc/{pid}/task/{task}/children").read_text()
                pending.extend(int(child) for child in children.split())
        except OSError:
            continue  # it has just exited
    return found


def read_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return values


def handouts_build(data: Path, out: Path, jobs: int | None, layouts: list[str]) -> Run:
    command = [sys.executable, "-m", "handouts", "build", "--data", str(data), "--out", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    for layout in layouts:
        command += ["--layout", layout]
    return timed(command, env={**os.environ, "COLUMNS": "200"})


def count(output: str, status: str) -> int:
    return len(re.findall(rf"^\[\s*\d+/\d+\] {re.escape(status)} ", output, re.M))


def weasyprint_command() -> list[str]:
    script = Path(sys.executable).parent / "weasyprint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "weasyprint"]


# --- what handouts would render, dumped for the naive loop ----------------------------------


@dataclass
class Dumped:
    name: str
    html: Path
    stylesheets: list[Path]  # brand sheet first, as handouts passes them
    base_url: str
    layout: str


def catalogue_jobs(data: Path, layouts: list[str]) -> list:
    from handouts.render.jobs import Selection, plan
    from handouts.source.project import Project

    return plan(Project.at(data, data.parent / "unused-out"), Selection(layouts=layouts))


def dump_documents(data: Path, folder: Path, jobs: list) -> list[Dumped]:
    """Each job's HTML and stylesheets as files, exactly as handouts laid them out.

    Each document is rendered once to catch the request its last layout was made from (a
    booklet may be laid out twice, to pad it with pages to write on).
    """
    from handouts.build.produce import render_job
    from handouts.render.document import Renderer, RenderRequest
    from handouts.source.project import Project

    class Recorder(Renderer):
        last: RenderRequest

        def layout(self, request: RenderRequest):  # type: ignore[override]
            self.last = request
            return super().layout(request)

    project = Project.at(data, folder / "unused-out")
    recorder = Recorder(project.asset_roots())
    folder.mkdir(parents=True, exist_ok=True)
    documents = []
    for job in jobs:
        render_job(job, project, recorder)
        request = recorder.last
        name = job.name.replace("/", "--")
        page, extra_css = request.html, request.extra_css
        # Files handouts made in memory (the QR code, a CMYK logo) go to disk for the others.
        for url, body in request.derived.items():
            made = folder / f"{name}--{url.split(':', 1)[1]}"
            made.write_bytes(body)
            page, extra_css = (
                page.replace(url, made.as_uri()),
                extra_css.replace(url, made.as_uri()),
            )
        html = folder / f"{name}.html"
        html.write_text(page, encoding="utf-8")
        brand = folder / f"{name}.brand.css"
        brand.write_text(extra_css, encoding="utf-8")
        sheets = [brand, *request.stylesheets]
        documents.append(Dumped(job.name, html, sheets, request.base_url, job.layout.name))
    return documents


def sample(jobs: list, size: int) -> list:
    """`size` jobs: as many of each layout as can be, spread over clinics and articles."""
    if size <= 0 or size >= len(jobs):
        return jobs
    groups: dict[str, list] = {}
    for job in jobs:
        groups.setdefault(job.layout.name, []).append(job)
    chosen = []
    for index, group in enumerate(groups.values()):
        take = size // len(groups) + (index < size % len(groups))
        chosen += [group[int(i * len(group) / take)] for i in range(take)] if take else []
    return chosen


def naive_loop(documents: list[Dumped], out: Path) -> list[float]:
    """The `weasyprint` command once per document; seconds per document."""
    out.mkdir(parents=True, exist_ok=True)
    seconds = []
    for doc in documents:
        command = [*weasyprint_command(), "--base-url", doc.base_url]
        for sheet in doc.stylesheets:
            command += ["-s", str(sheet)]
        command += [str(doc.html), str(out / f"{doc.html.stem}.pdf")]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return seconds


# --- (e) per document, in one process -------------------------------------------------------


def probe(
    data: Path, dump: Path, chosen: list, documents: list[Dumped], rounds: int
) -> dict[str, dict[str, list[float]]]:  # way → document → seconds, one per round
    """Seconds per document (median over rounds, after a warm-up), three ways, interleaved
    in turn so that none always runs first."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from handouts.build.produce import build_one, describe
    from handouts.render.document import Renderer
    from handouts.source.project import Project

    project = Project.at(data, dump / "probe-out")
    jobs = {job.name: job for job in chosen}
    tasks = {task.job.name: task for task in describe(chosen, project)}  # as `build` does
    by_name = {d.name: d for d in documents}
    names = list(jobs)
    renderer = Renderer(project.asset_roots())
    shared_fonts = FontConfiguration()
    shared_css: dict[Path, CSS] = {}
    out = dump / "probe-pdf"
    out.mkdir(parents=True, exist_ok=True)

    def own(doc: Dumped, shared: bool) -> None:
        fonts = shared_fonts if shared else FontConfiguration()
        sheets = []
        for path in doc.stylesheets:
            if shared and path in shared_css:
                sheets.append(shared_css[path])
                continue
            sheet = CSS(filename=str(path), font_config=fonts)
            if shared:
                shared_css[path] = sheet
            sheets.append(sheet)
        html = HTML(string=doc.html.read_text(encoding="utf-8"), base_url=doc.base_url)
        html.write_pdf(out / f"{doc.html.stem}.pdf", stylesheets=sheets, font_config=fonts)

    ways = {
        "handouts": lambda name: build_one(
            jobs[name], project, renderer, tasks[name].key, tasks[name].created
        ),
        "weasyprint": lambda name: own(by_name[name], shared=False),
        "weasyprint-shared": lambda name: own(by_name[name], shared=True),
    }
    times: dict[str, dict[str, list[float]]] = {way: {n: [] for n in names} for way in ways}
    order = list(ways.items())
    for round_ in range(rounds + 1):
        for number, name in enumerate(names):
            shift = (round_ + number) % len(order)  # no way always goes first
            for way, run in order[shift:] + order[:shift]:
                started = time.perf_counter()
                run(name)
                if round_:  # round 0 warms every cache up
                    times[way][name].append(time.perf_counter() - started)
    return times


# --- the benchmark --------------------------------------------------------------------------


@dataclass
class Results:
    documents: int = 0
    clinics: int = 0
    jobs: int = 0
    runs: int = 0
    naive_sample: int = 0
    naive_per_doc: float = 0.0
    naive_total: float = 0.0
    cold: list[float] = field(default_factory=list)
    noop: list[float] = field(default_factory=list)
    change: list[float] = field(default_factory=list)
    rebuilt: list[int] = field(default_factory=list)
    expected_rebuilt: int = 0
    skipped_noop: list[int] = field(default_factory=list)
    per_doc: dict[str, float] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)  # handouts / way, paired
    per_layout: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    peak_kb: dict[str, int] = field(default_factory=dict)


def main() -> None:
    args = parse_args()
    from handouts.build.workers import default_jobs

    jobs = args.jobs or default_jobs()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        root = Path(tmp)
        layouts = args.layout or []
        clinics = args.clinics or clinics_for(args.docs, layouts)
        data = make_catalogue(root / "small", clinics)
        results = Results(clinics=clinics, jobs=jobs, runs=args.runs)
        catalogue = catalogue_jobs(data, layouts)
        results.documents = len(catalogue)
        naive_jobs = sample(catalogue, args.naive_sample)
        probe_jobs = sample(catalogue, args.probe_docs)
        step("rendering the sampled documents once to catch the HTML they are laid out from")
        wanted = list({job.name: job for job in naive_jobs + probe_jobs}.values())
        dumped = {d.name: d for d in dump_documents(data, root / "html", wanted)}

        step(f"(a) naive loop: weasyprint command per document, {args.runs} run(s)")
        chosen = [dumped[job.name] for job in naive_jobs]
        results.naive_sample = len(chosen)
        per_doc = [statistics.mean(naive_loop(chosen, root / "naive")) for _ in range(args.runs)]
        results.naive_per_doc = statistics.median(per_doc)
        results.naive_total = results.naive_per_doc * results.documents

        article = data / "articles" / EDITED_ARTICLE
        edited_id = "dry-needling-" + Path(EDITED_ARTICLE).stem
        results.expected_rebuilt = sum(1 for job in catalogue if job.article.id == edited_id)
        out = root / "out"
        for run in range(args.runs):
            step(f"(b, c, d) handouts build: cold, no-op, one article changed — run {run + 1}")
            shutil.rmtree(out, ignore_errors=True)
            cold = handouts_build(data, out, jobs, layouts)
            results.cold.append(cold.seconds)
            results.peak_kb["cold"] = max(results.peak_kb.get("cold", 0), cold.peak_kb)
            results.peak_kb["cold-total"] = max(
                results.peak_kb.get("cold-total", 0), cold.peak_total_kb
            )
            noop = handouts_build(data, out, jobs, layouts)
            results.noop.append(noop.seconds)
            results.skipped_noop.append(count(noop.output, "skipped (unchanged)"))
            text = article.read_text(encoding="utf-8")
            old, new = EDIT if EDIT[0] in text else EDIT[::-1]
            article.write_text(text.replace(old, new, 1), encoding="utf-8")
            changed = handouts_build(data, out, jobs, layouts)
            results.change.append(changed.seconds)
            results.rebuilt.append(count(changed.output, "built"))

        step(f"(e) per document in one process, {len(probe_jobs)} documents")
        probed = [dumped[job.name] for job in probe_jobs]
        per_way = probe(data, root / "probe", probe_jobs, probed, args.probe_rounds)
        results.per_doc = {
            way: statistics.median(statistics.median(t) for t in per.values())
            for way, per in per_way.items()
        }
        results.ratios = {way: paired_ratio(per_way, way) for way in PROBE_WAYS[1:]}
        for job in probe_jobs:
            for way, per in per_way.items():
                by_layout = results.per_layout.setdefault(job.layout.name, {})
                by_layout.setdefault(way, []).extend(per[job.name])

        if not args.quick:
            large_clinics = clinics * 3
            step(f"(f) peak memory: a cold build of {large_clinics} clinics")
            large = make_catalogue(root / "large", large_clinics)
            big = handouts_build(large, root / "out-large", jobs, layouts)
            results.peak_kb["cold-large"] = big.peak_kb
            results.peak_kb["cold-large-total"] = big.peak_total_kb
            results.peak_kb["large-documents"] = count(big.output, "built")
    report(results, args)


def paired_ratio(times: dict[str, dict[str, list[float]]], way: str) -> float:
    """Median over documents and rounds of handouts' time over `way`'s, each pair measured one
    right after the other, so that the machine's ups and downs cancel out."""
    return statistics.median(
        mine / theirs
        for name, rounds in times["handouts"].items()
        for mine, theirs in zip(rounds, times[way][name], strict=True)
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="at least this many documents")
    parser.add_argument("--clinics", type=int, help="generate this many clinics instead")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--jobs", type=int, help="handouts build --jobs (default: cores)")
    parser.add_argument(
        "--layout", action="append", help="only this layout (repeatable; default: all)"
    )
    parser.add_argument(
        "--naive-sample", type=int, default=24, help="documents the naive loop runs (0: all)"
    )
    parser.add_argument("--probe-docs", type=int, default=12, help="documents in (e)")
    parser.add_argument("--probe-rounds", type=int, default=5, help="rounds in (e)")
    parser.add_argument(
        "--quick", action="store_true", help="tiny catalogue, one run, no large build"
    )
    args = parser.parse_args()
    if args.quick:
        args.clinics, args.runs = args.clinics or 1, 1
        args.layout = args.layout or ["flyer", "trifold"]
        args.naive_sample, args.probe_docs, args.probe_rounds = 2, 2, 1
    return args


def step(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def report(r: Results, args: argparse.Namespace) -> None:
    cold, noop, change = (statistics.median(x) for x in (r.cold, r.noop, r.change))
    mb = {name: kb / 1024 for name, kb in r.peak_kb.items() if name != "large-documents"}
    per = r.per_doc
    rows = [
        (
            "(a) naive: weasyprint command per document",
            f"{r.naive_total:8.1f} s",
            f"{r.naive_per_doc:.2f} s/doc over {r.naive_sample} docs, scaled to {r.documents}",
        ),
        (
            "(b) handouts build, cold",
            f"{cold:8.1f} s",
            f"{r.naive_total / cold:.1f}× faster than (a)",
        ),
        (
            "(c) no-op rebuild",
            f"{noop:8.2f} s",
            f"skipped {min(r.skipped_noop)} of {r.documents}",
        ),
        (
            "(d) one article changed",
            f"{change:8.1f} s",
            f"re-rendered {max(r.rebuilt)} (its documents: {r.expected_rebuilt})",
        ),
        (
            "(e) per document, handouts",
            f"{per['handouts']:8.3f} s",
            f"{r.ratios['weasyprint']:.2f}× WeasyPrint's own ({per['weasyprint']:.3f} s), "
            f"{r.ratios['weasyprint-shared']:.2f}× with its fonts and CSS shared "
            f"({per['weasyprint-shared']:.3f} s)",
        ),
        (
            "(f) peak memory, largest process",
            f"{mb['cold']:6.0f} MB",
            f"{r.documents} documents (all processes together: {mb['cold-total']:.0f} MB)",
        ),
    ]
    if "cold-large" in mb:
        rows.append(
            (
                "",
                f"{mb['cold-large']:6.0f} MB",
                f"{r.peak_kb['large-documents']} documents (all processes together: "
                f"{mb['cold-large-total']:.0f} MB); {mb['cold-large'] / mb['cold']:.2f}× the "
                "smaller catalogue",
            )
        )
    print(
        f"\nCatalogue: {r.clinics} clinics × articles × layouts = {r.documents} documents; "
        f"--jobs {r.jobs}; {os.cpu_count()} cores; medians of {r.runs} run(s)\n"
    )
    width = max(len(row[0]) for row in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>11}  {note}")
    print(
        "\n(e) by layout, median s per document: handouts / WeasyPrint's own / shared "
        "(ratios are medians of pairs)"
    )
    for layout, ways in r.per_layout.items():
        mine, own, shared = (statistics.median(ways[w]) for w in PROBE_WAYS)
        pairs = [
            statistics.median(a / b for a, b in zip(ways["handouts"], ways[w], strict=True))
            for w in PROBE_WAYS[1:]
        ]
        print(
            f"  {layout:<12} {mine:.3f} / {own:.3f} / {shared:.3f}  "
            f"({pairs[0]:.2f}×, {pairs[1]:.2f}×)"
        )
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results_dir / f"catalogue-{stamp}.json").write_text(json.dumps(r.__dict__, indent=1))


if __name__ == "__main__":
    main()
