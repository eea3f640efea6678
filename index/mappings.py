"""The archive's mappings, in code. Bump an index's version when its mapping changes: ``Archive.ensure``
then migrates the data into the new versioned index and swaps the alias."""
from __future__ import annotations

from typing import Any

STATUSES = ("draft", "under_review", "reviewed", "published", "filed", "expired", "repealed")
VERDICTS = ("accepted", "dismissed")

# v1 was the walking skeleton's mapping; clauses v2 adds the rules and categories of the findings each clause got;
# documents v3 adds the paths of the reviewer's Word deliverables; documents v4 keeps the review as the contract
# gives it (not indexed) and findings v3 the page of a PDF finding; documents v6 keeps the file's sha256 (the
# doc_id is the submission's) and the 文号 given at filing; decisions v3 hold the reviewer's edits and say which
# decision they replace; events is the audit trail; rows holds the rows of discretion standards and exemption lists.
VERSIONS = {"documents": 6, "clauses": 2, "findings": 3, "decisions": 3, "events": 1, "rows": 1}

# Pre-segmented jieba words (index/text.py), split on whitespace by the node.
SEG = {"type": "text", "analyzer": "whitespace"}
KEYWORD = {"type": "keyword"}
DATE = {"type": "date"}


def _full_text(rich: str | None) -> dict[str, Any]:
    """A standard-analysed text field (one token per Han character: exact phrase fallback and
    highlights), with a sub-field in the cluster's CJK analyzer when it has one."""
    field: dict[str, Any] = {"type": "text"}
    if rich:
        field["fields"] = {"rich": {"type": "text", "analyzer": rich}}
    return field


def mappings(rich: str | None = None) -> dict[str, dict[str, Any]]:
    """Mappings per index; ``rich`` names a CJK analyzer found on the cluster (smartcn, ik_smart)."""
    text = _full_text(rich)
    doc_ref = {  # the document's fixed metadata, copied onto clauses and findings for filters and display
        "doc_id": KEYWORD, "kind": KEYWORD, "title": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
        "doc_number": KEYWORD, "issuer": KEYWORD, "year": {"type": "integer"},
    }
    return {
        "documents": {"dynamic": "strict", "properties": doc_ref | {
            "title": text | {"fields": text.get("fields", {}) | {"raw": {"type": "keyword", "ignore_above": 512}}},
            "title_seg": SEG,
            "text": text, "text_seg": SEG,
            "doc_number_keys": KEYWORD, "cited_numbers": KEYWORD, "laws": KEYWORD, "basis_laws": KEYWORD,
            "drafting_unit": KEYWORD, "submitted_by": KEYWORD, "sha256": KEYWORD,
            "dates": {"properties": {k: DATE for k in ("signed", "published", "effective", "expires")}},
            "date": DATE,  # the document's own date (published, signed or effective), for sorting
            "validity": {"type": "object", "enabled": False},
            "agreement": {"type": "object", "enabled": False},
            "review": {"type": "object", "enabled": False},
            "attachments": KEYWORD,
            "deliverables": {"properties": {"opinion_letter": KEYWORD, "annotated_draft": KEYWORD, "draft_letter": KEYWORD}},
            "status": KEYWORD, "auto_opinion": KEYWORD, "opinion": KEYWORD, "reviewer": KEYWORD,
            "decision_id": KEYWORD, "comments": text, "comments_seg": SEG,
            # The reviewer's whole decision (rewordings, merges, added findings), read back by the letter.
            "decision": {"type": "object", "enabled": False}, "letter_number": KEYWORD,
            "finding_categories": KEYWORD, "finding_rules": KEYWORD, "finding_count": {"type": "integer"},
            "clause_count": {"type": "integer"},
            "predecessor": KEYWORD, "successor": KEYWORD, "chain": KEYWORD, "version": {"type": "integer"},
            "source": {"properties": {"path": KEYWORD, "format": KEYWORD, "size": {"type": "long"}}},
            "archived_at": DATE, "reviewed_at": DATE, "decided_at": DATE, "updated_at": DATE,
        }},
        "clauses": {"dynamic": "strict", "properties": doc_ref | {
            "clause_id": KEYWORD, "unit_kind": KEYWORD, "label": KEYWORD, "path": KEYWORD, "path_label": KEYWORD,
            "leaf": {"type": "boolean"}, "text": text, "text_seg": SEG,
            "start": {"type": "integer"}, "end": {"type": "integer"}, "laws": KEYWORD, "archived_at": DATE,
            "finding_rules": KEYWORD, "finding_categories": KEYWORD,
        }},
        "findings": {"dynamic": "strict", "properties": doc_ref | {
            "finding_id": KEYWORD, "rule": KEYWORD, "category": KEYWORD, "severity": KEYWORD, "unit": KEYWORD,
            "quote": text, "clause_text": text, "clause_seg": SEG,
            "start": {"type": "integer"}, "end": {"type": "integer"}, "page": {"type": "integer"},
            "message": {"type": "text"}, "suggestion": {"type": "text"},
            # basis items may carry more keys than law and article (e.g. the item of a 国办发 document)
            "basis": {"dynamic": True, "properties": {"law": KEYWORD, "article": KEYWORD}}, "basis_laws": KEYWORD,
            "verdict": KEYWORD, "verdict_reason": {"type": "text"}, "verdict_by": KEYWORD, "verdict_at": DATE,
            "decision_id": KEYWORD, "archived_at": DATE,
        }},
        "decisions": {"dynamic": "strict", "properties": doc_ref | {
            "decision_id": KEYWORD, "opinion": KEYWORD, "reviewer": KEYWORD, "status": KEYWORD,
            "comments": text, "comments_seg": SEG,
            "verdicts": {"properties": {"finding_id": KEYWORD, "verdict": KEYWORD, "reason": {"type": "text"},
                                        "message": {"type": "text"}, "suggestion": {"type": "text"},
                                        "merged_into": KEYWORD}},
            "added": {"type": "object", "enabled": False}, "letter_number": KEYWORD,
            "decided_at": DATE, "replaces": KEYWORD,
        }},
        # One record per row of a discretion standard or exemption list (index/rows.py).
        "rows": {"dynamic": "strict", "properties": doc_ref | {
            "row_id": KEYWORD, "row_kind": KEYWORD, "position": {"type": "integer"}, "number": KEYWORD,
            "unit": KEYWORD, "violation": text, "violation_seg": SEG, "violated_provision": {"type": "text"},
            "penalty_provision": {"type": "text"}, "laws": KEYWORD, "text": text, "text_seg": SEG,
            # shown, not searched: the grades and the exemption's terms are searched through ``text``
            "grades": {"type": "object", "enabled": False}, "exemption_kind": KEYWORD,
            "conditions": {"type": "text"}, "treatment": {"type": "text"},
            "finding_rules": KEYWORD, "finding_categories": KEYWORD,
            "findings": {"type": "object", "enabled": False}, "archived_at": DATE,
        }},
        # The audit trail: one append-only record per change (review, decision, verdict, filing, status).
        "events": {"dynamic": "strict", "properties": {
            "event_id": KEYWORD, "doc_id": KEYWORD, "action": KEYWORD, "actor": KEYWORD, "at": DATE,
            "before": {"type": "object", "enabled": False}, "after": {"type": "object", "enabled": False},
            "replaces": KEYWORD,
        }},
    }
