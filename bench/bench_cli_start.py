"""`normreview review --no-archive` through the CLI against the same extract + check in a fresh
Python process, side by side in one run (issue 16: the CLI should take at most 1.5x).

    .venv/bin/python bench/bench_cli_start.py [--rounds 3] [file]

Both sides are new processes, timed from launch to exit. The CLI talks to the persistent local
Prefect server (deploy/prefect.sh start) when it answers, else to a temporary one; each CLI round
gets a fresh result-storage folder, so Prefect's task cache never serves it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from normreview.prefect_api import answers, local_api_url  # noqa: E402
from normreview.settings import settings  # noqa: E402

PLAIN = """
import sys
from normreview.checks import overall_opinion, review_document
from normreview.extractors import extract
document = extract(sys.argv[1])
findings = review_document(document)
print(overall_opinion(findings), len(findings))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"{command[0]} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cli = str(Path(sys.executable).parent / "normreview")
    server = "persistent local server" if os.environ.get("PREFECT_API_URL") or answers(local_api_url()) else "temporary server"
    print(f"file: {Path(args.file).name}; Prefect API: {server}; rounds: {args.rounds}")
    cli_times, plain_times = [], []
    for round_number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="bench-results-") as storage:
            env = dict(os.environ, PREFECT_RESULTS_LOCAL_STORAGE_PATH=storage)
            cli_seconds, _ = timed([cli, "review", "--no-archive", args.file], env)
        plain_seconds, plain_out = timed([sys.executable, "-c", PLAIN, args.file], dict(os.environ))
        cli_times.append(cli_seconds)
        plain_times.append(plain_seconds)
        print(f"round {round_number + 1}: CLI {cli_seconds:5.2f} s   plain process {plain_seconds:5.2f} s   ({plain_out.strip()})")
    cli_median, plain_median = statistics.median(cli_times), statistics.median(plain_times)
    print(f"median: CLI {cli_median:.2f} s, plain process {plain_median:.2f} s, ratio {cli_median / plain_median:.2f}x "
          f"(target <= 1.5x)")


if __name__ == "__main__":
    main()
