"""Copy the statute corpus from a LawRefBook/Laws checkout into checks/data/laws/corpus.jsonl.gz.

    python -m normreview.checks.laws.vendor [SOURCE] [--commit HASH]

SOURCE defaults to the setting ``laws_source`` (env ``NORMREVIEW_LAWS_SOURCE``). The output is
deterministic: records sorted by path, gzip without a timestamp. One JSON record per line:
``{"kind": "meta", ...}`` first, then ``{"kind": "file", "path", "text"}`` for every Markdown file
(``_index.md`` navigation pages and the 案例 folder excluded), then ``{"kind": "index", "db", "row"}``
for every row of the repository's ``law`` tables (``db.sqlite3`` and ``DLC/*/db.sqlite3``).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sqlite3
import subprocess
from pathlib import Path

from normreview.settings import settings

CORPUS = Path(__file__).resolve().parent.parent / "data" / "laws" / "corpus.jsonl.gz"
SOURCE_REPO = "LawRefBook/Laws"
# Court cases are not statutes; the product cites none of them.
EXCLUDED_LEVELS = ("案例",)
INDEX_COLUMNS = ("name", "level", "subtitle", "publish", "valid_from", "expired", "ver")


def _commit(source: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def records(source: Path, commit: str) -> list[dict]:
    """Every record of the vendored corpus, in output order."""
    out: list[dict] = [{"kind": "meta", "source": SOURCE_REPO, "commit": commit}]
    for path in sorted(source.rglob("*.md"), key=lambda p: p.relative_to(source).as_posix()):
        rel = path.relative_to(source).as_posix()
        if path.name in ("_index.md", "README.md") or rel.startswith("案例/"):
            continue
        out.append({"kind": "file", "path": rel, "text": path.read_text(encoding="utf-8")})
    for db in sorted(source.rglob("db.sqlite3"), key=lambda p: p.relative_to(source).as_posix()):
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            columns = ", ".join(f'"{c}"' for c in INDEX_COLUMNS)
            rows = conn.execute(f"select {columns} from law where level not in ({','.join('?' * len(EXCLUDED_LEVELS))}) "
                                "order by name, publish, id", EXCLUDED_LEVELS).fetchall()
        for row in rows:
            out.append({"kind": "index", "db": db.relative_to(source).as_posix(), "row": dict(zip(INDEX_COLUMNS, row))})
    return out


def write(source: Path, target: Path = CORPUS, commit: str | None = None) -> int:
    """Write the corpus file; returns the number of Markdown files copied."""
    commit = commit or _commit(source) or "unknown"
    data = records(source, commit)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for record in data:
            gz.write((json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return sum(1 for r in data if r["kind"] == "file")


def read(path: Path = CORPUS):
    """The records of a vendored corpus file, one dict at a time."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description="Vendor the LawRefBook statute corpus into checks/data/laws/")
    parser.add_argument("source", nargs="?", type=Path, default=None)
    parser.add_argument("--commit", default=None, help="the source commit, when SOURCE is not a git checkout")
    parser.add_argument("--out", type=Path, default=CORPUS)
    args = parser.parse_args()
    source = args.source or settings().laws_source
    if source is None or not source.is_dir():
        parser.error("no LawRefBook checkout: pass SOURCE or set NORMREVIEW_LAWS_SOURCE")
    count = write(source, args.out, args.commit)
    print(f"{count} files -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
