"""The filing catalogue (备案目录) and the audit records, in the archive's Elasticsearch.

One catalogue entry per published document (id = doc_id, so filing again updates it); one
audit record per audit run. The candidate queries here select records; deciding what is
overdue is ``checks.audit``'s job.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from elasticsearch import helpers

from normreview.index.archive import Archive
from normreview.patterns import normalize_law_name

CATALOGUE_VERSION = 1
AUDITS_VERSION = 1

# Documents that were issued and are (or were) in force: filed through the catalogue, or
# ingested as past documents by the backfill.
IN_FORCE_STATUSES = ("filed", "published")
# A draft in these statuses without a recorded decision still awaits the reviewer.
PENDING_REVIEW_STATUSES = ("under_review", "reviewed")

CATALOGUE_MAPPING = {"properties": {
    "doc_id": {"type": "keyword"},
    "title": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
    "doc_number": {"type": "keyword"},
    "issuer": {"type": "keyword"},
    "published": {"type": "date"},
    "expires": {"type": "date"},
    "filing_due": {"type": "date"},
    "filed": {"type": "date"},
    "filed_by": {"type": "keyword"},
    "updated_at": {"type": "date"},
}}

AUDITS_MAPPING = {"properties": {
    "audit_id": {"type": "keyword"},
    "run_at": {"type": "date"},
    "as_of": {"type": "date"},
    "within_days": {"type": "integer"},
    "counts": {"type": "object", "enabled": False},
    "overdue": {"type": "integer"},
    "items": {"properties": {
        "doc_id": {"type": "keyword"}, "title": {"type": "text"}, "category": {"type": "keyword"},
        "due": {"type": "date"}, "detail": {"type": "text"}, "overdue": {"type": "boolean"},
    }},
}}


class Catalogue:
    def __init__(self, archive: Archive | None = None):
        self.archive = archive or Archive()
        self.client = self.archive.client

    def ensure(self) -> None:
        self.archive.ensure()
        self.archive.ensure_index("catalogue", CATALOGUE_MAPPING, CATALOGUE_VERSION)
        self.archive.ensure_index("audits", AUDITS_MAPPING, AUDITS_VERSION)

    def file(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Write (or update) the catalogue entry of ``entry["doc_id"]``; returns the stored entry."""
        self.ensure()
        body = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in entry.items()}
        body["updated_at"] = datetime.now(UTC).isoformat()
        self.archive.call("filing a document", self.client.index, index=self.archive.alias("catalogue"),
                           id=body["doc_id"], document=body, refresh=self.archive.refresh)
        return body

    def entry(self, doc_id: str) -> dict[str, Any] | None:
        self.ensure()
        found = self.archive.call("reading the catalogue", self.client.options(ignore_status=404).get,
                                   index=self.archive.alias("catalogue"), id=doc_id)
        return found["_source"] if found.get("found") else None

    def _scan(self, what: str, name: str, query: dict[str, Any], fields: list[str] | None = None) -> Iterator[dict[str, Any]]:
        self.ensure()
        hits = helpers.scan(self.client, index=self.archive.alias(name), query={"query": query},
                            _source=fields if fields else True, size=500)
        yield from (hit["_source"] for hit in self.archive.call(what, list, hits))

    def unfiled_entries(self) -> list[dict[str, Any]]:
        return list(self._scan("reading unfiled entries", "catalogue",
                               {"bool": {"must_not": {"exists": {"field": "filed"}}}}))

    def expiring(self, until: date) -> list[dict[str, Any]]:
        """Documents in force with a validity end on or before ``until``; the catalogue's date wins."""
        found: dict[str, dict[str, Any]] = {}
        for doc in self._scan("reading validity dates", "documents", {"bool": {"filter": [
                {"terms": {"status": list(IN_FORCE_STATUSES)}},
                {"range": {"dates.expires": {"lte": until.isoformat()}}}]}},
                ["doc_id", "title", "dates.expires"]):
            found[doc["doc_id"]] = {"doc_id": doc["doc_id"], "title": doc.get("title"), "expires": doc["dates"]["expires"]}
        for entry in self._scan("reading validity dates", "catalogue",
                                {"range": {"expires": {"lte": until.isoformat()}}}, ["doc_id", "title", "expires"]):
            found[entry["doc_id"]] = entry
        return list(found.values())

    def pending_reviews(self, received_before: date) -> list[dict[str, Any]]:
        """Reviews with no decision yet, first archived before ``received_before`` (``received``)."""
        docs = self._scan("reading pending reviews", "documents", {"bool": {
            "filter": [{"terms": {"status": list(PENDING_REVIEW_STATUSES)}},
                       {"range": {"archived_at": {"lt": received_before.isoformat()}}}],
            "must_not": [{"exists": {"field": "decision_id"}}]}},
            ["doc_id", "title", "archived_at"])
        return [{"doc_id": d["doc_id"], "title": d.get("title"), "received": d["archived_at"]} for d in docs if d.get("archived_at")]

    def awaiting_decision(self) -> list[dict[str, Any]]:
        """Every draft with no decision yet: doc_id, title, ``received`` (first archived) and its profile."""
        docs = self._scan("reading the inbox", "documents", {"bool": {
            "filter": [{"terms": {"status": list(PENDING_REVIEW_STATUSES)}}],
            "must_not": [{"exists": {"field": "decision_id"}}]}},
            ["doc_id", "title", "archived_at", "drafting_unit", "review.profile.name"])
        return [{"doc_id": d["doc_id"], "title": d.get("title"), "received": d["archived_at"],
                 "drafting_unit": d.get("drafting_unit"),
                 "profile": ((d.get("review") or {}).get("profile") or {}).get("name")}
                for d in docs if d.get("archived_at")]  # a partial record (no review archived yet) waits for none

    def in_force_citing(self, law_names: list[str]) -> list[dict[str, Any]]:
        """Documents in force that cite any of ``law_names`` in 《》, with their text and dates."""
        keys = sorted({normalize_law_name(name) for name in law_names})
        if not keys:
            return []
        docs = list(self._scan("reading citing documents", "documents", {"bool": {"filter": [
            {"terms": {"status": list(IN_FORCE_STATUSES)}}, {"terms": {"laws": keys}}]}},
            ["doc_id", "title", "dates", "text"]))
        # The publication date of the catalogue entry is the one filed; it outranks the extracted one.
        published = self._published([d["doc_id"] for d in docs])
        for doc in docs:
            if doc["doc_id"] in published:
                doc["dates"] = (doc.get("dates") or {}) | {"published": published[doc["doc_id"]]}
        return docs

    def _published(self, doc_ids: list[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        found = self.archive.call("reading the catalogue", self.client.mget, index=self.archive.alias("catalogue"),
                                   ids=doc_ids, source_includes=["published"])
        return {d["_id"]: d["_source"]["published"] for d in found["docs"] if d.get("found") and d["_source"].get("published")}

    def store_audit(self, record: dict[str, Any]) -> str:
        self.ensure()
        self.archive.call("writing the audit record", self.client.index, index=self.archive.alias("audits"),
                           id=record["audit_id"], document=record, refresh=self.archive.refresh)
        return record["audit_id"]

    def latest_audit(self) -> dict[str, Any] | None:
        """The most recent audit record, whether run by the schedule or by hand."""
        self.ensure()
        found = self.archive.call("reading audit records", self.client.search, index=self.archive.alias("audits"),
                                   size=1, sort=[{"run_at": "desc"}], query={"match_all": {}})
        hits = found["hits"]["hits"]
        return hits[0]["_source"] if hits else None

    def audit(self, audit_id: str) -> dict[str, Any] | None:
        self.ensure()
        found = self.archive.call("reading an audit record", self.client.options(ignore_status=404).get,
                                   index=self.archive.alias("audits"), id=audit_id)
        return found["_source"] if found.get("found") else None
