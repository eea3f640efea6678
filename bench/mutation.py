"""Mutation testing with mutmut 3: per module, with that module's unit tests only, one child at a time.

Run: NORMREVIEW_SHARED=/work/shared .venv/bin/python bench/mutation.py [checks/opinion.py …]   (output in docs/testing.md)
The modules and their test files are [tool.normreview.mutation] in pyproject.toml. mutmut imports the
code from its mutants/ copy, which the editable install (normreview.checks → checks/) would bypass, so
each module runs in its own staged copy of the checkout (bench/staging.py) with a [tool.mutmut]
section written there: the worktree is never touched.
Prints per module the mutants, killed, survived, the kill rate, and each survivor's changed line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from staging import REPO, assert_imports_stage, pytest_command, stage, test_env  # noqa: E402

MUTMUT = REPO / ".venv" / "bin" / "mutmut"
# mutmut's exit-code statuses (mutmut.stats.status_by_exit_code) as they count for the kill rate
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_RUN = {"skipped", "not checked"}
# The machine is shared: no module runs longer than this, whatever pyproject.toml asks.
MAX_SECONDS = 900


def settings() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["normreview"]["mutation"]


def staged_path(module: str) -> str:
    """Where a module lives in the stage: checks/x.py → normreview/checks/x.py; normreview/x.py stays."""
    return module if module.startswith("normreview/") else f"normreview/{module}"


def mutmut_section(module: str, tests: list[str]) -> str:
    listed = lambda items: "[" + ", ".join(json.dumps(i) for i in items) + "]"  # noqa: E731
    return ("\n[tool.mutmut]\n"
            'source_paths = ["normreview"]\n'
            f"only_mutate = {listed([staged_path(module)])}\n"
            f"pytest_add_cli_args_test_selection = {listed(tests)}\n"
            'pytest_add_cli_args = ["-m", "unit", "-p", "no:cacheprovider"]\n'
            "use_git_change_detection = false\n")


def run_module(module: str, tests: list[str], seconds: float) -> tuple[int, int, int, list[str]]:
    """(killed, survived, not run, survivor descriptions) for one module. At the time budget mutmut is
    stopped and the mutants it has run so far are counted; the rest are reported as not run."""
    from mutmut.stats import status_by_exit_code

    root = stage()
    try:
        assert_imports_stage(root)
        baseline = subprocess.run(pytest_command(tests, "-m", "unit"), cwd=root, env=test_env(), capture_output=True, text=True)
        if baseline.returncode != 0:
            sys.exit(f"{module}: the unit tests fail on the unchanged copy:\n{baseline.stdout[-2000:]}")
        with (root / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
            pyproject.write(mutmut_section(module, tests))
        # Its own session, so that at the budget mutmut and the children it forked stop together.
        run = subprocess.Popen([str(MUTMUT), "run", "--max-children", "1"], cwd=root, env=test_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = run.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGTERM)
            out, err = run.communicate()
        meta = root / "mutants" / f"{staged_path(module)}.meta"
        if not meta.exists() or (run.returncode not in (0, -signal.SIGTERM)):
            sys.exit(f"{module}: mutmut failed (exit {run.returncode}):\n{out[-3000:]}\n{err[-2000:]}")
        statuses = {name: status_by_exit_code[code] for name, code in
                    json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items()}
        killed = sum(s in KILLED for s in statuses.values())
        not_run = sum(s in NOT_RUN for s in statuses.values())
        survivors = describe(root, module, [(name, status) for name, status in sorted(statuses.items())
                                            if status not in KILLED | NOT_RUN])
        return killed, len(survivors), not_run, survivors
    finally:
        shutil.rmtree(root, ignore_errors=True)


# mutmut's own diff of each mutant, for many mutants in one process (`mutmut show` starts one per mutant).
DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
for name, path in json.load(sys.stdin):
    print(json.dumps(get_diff_for_mutant(name, path=path)))
"""


def describe(root: Path, module: str, survivors: list[tuple[str, str]]) -> list[str]:
    """One line per survivor: the function, mutmut's status and the lines the mutant changes."""
    names = [[name, staged_path(module)] for name, _ in survivors]
    out = subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-c", DIFFS], cwd=root, env=test_env(), input=json.dumps(names),
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for (name, status), diff in zip(survivors, map(json.loads, out.splitlines()), strict=True):
        before = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
        after = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        function = name.split(".x_", 1)[-1].replace("__mutmut_", " #")
        lines.append(f"  {function} ({status}): {' / '.join(before)}  →  {' / '.join(after)}")
    return lines


def main() -> int:
    conf = settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all of [tool.normreview.mutation.modules])")
    modules = parser.parse_args().modules or list(conf["modules"])
    unknown = [m for m in modules if m not in conf["modules"]]
    if unknown:
        sys.exit(f"not configured in pyproject.toml [tool.normreview.mutation.modules]: {', '.join(unknown)}")
    rows = []
    seconds = min(conf["seconds-per-module"], MAX_SECONDS)
    for module in modules:
        started = time.perf_counter()
        killed, survived, not_run, survivors = run_module(module, conf["modules"][module], seconds)
        total = killed + survived
        rate = killed / total if total else 1.0
        rows.append((module, total, killed, survived, not_run, rate, time.perf_counter() - started))
        unrun = f", {not_run} not run within {seconds:.0f} s" if not_run else ""
        print(f"{module}: {killed}/{total} killed ({rate:.0%}), {survived} survived{unrun}, {rows[-1][-1]:.0f} s", flush=True)
        if survivors:
            print("\n".join(survivors), flush=True)
    print("\n| module | mutants run | killed | survived | not run | kill rate | time |\n|---|---|---|---|---|---|---|")
    for module, total, killed, survived, not_run, rate, elapsed in rows:
        print(f"| {module} | {total} | {killed} | {survived} | {not_run} | {rate:.0%} | {elapsed:.0f} s |")
    return 0 if all(row[5] >= conf["target"] and not row[4] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
