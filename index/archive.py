"""The Elasticsearch archive: versioned indices behind aliases, idempotent bulk writes, search.

Four indices, each ``{prefix}-{name}-v{version}`` behind the alias ``{prefix}-{name}``:
documents, clauses, findings and decisions (mappings in ``index/mappings.py``). Record ids derive
from the file's content hash (``Document.doc_id``), so writing the same file again overwrites.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_errors

from normreview.index.mappings import STATUSES, VERDICTS, VERSIONS, mappings
from normreview.index.text import cited_laws, parse_query, segment, term_categories
from normreview.model import Document, Finding, Review
from normreview.patterns import DOC_NUMBER, doc_number_keys, normalize_law_name
from normreview.settings import Settings, settings

# The client logs every request it fails over to another node as a WARNING (with a traceback); a
# user's terminal gets that for each retry. What cannot be retried surfaces as ArchiveUnavailable.
logging.getLogger("elastic_transport").setLevel(logging.ERROR)

# Kept for callers that create their own index at the archive's current version.
MAPPING_VERSION = 1
# CJK analyzers of the smartcn and ik plugins, used when the cluster has one.
RICH_ANALYZERS = ("smartcn", "ik_smart")
# One replica as soon as a second node can hold it (a cluster survives losing a node); a single
# development node keeps zero and stays green.
INDEX_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
# Search filter name -> documents field.
FILTERS = {"kind": "kind", "issuer": "issuer", "year": "year", "status": "status", "category": "finding_categories",
           "rule": "finding_rules", "opinion": "opinion", "drafting_unit": "drafting_unit"}
CLAUSE_FILTERS = {"kind": "kind", "issuer": "issuer", "year": "year", "doc_id": "doc_id",
                  "category": "finding_categories", "rule": "finding_rules"}
# Left out of records read back: segmented copies, and the stored review (get_review reads that).
_SEG_FIELDS = ("text_seg", "title_seg", "comments_seg", "clause_seg", "review")
_HIGHLIGHT = {"fragment_size": 80, "number_of_fragments": 3, "pre_tags": ["【"], "post_tags": ["】"]}
_VERSIONED = re.compile(r"-v(\d+)$")
# The fields of a Finding the findings index maps (precedents and higher_law live in the stored review).
FINDING_FIELDS = {"rule", "category", "severity", "unit", "quote", "clause_text", "start", "end", "message", "basis",
                  "suggestion", "page"}


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached; nothing was written, and the caller may retry."""


class ArchiveWriteError(RuntimeError):
    """The node rejected some records of a write; the document record was not written, so a retry redoes it."""


def finding_id(doc_id: str, finding: Finding) -> str:
    """One finding per rule per place in one file (Finding.finding_id)."""
    return finding.finding_id(doc_id)


def clause_id(doc_id: str, index: int) -> str:
    """The id of the document's ``index``-th unit in the clauses index."""
    return f"{doc_id}:c{index:04d}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _year(document: Document) -> int | None:
    for key in ("published", "signed", "effective"):
        if getattr(document.dates, key):
            return int(getattr(document.dates, key)[:4])
    match = DOC_NUMBER.search(document.doc_number or "")
    return int(match.group("year")) if match else None


def _token(sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values, ensure_ascii=False).encode()).decode()


def _untoken(token: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(token.encode()))
    except ValueError:
        values = None
    if not isinstance(values, list):
        raise ValueError("invalid search_after token")
    return values


def es_client(url: str, config: Settings) -> Elasticsearch:
    """The Elasticsearch client with the configured authentication, TLS and timeout."""
    options: dict[str, Any] = {"request_timeout": config.es_request_timeout, "retry_on_timeout": True, "max_retries": 2}
    if config.es_api_key:
        options["api_key"] = config.es_api_key
    elif config.es_username:
        options["basic_auth"] = (config.es_username, config.es_password or "")
    if url.startswith("https"):
        options["verify_certs"] = config.es_verify_certs
        if config.es_ca_certs:
            options["ca_certs"] = str(config.es_ca_certs)
    return Elasticsearch([node.strip() for node in url.split(",")], **options)  # ES_URL may name several nodes


class Archive:
    def __init__(self, url: str | None = None, prefix: str | None = None, refresh: str | bool = "wait_for"):
        config = settings()
        self.url = url or config.elasticsearch_url
        self.prefix = prefix or config.index_prefix
        # "wait_for": a write returns once the data is searchable (the node refreshes each second),
        # so a review is findable as soon as store_review returns. Bulk loaders pass False and call refresh().
        self.refresh = refresh
        self.client = es_client(self.url, config)
        self._ready = False
        self._rich: str | None | bool = False  # False: not yet detected

    # ---- plumbing --------------------------------------------------------------------------
    def alias(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (es_errors.ConnectionError, es_errors.ConnectionTimeout) as exc:
            raise ArchiveUnavailable(f"archive at {self.url} unreachable while {what}: {exc.__class__.__name__}") from exc
        except es_errors.ApiError as exc:
            if exc.meta.status in (429, 503):
                raise ArchiveUnavailable(f"archive at {self.url} unavailable while {what}: HTTP {exc.meta.status}") from exc
            raise

    def _bulk(self, what: str, actions: Iterable[dict[str, Any]], refresh: str | bool) -> tuple[int, list[dict[str, Any]]]:
        """(records written, rejected items). Connection failures raise ArchiveUnavailable."""
        def run() -> tuple[int, list[dict[str, Any]]]:
            ok, errors = 0, []
            for success, item in helpers.streaming_bulk(self.client, actions, chunk_size=500, max_retries=3,
                                                        raise_on_error=False, refresh=refresh):
                if success:
                    ok += 1
                else:
                    errors.append(item)
            return ok, errors
        return self.call(what, run)

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
        raise ArchiveUnavailable(f"archive at {self.url}: {new} exists but {self.alias(name)} was not moved to it "
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
    def store_review(self, review: Review, *, status: str = "reviewed",
                     predecessor: str | None = None, drafting_unit: str | None = None,
                     submitted_by: str | None = None) -> None:
        """Archive one review; raises ArchiveUnavailable or ArchiveWriteError, after which a retry is safe."""
        result = self.store_reviews([review], status=status, predecessor=predecessor,
                                    drafting_unit=drafting_unit, submitted_by=submitted_by)
        if result["errors"]:
            raise ArchiveWriteError(f"archive rejected records of {review.document.source.path}: {result['errors'][0]}")

    def store_reviews(self, reviews: list[Review], *, status: str = "reviewed",
                      predecessor: str | None = None, drafting_unit: str | None = None,
                      submitted_by: str | None = None) -> dict[str, Any]:
        """Archive many reviews in bulk. Clauses and findings go first, stale ones (from an earlier
        review of the same file) are deleted by id, and each document record is written last and only
        when all its parts were accepted: a document in the archive is complete (see archived_ids).
        A reviewer's verdicts and decision survive a re-review. Returns counts and rejected items."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        if predecessor and len(reviews) != 1:
            raise ValueError("predecessor links one revised draft; store it on its own")
        self.ensure()
        now = _now()
        doc_ids = list(dict.fromkeys(review.document.doc_id for review in reviews))
        existing = self._sources("documents", doc_ids + ([predecessor] if predecessor else []),
                                 ["decision_id", "archived_at", "chain", "version", "predecessor", "successor"])
        if predecessor and predecessor not in existing:
            raise KeyError(f"predecessor {predecessor} is not in the archive")
        old_parts = self._part_ids(doc_ids)

        parts: list[dict[str, Any]] = []
        owner: dict[str, str] = {}  # record id -> doc_id, to tell which documents had a rejected part
        for review in reviews:
            for action in self._part_actions(review.document, review.findings, now):
                owner[action["_id"]] = review.document.doc_id
                old_parts.get(action["_index"], set()).discard(action["_id"])
                parts.append(action)
        stale = [{"_op_type": "delete", "_index": index, "_id": record_id}
                 for index, ids in old_parts.items() for record_id in ids]
        part_count, part_errors = self._bulk("writing clauses and findings", parts + stale, refresh=self.refresh)
        failed = {owner.get(_item_id(item), "") for item in part_errors if _op(item) != "delete" or _status(item) != 404}

        records = []
        for review in reviews:
            document = review.document
            if document.doc_id in failed:
                continue
            body = self._document_body(review, now, existing.get(document.doc_id),
                                       status=status, drafting_unit=drafting_unit, submitted_by=submitted_by)
            if predecessor:
                before = existing[predecessor]
                body |= {"predecessor": predecessor, "chain": before.get("chain") or predecessor,
                         "version": (before.get("version") or 1) + 1}
                records.append({"_op_type": "update", "_index": self.alias("documents"), "_id": predecessor,
                                "doc": {"successor": document.doc_id, "updated_at": now}})
            records.append({"_op_type": "update", "_index": self.alias("documents"), "_id": document.doc_id,
                            "doc": body, "doc_as_upsert": True})
        _, doc_errors = self._bulk("writing documents", records, refresh=self.refresh)
        rejected = failed | {_item_id(item) for item in doc_errors}
        errors = [_describe(item) for item in part_errors + doc_errors if _op(item) != "delete" or _status(item) != 404]
        return {"documents": len([d for d in doc_ids if d not in rejected]), "records": part_count,
                "removed": len(stale), "errors": errors}

    def _sources(self, name: str, ids: list[str], fields: list[str] | None = None) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        response = self.call("reading", self.client.mget, index=self.alias(name), ids=ids,
                              source_includes=fields if fields else None, source_excludes=None if fields else list(_SEG_FIELDS))
        return {d["_id"]: d.get("_source", {}) for d in response["docs"] if d.get("found")}

    def _part_ids(self, doc_ids: list[str]) -> dict[str, set[str]]:
        """Ids of the clauses and findings already archived for these documents."""
        found: dict[str, set[str]] = {self.alias("clauses"): set(), self.alias("findings"): set()}
        for index in found:
            for hit in self.call("reading", lambda i=index: list(helpers.scan(
                    self.client, index=i, query={"query": {"terms": {"doc_id": doc_ids}}, "_source": False},
                    size=1000))):
                found[index].add(hit["_id"])
        return found

    def _part_actions(self, document: Document, findings: list[Finding], now: str) -> list[dict[str, Any]]:
        ref = {"doc_id": document.doc_id, "kind": document.kind, "title": document.title,
               "doc_number": document.doc_number, "issuer": document.issuer, "year": _year(document)}
        actions = []
        parents = {u.parent for u in document.units if u.parent is not None}
        units = document.units or []
        for index, unit in enumerate(units):
            record_id = clause_id(document.doc_id, index)
            flagged = [f for f in findings if unit.start <= f.start < unit.end]
            actions.append({"_op_type": "index", "_index": self.alias("clauses"), "_id": record_id, "_source": ref | {
                "clause_id": record_id, "unit_kind": unit.kind, "label": unit.label, "path": unit.path,
                "path_label": unit.path_label, "leaf": index not in parents, "text": unit.text,
                # only leaf clauses are searched by words; a parent's text is its children's
                "text_seg": segment(unit.text) if index not in parents else "", "start": unit.start, "end": unit.end,
                "laws": cited_laws(unit.text), "archived_at": now,
                "finding_rules": sorted({f.rule for f in flagged}), "finding_categories": sorted({f.category for f in flagged})}})
        for finding in findings:
            record_id = finding_id(document.doc_id, finding)
            record = finding.model_dump(mode="json", include=FINDING_FIELDS) | ref | {
                "finding_id": record_id, "clause_seg": segment(finding.clause_text),
                "basis_laws": list(dict.fromkeys(normalize_law_name(b.law) for b in finding.basis if b.law)),
                "archived_at": now}
            # An update keeps a reviewer's verdict on a finding that a re-review reports again.
            actions.append({"_op_type": "update", "_index": self.alias("findings"), "_id": record_id,
                            "doc": record, "doc_as_upsert": True})
        return actions

    def _document_body(self, review: Review, now: str, before: dict[str, Any] | None, *, status: str,
                       drafting_unit: str | None, submitted_by: str | None) -> dict[str, Any]:
        document, findings, opinion = review.document, review.findings, review.opinion
        before = before or {}
        dates = document.dates.model_dump(exclude_none=True)
        body: dict[str, Any] = {
            "doc_id": document.doc_id, "kind": document.kind, "title": document.title,
            "title_seg": segment(document.title), "text": document.text, "text_seg": segment(document.text),
            "doc_number": document.doc_number, "doc_number_keys": doc_number_keys(document.doc_number),
            "cited_numbers": [k for k in doc_number_keys(document.text) if k.startswith("〔")],
            "laws": cited_laws(document.text),
            "basis_laws": sorted({normalize_law_name(b.law) for f in findings for b in f.basis if b.law}),
            "issuer": document.issuer, "year": _year(document), "dates": dates,
            "date": next((dates[k] for k in ("published", "signed", "effective") if k in dates), None),
            "validity": document.validity.model_dump(mode="json", include={"text", "years", "until"}) if document.validity else None,
            "agreement": document.agreement.model_dump(mode="json") if document.agreement else None,
            "attachments": document.attachments,
            "auto_opinion": opinion,
            "finding_categories": sorted({f.category for f in findings}),
            "finding_rules": sorted({f.rule for f in findings}), "finding_count": len(findings),
            "clause_count": len(document.units),
            "source": {"path": document.source.path, "format": document.source.format, "size": document.source.size},
            "archived_at": before.get("archived_at") or now, "reviewed_at": now, "updated_at": now,
            "chain": before.get("chain") or document.doc_id, "version": before.get("version") or 1,
            # The review as the contract gives it, not indexed: get_review() reads it back.
            "review": review.model_dump(mode="json"),
        }
        if review.deliverables:
            body["deliverables"] = review.deliverables
        if not before.get("decision_id"):  # a reviewer's decision outranks the automatic opinion
            body |= {"opinion": opinion, "status": status}
        if drafting_unit:
            body["drafting_unit"] = drafting_unit
        if submitted_by:
            body["submitted_by"] = submitted_by
        return body

    def archived_ids(self, doc_ids: list[str]) -> set[str]:
        """Which of these documents are already archived (complete: the document record is written last)."""
        self.ensure()
        if not doc_ids:
            return set()
        response = self.call("reading", self.client.mget, index=self.alias("documents"), ids=list(doc_ids), source=False)
        return {d["_id"] for d in response["docs"] if d.get("found")}

    def set_status(self, doc_id: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        self._update_document(doc_id, "updating status", {"status": status})

    def set_deliverables(self, doc_id: str, paths: dict[str, str]) -> None:
        """Record where the opinion letter and the annotated draft of a review were written."""
        self._update_document(doc_id, "recording deliverables", {"deliverables": paths})

    def _update_document(self, doc_id: str, what: str, fields: dict[str, Any]) -> None:
        self.ensure()
        try:
            self.call(what, self.client.update, index=self.alias("documents"), id=doc_id,
                       doc=fields | {"updated_at": _now()}, refresh=self.refresh)
        except es_errors.NotFoundError:
            raise KeyError(f"document {doc_id} is not in the archive") from None

    def record_decision(self, doc_id: str, opinion: str, reviewer: str, comments: str = "",
                        verdicts: Iterable[dict[str, str]] = (), *, status: str | None = None) -> str:
        """Store a reviewer's decision and apply it: the document's opinion, reviewer and status (default:
        reviewed, unless it is already further along), and each finding's verdict. The decision id derives
        from its content, so retrying the same decision writes it once. Returns the decision id."""
        verdicts = [dict(v) for v in verdicts]
        for verdict in verdicts:
            if verdict.get("verdict") not in VERDICTS:
                raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}: {verdict}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        self.ensure()
        document = self._sources("documents", [doc_id], ["doc_id", "kind", "title", "doc_number", "issuer", "year", "status"])
        if not document:
            raise KeyError(f"document {doc_id} is not in the archive")
        doc = document[doc_id]
        unknown = {v["finding_id"] for v in verdicts} - set(self._sources("findings", [v["finding_id"] for v in verdicts], ["rule"]))
        if unknown:
            raise KeyError(f"findings not in the archive: {', '.join(sorted(unknown))}")
        if status is None:
            status = doc.get("status") if doc.get("status") in ("published", "filed", "expired", "repealed") else "reviewed"
        now = _now()
        content = json.dumps([doc_id, opinion, reviewer, comments, sorted((v["finding_id"], v["verdict"], v.get("reason", ""))
                                                                           for v in verdicts)], ensure_ascii=False)
        decision_id = hashlib.sha256(content.encode()).hexdigest()[:32]
        ref = {k: doc.get(k) for k in ("doc_id", "kind", "title", "doc_number", "issuer", "year")}
        actions = [{"_op_type": "index", "_index": self.alias("decisions"), "_id": decision_id, "_source": ref | {
            "decision_id": decision_id, "opinion": opinion, "reviewer": reviewer, "status": status,
            "comments": comments, "comments_seg": segment(comments),
            "verdicts": [{"finding_id": v["finding_id"], "verdict": v["verdict"], "reason": v.get("reason", "")} for v in verdicts],
            "decided_at": now}}]
        actions += [{"_op_type": "update", "_index": self.alias("findings"), "_id": v["finding_id"], "doc": {
            "verdict": v["verdict"], "verdict_reason": v.get("reason", ""), "verdict_by": reviewer, "verdict_at": now,
            "decision_id": decision_id}} for v in verdicts]
        _, errors = self._bulk("recording the decision", actions, refresh=self.refresh)
        if errors:
            raise ArchiveWriteError(f"archive rejected the decision on {doc_id}: {_describe(errors[0])}")
        # The document last: once it names the decision, the decision and verdicts are in place.
        self.call("recording the decision", self.client.update, index=self.alias("documents"), id=doc_id, doc={
            "opinion": opinion, "reviewer": reviewer, "status": status, "decision_id": decision_id,
            "comments": comments, "comments_seg": segment(comments), "decided_at": now, "updated_at": now},
            refresh=self.refresh)
        return decision_id

    # ---- reads -------------------------------------------------------------------------------
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
            "query": self._query(query, "documents", filters),
            "sort": ([{"_score": "desc"}] if sort == "relevance" else [{"date": {"order": "desc", "missing": "_last"}}])
            + [{"doc_id": "asc"}],
            "track_scores": True,
            "highlight": {"fields": {"text": _HIGHLIGHT | {"highlight_query": self._highlight_query(query)}}},
            "_source": ["doc_id", "title", "doc_number", "kind", "issuer", "status", "opinion", "date", "year",
                        "finding_categories", "drafting_unit", "version", "predecessor", "successor"],
        }
        if search_after:
            body["search_after"] = _untoken(search_after)
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
                                  "next": _token(raw[-1]["sort"]) if len(raw) == size and raw else None}
        if facets:
            result["facets"] = {name: [{"value": b.get("key_as_string", b["key"]), "count": b["doc_count"]}
                                       for b in agg["buckets"]] for name, agg in response["aggregations"].items()}
        return result

    def search_clauses(self, query: str, *, filters: dict[str, Any] | None = None, size: int = 10) -> dict[str, Any]:
        """Clauses (leaf units) by full text and law name; filters: CLAUSE_FILTERS."""
        self.ensure()
        response = self.call("searching", self.client.search, index=self.alias("clauses"), size=size,
                              query=self._query(query, "clauses", filters),
                              highlight={"fields": {"text": _HIGHLIGHT | {"highlight_query": self._highlight_query(query)}}},
                              source_excludes=["text_seg"])
        return {"total": response["hits"]["total"]["value"], "hits": [
            hit["_source"] | {"score": hit["_score"], "highlights": hit.get("highlight", {}).get("text", [])}
            for hit in response["hits"]["hits"]]}

    def similar_clauses(self, text: str, size: int = 5, exclude_doc: str | None = None,
                        flagged_only: bool = False) -> list[dict[str, Any]]:
        """Past decisions on similar clauses: the archived clauses most like ``text`` (more_like_this on
        the segmented words and on characters), each with its document's status and opinion and the
        findings it got, verdicts included. ``flagged_only``: only clauses that got a finding."""
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
        response = self.call("searching", self.client.search, index=self.alias("clauses"), size=size, query=query,
                              source_excludes=["text_seg"])
        clauses = [hit["_source"] | {"score": hit["_score"], "findings": []} for hit in response["hits"]["hits"]]
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

    def _query(self, query: str, index: str, filters: dict[str, Any] | None) -> dict[str, Any]:
        """Full text over jieba words (with synonyms), 发文字号 keys and normalised law names, each part
        required when the query has it; exact phrases score higher."""
        seg, phrase = (("text_seg", "title_seg"), ("text", "title")) if index == "documents" else (("text_seg",), ("text",))
        parsed = parse_query(query)
        must: list[dict[str, Any]] = []
        should: list[dict[str, Any]] = []
        words: dict[str, Any] | None = None
        if parsed.terms:
            per_term = []
            for word, *others in parsed.terms:
                # jieba words score by word statistics; the character phrase catches a word jieba split
                # differently in the text, and the term's synonyms.
                alternatives = [{"match": {f: {"query": segment(word), "operator": "and",
                                               "boost": 3 if f == "title_seg" else 1}}} for f in seg]
                alternatives += [{"match_phrase": {f: {"query": alt, "boost": 0.3}}} for alt in (word, *others) for f in phrase]
                if self._rich:  # the cluster's CJK analyzer, when it has one (rich_analyzer, at ensure())
                    alternatives += [{"match": {f"{f}.rich": {"query": word, "operator": "and"}}} for f in phrase]
                # a term naming a finding category also matches what the checks flagged with it
                alternatives += [{"term": {"finding_categories": {"value": c, "boost": 0.5}}}
                                 for c in term_categories((word, *others))]
                per_term.append({"bool": {"should": alternatives, "minimum_should_match": 1}})
            # one or two terms: all required; three to five: all but one; more: three quarters
            words = {"bool": {"should": per_term, "minimum_should_match": "2<-1 5<75%"}}
            should += [{"match_phrase": {f: {"query": parsed.text, "slop": 2, "boost": 2}}} for f in phrase]
        if parsed.numbers and index == "documents":
            must.append({"bool": {"should": [{"terms": {"doc_number_keys": parsed.numbers, "boost": 10}},
                                             {"terms": {"cited_numbers": parsed.numbers, "boost": 2}}]}})
        elif parsed.numbers:
            must.append({"bool": {"should": [{"match_phrase": {"text": n}} for n in parsed.numbers]}})
        laws = parsed.laws + ([parsed.bare_law] if parsed.bare_law else [])
        law_fields = ("laws", "basis_laws") if index == "documents" else ("laws",)
        cites = [{"terms": {f: laws, "boost": 5}} for f in law_fields] + [{"match_phrase": {"text": law}} for law in laws]
        if parsed.bare_law:  # 中华人民共和国行政处罚法 or 企业入驻管理办法: a law's name, or just words
            must.append({"bool": {"should": cites + ([words] if words else [])}})
        else:
            must += ([words] if words else []) + ([{"bool": {"should": cites}}] if laws else [])
        if not must:
            must.append({"match_all": {}})
        filter_clauses = []
        for name, value in (filters or {}).items():
            if value in (None, "", [], ()):
                continue
            field = FILTERS.get(name) if index == "documents" else CLAUSE_FILTERS.get(name)
            if field is None:
                raise ValueError(f"unknown filter {name!r}")
            values = value if isinstance(value, (list, tuple, set)) else [value]
            filter_clauses.append({"terms": {field: list(values)}})
        if index == "clauses":
            filter_clauses.append({"term": {"leaf": True}})
        return {"bool": {"must": must, "should": should, "filter": filter_clauses}}

    @staticmethod
    def _highlight_query(query: str) -> dict[str, Any]:
        parsed = parse_query(query)
        terms = [alt for term in parsed.terms for alt in term] + parsed.numbers + parsed.laws
        terms += [parsed.bare_law] if parsed.bare_law else []
        return {"bool": {"should": [{"match_phrase": {"text": term}} for term in terms[:30]] or [{"match_none": {}}]}}


def _op(item: dict[str, Any]) -> str:
    return next(iter(item))


def _status(item: dict[str, Any]) -> int:
    return item[_op(item)].get("status", 0)


def _item_id(item: dict[str, Any]) -> str:
    return item[_op(item)].get("_id", "")


def _describe(item: dict[str, Any]) -> str:
    detail = item[_op(item)]
    error = detail.get("error", {})
    reason = error.get("reason", error) if isinstance(error, dict) else error
    return f"{_op(item)} {detail.get('_index')}/{detail.get('_id')}: {reason}"
