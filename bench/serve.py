"""Benchmark the aftercare desk: preview latency with practitioners previewing at once, memory.

Run from a checkout:  python bench/serve.py [--previews 1000] [--practitioners 4]
It starts `handouts serve` on a free loopback port with a throwaway database and a bench user
(or drives a running desk: --url URL --user NAME --password-env VAR), signs each practitioner
in, and has them preview sheets back to back over HTTP, each with a different name. It reports
the median and 95th percentile preview time, the server's memory (the server, its fork server
and its warm renderers) after warm-up and after every 10 % of the previews, and the time of the
cold command (`handouts aftercare`) for the same sheet, as a ratio.
Targets on a 2-core machine: median ≤ 0.25 s, p95 ≤ 0.5 s, memory flat. No test depends on it.
It then times the studio's live brand preview (issue 14; --brand-previews N colour changes by
a manager; target median ≤ 0.6 s).
"""

from __future__ import annotations

import argparse
import functools
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench password 1"
FIELDS = {
    "clinic": "riverside",
    "article": "dry-needling-aftercare",
    "date": "2026-03-14",
    "areas": "left upper trapezius\nright calf",
    "practitioner": "Sam Patel",
    "notes": "Walk gently tonight. Heat pack on the shoulder if it helps.",
    "next_appointment": "Tue 17 March, 10:30",
}


class Practitioner:
    def __init__(self, url: str, name: str, password: str) -> None:
        self.url = url
        jar = http.cookiejar.CookieJar()
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.http.open(url + "/signin").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = {"name": name, "password": password, "csrf": token}
        page = self.http.open(url + "/signin", urllib.parse.urlencode(form).encode()).read()
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)

    def preview(self, patient: str, areas: str = FIELDS["areas"]) -> float:
        fields = {**FIELDS, "patient": patient, "areas": areas, "csrf": self.csrf}
        body = urllib.parse.urlencode(fields).encode()
        started = time.perf_counter()
        with self.http.open(self.url + "/aftercare/preview", body) as response:
            image = response.read()
        assert response.status == 200 and image.startswith(b"\xff\xd8\xff")  # JPEG
        return time.perf_counter() - started


def areas_for(n: int) -> str:
    """Two areas from the body map's vocabulary, a different pair for each preview: the renderer
    keeps drawn body maps, and a benchmark that sent the same areas each time would only ever
    measure a kept one."""
    pairs = area_pairs()
    first, second = pairs[(n * 7919) % len(pairs)]
    return f"{first}\n{second}"


@functools.cache
def area_pairs() -> list[tuple[str, str]]:
    from handouts.design.bodymap import area_vocabulary

    names = area_vocabulary(ROOT / "styles" / "bodymap").names()
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]


def tree_cpu_s(pid: int) -> float:
    """CPU time (user + system) used so far by a process tree's live processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, and cutime, cstime: the children it has waited for (renderers that
            # were replaced during the run, counted by the fork server that reaped them)
            total += sum(int(f) for f in fields[11:15])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / ticks


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (fork server, renderers)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def start_server(work: Path, renderers: int) -> tuple[subprocess.Popen[bytes], str]:
    from tests.web.live import add_user, free_port

    data = ROOT / "data"
    url = f"sqlite:///{work / 'desk.db'}"
    add_user(data, url, "bench", "practitioner", PASSWORD)
    add_user(data, url, "bench-manager", "manager", PASSWORD)
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "handouts",
        "serve",
        "--port",
        str(port),
        "--data",
        str(data),
        "--database-url",
        url,
    ]
    if renderers:
        argv += ["--renderers", str(renderers)]
    log = (work / "server.log").open("wb")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/health", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the desk did not start; see " + str(work / "server.log"))


def cold_command(work: Path, runs: int) -> tuple[list[float], float]:
    """Wall times of the cold command, and its median CPU time (for a comparison under load)."""
    import resource

    times, cpu = [], []
    for i in range(runs):
        argv = [
            sys.executable,
            "-m",
            "handouts",
            "aftercare",
            "--data",
            str(ROOT / "data"),
            "--out",
            str(work / f"cold-{i}"),
            "--clinic",
            "riverside",
            "--patient",
            "Zoë O'Brien",
            "--date",
            FIELDS["date"],
            "--area",
            "left upper trapezius",
            "--area",
            "right calf",
            "--practitioner",
            FIELDS["practitioner"],
            "--notes",
            FIELDS["notes"],
            "--next-appointment",
            FIELDS["next_appointment"],
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return times, statistics.median(cpu)


def brand_previews(url: str, user: str, password: str, runs: int) -> dict:
    """The studio's live preview: a manager changes the primary colour, one preview per change
    (the time from the change's request to the new image; the page's debounce comes on top)."""
    from handouts.source import brandkit

    manager = Practitioner(url, user, password)
    page = manager.http.open(url + "/studio/brand/riverside").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    values = brandkit.form_values(ROOT / "data" / "clinics" / "riverside.yaml")
    values.pop("logo")
    times = []
    for n in range(runs + 1):
        values["colors.primary"] = f"#0b{(n * 37) % 256:02x}63"
        body = urllib.parse.urlencode({**values, "csrf": csrf}).encode()
        started = time.perf_counter()
        with manager.http.open(url + "/studio/brand/riverside/preview", body) as response:
            answer = json.loads(response.read())
        assert "image" in answer, answer
        if n:  # the first one warms the renderer for this clinic
            times.append(time.perf_counter() - started)
    ordered = sorted(times)
    return {
        "brand_previews": len(times),
        "brand_median_s": statistics.median(times),
        "brand_p95_s": ordered[int(0.95 * (len(ordered) - 1))],
    }


def run(
    url: str,
    user: str,
    password: str,
    previews: int,
    practitioners: int,
    pid: int | None,
    pause: float = 0.0,
) -> dict:
    people = [Practitioner(url, user, password) for _ in range(practitioners)]
    for person in people:  # first sheet per session: settle the warm renderers
        person.preview("Warm Up")
    memory = [tree_rss_mb(pid)] if pid else []
    cpu_before = tree_cpu_s(pid) if pid else 0.0
    times: list[float] = []
    lock = threading.Lock()
    counter = iter(range(previews))

    def work(person: Practitioner) -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            if pause:
                time.sleep(pause)  # typing until the page's script asks again
            took = person.preview(f"Patient Number {n:04d}", areas_for(n))
            with lock:
                times.append(took)
                if pid and len(times) % max(1, previews // 10) == 0:
                    memory.append(tree_rss_mb(pid))

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = tree_cpu_s(pid) - cpu_before if pid else 0.0
    ordered = sorted(times)
    return {
        "previews": len(times),
        "practitioners": practitioners,
        "pause_s": pause,
        "median_s": statistics.median(times),
        "p95_s": ordered[int(0.95 * (len(ordered) - 1))],
        "max_s": ordered[-1],
        "throughput_per_s": len(times) / wall,
        "memory_mb": [round(m, 1) for m in memory],
        # What a preview costs the server, whatever else the machine is doing (renderers that
        # were replaced during the run included).
        "server_cpu_s_per_preview": cpu / len(times) if pid else None,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--previews", type=int, default=1000)
    parser.add_argument("--practitioners", type=int, default=4)
    parser.add_argument("--renderers", type=int, default=0, help="default: one per core")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds each practitioner types between previews"
    )
    parser.add_argument(
        "--brand-previews", type=int, default=20, help="studio brand previews (0: none)"
    )
    parser.add_argument("--manager", default="bench-manager", help="user for the studio")
    parser.add_argument("--url", help="a running desk instead of starting one")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--password-env", help="variable holding --user's password")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        work = Path(tmp)
        process = None
        if args.url:
            url, password = args.url, os.environ[args.password_env or "HANDOUTS_BENCH_PASSWORD"]
        else:
            process, url = start_server(work, args.renderers)
            password = PASSWORD
        try:
            time.sleep(0 if args.url else 3)  # the renderers' own warm-up at start
            figures = run(
                url,
                args.user,
                password,
                args.previews,
                args.practitioners,
                process.pid if process else None,
                args.pause,
            )
            if args.brand_previews:
                figures |= brand_previews(url, args.manager, password, args.brand_previews)
        finally:
            if process:
                process.terminate()
                process.wait()
        cold, cold_cpu = cold_command(work, args.cold_runs)
    figures["cold_command_s"] = statistics.median(cold)
    figures["cold_command_cpu_s"] = cold_cpu
    figures["cold_over_median_preview"] = figures["cold_command_s"] / figures["median_s"]
    print(json.dumps(figures, indent=2))
    memory = figures["memory_mb"]
    print(
        f"\n{figures['previews']} previews by {figures['practitioners']} practitioners at once "
        f"(pause {figures['pause_s']:g} s): median {figures['median_s']:.3f} s, "
        f"p95 {figures['p95_s']:.3f} s "
        f"(targets 0.25 / 0.5 s); {figures['throughput_per_s']:.1f} previews/s"
    )
    if memory:
        print(
            f"memory (server + renderers): {memory[0]:.0f} MB after warm-up, "
            f"{max(memory):.0f} MB peak, {memory[-1]:.0f} MB at the end"
        )
    if figures["server_cpu_s_per_preview"]:
        per = figures["server_cpu_s_per_preview"]
        print(
            f"CPU per preview (server and renderers): {per:.3f} s, so about "
            f"{os.cpu_count() or 1} / {per:.3f} = {(os.cpu_count() or 1) / per:.1f} previews/s on "
            f"idle cores; the cold command uses {cold_cpu:.2f} s of CPU "
            f"({cold_cpu / per:.1f}x); load average during the run {figures['load_average']:.1f}"
        )
    print(
        f"cold command for the same sheet: {figures['cold_command_s']:.2f} s "
        f"= {figures['cold_over_median_preview']:.1f}x a warm preview"
    )
    if "brand_median_s" in figures:
        print(
            f"studio brand preview ({figures['brand_previews']} colour changes): median "
            f"{figures['brand_median_s']:.3f} s, p95 {figures['brand_p95_s']:.3f} s (target 0.6 s)"
        )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"serve-{stamp}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
