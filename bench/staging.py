"""A throw-away copy of the checkout laid out as the installed package, for changing code without
touching the worktree (bench/mutants_issue18.py, bench/mutation.py).

The editable install maps normreview.checks to checks/ and so on ([tool.setuptools.package-dir]).
The copy puts each layer where the import system finds it first — <stage>/normreview/checks/… —
so pytest run with the stage as its working directory imports the copy, not the worktree.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")


def stage(into: Path | None = None) -> Path:
    """Copy the package, tests and test data into a fresh folder; returns it."""
    root = Path(into or tempfile.mkdtemp(prefix="normreview-stage-"))
    setup = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    # parents first, so a layer lands inside the normreview/ copied before it
    for package in sorted(setup["packages"], key=lambda p: p.count(".")):
        if package not in setup["package-dir"]:
            continue  # a subpackage inside its layer's folder (normreview.checks.laws): copied with it
        source = REPO / setup["package-dir"][package]
        shutil.copytree(source, root / package.replace(".", "/"), ignore=IGNORE, dirs_exist_ok=True)
    for extra in ("tests", "docs"):
        shutil.copytree(REPO / extra, root / extra, ignore=IGNORE, symlinks=True)
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_env() -> dict[str, str]:
    env = dict(os.environ)
    # the copy's own default would be <stage>/../shared: name the worktree's
    env.setdefault("NORMREVIEW_SHARED", str(REPO.parent / "shared"))
    env.setdefault("ES_URL", "http://127.0.0.1:9200")  # the shared node; never start or stop one
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def assert_imports_stage(root: Path) -> None:
    """Fail loudly if the copy is not what Python imports from the stage."""
    out = subprocess.run([str(PYTHON), "-c", "import normreview.checks.engine as m, normreview.extractors.sniff as s;"
                          "print(m.__file__); print(s.__file__)"], cwd=root, env=test_env(),
                         capture_output=True, text=True, check=True).stdout.split()
    for path in out:
        if not Path(path).resolve().is_relative_to(root.resolve()):
            sys.exit(f"staging: {path} is imported from outside the stage {root}; the copy would not be tested")


def pytest_command(test_files: list[str], *extra: str) -> list[str]:
    return [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *extra, *test_files]


def replace_once(file: Path, old: str, new: str, occurrence: int = 1) -> None:
    """Replace the ``occurrence``-th ``old`` in ``file``; refuse if it is not there."""
    text = file.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.find(old, index + 1)
        if index < 0:
            raise LookupError(f"{file.name}: occurrence {occurrence} of {old!r} not found")
    file.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
