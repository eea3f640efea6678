"""The ``laws`` index: one Elasticsearch document per article per version, for higher-law comparison.

    laws = LawsIndex()
    laws.load(LawStore.open())                       # what flows/laws.py:load_laws runs
    laws.similar_articles(clause_text, above_level="规范性文件", as_of="2024-06-01", k=3)

The index ``{prefix}-laws-v1`` sits behind the alias ``{prefix}-laws``. Text is segmented with jieba in
Python (``index/text.py``), as in the archive: the core node has no CJK analysis.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import helpers

from normreview.checks.laws.store import LEVEL_RANK, LawStore
from normreview.index.client import es_client
from normreview.index.text import query_words, segment
from normreview.settings import settings

LAWS_VERSION = 1
SEG = {"type": "text", "analyzer": "whitespace"}
KEYWORD = {"type": "keyword"}
MAPPING = {"dynamic": "strict", "properties": {
    "law": KEYWORD, "level": KEYWORD, "rank": {"type": "integer"}, "version": KEYWORD,
    "valid_from": {"type": "date"}, "valid_until": {"type": "date"},  # until: the next version or the repeal
    "number": {"type": "integer"}, "sub": {"type": "integer"}, "article": KEYWORD,
    # Searched through text_seg only; the text itself is kept for display (not analysed: half the load time).
    "heading": {"type": "keyword", "index": False}, "text": {"type": "text", "index": False}, "text_seg": SEG,
}}
# Levels of the drafts the checks review, below every level of the corpus.
DRAFT_RANKS = {"规范性文件": 1, "行政规范性文件": 1, "地方政府规章": 2} | LEVEL_RANK


@dataclass(frozen=True)
class SimilarArticle:
    law: str
    article: str  # 第X条
    text: str
    similarity: float  # character-bigram overlap with the clause, 0..1
    level: str
    version: str | None
    score: float  # the index's relevance score


def bigram_similarity(clause: str, article: str) -> float:
    """Share of the clause's character bigrams that the article contains."""
    grams = {clause[i:i + 2] for i in range(len(clause) - 1)}
    if not grams:
        return 0.0
    body = {article[i:i + 2] for i in range(len(article) - 1)}
    return round(len(grams & body) / len(grams), 3)


class LawsIndex:
    def __init__(self, url: str | None = None, prefix: str | None = None):
        config = settings()
        self.client = es_client(url or config.elasticsearch_url, config)
        self.alias = f"{prefix or config.index_prefix}-laws"

    def ensure(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.create(index=f"{self.alias}-v{LAWS_VERSION}", mappings=MAPPING,
                                       settings={"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"},
                                       aliases={self.alias: {"is_write_index": True}})

    def records(self, store: LawStore) -> Iterator[dict[str, Any]]:
        """Bulk actions: every article of every version, valid from its version's start to the next one."""
        for law in store.laws():
            versions = store.versions(law)
            status = store.status_on(law, None)
            for position, version in enumerate(versions):
                nxt = versions[position + 1] if position + 1 < len(versions) else None
                until = (nxt.effective or nxt.published) if nxt else (status.repealed_on if status.state == "repealed" else None)
                for article in store.articles(law, version):
                    yield {"_op_type": "index", "_index": self.alias, "_id": f"{version.id}:{article.number}:{article.sub}",
                           "_source": {"law": law.name, "level": law.level, "rank": LEVEL_RANK.get(law.level, 0),
                                       "version": version.published, "valid_from": version.effective or version.published,
                                       "valid_until": until, "number": article.number, "sub": article.sub,
                                       "article": article.label, "heading": article.heading, "text": article.text,
                                       "text_seg": segment(article.text)}}

    def load(self, store: LawStore) -> int:
        """(Re)load every article; returns the number indexed."""
        self.ensure()
        count = 0
        for ok, _ in helpers.parallel_bulk(self.client.options(request_timeout=120), self.records(store), thread_count=2, chunk_size=1000, raise_on_error=True):
            count += ok
        self.client.indices.put_settings(index=self.alias, settings={"refresh_interval": "1s"})
        self.client.indices.refresh(index=self.alias)
        return count

    def count(self) -> int:
        return self.client.count(index=self.alias)["count"]

    def similar_articles(self, clause_text: str, above_level: str = "规范性文件", as_of: str | None = None,
                         k: int = 3) -> list[SimilarArticle]:
        """The ``k`` articles of law above ``above_level``, in force on ``as_of``, most like the clause."""
        words = query_words(clause_text)
        if not words:
            return []
        filters: list[dict[str, Any]] = [{"range": {"rank": {"gt": DRAFT_RANKS.get(above_level, 1)}}}]
        if as_of:
            filters += [{"range": {"valid_from": {"lte": as_of}}},
                        {"bool": {"should": [{"bool": {"must_not": {"exists": {"field": "valid_until"}}}},
                                             {"range": {"valid_until": {"gt": as_of}}}], "minimum_should_match": 1}}]
        query = {"bool": {
            # at least half the clause's words: fewer candidate articles to score (p95 budget 50 ms)
            "must": [{"match": {"text_seg": {"query": " ".join(words), "minimum_should_match": "50%"}}}],
            "filter": filters}}
        response = self.client.search(index=self.alias, query=query, size=k, source_excludes=["text_seg"])
        return [SimilarArticle(law=hit["_source"]["law"], article=hit["_source"]["article"], text=hit["_source"]["text"],
                               similarity=bigram_similarity(clause_text, hit["_source"]["text"]), level=hit["_source"]["level"],
                               version=hit["_source"]["version"], score=hit["_score"])
                for hit in response["hits"]["hits"]]

    def drop(self) -> None:
        self.client.indices.delete(index=f"{self.alias}-v*", ignore_unavailable=True)
