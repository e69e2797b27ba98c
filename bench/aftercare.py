"""Benchmark aftercare sheets: one sheet from a cold command, per sheet in a 50-row day list, size.

Run from a checkout:  python bench/aftercare.py [--runs 5]
Targets on a 2-core machine: cold ≤ 1.5 s, batch ≤ 0.3 s per sheet, ≤ 100 KB per sheet.
Everything is written to a temporary folder and removed afterwards; no test depends on timing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = 50
AREAS = ["neck", "left shoulder", "right calf", "lower back", "upper trapezius"]


def command(out: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "handouts",
        "aftercare",
        "--data",
        str(ROOT / "data"),
        "--out",
        str(out),
        *args,
    ]


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - started


def cold(work: Path, runs: int, clinic: str) -> list[float]:
    """The whole command, as a practitioner runs it: interpreter, imports, fonts, one sheet."""
    return [
        timed(
            command(
                work / f"cold-{clinic}-{i}",
                "--clinic",
                clinic,
                "--patient",
                "Zoë O'Brien",
                "--date",
                "2026-03-14",
                "--area",
                "neck",
                "--practitioner",
                "Sam Patel",
                "--notes",
                "Walk gently tonight.",
                "--next-appointment",
                "Tue 17 March, 10:30",
            )
        )
        for i in range(runs)
    ]


def day_list(work: Path, rows: int) -> Path:
    lines = ["patient,date,area,practitioner,notes,next-appointment"]
    for i in range(rows):
        lines.append(
            f"Patient {i:02d} Example,2026-03-14,{AREAS[i % 5]};{AREAS[(i + 2) % 5]},"
            f'Sam Patel,"Walk gently tonight; heat pack if it helps.",Tue 10:{i:02d}'
        )
    path = work / f"day-{rows}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch(work: Path, clinic: str, rows: int) -> tuple[float, list[int]]:
    out = work / f"batch-{clinic}-{rows}"
    seconds = timed(command(out, "--clinic", clinic, "--from", str(day_list(work, rows))))
    sizes = [p.stat().st_size for p in (out / "aftercare").glob("*.pdf")]
    assert len(sizes) == rows, len(sizes)
    return seconds, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs per clinic")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        work = Path(tmp)
        print(f"aftercare benchmark: {runs} cold runs per clinic, {ROWS}-row day list")
        for clinic in ("riverside", "lakeshore"):
            times = cold(work, runs, clinic)
            print(
                f"  {clinic:9} cold command, one sheet: median {statistics.median(times):.2f} s,"
                f" best {min(times):.2f} s"
            )
        for clinic in ("riverside", "lakeshore"):
            one, _ = batch(work, clinic, 1)
            seconds, sizes = batch(work, clinic, ROWS)
            print(
                f"  {clinic:9} {ROWS}-row list: {seconds:.1f} s in all = "
                f"{seconds / ROWS:.3f} s per sheet ({(seconds - one) / (ROWS - 1):.3f} s per "
                f"sheet after start-up); size mean {statistics.mean(sizes) / 1024:.1f} KB, "
                f"max {max(sizes) / 1024:.1f} KB"
            )


if __name__ == "__main__":
    main()
