"""Benchmark the declared limits (handouts/limits.py): a file of each kind at its limit is handled
in bounded time and memory, and one just over it is refused at once.

Run from a checkout:  python bench/limits.py
Each case runs in a fresh Python process (so its peak memory is its own) and prints the wall
time and the peak resident memory. Files are generated in a temporary folder and removed; no
test depends on these figures (issue 10 asks for them measured, not asserted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each case: a name, and Python code that makes the file in `folder` and reads it as handouts
# does. `over` is True for the file just over the limit. The code prints "ok" or "refused: …".
CASES: dict[str, str] = {
    "article": """
        from handouts import limits
        from handouts.source.articles import read_article
        head = (ROOT / "handouts/library/dry-needling/safety.md").read_text("utf-8")
        size = limits.ARTICLE.max_bytes + (1 if over else -1)
        body = ("Rest and move gently. " * 60 + "\\n\\n")
        text = head + body * ((size - len(head.encode())) // len(body) + 2)
        path = folder / "articles" / "t" / "big.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode()[:size])
        read_article(path, "t-big")
    """,
    "clinic file (YAML nodes)": """
        from handouts import limits
        from handouts.source.yamlfile import load_file
        count = limits.YAML_NODES - 10 if not over else limits.YAML_NODES + 10
        path = folder / "c.yaml"
        path.write_text("values:\\n" + "".join(f"  - {i}\\n" for i in range(count)))
        load_file(path, limits.CLINIC)
    """,
    "clinic file (alias bomb)": """
        from handouts import limits
        from handouts.source.yamlfile import load_file
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in range(1, 9 if over else 3):
            lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
        path = folder / "c.yaml"
        path.write_text("\\n".join(lines) + "\\n")
        load_file(path, limits.CLINIC)
    """,
    "day list": """
        from handouts import limits
        from handouts.aftercare.daylist import read_rows
        rows = limits.CSV_ROWS + (1 if over else 0)
        cell = "Walk gently. " * 30
        text = "patient,notes\\n" + "".join(f"P{i},{cell}\\n" for i in range(rows))
        path = folder / "day.csv"
        path.write_text(text)
        rows_read, problems = read_rows(path)
        if problems:
            raise SystemExit("refused: " + problems[0].message)
    """,
    "image (pixels)": """
        import struct, zlib
        from handouts import guard, limits
        side = int(limits.IMAGE_PIXELS ** 0.5) + (10 if over else -10)
        row = b"\\x00" + b"\\x00" * side
        raw = zlib.compress(row * side, 9)
        def chunk(kind, data):
            crc = struct.pack(">I", zlib.crc32(kind + data))
            return struct.pack(">I", len(data)) + kind + data + crc
        header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
        png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header)
        png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
        path = folder / "logo.png"
        path.write_bytes(png)
        data = guard.read_bytes(path, limits.IMAGE, [folder])
        with guard.image(data, path) as image:
            image.load()
    """,
    "markdown (nesting)": """
        from handouts import limits
        from handouts.source.articles import read_article
        from handouts.source.markdown import render_body
        depth = limits.MARKDOWN_DEPTH + (1 if over else 0)
        head = (ROOT / "handouts/library/dry-needling/safety.md").read_text("utf-8")
        nested = "".join("  " * level + "- step\\n" for level in range(depth)) + "\\n"
        path = folder / "articles" / "t" / "deep.md"
        path.parent.mkdir(parents=True)
        path.write_text(head + nested * 2000)
        render_body(read_article(path, "t-deep"), ())
    """,
}

RUNNER = """
import resource, sys, time
from pathlib import Path
ROOT = Path({root!r})
folder = Path({folder!r})
over = {over!r}
started = time.perf_counter()
try:
{code}
    outcome = "read"
except SystemExit as exc:
    outcome = str(exc)
except Exception as exc:  # a HandoutsError is the refusal we expect
    outcome = "refused: " + type(exc).__name__ + ": " + str(exc).splitlines()[0][:90]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(__import__("json").dumps({{"outcome": outcome, "seconds": seconds, "peak_mb": peak}}))
"""


def run_case(code: str, over: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        script = RUNNER.format(
            root=str(ROOT),
            folder=tmp,
            over=over,
            code=textwrap.indent(textwrap.dedent(code).strip(), "    "),
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            return {"outcome": "crashed: " + done.stderr.strip().splitlines()[-1], "seconds": 0}
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    print(f"{'kind':<26} {'at the limit':<34} {'just over it':<34}")
    for name, code in CASES.items():
        cells = []
        for over in (False, True):
            result = run_case(code, over)
            outcome = str(result["outcome"])
            short = "read" if outcome == "read" else "refused"
            cells.append(
                f"{short} in {float(result['seconds']):.2f} s, "
                f"{float(result.get('peak_mb', 0)):.0f} MB peak"
            )
            if short == "refused" and not over:
                cells[-1] += f" ({outcome[:60]})"
        print(f"{name:<26} {cells[0]:<34} {cells[1]:<34}")


if __name__ == "__main__":
    main()
