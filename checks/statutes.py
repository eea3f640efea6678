"""The statute registry: law names, aliases, status and replacements, for checking citations.

Built from ``../shared/laws/`` (the Markdown texts and ``lawrefbook-index.sqlite3``) plus the curated
list of repeals in ``checks/data/repeals.yaml``, each entry with the instrument that repealed it.
``normalize_law_name`` is the one way to compare law names (《行政处罚法》 ≡ 《中华人民共和国行政处罚法》);
the archive reuses it.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from normreview.patterns import PRC, doc_number_key, normalize_law_name
from normreview.settings import settings

REPEALS = Path(__file__).parent / "data" / "repeals.yaml"
# Levels whose short names are cited bare ("婚姻法") often enough to look for them outside 《》.
STATUTE_LEVELS = {"宪法", "法律", "行政法规", "部门规章"}


@dataclass(frozen=True)
class Statute:
    name: str  # the name as published, e.g. 中华人民共和国婚姻法
    key: str  # normalize_law_name(name)
    level: str  # 法律 | 行政法规 | 司法解释 | 规范性文件 | …
    status: str  # in-force | repealed
    published: str | None = None
    repealed_on: str | None = None
    replaced_by: str | None = None
    source: str = ""  # where the status comes from
    doc_number: str | None = None
    basis: tuple[tuple[str, str], ...] = ()  # (law, article) of the repealing instrument, when verified

    @property
    def aliases(self) -> list[str]:
        names = {self.name, self.key}
        if self.level in ("法律", "宪法"):
            names.add(PRC + self.key)
        return sorted(names, key=len, reverse=True)


@dataclass
class Registry:
    statutes: dict[str, Statute]  # by key
    documents: dict[str, Statute]  # repealed normative documents, by normalised 文号

    def lookup(self, name: str) -> Statute | None:
        return self.statutes.get(normalize_law_name(name))

    def by_doc_number(self, number: str) -> Statute | None:
        """A repealed document by its 文号; a match may carry words before the issuer's code."""
        number = doc_number_key(number)
        for start in range(len(number)):
            if number[start] == "〔":
                break
            if number[start:] in self.documents:
                return self.documents[number[start:]]
        return None

    def repealed(self) -> list[Statute]:
        return [s for s in self.statutes.values() if s.status == "repealed"]


def _from_index(path: Path) -> dict[str, Statute]:
    """Rows of the lawrefbook index. A name is repealed only if every row of it is expired."""
    rows: dict[str, list[tuple]] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for name, level, publish, expired in db.execute("select name, level, publish, expired from law where level != '案例'"):
            rows.setdefault(normalize_law_name(name), []).append((name, level, publish, expired))
    statutes = {}
    for key, versions in rows.items():
        versions.sort(key=lambda r: r[2] or "")
        name, level, publish, _ = versions[-1]
        in_force = any(not r[3] for r in versions)
        statutes[key] = Statute(
            name=name, key=key, level=level, status="in-force" if in_force else "repealed", published=publish,
            source=f"lawrefbook-index.sqlite3（{'现行' if in_force else '全部版本标注失效'}）",
        )
    return statutes


def _from_texts(laws: Path) -> dict[str, Statute]:
    statutes = {}
    for path in sorted(laws.glob("*.md")):
        title = path.read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ").strip()
        key = normalize_law_name(title)
        statutes[key] = Statute(name=title, key=key, level="法律" if title.startswith(PRC) else "行政法规",
                                status="in-force", source=f"shared/laws/{path.name}")
    return statutes


def _curated(path: Path) -> tuple[dict[str, Statute], dict[str, Statute]]:
    statutes: dict[str, Statute] = {}
    documents: dict[str, Statute] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        src = entry["source"]
        source = f"《{src['law']}》{src['article']}" if "law" in src else f"《{src['document']}》{src['clause']}"
        basis = ((src["law"], src["article"]),) if "law" in src else ()
        for name in entry.get("laws", []):
            key = normalize_law_name(name)
            statutes[key] = Statute(name=name, key=key, level="法律", status="repealed", repealed_on=entry["repealed_on"],
                                    replaced_by=entry["replaced_by"], source=source, basis=basis)
        for doc in entry.get("documents", []):
            number = doc_number_key(doc["doc_number"])
            documents[number] = Statute(name=doc["title"], key=normalize_law_name(doc["title"]), level="规范性文件",
                                        status="repealed", repealed_on=entry["repealed_on"], replaced_by=entry["replaced_by"],
                                        source=source, doc_number=number, basis=basis)
    return statutes, documents


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    laws = settings().shared_dir / "laws"
    statutes = _from_index(laws / "lawrefbook-index.sqlite3")
    statutes.update(_from_texts(laws))
    curated, documents = _curated(REPEALS)
    statutes.update(curated)
    for doc in documents.values():
        statutes.setdefault(doc.key, doc)
    return Registry(statutes=statutes, documents=documents)

