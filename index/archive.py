"""The Elasticsearch archive: versioned indices behind aliases, idempotent bulk writes, search.

Four indices, each ``{prefix}-{name}-v{version}`` behind the alias ``{prefix}-{name}``:
documents, clauses, findings and decisions (mappings in ``index/mappings.py``). Record ids derive
from the submission's id (``Document.doc_id``: the file's hash for an unowned file, else a hash of the
bytes and the submitting unit), so writing the same submission again overwrites it, unless it is issued.
The client and its errors are in ``index/client.py``, the records in ``index/records.py`` and the
queries in ``index/queries.py`` (both pure); this module reads and writes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from elasticsearch import exceptions as es_errors
from elasticsearch import helpers

from normreview.index.client import (
    ArchiveUnavailable,
    ArchiveWriteError,
    bulk,
    describe_item,
    es_client,
    guarded,
    is_real_error,
    item_id,
    item_op,
    item_status,
    redacted,
)
from normreview.index.mappings import STATUSES, VERDICTS, VERSIONS, mappings
from normreview.index.queries import FILTERS, highlight_query, search_query, token, untoken
from normreview.index.records import (
    ISSUED_STATUSES,
    clause_id,
    document_body,
    event,
    finding_id,
    part_actions,
    timestamp,
)
from normreview.index.rows import row_actions
from normreview.index.text import parse_query, segment
from normreview.model import Review
from normreview.patterns import doc_number_keys
from normreview.settings import settings

__all__ = ["AmbiguousId", "Archive", "ArchiveUnavailable", "ArchiveWriteError", "clause_id", "finding_id"]

# The client logs every request it fails over to another node as a WARNING (with a traceback); a
# user's terminal gets that for each retry. What cannot be retried surfaces as ArchiveUnavailable.
logging.getLogger("elastic_transport").setLevel(logging.ERROR)

# One replica as soon as a second node can hold it (a cluster survives losing a node); a single
# development node keeps zero and stays green.
INDEX_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
# Kept for callers that create their own index at the archive's current version.
MAPPING_VERSION = 1
# CJK analyzers of the smartcn and ik plugins, used when the cluster has one.
RICH_ANALYZERS = ("smartcn", "ik_smart")
# Left out of records read back: segmented copies, and the stored review (get_review reads that).
_SEG_FIELDS = ("text_seg", "title_seg", "comments_seg", "clause_seg", "violation_seg", "review")
_HIGHLIGHT = {"fragment_size": 80, "number_of_fragments": 3, "pre_tags": ["【"], "post_tags": ["】"]}
_VERSIONED = re.compile(r"-v(\d+)$")
# The lowest more_like_this score of a similar clause; measured by bench/similar_threshold.py on the
# relevance corpus (docs/archive.md): below every judged-relevant clause, above every unrelated text.
SIMILAR_MIN_SCORE = 17.0
# A short document id: the first characters of the sha256, as `review` and `search` print it.
SHORT_ID_MIN = 8


class AmbiguousId(KeyError):
    """A short id that more than one archived document starts with."""

    def __init__(self, prefix: str, candidates: list[dict[str, Any]]):
        self.candidates = candidates
        listed = "；".join(f"{c['doc_id'][:16]}《{c.get('title') or ''}》" for c in candidates)
        super().__init__(f"编号“{prefix}”对应多个文件，请多输入几位：{listed}")

    def __str__(self) -> str:
        return self.args[0]


class Archive:
    def __init__(self, url: str | None = None, prefix: str | None = None, refresh: str | bool = "wait_for",
                 interactive: bool = False):
        config = settings()
        self.url = url or config.elasticsearch_url
        self.prefix = prefix or config.index_prefix
        # "wait_for": a write returns once the data is searchable (the node refreshes each second),
        # so a review is findable as soon as store_review returns. Bulk loaders pass False and call refresh().
        self.refresh = refresh
        self.client = es_client(self.url, config, interactive)  # interactive: the web app's short timeouts
        self._ready = False
        self._rich: str | None | bool = False  # False: not yet detected

    # ---- plumbing --------------------------------------------------------------------------
    def alias(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One Elasticsearch request; an unreachable or overloaded node raises ArchiveUnavailable."""
        return guarded(self.url, what, fn, *args, **kwargs)

    def _bulk(self, what: str, actions: Iterable[dict[str, Any]], refresh: str | bool) -> tuple[int, list[dict[str, Any]]]:
        return bulk(self.client, self.url, what, actions, refresh)

    def rich_analyzer(self) -> str | None:
        """The first of RICH_ANALYZERS the cluster knows, found by trying ``_analyze``; None on a core node."""
        if self._rich is False:
            self._rich = None
            for name in RICH_ANALYZERS:
                try:
                    self.call("detecting analyzers", self.client.indices.analyze, analyzer=name, text="行政处罚")
                except es_errors.BadRequestError:
                    continue
                self._rich = name
                break
        return self._rich  # type: ignore[return-value]

    # ---- indices -----------------------------------------------------------------------------
    def ensure(self) -> None:
        """Create (or migrate to) each index's current version behind its alias, once per Archive."""
        if self._ready:
            return
        for name, mapping in mappings(self.rich_analyzer()).items():
            self.ensure_index(name, mapping, VERSIONS[name])
        self._ready = True

    def current_index(self, name: str) -> str | None:
        """The versioned index the alias ``{prefix}-{name}`` writes to, or None."""
        try:
            found = self.call("reading aliases", self.client.indices.get_alias, name=self.alias(name))
        except es_errors.NotFoundError:
            return None
        for index, spec in found.items():
            if spec["aliases"][self.alias(name)].get("is_write_index", len(found) == 1):
                return index
        return None

    def ensure_index(self, name: str, mapping: dict[str, Any], version: int) -> str:
        """``{prefix}-{name}-v{version}`` behind the alias ``{prefix}-{name}``: created when the alias is
        missing, migrated to when the alias points at an older version. Returns the alias."""
        alias = self.alias(name)
        current = self.current_index(name)
        if current is None:
            try:
                self.call("creating indices", self.client.indices.create, index=f"{alias}-v{version}",
                           mappings=mapping, settings=INDEX_SETTINGS,
                           aliases={alias: {"is_write_index": True}})
            except es_errors.BadRequestError as exc:
                if exc.error != "resource_already_exists_exception":  # another process created it first
                    raise
        elif int(_VERSIONED.search(current).group(1)) < version:
            self.migrate(name, mapping, version)
        return alias

    def migrate(self, name: str, mapping: dict[str, Any], version: int,
                transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> int:
        """Move index ``name`` to a new version: create ``{alias}-v{version}``, copy every record into
        it client-side (scroll + bulk; the node has no _reindex), check the count, swap the alias in
        one atomic call, delete the old index. Run it while no flow writes. Returns records copied."""
        alias, old = self.alias(name), self.current_index(name)
        new = f"{alias}-v{version}"
        if old == new:
            return 0
        try:
            self.call("creating indices", self.client.indices.create, index=new, mappings=mapping,
                       settings=INDEX_SETTINGS)
        except es_errors.BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
            return self._await_migration(name, new)
        copied, errors = self._bulk("migrating", (
            {"_op_type": "index", "_index": new, "_id": hit["_id"],
             "_source": transform(hit["_source"]) if transform else hit["_source"]}
            for hit in helpers.scan(self.client, index=old, query={"query": {"match_all": {}}}, scroll="2m", size=1000)
        ), refresh=False)
        self.call("refreshing", self.client.indices.refresh, index=new)
        expected = self.call("counting", self.client.count, index=old)["count"]
        if errors or copied != expected:
            self.call("cleaning up", self.client.indices.delete, index=new)
            raise ArchiveWriteError(f"migration of {alias} copied {copied} of {expected} records ({len(errors)} rejected); "
                                    f"the alias still points at {old}")
        self.call("swapping aliases", self.client.indices.update_aliases, actions=[
            {"remove": {"index": old, "alias": alias}},
            {"add": {"index": new, "alias": alias, "is_write_index": True}}])
        self.call("deleting the old index", self.client.indices.delete, index=old)
        return copied

    def _await_migration(self, name: str, new: str, seconds: float = 300) -> int:
        """Another process is migrating ``name`` to ``new``: wait for its alias swap."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.current_index(name) == new:
                return 0
            time.sleep(1)
        raise ArchiveUnavailable(f"archive at {redacted(self.url)}: {new} exists but {self.alias(name)} was not moved to it "
                                 f"within {seconds:.0f} s; a migration may have died (delete {new} and retry)")

    def refresh_all(self) -> None:
        """Make every write searchable now (for loaders that write with refresh=False)."""
        self.call("refreshing", self.client.indices.refresh, index=f"{self.prefix}-*")

    def counts(self) -> dict[str, int]:
        self.ensure()
        return {name: self.call("counting", self.client.count, index=self.alias(name))["count"] for name in VERSIONS}

    def drop(self) -> None:
        """Delete this prefix's indices (tests and benchmarks use their own prefix)."""
        self.call("dropping indices", self.client.indices.delete, index=f"{self.prefix}-*", ignore_unavailable=True)
        self._ready = False

    # ---- writes ------------------------------------------------------------------------------
    def store_review(self, review: Review, *, status: str = "under_review",
                     predecessor: str | None = None, drafting_unit: str | None = None,
                     submitted_by: str | None = None, run_id: str | None = None) -> None:
        """Archive one review; raises ArchiveUnavailable or ArchiveWriteError, after which a retry is safe."""
        result = self.store_reviews([review], status=status, predecessor=predecessor,
                                    drafting_unit=drafting_unit, submitted_by=submitted_by, run_id=run_id)
        if result["errors"]:
            raise ArchiveWriteError(f"archive rejected records of {review.document.source.path}: {result['errors'][0]}")

    def store_reviews(self, reviews: list[Review], *, status: str = "under_review",
                      predecessor: str | None = None, drafting_unit: str | None = None,
                      submitted_by: str | None = None, run_id: str | None = None) -> dict[str, Any]:
        """Archive many reviews in bulk. Clauses and findings go first, stale ones (from an earlier
        review of the same file) are deleted by id, and each document record is written last and only
        when all its parts were accepted: a document in the archive is complete (see archived_ids).
        A reviewer's verdicts and decision survive a re-review. Every write is idempotent except the
        review's audit-trail event; with ``run_id`` (the web job that reviewed it) that event too is
        written once per run and document, however often the run is repeated (records.event).
        Returns counts and rejected items."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        if predecessor and len(reviews) != 1:
            raise ValueError("predecessor links one revised draft; store it on its own")
        self.ensure()
        now = timestamp()
        doc_ids = list(dict.fromkeys(review.document.doc_id for review in reviews))
        existing = self._sources("documents", doc_ids + ([predecessor] if predecessor else []),
                                 ["decision_id", "archived_at", "chain", "version", "predecessor", "successor", "status"])
        if predecessor and predecessor not in existing:
            raise KeyError(f"predecessor {predecessor} is not in the archive")
        # An issued document is final: a new review of its bytes leaves its record and parts alone.
        issued = {d for d in doc_ids if existing.get(d, {}).get("status") in ISSUED_STATUSES}
        reviews = [review for review in reviews if review.document.doc_id not in issued]
        doc_ids = [d for d in doc_ids if d not in issued]
        old_parts = self._part_ids(doc_ids)

        parts: list[dict[str, Any]] = []
        owner: dict[str, str] = {}  # record id -> doc_id, to tell which documents had a rejected part
        for review in reviews:
            for action in part_actions(review.document, review.findings, now, self.alias("clauses"),
                                       self.alias("findings")) + \
                    row_actions(review.document, review.findings, now, self.alias("rows")):
                owner[action["_id"]] = review.document.doc_id
                old_parts.get(action["_index"], set()).discard(action["_id"])
                parts.append(action)
        stale = [{"_op_type": "delete", "_index": index, "_id": record_id}
                 for index, ids in old_parts.items() for record_id in ids]
        part_count, part_errors = self._bulk("writing clauses and findings", parts + stale, refresh=self.refresh)
        failed = {owner.get(item_id(item), "") for item in part_errors if is_real_error(item)}

        records = []
        for review in reviews:
            document = review.document
            if document.doc_id in failed:
                continue
            body = document_body(review, now, existing.get(document.doc_id),
                                 status=status, drafting_unit=drafting_unit, submitted_by=submitted_by)
            if predecessor:
                before = existing[predecessor]
                body |= {"predecessor": predecessor, "chain": before.get("chain") or predecessor,
                         "version": (before.get("version") or 1) + 1}
                records.append({"_op_type": "update", "_index": self.alias("documents"), "_id": predecessor,
                                "doc": {"successor": document.doc_id, "updated_at": now}})
            records.append({"_op_type": "update", "_index": self.alias("documents"), "_id": document.doc_id,
                            "doc": body, "doc_as_upsert": True})
            records.append(self._event_action(event(
                document.doc_id, "review", submitted_by or "system",
                {k: existing[document.doc_id].get(k) for k in ("status",)} if document.doc_id in existing else None,
                {"status": body.get("status", existing.get(document.doc_id, {}).get("status")),
                 "auto_opinion": str(review.opinion), "findings": len(review.findings), "sha256": body["sha256"],
                 "drafting_unit": drafting_unit, "predecessor": predecessor}, now, run_id=run_id)))
        _, doc_errors = self._bulk("writing documents", records, refresh=self.refresh)
        rejected = failed | {item_id(item) for item in doc_errors if is_real_error(item)}
        errors = [describe_item(item) for item in part_errors + doc_errors if is_real_error(item)]
        return {"documents": len([d for d in doc_ids if d not in rejected]), "records": part_count,
                "removed": len(stale), "errors": errors, "kept_issued": sorted(issued)}

    def _sources(self, name: str, ids: list[str], fields: list[str] | None = None) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        response = self.call("reading", self.client.mget, index=self.alias(name), ids=ids,
                              source_includes=fields if fields else None, source_excludes=None if fields else list(_SEG_FIELDS))
        return {d["_id"]: d.get("_source", {}) for d in response["docs"] if d.get("found")}

    def _part_ids(self, doc_ids: list[str]) -> dict[str, set[str]]:
        """Ids of the clauses, findings and rows already archived for these documents."""
        found: dict[str, set[str]] = {self.alias(name): set() for name in ("clauses", "findings", "rows")}
        for index in found:
            for hit in self.call("reading", lambda i=index: list(helpers.scan(
                    self.client, index=i, query={"query": {"terms": {"doc_id": doc_ids}}, "_source": False},
                    size=1000))):
                found[index].add(hit["_id"])
        return found

    def archived_ids(self, doc_ids: list[str]) -> set[str]:
        """Which of these documents are already archived (complete: the document record is written last)."""
        self.ensure()
        if not doc_ids:
            return set()
        response = self.call("reading", self.client.mget, index=self.alias("documents"), ids=list(doc_ids), source=False)
        return {d["_id"] for d in response["docs"] if d.get("found")}

    def _event_action(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"_op_type": "create", "_index": self.alias("events"), "_id": record["event_id"], "_source": record}

    def append_event(self, record: dict[str, Any]) -> None:
        """Append one audit-trail record (index.records.event)."""
        self.ensure()
        self.call("recording the audit trail", self.client.create, index=self.alias("events"), id=record["event_id"],
                  document=record, refresh=self.refresh)

    def history(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's audit trail, oldest first: every review, decision, verdict, filing and status change."""
        self.ensure()
        response = self.call("reading", self.client.search, index=self.alias("events"), size=1000,
                              query={"term": {"doc_id": doc_id}}, sort=[{"at": "asc"}, {"event_id": "asc"}])
        return [hit["_source"] for hit in response["hits"]["hits"]]

    def set_status(self, doc_id: str, status: str, actor: str = "system") -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        before = self.get_document(doc_id)
        if before is None:
            raise KeyError(f"document {doc_id} is not in the archive")
        self._update_document(doc_id, "updating status", {"status": status})
        self.append_event(event(doc_id, "status", actor, {"status": before.get("status")}, {"status": status}, timestamp()))

    def set_doc_number(self, doc_id: str, doc_number: str) -> None:
        """The 文号 given when the document was issued (filing): stored with its search keys, so a search
        for it in any bracket form finds the document."""
        self._update_document(doc_id, "recording the 文号", {"doc_number": doc_number,
                                                             "doc_number_keys": doc_number_keys(doc_number)})

    def set_deliverables(self, doc_id: str, paths: dict[str, str]) -> None:
        """Record where the opinion letter and the annotated draft of a review were written."""
        self._update_document(doc_id, "recording deliverables", {"deliverables": paths})

    def _update_document(self, doc_id: str, what: str, fields: dict[str, Any]) -> None:
        self.ensure()
        try:
            self.call(what, self.client.update, index=self.alias("documents"), id=doc_id,
                       doc=fields | {"updated_at": timestamp()}, refresh=self.refresh)
        except es_errors.NotFoundError:
            raise KeyError(f"document {doc_id} is not in the archive") from None

    def record_decision(self, doc_id: str, opinion: str, reviewer: str, comments: str = "",
                        verdicts: Iterable[dict[str, str]] = (), *, status: str | None = None,
                        added: Iterable[dict[str, Any]] = (), letter_number: str = "") -> str:
        """Store a reviewer's decision and apply it: the document's opinion, reviewer and status (default:
        reviewed, unless it is already further along), and each finding's verdict. ``verdicts`` may carry a
        rewording (message, suggestion) and a merge (merged_into); ``added`` are the reviewer's own findings
        (Finding dicts). The decision id derives from its content, so retrying the same decision writes it
        once. Returns the decision id."""
        verdicts = [dict(v) for v in verdicts]
        for verdict in verdicts:
            if verdict.get("verdict") not in VERDICTS:
                raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}: {verdict}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        self.ensure()
        document = self._sources("documents", [doc_id], ["doc_id", "kind", "title", "doc_number", "issuer", "year", "status",
                                                          "opinion", "reviewer", "decision_id"])
        if not document:
            raise KeyError(f"document {doc_id} is not in the archive")
        doc = document[doc_id]
        unknown = {v["finding_id"] for v in verdicts} - set(self._sources("findings", [v["finding_id"] for v in verdicts], ["rule"]))
        if unknown:
            raise KeyError(f"findings not in the archive: {', '.join(sorted(unknown))}")
        if status is None:
            status = doc.get("status") if doc.get("status") in ISSUED_STATUSES else "reviewed"
        now = timestamp()
        verdicts = [{"finding_id": v["finding_id"], "verdict": v["verdict"], "reason": v.get("reason", ""),
                     "message": v.get("message", ""), "suggestion": v.get("suggestion", ""),
                     "merged_into": v.get("merged_into", "")} for v in verdicts]
        added = [dict(finding) for finding in added]
        content = json.dumps([doc_id, opinion, reviewer, comments, sorted(tuple(v.values()) for v in verdicts), added,
                              letter_number], ensure_ascii=False, sort_keys=True)
        decision_id = hashlib.sha256(content.encode()).hexdigest()[:32]
        ref = {k: doc.get(k) for k in ("doc_id", "kind", "title", "doc_number", "issuer", "year")}
        earlier = self._sources("decisions", [decision_id], ["decided_at", "replaces"]).get(decision_id)
        if earlier:  # a replay: the decision stands as first recorded, its date included
            return decision_id
        replaces = doc.get("decision_id")
        before = {k: doc.get(k) for k in ("status", "opinion", "reviewer", "decision_id")}
        # "create": a decision record is never rewritten, whoever retries it
        actions = [{"_op_type": "create", "_index": self.alias("decisions"), "_id": decision_id, "_source": ref | {
            "replaces": replaces,
            "decision_id": decision_id, "opinion": opinion, "reviewer": reviewer, "status": status,
            "comments": comments, "comments_seg": segment(comments),
            "verdicts": verdicts, "added": added, "letter_number": letter_number, "decided_at": now}}]
        actions += [{"_op_type": "update", "_index": self.alias("findings"), "_id": v["finding_id"], "doc": {
            "verdict": v["verdict"], "verdict_reason": v.get("reason", ""), "verdict_by": reviewer, "verdict_at": now,
            "decision_id": decision_id}} for v in verdicts]
        actions.append(self._event_action(event(doc_id, "decision", reviewer, before, {
            "status": status, "opinion": opinion, "reviewer": reviewer, "decision_id": decision_id, "comments": comments,
            "verdicts": [{"finding_id": v["finding_id"], "verdict": v["verdict"]} for v in verdicts]}, now, replaces)))
        _, errors = self._bulk("recording the decision", actions, refresh=self.refresh)
        errors = [e for e in errors if not (item_op(e) == "create" and item_status(e) == 409)]
        if errors:
            raise ArchiveWriteError(f"archive rejected the decision on {doc_id}: {describe_item(errors[0])}")
        # The document last: once it names the decision, the decision and verdicts are in place.
        self.call("recording the decision", self.client.update, index=self.alias("documents"), id=doc_id, doc={
            "opinion": opinion, "reviewer": reviewer, "status": status, "decision_id": decision_id,
            "comments": comments, "comments_seg": segment(comments), "decided_at": now, "updated_at": now,
            "letter_number": letter_number, "decision": {
                "doc_id": doc_id, "opinion": opinion, "reviewer": reviewer, "comments": comments, "verdicts": verdicts,
                "added": added, "decided_at": now, "decision_id": decision_id, "letter_number": letter_number}},
            refresh=self.refresh)
        return decision_id

    # ---- reads -------------------------------------------------------------------------------
    def resolve_id(self, prefix: str) -> str:
        """The full doc_id of the one archived document whose id starts with ``prefix`` (at least
        SHORT_ID_MIN characters). The one place short ids are resolved: the CLI and the web use it.
        Raises KeyError (none or too short) or AmbiguousId (several, listed)."""
        prefix = prefix.strip().lower()
        if len(prefix) == 64:
            return prefix
        if len(prefix) < SHORT_ID_MIN:
            raise KeyError(f"文件编号“{prefix}”太短：至少需要 {SHORT_ID_MIN} 位")
        self.ensure()
        response = self.call("resolving an id", self.client.search, index=self.alias("documents"), size=10,
                              query={"prefix": {"doc_id": prefix}}, source_includes=["doc_id", "title"])
        hits = [hit["_source"] for hit in response["hits"]["hits"]]
        if not hits:
            raise KeyError(f"档案库中没有编号以“{prefix}”开头的文件")
        if len(hits) > 1:
            raise AmbiguousId(prefix, hits)
        return hits[0]["doc_id"]

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document's archive record (metadata, status, decision, deliverables), without the stored review."""
        self.ensure()
        return self._sources("documents", [doc_id]).get(doc_id)

    def get_review(self, doc_id: str) -> Review | None:
        """The archived review of a document, as the flow made it: the one place a stored review becomes a
        ``Review`` again. None when the document is not archived (or was archived before reviews were kept)."""
        self.ensure()
        stored = self._sources("documents", [doc_id], ["review"]).get(doc_id, {}).get("review")
        return Review.model_validate(stored) if stored else None

    def get_findings(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's findings in text order, each with finding_id and verdict fields (None until judged)."""
        self.ensure()
        response = self.call("reading", self.client.search, index=self.alias("findings"), size=10000,
                              query={"term": {"doc_id": doc_id}}, sort=[{"start": "asc"}, {"finding_id": "asc"}],
                              source_excludes=["clause_seg"])
        return [{"verdict": None, "verdict_reason": None, "verdict_by": None} | hit["_source"]
                for hit in response["hits"]["hits"]]

    def get_decisions(self, doc_id: str) -> list[dict[str, Any]]:
        """The decisions recorded on a document, newest first."""
        self.ensure()
        response = self.call("reading", self.client.search, index=self.alias("decisions"), size=100,
                              query={"term": {"doc_id": doc_id}}, sort=[{"decided_at": "desc"}],
                              source_excludes=["comments_seg"])
        return [hit["_source"] for hit in response["hits"]["hits"]]

    def version_chain(self, doc_id: str) -> list[dict[str, Any]]:
        """Every version of the document (draft → revised draft → published), oldest first."""
        self.ensure()
        doc = self._sources("documents", [doc_id], ["chain"])
        if not doc:
            return []
        response = self.call("reading", self.client.search, index=self.alias("documents"), size=100,
                              query={"term": {"chain": doc[doc_id].get("chain") or doc_id}},
                              sort=[{"version": "asc"}, {"archived_at": "asc"}],
                              source_includes=["doc_id", "title", "doc_number", "status", "opinion", "version",
                                               "predecessor", "successor", "archived_at"])
        return [hit["_source"] for hit in response["hits"]["hits"]]

    # ---- search ------------------------------------------------------------------------------
    def search(self, query: str, *, filters: dict[str, Any] | None = None, sort: str = "relevance", size: int = 10,
               search_after: str | None = None, facets: bool = True) -> dict[str, Any]:
        """Documents by full text, 发文字号 and law name, with highlights, filters (FILTERS), facets,
        sorting by relevance or date, and paging: pass the result's ``next`` as ``search_after``."""
        if sort not in ("relevance", "date"):
            raise ValueError("sort must be relevance or date")
        self.ensure()
        body: dict[str, Any] = {
            "query": search_query(query, "documents", filters, bool(self._rich)),
            "sort": ([{"_score": "desc"}] if sort == "relevance" else [{"date": {"order": "desc", "missing": "_last"}}])
            + [{"doc_id": "asc"}],
            "track_scores": True,
            "highlight": {"fields": {"text": _HIGHLIGHT | {"highlight_query": highlight_query(query)}}},
            "_source": ["doc_id", "title", "doc_number", "kind", "issuer", "status", "opinion", "date", "year",
                        "finding_categories", "drafting_unit", "version", "predecessor", "successor"],
        }
        if search_after:
            body["search_after"] = untoken(search_after)
        if facets:
            body["aggs"] = {name: {"terms": {"field": field, "size": 30}} for name, field in FILTERS.items()}
        try:
            response = self.call("searching", self.client.search, index=self.alias("documents"), size=size, **body)
        except es_errors.BadRequestError as exc:
            if search_after:  # a token from another sort order, or tampered with
                raise ValueError(f"invalid search_after token: {exc.message}") from None
            raise
        raw = response["hits"]["hits"]
        hits = [hit["_source"] | {"score": hit["_score"] or 0.0, "highlights": hit.get("highlight", {}).get("text", [])}
                for hit in raw]
        result: dict[str, Any] = {"total": response["hits"]["total"]["value"], "hits": hits,
                                  "next": token(raw[-1]["sort"]) if len(raw) == size and raw else None}
        if facets:
            result["facets"] = {name: [{"value": b.get("key_as_string", b["key"]), "count": b["doc_count"]}
                                       for b in agg["buckets"]] for name, agg in response["aggregations"].items()}
        return result

    def search_clauses(self, query: str, *, filters: dict[str, Any] | None = None, size: int = 10) -> dict[str, Any]:
        """Clauses (leaf units) by full text and law name; filters: CLAUSE_FILTERS."""
        self.ensure()
        response = self.call("searching", self.client.search, index=self.alias("clauses"), size=size,
                              query=search_query(query, "clauses", filters, bool(self._rich)),
                              highlight={"fields": {"text": _HIGHLIGHT | {"highlight_query": highlight_query(query)}}},
                              source_excludes=["text_seg"])
        return {"total": response["hits"]["total"]["value"], "hits": [
            hit["_source"] | {"score": hit["_score"], "highlights": hit.get("highlight", {}).get("text", [])}
            for hit in response["hits"]["hits"]]}

    def search_rows(self, query: str, *, filters: dict[str, Any] | None = None, size: int = 20) -> dict[str, Any]:
        """Rows of archived discretion standards and exemption lists by violation, words, law name or 文号
        (index/rows.py), best first: each with its document's title, status and drafting unit (for the
        caller's visibility rules), its grades or exemption terms, and the findings on it with their
        verdicts; filters: ROW_FILTERS (row_kind: discretion | exemption)."""
        parsed = parse_query(query)
        if not (parsed.terms or parsed.laws or parsed.bare_law or parsed.numbers):
            return {"total": 0, "hits": []}  # nothing to match: no query lists every row
        self.ensure()
        response = self.call("searching", self.client.search, index=self.alias("rows"), size=size,
                              query=search_query(query, "rows", filters, bool(self._rich)),
                              sort=[{"_score": "desc"}, {"doc_id": "asc"}, {"position": "asc"}], track_scores=True,
                              highlight={"require_field_match": False, "fields": {"violation": _HIGHLIGHT | {
                                  "number_of_fragments": 0, "highlight_query": highlight_query(query)}}},
                              source_excludes=["text_seg", "violation_seg"])
        hits = [hit["_source"] | {"score": hit["_score"] or 0.0, "highlights": hit.get("highlight", {}).get("violation", [])}
                for hit in response["hits"]["hits"]]
        return {"total": response["hits"]["total"]["value"], "hits": self._with_state(hits)}

    def get_rows(self, doc_id: str) -> list[dict[str, Any]]:
        """The rows of one archived discretion standard or exemption list in table order, each with the
        findings on it and their verdicts; [] for a document without rows."""
        self.ensure()
        response = self.call("reading", self.client.search, index=self.alias("rows"), size=10000,
                              query={"term": {"doc_id": doc_id}}, sort=[{"position": "asc"}],
                              source_excludes=["text_seg", "violation_seg"])
        return self._with_state([hit["_source"] for hit in response["hits"]["hits"]])

    def _with_state(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with their document's current status and drafting unit, and each finding's verdict (both
        change after the rows were written)."""
        docs = self._sources("documents", list({r["doc_id"] for r in rows}), ["status", "drafting_unit"])
        verdicts = self._sources("findings", [f["finding_id"] for r in rows for f in r.get("findings", [])],
                                 ["verdict", "verdict_reason"])
        for row in rows:
            row.update({k: docs.get(row["doc_id"], {}).get(k) for k in ("status", "drafting_unit")})
            row["findings"] = [f | {"verdict": None, "verdict_reason": None} | verdicts.get(f["finding_id"], {})
                               for f in row.get("findings", [])]
        return rows

    def similar_clauses(self, text: str, size: int = 5, exclude_doc: str | None = None,
                        flagged_only: bool = False, min_score: float = SIMILAR_MIN_SCORE,
                        per_document: bool = True) -> list[dict[str, Any]]:
        """Past decisions on similar clauses: the archived clauses most like ``text`` (more_like_this on
        the segmented words and on characters) scoring at least ``min_score``, each with its document's
        status and opinion and the findings it got, verdicts included. ``per_document``: one clause per
        document (its best). ``flagged_only``: only clauses that got a finding. Empty when nothing is alike."""
        self.ensure()
        query: dict[str, Any] = {"bool": {
            # jieba words, and single characters (standard analyzer) for wording that jieba cuts differently
            "should": [{"more_like_this": {"fields": ["text_seg"], "like": segment(text), "min_term_freq": 1,
                                           "min_doc_freq": 1, "max_query_terms": 40, "minimum_should_match": "30%"}},
                       {"more_like_this": {"fields": ["text"], "like": text, "min_term_freq": 1, "min_doc_freq": 1,
                                           "max_query_terms": 25, "minimum_should_match": "30%", "boost": 0.5}}],
            "minimum_should_match": 1,
            "filter": [{"term": {"leaf": True}}] + ([{"exists": {"field": "finding_rules"}}] if flagged_only else []),
            "must_not": [{"term": {"doc_id": exclude_doc}}] if exclude_doc else []}}
        # Enough hits that ``size`` documents remain after keeping each document's best clause.
        response = self.call("searching", self.client.search, index=self.alias("clauses"),
                              size=size * 5 if per_document else size, query=query, min_score=min_score,
                              source_excludes=["text_seg"])
        clauses, seen = [], set()
        for hit in response["hits"]["hits"]:
            if per_document and hit["_source"]["doc_id"] in seen:
                continue
            seen.add(hit["_source"]["doc_id"])
            clauses.append(hit["_source"] | {"score": hit["_score"], "findings": []})
        clauses = clauses[:size]
        if not clauses:
            return []
        spans = [{"bool": {"filter": [{"term": {"doc_id": c["doc_id"]}},
                                      {"range": {"start": {"gte": c["start"], "lt": c["end"]}}}]}} for c in clauses]
        found = self.call("searching", self.client.search, index=self.alias("findings"), size=500,
                           query={"bool": {"should": spans, "minimum_should_match": 1}}, sort=[{"start": "asc"}],
                           source_includes=["finding_id", "doc_id", "rule", "category", "severity", "message", "quote",
                                            "start", "verdict", "verdict_reason", "verdict_by", "decision_id"])
        docs = self._sources("documents", list({c["doc_id"] for c in clauses}),
                             ["status", "opinion", "reviewer", "decision_id", "comments"])
        for hit in found["hits"]["hits"]:
            finding = {"verdict": None, "verdict_reason": None} | hit["_source"]
            for clause in clauses:
                if clause["doc_id"] == finding["doc_id"] and clause["start"] <= finding["start"] < clause["end"]:
                    clause["findings"].append(finding)
        for clause in clauses:
            clause.update({k: docs.get(clause["doc_id"], {}).get(k) for k in ("status", "opinion", "reviewer", "comments")})
        return clauses


