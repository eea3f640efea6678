"""The held-out set 2 (tests/eval/holdout2/) keeps its shape: unique ids, categories of the review contract,
sources for published clauses, and nothing copied from the case library or published-dev (issue #14 item 4).

These tests read the files' fields, never print their texts: a failure names ids only."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from normreview.settings import settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT2 = ROOT / "tests" / "eval" / "holdout2"
FCR_ITEMS = {f"FCR-8-{i}" for i in range(1, 6)} | {f"FCR-9-{i}" for i in range(1, 7)} | \
    {f"FCR-10-{i}" for i in range(1, 5)} | {f"FCR-11-{i}" for i in range(1, 5)}
FORMS = {"synonym", "word-order", "place-name", "embedded", "condition", "passive", "list-item", "agreement",
         "plain", "lawful"}
OUTCOMES = {"corrected", "revised", "repealed", "lapsed", "rectifying", "kept"}


def _load(name: str):
    return yaml.safe_load((HOLDOUT2 / name).read_text(encoding="utf-8"))


def _normalise(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def contract_categories() -> set[str]:
    contract = (settings().shared_dir / "review-contract.md").read_text(encoding="utf-8")
    section = contract.split("## Finding categories", 1)[1]
    return set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.M))


@pytest.fixture(scope="module")
def elsewhere() -> tuple[list[str], set[str]]:
    """Normalised clauses and source URLs of the case library and published-dev."""
    library = [json.loads(line) for line in
               (ROOT / "checks/data/cases/library.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = json.loads((settings().shared_dir / "cases/published-dev.json").read_text(encoding="utf-8"))
    clauses = [_normalise(r["clause"]) for r in library] + [_normalise(r["clause"]) for r in dev]
    urls = {r["source"]["url"] for r in library} | {r["source_url"] for r in dev}
    return [c for c in clauses if c], urls


def _copied(text: str, clauses: list[str]) -> bool:
    # Equal, or one holds the other (a clause quoted inside a longer quote), after normalisation.
    mine = _normalise(text)
    return any(mine == other or (len(other) >= 12 and other in mine) or (len(mine) >= 12 and mine in other)
               for other in clauses)


def test_rewordings_shape(contract_categories):
    items = _load("rewordings.yaml")
    ids = [r["id"] for r in items]
    assert len(ids) == len(set(ids)) >= 250
    for r in items:
        assert set(r) == {"id", "target", "category", "kind", "form", "text"}, r["id"]
        assert r["category"] is None or r["category"] in contract_categories, r["id"]
        assert r["kind"] in ("normative", "agreement") and r["form"] in FORMS and r["text"].strip(), r["id"]
        assert (r["category"] is None) == (r["form"] == "lawful"), r["id"]
    unlawful = [r for r in items if r["category"]]
    assert 0.65 <= len(unlawful) / len(items) <= 0.75
    assert {r["target"] for r in unlawful} >= FCR_ITEMS, sorted(FCR_ITEMS - {r["target"] for r in unlawful})


def test_drafts_shape(contract_categories):
    drafts = _load("drafts.yaml")
    names = [d["name"] for d in drafts]
    assert len(names) == len(set(names))
    kinds = [d["kind"] for d in drafts]
    assert kinds.count("normative") >= 4 and kinds.count("agreement") >= 2
    for d in drafts:
        assert 5 <= len(d["expected"]) <= 9 and len(d["look_alikes"]) >= 4, d["name"]
        articles = re.findall(r"^(第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+、)", d["text"], flags=re.M)
        assert len(articles) >= 12, d["name"]
        for expected in d["expected"]:
            assert expected["category"] in contract_categories, d["name"]
            assert ("clause" in expected) != ("rule" in expected), d["name"]
            assert expected.get("clause", "") in d["text"], d["name"]
        assert all(piece in d["text"] for piece in d["look_alikes"]), d["name"]


def test_published_shape(contract_categories):
    records = _load("published.yaml")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) >= 40
    for r in records:
        source = r["source"]
        assert all(isinstance(source.get(k), str) and source[k].strip() for k in ("url", "title", "publisher", "date")), r["id"]
        assert re.fullmatch(r"https?://\S+", source["url"]) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", source["date"]), r["id"]
        assert r["wording"] in ("verbatim", "paraphrase") and r["clause"].strip(), r["id"]
        assert r["category"] in contract_categories and isinstance(r["lawful"], bool), r["id"]
        assert r["doc_type"] in ("normative", "local-regulation", "agreement") and r["outcome"] in OUTCOMES, r["id"]
        assert (r["outcome"] == "kept") == r["lawful"], r["id"]


def test_no_item_is_copied_from_the_library_or_published_dev(elsewhere):
    clauses, urls = elsewhere
    published = _load("published.yaml")
    assert not [r["id"] for r in published if r["source"]["url"] in urls]
    assert not [r["id"] for r in published if _copied(r["clause"], clauses)]
    assert not [r["id"] for r in _load("rewordings.yaml") if _copied(r["text"], clauses)]
    pieces = [(d["name"], e["clause"]) for d in _load("drafts.yaml") for e in d["expected"] if "clause" in e]
    assert not [name for name, piece in pieces if _copied(piece, clauses)]


def test_ids_are_unique_across_the_three_files():
    ids = [r["id"] for r in _load("rewordings.yaml")] + [r["id"] for r in _load("published.yaml")] + \
        [d["name"] for d in _load("drafts.yaml")]
    assert len(ids) == len(set(ids))


def test_the_bench_prints_no_item_of_a_held_out_set():
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_checks", ROOT / "bench" / "eval_checks.py")
    eval_checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_checks)
    assert {"holdout2-rewordings", "holdout2-drafts", "holdout2-published"} <= set(eval_checks.DEFAULT_SETS)
    detail = {"recall": 0.5, "misses": [{"id": "x"}], "alarms": [{"id": "y"}], "unexpected": [], "by_target": {"t": {}}}
    shown = eval_checks.redact_held_out({"holdout2-rewordings": dict(detail), "dev": dict(detail)})
    assert shown["holdout2-rewordings"] == {"recall": 0.5}
    assert shown["dev"] == detail
