"""The benchmark script runs end to end (a smoke test: rows, not numbers)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_bench_quick_run_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench/catalogue.py"), "--quick"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for row in (
        "(a) naive: weasyprint command per document",
        "(b) handouts build, cold",
        "(c) no-op rebuild",
        "(d) one article changed",
        "(e) per document, handouts",
        "(f) peak memory, largest process",
    ):
        assert row in result.stdout, result.stdout
    assert "skipped 6 of 6" in result.stdout
    assert "re-rendered 2 (its documents: 2)" in result.stdout
