"""Search queries of the archive, built from a query string and filters: pure functions, no Elasticsearch."""
from __future__ import annotations

import base64
import json
from typing import Any

from normreview.index.text import ParsedQuery, parse_query, segment, term_categories

# Search filter name -> documents field.
FILTERS = {"kind": "kind", "issuer": "issuer", "year": "year", "status": "status", "category": "finding_categories",
           "rule": "finding_rules", "opinion": "opinion", "drafting_unit": "drafting_unit"}
CLAUSE_FILTERS = {"kind": "kind", "issuer": "issuer", "year": "year", "doc_id": "doc_id",
                  "category": "finding_categories", "rule": "finding_rules"}
# Search filter name -> rows field (index/rows.py): row_kind is discretion or exemption.
ROW_FILTERS = CLAUSE_FILTERS | {"row_kind": "row_kind"}
# Per index searched: the jieba-word fields, the character fields (phrases, highlights), the law-name fields.
_FIELDS = {"documents": (("text_seg", "title_seg"), ("text", "title"), ("laws", "basis_laws")),
           "clauses": (("text_seg",), ("text",), ("laws",)),
           "rows": (("violation_seg", "text_seg"), ("violation", "text"), ("laws",))}
# The field whose words count most: a document's title, a row's violation.
_HEAD_FIELDS = ("title_seg", "violation_seg")


def token(sort_values: list[Any]) -> str:
    """The paging token of a hit's sort values."""
    return base64.urlsafe_b64encode(json.dumps(sort_values, ensure_ascii=False).encode()).decode()


def untoken(value: str) -> list[Any]:
    """The sort values of a paging token: a short flat list of scalars, or ValueError (a tampered token,
    however deeply nested, never reaches the node)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(value.encode()))
    except (ValueError, RecursionError):
        values = None
    if not isinstance(values, list) or not 0 < len(values) <= 4 or \
            not all(v is None or isinstance(v, (str, int, float)) for v in values):
        raise ValueError("invalid search_after token")
    return values


def search_query(query: str, index: str, filters: dict[str, Any] | None, rich: bool = False) -> dict[str, Any]:
    """Full text over jieba words (with synonyms), 发文字号 keys and normalised law names, each part
    required when the query has it; exact phrases score higher."""
    seg, phrase, law_fields = _FIELDS[index]
    parsed = parse_query(query)
    words = _words_query(parsed, seg, phrase, rich)
    should = [{"match_phrase": {f: {"query": parsed.text, "slop": 2, "boost": 2}}} for f in phrase] if words else []
    must = _number_clauses(parsed.numbers, index)
    laws = parsed.laws + ([parsed.bare_law] if parsed.bare_law else [])
    cites = [{"terms": {f: laws, "boost": 5}} for f in law_fields] + [{"match_phrase": {"text": law}} for law in laws]
    if parsed.bare_law:  # 中华人民共和国行政处罚法 or 企业入驻管理办法: a law's name, or just words
        must.append({"bool": {"should": cites + ([words] if words else [])}})
    else:
        must += ([words] if words else []) + ([{"bool": {"should": cites}}] if laws else [])
    return {"bool": {"must": must or [{"match_all": {}}], "should": should, "filter": _filter_clauses(filters, index)}}


def _words_query(parsed: ParsedQuery, seg: tuple[str, ...], phrase: tuple[str, ...], rich: bool) -> dict[str, Any] | None:
    """Each term as jieba words, a character phrase (a word jieba split differently in the text) or a
    synonym; one or two terms all required, three to five all but one, more three quarters."""
    if not parsed.terms:
        return None
    per_term = []
    for word, *others in parsed.terms:
        alternatives = [{"match": {f: {"query": segment(word), "operator": "and",
                                       "boost": 3 if f in _HEAD_FIELDS else 1}}} for f in seg]
        alternatives += [{"match_phrase": {f: {"query": alt, "boost": 0.3}}} for alt in (word, *others) for f in phrase]
        if rich:  # the cluster's CJK analyzer, when it has one (Archive.rich_analyzer)
            alternatives += [{"match": {f"{f}.rich": {"query": word, "operator": "and"}}} for f in phrase]
        # a term naming a finding category also matches what the checks flagged with it
        alternatives += [{"term": {"finding_categories": {"value": c, "boost": 0.5}}}
                         for c in term_categories((word, *others))]
        per_term.append({"bool": {"should": alternatives, "minimum_should_match": 1}})
    return {"bool": {"should": per_term, "minimum_should_match": "2<-1 5<75%"}}


def _number_clauses(numbers: list[str], index: str) -> list[dict[str, Any]]:
    if not numbers:
        return []
    if index == "documents":
        return [{"bool": {"should": [{"terms": {"doc_number_keys": numbers, "boost": 10}},
                                     {"terms": {"cited_numbers": numbers, "boost": 2}}]}}]
    return [{"bool": {"should": [{"match_phrase": {"text": n}} for n in numbers]}}]


def _filter_clauses(filters: dict[str, Any] | None, index: str) -> list[dict[str, Any]]:
    clauses = []
    for name, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        field = {"documents": FILTERS, "clauses": CLAUSE_FILTERS, "rows": ROW_FILTERS}[index].get(name)
        if field is None:
            raise ValueError(f"unknown filter {name!r}")
        values = value if isinstance(value, (list, tuple, set)) else [value]
        clauses.append({"terms": {field: list(values)}})
    if index == "clauses":
        clauses.append({"term": {"leaf": True}})
    return clauses


def highlight_query(query: str) -> dict[str, Any]:
    parsed = parse_query(query)
    terms = [alt for term in parsed.terms for alt in term] + parsed.numbers + parsed.laws
    terms += [parsed.bare_law] if parsed.bare_law else []
    return {"bool": {"should": [{"match_phrase": {"text": term}} for term in terms[:30]] or [{"match_none": {}}]}}
