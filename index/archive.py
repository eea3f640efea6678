"""The Elasticsearch archive: versioned indices behind aliases, bulk writes, search."""
from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_errors

from checks.finding import Finding
from extractors.document import Document
from index.text import segment
from normreview.config import es_url, index_prefix

MAPPING_VERSION = 1

_SEG = {"type": "text", "analyzer": "whitespace"}
MAPPINGS: dict[str, dict[str, Any]] = {
    "documents": {
        "properties": {
            "doc_id": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "title": {"type": "text", "fields": {"seg": _SEG, "raw": {"type": "keyword", "ignore_above": 512}}},
            "title_seg": _SEG,
            "text": {"type": "text"},
            "text_seg": _SEG,
            "doc_number": {"type": "keyword"},
            "issuer": {"type": "keyword"},
            "dates": {"properties": {k: {"type": "date"} for k in ("signed", "published", "effective", "expires")}},
            "status": {"type": "keyword"},
            "opinion": {"type": "keyword"},
            "finding_categories": {"type": "keyword"},
            "finding_rules": {"type": "keyword"},
            "source": {"properties": {"path": {"type": "keyword"}, "format": {"type": "keyword"}}},
            "archived_at": {"type": "date"},
        }
    },
    "findings": {
        "properties": {
            "doc_id": {"type": "keyword"},
            "rule": {"type": "keyword"},
            "category": {"type": "keyword"},
            "severity": {"type": "keyword"},
            "unit": {"type": "keyword"},
            "quote": {"type": "text"},
            "clause_text": {"type": "text"},
            "clause_seg": _SEG,
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "message": {"type": "text"},
            "basis": {"properties": {"law": {"type": "keyword"}, "article": {"type": "keyword"}}},
            "suggestion": {"type": "text"},
        }
    },
}


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached; nothing was written."""


class Archive:
    def __init__(self, url: str | None = None, prefix: str | None = None, refresh: str | bool = "wait_for"):
        self.url = url or es_url()
        self.prefix = prefix or index_prefix()
        # "wait_for": a write returns once the data is searchable, so a review is findable at once.
        self.refresh = refresh
        self.client = Elasticsearch(self.url, request_timeout=30, retry_on_timeout=True, max_retries=2)

    def alias(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (es_errors.ConnectionError, es_errors.ConnectionTimeout) as exc:
            raise ArchiveUnavailable(f"archive at {self.url} unreachable while {what}: {exc.__class__.__name__}") from exc

    def ensure(self) -> None:
        """Create each versioned index of the archive and point its alias at it, once."""
        for name, mapping in MAPPINGS.items():
            self.ensure_index(name, mapping, MAPPING_VERSION)

    def ensure_index(self, name: str, mapping: dict[str, Any], version: int) -> str:
        """Create ``{prefix}-{name}-v{version}`` behind the alias ``{prefix}-{name}`` unless the alias exists."""
        alias = self.alias(name)
        if not self._call("checking indices", self.client.indices.exists_alias, name=alias):
            self._call("creating indices", self.client.indices.create, index=f"{alias}-v{version}", mappings=mapping,
                       settings={"number_of_shards": 1, "number_of_replicas": 0},
                       aliases={alias: {"is_write_index": True}})
        return alias

    def store_review(self, document: Document, findings: list[Finding], opinion: str) -> None:
        """Write the document and its findings. Ids derive from the content hash, so a rerun overwrites."""
        self.ensure()
        body = {
            "doc_id": document.doc_id, "kind": document.kind, "title": document.title,
            "title_seg": segment(document.title), "text": document.text, "text_seg": segment(document.text),
            "doc_number": document.doc_number, "issuer": document.issuer,
            "dates": {k: v for k, v in document.dates.items() if v},
            "status": "reviewed", "opinion": opinion,
            "finding_categories": sorted({f.category for f in findings}),
            "finding_rules": sorted({f.rule for f in findings}),
            "source": {"path": document.source.path, "format": document.source.format},
        }
        actions = [{"_op_type": "index", "_index": self.alias("documents"), "_id": document.doc_id, "_source": body}]
        for finding in findings:
            record = finding.to_dict() | {"doc_id": document.doc_id, "clause_seg": segment(finding.clause_text)}
            actions.append({"_op_type": "index", "_index": self.alias("findings"),
                            "_id": f"{document.doc_id}:{finding.rule}:{finding.start}", "_source": record})
        self._call("writing the review", helpers.bulk, self.client, actions, refresh=self.refresh)

    def search(self, query: str, size: int = 10) -> dict[str, Any]:
        self.ensure()
        words = segment(query)
        response = self._call("searching", self.client.search, index=self.alias("documents"), size=size,
            query={"bool": {"should": [
                {"match": {"text_seg": {"query": words, "operator": "and"}}},
                {"match": {"title_seg": {"query": words, "operator": "and", "boost": 2}}},
                {"match_phrase": {"text": {"query": query}}},
                {"match_phrase": {"title": {"query": query, "boost": 2}}},
                {"term": {"doc_number": {"value": query, "boost": 5}}},
            ], "minimum_should_match": 1}},
            highlight={"fields": {"text": {"fragment_size": 80, "number_of_fragments": 3,
                                           "highlight_query": {"match_phrase": {"text": query}}}},
                       "pre_tags": ["【"], "post_tags": ["】"]},
            source_excludes=["text", "text_seg", "title_seg"])
        hits = [{
            "doc_id": hit["_source"]["doc_id"], "title": hit["_source"]["title"],
            "doc_number": hit["_source"].get("doc_number"), "score": hit["_score"],
            "highlights": hit.get("highlight", {}).get("text", []),
        } for hit in response["hits"]["hits"]]
        return {"total": response["hits"]["total"]["value"], "hits": hits}

    def drop(self) -> None:
        """Delete this prefix's indices (tests use their own prefix)."""
        self._call("dropping indices", self.client.indices.delete, index=f"{self.prefix}-*", ignore_unavailable=True)
