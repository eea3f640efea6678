"""The embedded statute store: laws, names, versions and articles in SQLite, for the checks.

    store = law_store()                          # the process's one LawStore.open(): <data_dir>/laws.sqlite3
    law = store.resolve("行政处罚法")              # Law | NearMiss | None
    store.article(law, 16, "2022-03-01")          # Article | None, in the version in force that day
    store.status_on(law, "2022-03-01")            # Status: in-force | repealed | expired | not-yet
    store.articles_in_force(("法律",), "2022-03-01")  # (Law, [Article]) of each law in force that day
    store.renumbered(law, 14, "2017-09-01", "2022-03-01")   # 16: where that article's text went

``build_store`` makes the database from the vendored corpus (checks/data/laws/corpus.jsonl.gz), the
curated repeals of checks/data/repeals.yaml and checks/data/laws/curated.yaml. Dates are ISO strings.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from normreview import patterns as patterns_module
from normreview.checks.laws.parse import ParsedVersion, event_dates, parse_law_file
from normreview.checks.laws.vendor import CORPUS, read
from normreview.checks.statutes import REPEALS
from normreview.checks.yamlfile import load_yaml
from normreview.patterns import ARTICLE_LABEL, DATE, EFFECTIVE, PRC, article_label, date_iso, normalize_law_name, renamed_laws, repealed_titles, to_int
from normreview.settings import settings

CURATED = Path(__file__).resolve().parent.parent / "data" / "laws" / "curated.yaml"
STORE_NAME = "laws.sqlite3"
SCHEMA_VERSION = 1
# Folder of the corpus → level, for files the repository's index does not list.
FOLDER_LEVELS = {"宪法": "宪法", "行政法规": "行政法规", "部门规章": "部门规章", "司法解释": "司法解释", "其他": "其他",
                 "DLC": "地方性法规"}
LAW_FOLDERS = ("宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法")
# Rank of levels, higher binds lower (立法法): used to pick "higher law".
LEVEL_RANK = {"宪法": 6, "法律": 5, "司法解释": 4, "行政法规": 4, "地方性法规": 3, "部门规章": 3, "其他": 0}
# Two article texts at least this similar are "the same article" across versions.
SAME_ARTICLE = 0.6

SCHEMA = """
create table meta (key text primary key, value text);
create table laws (id integer primary key, name text not null, level text not null, folder text,
  expired integer not null default 0, repealed_on text, repealed_by text, repealed_article text,
  repeal_text text, successor text, repeal_source text);
create table names (key text not null, law_id integer not null, kind text not null, name text not null);
create table versions (id integer primary key, law_id integer not null, title text, path text, file_date text,
  published text, effective text, amended text, expired integer not null default 0);
create table articles (version_id integer not null, number integer not null, sub integer not null,
  heading text, text text not null, paragraphs text not null, primary key (version_id, number, sub));
create index names_key on names (key);
create index versions_law on versions (law_id);
"""


@dataclass(frozen=True)
class Law:
    id: int
    name: str  # the full name as published: 中华人民共和国行政处罚法
    level: str  # 宪法 | 法律 | 行政法规 | 部门规章 | 司法解释 | 地方性法规 | 其他
    has_text: bool  # False for repealed instruments known only from a repealing clause

    @property
    def title(self) -> str:
        return f"《{self.name}》"


@dataclass(frozen=True)
class NearMiss:
    """A name that is no law in the corpus, and the closest one that is ("是否指《……》")."""

    written: str
    law: Law
    score: float


@dataclass(frozen=True)
class Version:
    id: int
    law_id: int
    title: str
    published: str | None
    effective: str | None
    amended: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class Article:
    law: Law
    version: Version
    number: int
    sub: int
    heading: str
    text: str
    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]  # (款 text, (项…)) in order

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)

    def paragraph(self, index: int) -> str | None:
        """第index款 (1-based) with its 项, or None."""
        if not 1 <= index <= len(self.paragraphs):
            return None
        text, items = self.paragraphs[index - 1]
        return "\n".join((text, *items))

    def item(self, index: int, paragraph: int | None = None) -> str | None:
        """第index项 of 第paragraph款 (default: the first 款 that lists 项), or None."""
        candidates = [self.paragraphs[paragraph - 1]] if paragraph and paragraph <= len(self.paragraphs) else \
            [p for p in self.paragraphs if p[1]][:1]
        for _, items in candidates:
            if 1 <= index <= len(items):
                return items[index - 1]
        return None


@dataclass(frozen=True)
class Status:
    state: str  # in-force | repealed | expired (marked 失效, date unknown) | not-yet (before its first version)
    repealed_on: str | None = None
    repealed_by: str | None = None  # the repealing instrument's name
    repealed_article: str | None = None  # e.g. 第二十六条
    repeal_text: str | None = None  # the repealing clause, quoted
    successor: str | None = None
    source: str | None = None  # where the repeal is recorded
    effective: str | None = None  # for not-yet: when the first version takes effect


class LawStore:
    """Read-only access to the built store; names are held in memory for resolving and near-misses."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self._laws = {row["id"]: row for row in self.db.execute("select * from laws")}
        self._names: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row in self.db.execute("select key, law_id, kind from names order by rowid"):
            self._names[row["key"]].append((row["law_id"], row["kind"]))
        self._versions: dict[int, list[Version]] = defaultdict(list)
        for row in self.db.execute("select * from versions order by law_id, coalesce(effective, published, ''), id"):
            self._versions[row["law_id"]].append(Version(row["id"], row["law_id"], row["title"], row["published"],
                                                         row["effective"], tuple(json.loads(row["amended"])), row["path"]))
        self._grams = _gram_index(self._names)
        self._grams_cache: dict[int, list[tuple[Article, set[str]]]] = {}

    @classmethod
    def open(cls, path: Path | None = None) -> LawStore:
        """The store at ``path`` (default ``<data_dir>/laws.sqlite3``); builds it first when missing."""
        path = path or default_path()
        if not path.exists() or _built_from(path) != build_fingerprint():
            build_store(path)  # missing, or built from another corpus or parser: a stale store would mislead
        return cls(path)

    def close(self) -> None:
        self.db.close()

    def laws(self) -> list[Law]:
        """Every law of the store, in id order."""
        return [self.law(law_id) for law_id in sorted(self._laws)]

    def law(self, law_id: int) -> Law:
        row = self._laws[law_id]
        return Law(row["id"], row["name"], row["level"], bool(self._versions.get(law_id)))

    def resolve(self, name: str) -> Law | NearMiss | None:
        """The law a written name means (full name, 简称, alias or former name), else the nearest name."""
        key = normalize_law_name(name)
        if not key:
            return None
        if hits := self._names.get(key):
            # Prefer a law with text, then one whose name (not a former name) this is.
            law_id = sorted(hits, key=lambda h: (not self._versions.get(h[0]), h[1] == "former"))[0][0]
            return self.law(law_id)
        return self.near_miss(name)

    def near_miss(self, name: str, threshold: float = 0.75) -> NearMiss | None:
        """The closest known name by character-bigram overlap, confirmed by edit ratio."""
        key = normalize_law_name(name)
        grams = _grams(key)
        counts: dict[str, int] = defaultdict(int)
        for gram in grams:
            for candidate in self._grams.get(gram, ()):
                counts[candidate] += 1
        best: tuple[float, str] | None = None
        for candidate, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:40]:
            score = SequenceMatcher(None, key, candidate).ratio()
            if best is None or score > best[0]:
                best = (score, candidate)
        if best and best[0] >= threshold:
            law_id = self._names[best[1]][0][0]
            return NearMiss(written=name, law=self.law(law_id), score=round(best[0], 3))
        return None

    def all_names(self) -> list[tuple[str, Law]]:
        """(name, law) for every name of every law: full, short, alias and former names."""
        return [(row["name"], self.law(row["law_id"])) for row in self.db.execute("select name, law_id from names order by rowid")]

    def repealed(self) -> list[tuple[Law, Status]]:
        """Every law with a recorded repeal, with its status (repeal date, repealing act, successor)."""
        return [(self.law(law_id), self.status_on(self.law(law_id), None))
                for law_id, row in sorted(self._laws.items()) if row["repealed_by"]]

    def names(self, law: Law) -> list[tuple[str, str]]:
        """(name, kind) of a law: full, short, alias, former."""
        return [(r["name"], r["kind"]) for r in self.db.execute("select name, kind from names where law_id=? order by rowid", (law.id,))]

    def versions(self, law: Law) -> list[Version]:
        return list(self._versions.get(law.id, ()))

    def version_on(self, law: Law, day: str | None) -> Version | None:
        """The version in force on ``day`` (the newest when ``day`` is None); None before the first."""
        versions = self._versions.get(law.id, [])
        if not versions:
            return None
        if day is None:
            return versions[-1]
        current = None
        for version in versions:
            start = version.effective or version.published
            if start is None or start <= day:
                current = version
        return current

    def article(self, law: Law, number: int, day: str | None = None, sub: int = 0) -> Article | None:
        """Article ``number`` (之``sub``) of the version in force on ``day``."""
        version = self.version_on(law, day)
        if version is None:
            return None
        return self._article(law, version, number, sub)

    def articles(self, law: Law, version: Version) -> list[Article]:
        rows = self.db.execute("select * from articles where version_id=? order by number, sub", (version.id,))
        return [self._row_article(law, version, row) for row in rows]

    def articles_in_force(self, levels: Collection[str], day: str | None = None) -> Iterator[tuple[Law, list[Article]]]:
        """Each law of one of ``levels`` in force on ``day`` (now, when None: neither repealed nor expired), in id
        order, with the articles of its version of that day (the newest when None)."""
        for law in self.laws():
            if law.level not in levels or self.status_on(law, day).state != "in-force":
                continue
            version = self.version_on(law, day)
            if version is not None:
                yield law, self.articles(law, version)

    def article_count(self, version: Version) -> int:
        return self.db.execute("select count(*) from articles where version_id=?", (version.id,)).fetchone()[0]

    def _article(self, law: Law, version: Version, number: int, sub: int = 0) -> Article | None:
        row = self.db.execute("select * from articles where version_id=? and number=? and sub=?",
                              (version.id, number, sub)).fetchone()
        return self._row_article(law, version, row) if row else None

    @staticmethod
    def _row_article(law: Law, version: Version, row) -> Article:
        paragraphs = tuple((text, tuple(items)) for text, items in json.loads(row["paragraphs"]))
        return Article(law, version, row["number"], row["sub"], row["heading"], row["text"], paragraphs)

    def status_on(self, law: Law, day: str | None) -> Status:
        row = self._laws[law.id]
        repeal = dict(repealed_on=row["repealed_on"], repealed_by=row["repealed_by"], repealed_article=row["repealed_article"],
                      repeal_text=row["repeal_text"], successor=row["successor"], source=row["repeal_source"])
        if row["repealed_by"] and (day is None or row["repealed_on"] is None or row["repealed_on"] <= day):
            return Status("repealed", **repeal)
        versions = self._versions.get(law.id, [])
        if versions and day is not None and self.version_on(law, day) is None:
            return Status("not-yet", effective=versions[0].effective or versions[0].published)
        if row["expired"] and not row["repealed_by"]:
            return Status("expired", source="LawRefBook 索引标注为失效（未载明失效日期）")
        return Status("in-force")

    def renumbered(self, law: Law, number: int, from_day: str | None, to_day: str | None, sub: int = 0) -> int | None:
        """Where article ``number`` of the version in force on ``from_day`` stands in the one on ``to_day``.

        Returns the new number when the text moved (same text, by similarity, under another number), None
        when it kept its number or cannot be followed. Curated moves cover revisions whose earlier version
        the corpus lacks (checks/data/laws/curated.yaml).
        """
        old, new = self.version_on(law, from_day), self.version_on(law, to_day)
        if old is not None and new is not None and old.id != new.id:
            before = self._article(law, old, number, sub)
            if before is None:
                return None
            grams = _text_grams(before.text)
            best, best_score = None, 0.0
            for candidate, candidate_grams in self._version_grams(law, new):
                score = _dice(grams, candidate_grams)
                if score > best_score:
                    best, best_score = candidate, score
            if best is not None and best_score >= SAME_ARTICLE and (best.number, best.sub) != (number, sub):
                return best.number
            return None
        for move in self.curated_moves(law):
            if (from_day is None or from_day < move["effective"]) and (to_day is None or to_day >= move["effective"]):
                return move["moves"].get(number)
        return None

    def _version_grams(self, law: Law, version: Version) -> list[tuple[Article, set[str]]]:
        """A version's articles with their bigram sets, cached: renumbering compares against all of them."""
        if version.id not in self._grams_cache:
            self._grams_cache[version.id] = [(a, _text_grams(a.text)) for a in self.articles(law, version)]
        return self._grams_cache[version.id]

    def curated_moves(self, law: Law) -> list[dict]:
        return [m for m in _curated().get("renumbered", []) if normalize_law_name(m["law"]) == normalize_law_name(law.name)]

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("select key, value from meta").fetchall())


@lru_cache(maxsize=1)
def law_store() -> LawStore:
    """The statute store every layer reads, opened once per process (opening reads every name into memory;
    ``LawStore.open`` builds the store from the vendored corpus when it is missing or stale)."""
    return LawStore.open()


def default_path() -> Path:
    return settings().data_dir / STORE_NAME


def _grams(key: str) -> set[str]:
    return {key[i:i + 2] for i in range(len(key) - 1)} or {key}


def _text_grams(text: str) -> set[str]:
    """Character bigrams of an article's body (without its 第X条 label)."""
    body = text.split(" ", 1)[-1]
    return {body[i:i + 2] for i in range(len(body) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _gram_index(names: dict[str, list]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key in names:
        for gram in _grams(key):
            index[gram].append(key)
    return index


_CURATED_CACHE: dict = {}


def _curated() -> dict:
    if not _CURATED_CACHE:
        _CURATED_CACHE.update(load_yaml(CURATED.read_text(encoding="utf-8")) or {})
    return _CURATED_CACHE


def _level(path: str, index_level: str | None) -> str:
    if index_level:
        return index_level
    folder = path.split("/", 1)[0]
    return "法律" if folder in LAW_FOLDERS else FOLDER_LEVELS.get(folder, "其他")


def _guess_level(name: str) -> str:
    """The level of an instrument known only by name (repealed, not in the corpus)."""
    if re.search(r"法(?:（试行）)?$", name):
        return "法律"
    if name.startswith(("浙江省", "杭州市", "宁波市", "温州市")):
        return "地方性法规"
    return "行政法规"


def _effective(version: ParsedVersion, index_row: dict | None) -> str | None:
    """When a version took effect: the index's valid_from, a 施行 line, the "自…起施行" date, else its date."""
    if index_row and index_row.get("valid_from"):
        return index_row["valid_from"]
    events = event_dates(version.events)
    published = version.published
    for candidate in (events["施行"][-1:] or [None])[0], version.effective:
        if candidate and (published is None or candidate >= published):
            return candidate
    return published


def _corpus_repeals(version: ParsedVersion) -> list[dict]:
    """Repeals stated by a version's own articles: "本法自…起施行。《X》同时废止。" (patterns.DECLARED_REPEAL)."""
    found = []
    for article in version.articles:
        for names in repealed_titles(article.text):
            when = None
            if (effective := EFFECTIVE.search(article.text)) and effective.group("date"):
                when = date_iso(DATE.search(effective.group("date")))
            elif effective:
                when = version.published
            found.append({"names": names, "on": when or version.published, "article": article_label(article.number, article.sub),
                          "text": article.text.split("\n")[0]})
    return found


@cache
def build_fingerprint() -> str:
    """What a store is built from: the vendored corpus, the curated data and the code that parses them."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for source in (CORPUS, CURATED, REPEALS, here / "store.py", here / "parse.py", Path(patterns_module.__file__)):
        digest.update(source.read_bytes() if source.exists() else source.name.encode())
    return digest.hexdigest()[:16]


def _built_from(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("select value from meta where key = 'fingerprint'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build_store(path: Path | None = None, corpus: Path = CORPUS) -> dict[str, int]:
    """Build the SQLite store from the vendored corpus; returns counts (laws, versions, articles, names)."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    files: list[tuple[str, str]] = []
    index: dict[str, list[dict]] = defaultdict(list)
    meta: dict = {}
    for record in read(corpus):
        if record["kind"] == "file":
            files.append((record["path"], record["text"]))
        elif record["kind"] == "index":
            index[normalize_law_name(record["row"]["name"])].append(record["row"])
        else:
            meta = record
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    law_ids: dict[str, int] = {}
    law_names: dict[int, str] = {}
    names: list[tuple[str, int, str, str]] = []
    repeals: list[tuple[int, dict]] = []  # (repealing law id, repeal)
    renames: list[tuple[str, str]] = []
    counts = {"laws": 0, "versions": 0, "articles": 0}
    version_ids: dict[tuple[int, str | None], int] = {}
    seen: set[tuple[int, int, int]] = set()
    duplicates: list[str] = []

    def add_name(name: str, law_id: int, kind: str) -> None:
        key = normalize_law_name(name)
        if key and not any(n[0] == key and n[1] == law_id for n in names):
            names.append((key, law_id, kind, name))

    for rel, text in files:
        version = parse_law_file(rel, text)
        short = re.sub(r"\(\d{4}-\d{2}-\d{2}\)\.md$|\.md$", "", rel.rsplit("/", 1)[-1])
        title = version.title or short
        key = normalize_law_name(title)
        rows = index.get(key) or index.get(normalize_law_name(short)) or []
        row = next((r for r in rows if r["publish"] == version.file_date), None) or (rows[-1] if rows and not version.file_date else None)
        if key not in law_ids:
            level = _level(rel, (row or (rows[0] if rows else {})).get("level"))
            cur = db.execute("insert into laws (name, level, folder, expired) values (?, ?, ?, ?)",
                             (title, level, rel.rsplit("/", 1)[0], int(bool(rows) and all(r["expired"] for r in rows))))
            law_ids[key] = cur.lastrowid
            law_names[cur.lastrowid] = title
            counts["laws"] += 1
        law_id = law_ids[key]
        add_name(title, law_id, "full")
        add_name(short, law_id, "short")
        if title.startswith(PRC):
            add_name(title[len(PRC):], law_id, "short")
        events = event_dates(version.events)
        published = version.file_date or (events["修正"] or events["公布"] or [None])[-1] or (row or {}).get("publish")
        # A law published in parts (民法典: one file per 编, the 编 as subtitle) is one version.
        if (law_id, published) in version_ids:
            version_id = version_ids[(law_id, published)]
        else:
            version_id = db.execute(
                "insert into versions (law_id, title, path, file_date, published, effective, amended, expired) values (?,?,?,?,?,?,?,?)",
                (law_id, title, rel, version.file_date, published, _effective(version, row),
                 json.dumps(events["修正"], ensure_ascii=False), int(bool(row and row["expired"])))).lastrowid
            version_ids[(law_id, published)] = version_id
            counts["versions"] += 1
        if version.effective or events["施行"]:
            db.execute("update versions set effective=coalesce(effective, ?) where id=?", (_effective(version, row), version_id))
        for article in version.articles:
            if (version_id, article.number, article.sub) in seen:  # a repeated number (corpus quirk): keep the first
                duplicates.append(f"{rel} {article_label(article.number, article.sub)}")
                continue
            seen.add((version_id, article.number, article.sub))
            heading = " / ".join(h for h in (version.subtitle, article.heading) if h)
            db.execute("insert into articles values (?,?,?,?,?,?)",
                       (version_id, article.number, article.sub, heading, article.text,
                        json.dumps([(p.text, p.items) for p in article.paragraphs], ensure_ascii=False)))
            counts["articles"] += 1
        for repeal in _corpus_repeals(version):
            repeals.append((law_id, repeal))
        renames.extend(renamed_laws(text))

    def law_for(name: str, level: str) -> int:
        key = normalize_law_name(name)
        if key not in law_ids:
            cur = db.execute("insert into laws (name, level, expired) values (?, ?, 1)", (name, level))
            law_ids[key] = cur.lastrowid
            law_names[cur.lastrowid] = name
            counts["laws"] += 1
            add_name(name, cur.lastrowid, "full")
            if name.startswith(PRC):
                add_name(name[len(PRC):], cur.lastrowid, "short")
        return law_ids[key]

    def mark(law_id: int, on, by, article, quote, successor, source, overwrite: bool) -> None:
        current = db.execute("select repealed_by from laws where id=?", (law_id,)).fetchone()[0]
        if current and not overwrite:
            return
        # A law of the same name enacted after the repeal is a new law (国家安全法 1993 vs 2015), not the repealed one.
        newer = db.execute("select 1 from versions where law_id=? and coalesce(effective, published) > ?", (law_id, on or "")).fetchone()
        if newer and not overwrite:
            return
        db.execute("update laws set repealed_on=?, repealed_by=?, repealed_article=?, repeal_text=?, successor=?, repeal_source=? where id=?",
                   (on, by, article, quote, successor, source, law_id))

    # The corpus's own repeal clauses; the repealing act is the successor.
    for repealer_id, repeal in repeals:
        repealer = law_names[repealer_id]
        for name in repeal["names"]:
            if normalize_law_name(name) == normalize_law_name(repealer):
                continue
            target = law_for(name, _guess_level(name))
            if target == repealer_id:
                continue
            mark(target, repeal["on"], repealer, repeal["article"], repeal["text"], repealer, f"《{repealer}》{repeal['article']}", False)
    # Curated chains win over derived ones: they were checked by hand.
    curated = _curated()
    for source_file in (REPEALS, CURATED):
        entries = load_yaml(source_file.read_text(encoding="utf-8"))
        entries = entries.get("repeals", []) if isinstance(entries, dict) else entries
        for entry in entries:
            src = entry["source"]
            by = src.get("law") or src.get("document")
            article = src.get("article") or src.get("clause")
            for name in entry.get("laws", []):
                mark(law_for(name, _guess_level(name)), entry["repealed_on"], by, article, None,
                     entry.get("replaced_by"), f"{source_file.name}：《{by}》{article}", True)
    for law_id, by, label in db.execute("select id, repealed_by, repealed_article from laws where repeal_text is null and repealed_by is not null").fetchall():
        m = ARTICLE_LABEL.fullmatch(label or "")
        repealer = law_ids.get(normalize_law_name(by or ""))
        if m and repealer:
            quote = db.execute("select a.text from articles a join versions v on v.id=a.version_id where v.law_id=? and a.number=? "
                               "and a.sub=? order by v.published desc limit 1",
                               (repealer, to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else 0)).fetchone()
            if quote:
                db.execute("update laws set repeal_text=? where id=?", (quote[0], law_id))
    for law_name, aliases in (curated.get("aliases") or {}).items():
        for alias in aliases:
            add_name(alias, law_for(law_name, "法律"), "alias")
    for law_name, former in (curated.get("former_names") or {}).items():
        for name in former:
            add_name(name, law_for(law_name, "法律"), "former")
    for old, new in renames:
        if normalize_law_name(new) in law_ids:
            add_name(old, law_ids[normalize_law_name(new)], "former")
    db.executemany("insert into names values (?,?,?,?)", names)
    counts["names"] = len(names)
    counts["duplicate_articles"] = len(duplicates)
    db.executemany("insert into meta values (?, ?)", [("schema", str(SCHEMA_VERSION)), ("fingerprint", build_fingerprint()),
                                                      ("source", meta.get("source", "")),
                                                      ("commit", meta.get("commit", "")), *((k, str(v)) for k, v in counts.items())])
    db.commit()
    db.close()
    tmp.replace(path)
    return counts
