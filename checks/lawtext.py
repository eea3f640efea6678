"""Article texts for the discretion and exemption checks.

TEMPORARY ADAPTER — THE ONE PLACE TO SWAP FOR THE STATUTE STORE (``checks/laws``: ``LawStore.open()``,
``resolve(name)``, ``article(law, number, date)``). Until that store lands, ``article_text`` parses the
LawRefBook Markdown under ``<shared>/laws/lawrefbook`` directly, which the product must not read at
run time (a user's machine has no ``../shared``). Nothing else in the discretion checks touches files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from normreview.patterns import chinese_counting, chinese_to_int, normalize_law_name
from normreview.settings import settings

_ARTICLE_START = re.compile(r"^第([一二三四五六七八九十百零〇]+)条(?:之[一二三四五六七八九十]+)?[\s\u3000]")
_VERSION = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")


@dataclass(frozen=True)
class Article:
    law: str  # the title as published, e.g. 中华人民共和国消防法
    number: int
    text: str  # the whole article, its paragraphs joined by newlines
    version: str | None  # YYYY-MM-DD of the version read

    @property
    def label(self) -> str:
        return f"第{chinese_counting(self.number)}条"


def _corpus() -> Path:
    return settings().shared_dir / "laws" / "lawrefbook"


@lru_cache(maxsize=1)
def _files_by_key() -> dict[str, list[tuple[str, Path]]]:
    """normalised law name → [(version date or '', file)], oldest first."""
    files: dict[str, list[tuple[str, Path]]] = {}
    for path in _corpus().rglob("*.md"):
        if path.name.startswith("_") or path.name == "README.md":
            continue
        version = _VERSION.search(path.stem)
        name = _VERSION.sub("", path.stem)
        # An undated file is the newest text of its law: it sorts last.
        files.setdefault(normalize_law_name(name), []).append((version.group(1) if version else "9999-99-99", path))
    for versions in files.values():
        versions.sort()
    return files


@lru_cache(maxsize=256)
def _articles(path: Path) -> tuple[str, dict[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip() if lines else path.stem
    body = lines[next((i for i, line in enumerate(lines) if "INFO END" in line), 0) + 1:]
    articles: dict[int, list[str]] = {}
    current: int | None = None
    for line in body:
        if line.startswith("#"):
            current = None
            continue
        match = _ARTICLE_START.match(line)
        if match and "之" not in match.group(0):
            current = chinese_to_int(match.group(1))
            articles[current] = [line.strip()]
        elif current is not None and line.strip():
            articles[current].append(line.strip())
    return title, {number: "\n".join(parts) for number, parts in articles.items()}


def law_known(law_name: str) -> bool:
    return normalize_law_name(law_name) in _files_by_key()


def article_text(law_name: str, article_number: int, as_of: date | str | None = None) -> Article | None:
    """The article in the version in force on ``as_of`` (the newest version when None), or None."""
    versions = _files_by_key().get(normalize_law_name(law_name))
    if not versions:
        return None
    when = as_of.isoformat() if isinstance(as_of, date) else as_of
    eligible = [v for v in versions if not when or v[0] <= when] or versions[:1]
    version, path = eligible[-1]
    title, articles = _articles(path)
    text = articles.get(article_number)
    return Article(title, article_number, text, None if version.startswith("9999") else version) if text else None
