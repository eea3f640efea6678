"""The archive's records, built from the model: pure functions, no Elasticsearch. The archive converts
to and from the model only here and in ``Archive.get_review``."""
from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from normreview.index.text import cited_laws, segment
from normreview.model import Document, Finding, Review
from normreview.patterns import DOC_NUMBER, doc_number_keys, normalize_law_name

# The fields of a Finding the findings index maps (precedents and higher_law live in the stored review).
FINDING_FIELDS = {"rule", "category", "severity", "unit", "quote", "clause_text", "start", "end", "message", "basis",
                  "suggestion", "page"}


def finding_id(doc_id: str, finding: Finding) -> str:
    """One finding per rule per place in one file (Finding.finding_id)."""
    return finding.finding_id(doc_id)


# A document in one of these states is issued: its record (status, opinion, unit, catalogue entry) is
# final, and a new review of the same bytes never rewrites it.
ISSUED_STATUSES = ("published", "filed", "expired", "repealed")


def submission_id(sha256: str, drafting_unit: str | None = None, submitted_by: str | None = None) -> str:
    """The doc_id of a submission: the file's hash for a file nobody owns (backfill, a CLI review), else a
    hash of the bytes and the owner (the unit, else the person), so two units' uploads of the same file
    are two submissions and neither can take the other's record over."""
    owner = f"unit:{drafting_unit}" if drafting_unit else f"user:{submitted_by}" if submitted_by else None
    if owner is None:
        return sha256
    return hashlib.sha256(f"{sha256}\n{owner}".encode()).hexdigest()


def event(doc_id: str, action: str, actor: str, before: dict[str, Any] | None, after: dict[str, Any],
          at: str, replaces: str | None = None, run_id: str | None = None) -> dict[str, Any]:
    """One audit-trail record: who did what to which document when, with the state before and after.
    It is written with ``create``: the trail is only ever appended to. Its id is random, or, for the work
    of a run that may be repeated (``run_id``, e.g. a web job a new worker runs again after its worker
    died), derived from the run, the document and the action, so the repeat finds it recorded already."""
    event_id = (hashlib.sha256(f"{run_id}\n{doc_id}\n{action}".encode()).hexdigest()[:32] if run_id
                else uuid.uuid4().hex)
    return {"event_id": event_id, "doc_id": doc_id, "action": action, "actor": actor, "at": at,
            "before": before or {}, "after": after, "replaces": replaces}


def clause_id(doc_id: str, index: int) -> str:
    """The id of the document's ``index``-th unit in the clauses index."""
    return f"{doc_id}:c{index:04d}"


def timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def year_of(document: Document) -> int | None:
    for key in ("published", "signed", "effective"):
        if getattr(document.dates, key):
            return int(getattr(document.dates, key)[:4])
    match = DOC_NUMBER.search(document.doc_number or "")
    return int(match.group("year")) if match else None


def part_actions(document: Document, findings: list[Finding], now: str, clauses: str, findings_index: str) -> list[dict[str, Any]]:
    """Bulk actions for the clauses and findings of one review (``clauses``/``findings_index``: the aliases)."""
    ref = {"doc_id": document.doc_id, "kind": document.kind, "title": document.title,
           "doc_number": document.doc_number, "issuer": document.issuer, "year": year_of(document)}
    actions = []
    parents = {u.parent for u in document.units if u.parent is not None}
    units = document.units or []
    for index, unit in enumerate(units):
        record_id = clause_id(document.doc_id, index)
        flagged = [f for f in findings if unit.start <= f.start < unit.end]
        actions.append({"_op_type": "index", "_index": clauses, "_id": record_id, "_source": ref | {
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
        actions.append({"_op_type": "update", "_index": findings_index, "_id": record_id,
                        "doc": record, "doc_as_upsert": True})
    return actions


def document_body(review: Review, now: str, before: dict[str, Any] | None, *, status: str,
                  drafting_unit: str | None, submitted_by: str | None) -> dict[str, Any]:
    """The documents-index record of a review; ``before`` is the record already archived (kept: chain, version, dates)."""
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
        "issuer": document.issuer, "year": year_of(document), "dates": dates,
        "date": next((dates[k] for k in ("published", "signed", "effective") if k in dates), None),
        "validity": document.validity.model_dump(mode="json", include={"text", "years", "until"}) if document.validity else None,
        "agreement": document.agreement.model_dump(mode="json") if document.agreement else None,
        "attachments": document.attachments,
        "auto_opinion": opinion,
        "finding_categories": sorted({f.category for f in findings}),
        "finding_rules": sorted({f.rule for f in findings}), "finding_count": len(findings),
        "clause_count": len(document.units),
        "sha256": document.sha256 or document.source.sha256,
        "source": {"path": document.source.path, "format": document.source.format, "size": document.source.size},
        "archived_at": before.get("archived_at") or now, "reviewed_at": now, "updated_at": now,
        "chain": before.get("chain") or document.doc_id, "version": before.get("version") or 1,
        # The review as the contract gives it, not indexed: get_review() reads it back.
        "review": review.model_dump(mode="json"),
    }
    if review.deliverables:
        body["deliverables"] = review.deliverables
    # The machine's opinion stays auto_opinion (初审意见, for reference); only a reviewer's decision gives
    # the document an opinion and moves it past 待审核.
    if not before.get("decision_id"):
        body["status"] = status
    if drafting_unit:
        body["drafting_unit"] = drafting_unit
    if submitted_by:
        body["submitted_by"] = submitted_by
    return body
