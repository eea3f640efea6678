"""`normreview review --no-archive` through the CLI against the same extract + check in a fresh
Python process, side by side in one run (issue 16: the CLI should take at most 1.5x).

    .venv/bin/python bench/bench_cli_start.py [--rounds 3] [file]

Three new processes per round, each timed from launch to exit:
- CLI: `normreview review --no-archive FILE` (Prefect flow, tasks, artifacts);
- same work: what the flow computes, called directly without Prefect (extract, the profile, the checks,
  higher law from the laws index, the second net, precedents, the review object, the printed report); its output must
  equal the CLI's, which the script checks, so both sides did the same work;
- extract + check: `extract` and `review_document` only (what this script compared against before;
  the flow also attaches higher law and precedents).
A fourth process, "same work, no teardown", is the same work ending as the CLI does (normreview.cli.main:
flush and os._exit, without the interpreter's teardown of the loaded modules), so the ratio against it
shows the CLI's overhead without that shortcut's gain on the shared part.

The CLI talks to the persistent local Prefect server (deploy/prefect.sh start) when it answers, else to
a temporary one; each CLI round gets a fresh result-storage folder, so Prefect's task cache never
serves it.
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

SAME_WORK = """
import sys
from normreview.checks import overall_opinion, review_document
from normreview.checks.precedents import attach_precedents
from normreview.checks.profile import choose_profile, load_profile
from normreview.checks.report import render_text, review_object
from normreview.checks.second_net import net_findings
from normreview.extractors import extract
from normreview.index.higher_law import compare_with_higher_law
document = extract(sys.argv[1])
choice = choose_profile(document)
findings = review_document(document, profile=load_profile(choice.name))
findings, warning = compare_with_higher_law(document, findings)
if warning:
    document = document.model_copy(update={"warnings": [*document.warnings, warning]})
findings = sorted(findings + net_findings(document, findings, None), key=lambda f: (f.start, f.rule))
findings = attach_precedents(document, findings, None)
print(render_text(review_object(document, findings, overall_opinion(findings), choice)))
"""
# The same work, leaving without the interpreter's teardown, as normreview.cli.main does.
SAME_WORK_NO_TEARDOWN = SAME_WORK + """
import os
sys.stdout.flush()
os._exit(0)
"""
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
    print(f"file: {Path(args.file).name}; Prefect API: {server}; rounds: {args.rounds}; "
          f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cli_times, same_times, plain_times, quick_times = [], [], [], []
    for round_number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="bench-results-") as storage:
            env = dict(os.environ, PREFECT_RESULTS_LOCAL_STORAGE_PATH=storage)
            cli_seconds, cli_out = timed([cli, "review", "--no-archive", args.file], env)
        same_seconds, same_out = timed([sys.executable, "-c", SAME_WORK, args.file], dict(os.environ))
        plain_seconds, plain_out = timed([sys.executable, "-c", PLAIN, args.file], dict(os.environ))
        quick_seconds, quick_out = timed([sys.executable, "-c", SAME_WORK_NO_TEARDOWN, args.file], dict(os.environ))
        # The CLI prints the short id first; the rest is the same report.
        if not cli_out.split("\n", 1)[1].strip() == same_out.strip() == quick_out.strip():
            raise SystemExit("the CLI and the same-work processes printed different reviews")
        cli_times.append(cli_seconds)
        same_times.append(same_seconds)
        plain_times.append(plain_seconds)
        quick_times.append(quick_seconds)
        print(f"round {round_number + 1}: CLI {cli_seconds:5.2f} s   same work {same_seconds:5.2f} s   "
              f"same work, no teardown {quick_seconds:5.2f} s   extract + check {plain_seconds:5.2f} s   ({plain_out.strip()})")
    cli_median, same_median, plain_median, quick_median = (
        statistics.median(t) for t in (cli_times, same_times, plain_times, quick_times))
    print(f"median: CLI {cli_median:.2f} s, same work {same_median:.2f} s (ratio {cli_median / same_median:.2f}x, "
          f"target <= 1.5x), same work without teardown {quick_median:.2f} s (ratio {cli_median / quick_median:.2f}x), "
          f"extract + check {plain_median:.2f} s (ratio {cli_median / plain_median:.2f}x)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

if __name__ == "__main__":
    main()
