"""Data checks for the case library of published decisions (checks/data/cases/library.jsonl).

Standard library + pytest only; no product code is imported.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "checks" / "data" / "cases" / "library.jsonl"
DEV = ROOT.parent / "shared" / "cases" / "published-dev.json"
if not DEV.is_file():  # a git worktree one level further down (e.g. <work>/wt/<name>)
    DEV = ROOT.parent.parent / "shared" / "cases" / "published-dev.json"

CATEGORIES = {
    "licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion", "market-access",
    "factor-flow", "selective-incentive", "business-conduct", "government-guarantee", "land-price",
    "ultra-vires-commitment", "missing-clause", "repealed-citation", "validity-period", "effective-date",
    "retroactivity", "higher-law-conflict",
}
OUTCOMES = {"corrected", "repealed", "void", "kept", "lawful"}
DOC_TYPES = {"normative", "local-regulation", "agreement"}
WORDINGS = {"verbatim", "paraphrase"}
FIELDS = {
    "id": str, "source": dict, "jurisdiction": str, "doc_type": str, "clause": str, "wording": str,
    "category": str, "basis": str, "outcome": str, "lawful": bool, "note": str,
}
SOURCE_FIELDS = {"url": str, "title": str, "publisher": str, "date": str}
# The counts the library truly reached (see checks/data/cases/README.md); raise them as the library grows.
MIN_UNLAWFUL = 455
MIN_LAWFUL = 215


def _records() -> list[dict]:
    with LIBRARY.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’，,。；;：:、（）()《》]", "", text)


def test_library_exists_and_parses():
    assert LIBRARY.is_file()
    assert _records()


def test_fields_present_and_typed():
    for rec in _records():
        where = rec.get("id", "?")
        for name, kind in FIELDS.items():
            assert name in rec, f"{where}: missing {name}"
            assert isinstance(rec[name], kind), f"{where}: {name} is not {kind.__name__}"
        assert "rewording" in rec, f"{where}: missing rewording"
        assert rec["rewording"] is None or isinstance(rec["rewording"], str), where
        for name, kind in SOURCE_FIELDS.items():
            assert isinstance(rec["source"].get(name), kind), f"{where}: source.{name}"
        assert rec["clause"].strip(), f"{where}: empty clause"


def test_enumerations():
    for rec in _records():
        where = rec["id"]
        assert rec["category"] in CATEGORIES, f"{where}: category {rec['category']}"
        assert rec["outcome"] in OUTCOMES, f"{where}: outcome {rec['outcome']}"
        assert rec["doc_type"] in DOC_TYPES, f"{where}: doc_type {rec['doc_type']}"
        assert rec["wording"] in WORDINGS, f"{where}: wording {rec['wording']}"
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", rec["source"]["date"]), f"{where}: date"


def test_lawful_flag_matches_outcome():
    for rec in _records():
        if rec["outcome"] in {"corrected", "repealed", "void"}:
            assert rec["lawful"] is False, rec["id"]
        if rec["outcome"] == "lawful":
            assert rec["lawful"] is True, rec["id"]


def test_urls():
    for rec in _records():
        assert rec["source"]["url"].startswith(("http://", "https://")), rec["id"]


def test_ids_unique():
    ids = [rec["id"] for rec in _records()]
    assert len(ids) == len(set(ids))


def test_no_duplicate_clauses():
    seen: dict[str, str] = {}
    for rec in _records():
        key = _norm(rec["clause"])
        assert key not in seen, f"{rec['id']} duplicates {seen.get(key)}"
        seen[key] = rec["id"]


def test_counts():
    records = _records()
    unlawful = sum(not rec["lawful"] for rec in records)
    lawful = sum(rec["lawful"] for rec in records)
    assert unlawful >= MIN_UNLAWFUL
    assert lawful >= MIN_LAWFUL


def test_no_dev_case_leaks():
    if not DEV.is_file():
        pytest.skip("shared/cases/published-dev.json not present")
    dev = json.loads(DEV.read_text(encoding="utf-8"))
    dev_urls = {case["source_url"] for case in dev}
    dev_clauses = [_norm(case["clause"]) for case in dev]
    for rec in _records():
        assert rec["source"]["url"] not in dev_urls, f"{rec['id']}: source page is a dev case page"
        clause = _norm(rec["clause"])
        for dev_clause in dev_clauses:
            assert dev_clause not in clause and clause not in dev_clause, f"{rec['id']}: overlaps a dev clause"
