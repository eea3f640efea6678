"""The rows of discretion standards and exemption lists in the archive: one record per row, so a search
for a violation ("未取得食品经营许可从事食品经营") finds the row of every archived standard and list that
covers it, with the standard, the row, its grades or conditions, and the findings on that row.

Pure functions, no Elasticsearch: the records of a review's rows (``row_actions``, written by
``Archive.store_reviews`` next to its clauses and findings; the mapping is index/mappings.py's). The query is
``index.queries.search_query(query, "rows", filters)``; ``Archive.search_rows`` runs it.
"""
from __future__ import annotations

from typing import Any

from normreview.extractors.tables import grade_range
from normreview.index.records import year_of
from normreview.index.text import segment
from normreview.model import DiscretionRow, Document, ExemptionRow, Finding
from normreview.patterns import find_cited_articles, normalize_law_name

ROW_KINDS = {"discretion": "裁量基准", "exemption": "免罚清单"}
# The fields of a finding kept on its row: enough to show it beside the row (the verdicts stay in the
# findings index, read by id when a reader may see them).
ROW_FINDING_FIELDS = {"rule", "category", "severity", "message", "quote", "suggestion"}


def row_id(doc_id: str, index: int) -> str:
    """The id of the document's ``index``-th row (discretion rows first, then exemption rows)."""
    return f"{doc_id}:r{index:04d}"


def _laws(*cells: str) -> list[str]:
    return list(dict.fromkeys(normalize_law_name(ref.law) for cell in cells for ref in find_cited_articles(cell)))


def _row_fields(row: DiscretionRow | ExemptionRow) -> dict[str, Any]:
    if isinstance(row, DiscretionRow):
        grades = [{"circumstances": g.circumstances, "text": g.text, "measures": g.measures,
                   "fine": fine.label if (fine := grade_range(g)) else ""} for g in row.grades]
        text = " ".join([row.violation, row.violated_provision, row.penalty_provision,
                         *(f"{g.circumstances} {g.text}" for g in row.grades)])
        return {"row_kind": "discretion", "violated_provision": row.violated_provision, "grades": grades,
                "laws": _laws(row.violated_provision, row.penalty_provision), "text": text}
    text = " ".join([row.violation, row.provision, row.penalty_provision, row.exemption_kind, row.conditions,
                     row.treatment])
    return {"row_kind": "exemption", "violated_provision": row.provision, "exemption_kind": row.exemption_kind,
            "conditions": row.conditions, "treatment": row.treatment,
            "laws": _laws(row.provision, row.penalty_provision), "text": text}


def row_records(document: Document, findings: list[Finding], now: str) -> list[dict[str, Any]]:
    """One record per row of the document's discretion and exemption tables, each with the findings on it
    (a row finding's ``unit`` is its row's)."""
    ref = {"doc_id": document.doc_id, "kind": document.kind, "title": document.title,
           "doc_number": document.doc_number, "issuer": document.issuer, "year": year_of(document)}
    records = []
    rows: list[DiscretionRow | ExemptionRow] = [*document.discretion_rows, *document.exemption_rows]
    for index, row in enumerate(rows):
        record_id = row_id(document.doc_id, index)
        on_row = [f for f in findings if f.unit == row.unit]
        fields = _row_fields(row)
        records.append(ref | fields | {
            "row_id": record_id, "position": index, "number": row.number, "unit": row.unit,
            "violation": row.violation, "violation_seg": segment(row.violation),
            "penalty_provision": row.penalty_provision, "text_seg": segment(fields["text"]),
            "finding_rules": sorted({f.rule for f in on_row}), "finding_categories": sorted({f.category for f in on_row}),
            "findings": [f.model_dump(mode="json", include=ROW_FINDING_FIELDS) | {"finding_id": f.finding_id(document.doc_id)}
                         for f in on_row],
            "archived_at": now})
    return records


def row_actions(document: Document, findings: list[Finding], now: str, rows_index: str) -> list[dict[str, Any]]:
    """Bulk actions writing the document's row records to ``rows_index`` (the alias)."""
    return [{"_op_type": "index", "_index": rows_index, "_id": record["row_id"], "_source": record}
            for record in row_records(document, findings, now)]
