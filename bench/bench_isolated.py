"""What extracting in a child process (extractors/isolated.py) costs over extracting in-process.

    .venv/bin/python bench/bench_isolated.py [--repeat N]

For each real sample: the best of N in-process `extract` runs and the best of N `extract_isolated`
runs (fork, limits, the Document sent back through a pipe), alternating, and the difference.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of  # noqa: E402

from normreview.extractors import extract  # noqa: E402
from normreview.extractors.isolated import extract_isolated  # noqa: E402
from normreview.settings import settings  # noqa: E402

SAMPLES = settings().shared_dir / "samples" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf", ".txt"))[:6]
    print(f"files: {len(files)} from {SAMPLES}; best of {args.repeat}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'file':48} {'in-process':>11} {'child':>9} {'extra':>8}")
    extras = []
    for path in files:
        extract_isolated(path)  # a first run warms the page cache for both sides
        plain = best_of(args.repeat, lambda p=path: extract(p))
        child = best_of(args.repeat, lambda p=path: extract_isolated(p))
        extras.append(child - plain)
        print(f"{path.name[:48]:48} {plain * 1000:9.0f} ms {child * 1000:6.0f} ms {(child - plain) * 1000:5.0f} ms")
    print(f"median extra per file: {sorted(extras)[len(extras) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
