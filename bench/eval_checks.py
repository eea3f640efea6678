"""Recall and false alarms of the clause checks on the development set and the held-out sets.

Run from the repository root:

    NORMREVIEW_SHARED=/path/to/shared .venv/bin/python bench/eval_checks.py [--json] [--misses] [--set NAME] [--net [--net-model PATH]]

Sets:
  dev                 tests/eval/cases.yaml (the set the rules were tuned to)
  dev-rewordings      tests/eval/dev-rewordings/*.yaml (rewordings the rule authors write and develop against)
  holdout-rewordings  tests/eval/holdout/rewordings.yaml (single clauses; NEVER tune rules to it)
  holdout-drafts      tests/eval/holdout/drafts.yaml (whole authored documents; NEVER tune rules to it)
  holdout2-rewordings tests/eval/holdout2/rewordings.yaml (a fresh held-out set of single clauses, written before
                      the clause-analysis rewrite; aggregate figures only, never --misses, never tune to it)
  holdout2-drafts     tests/eval/holdout2/drafts.yaml (4 normative drafts and 2 agreements; same rule)
  holdout2-published  tests/eval/holdout2/published.yaml (published clauses in neither the library nor
                      published-dev; same rule)
  holdout3-rewordings tests/eval/holdout3/rewordings.yaml (a third held-out set, written by a helper who read no rule,
                      before this session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout3-drafts     tests/eval/holdout3/drafts.yaml (normative drafts and agreements; same rule)
  holdout3-published  tests/eval/holdout3/published.yaml (published clauses in neither the library nor published-dev;
                      same rule)
  holdout4-rewordings tests/eval/holdout4/rewordings.yaml (a fourth held-out set, written by a helper who read no rule,
                      AFTER this session's first-round rule changes were merged: it measures the rules as they are, not a
                      change; aggregate figures only, never --misses, never tune to it)
  holdout4-drafts     tests/eval/holdout4/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout5-rewordings tests/eval/holdout5/rewordings.yaml (a fifth held-out set, written in session 6 by a helper who read
                      no rule, before that session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout5-drafts     tests/eval/holdout5/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout5-lawful-drafts tests/eval/holdout5/lawful-drafts.yaml (4 whole LAWFUL drafts, 80 articles, written blind at the end
                      of session 6: every article a look-alike, every finding a false alarm; same rule)
  holdout6-rewordings tests/eval/holdout6/rewordings.yaml (a sixth held-out set, written blind at the start of session 7,
                      before that session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout6-drafts     tests/eval/holdout6/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout6-lawful-drafts tests/eval/holdout6/lawful-drafts.yaml (4 whole LAWFUL drafts, 83 articles, written blind at the
                      start of session 7; same rule)
  holdout7-rewordings tests/eval/holdout7/rewordings.yaml (a seventh held-out set, written blind at the start of session 8,
                      before that session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout7-drafts     tests/eval/holdout7/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout7-lawful-drafts tests/eval/holdout7/lawful-drafts.yaml (4 whole LAWFUL drafts, 88 articles, written blind at the
                      start of session 8; same rule)
  holdout8-rewordings tests/eval/holdout8/rewordings.yaml (an eighth held-out set, written blind at the start of session 9,
                      before that session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout8-drafts     tests/eval/holdout8/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout8-lawful-drafts tests/eval/holdout8/lawful-drafts.yaml (4 whole LAWFUL drafts, 98 articles, written blind at the
                      start of session 9; same rule)
  holdout9-rewordings tests/eval/holdout9/rewordings.yaml (a ninth held-out set, written blind at the start of session 10,
                      before that session's rule changes; aggregate figures only, never --misses, never tune to it)
  holdout9-drafts     tests/eval/holdout9/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout9-lawful-drafts tests/eval/holdout9/lawful-drafts.yaml (4 whole LAWFUL drafts, 94 articles, written blind at the
                      start of session 10; same rule)
  holdout10-rewordings tests/eval/holdout10/rewordings.yaml (a tenth held-out set, written blind at the start of session 11,
                      before that session's changes; aggregate figures only, never --misses, never tune to it)
  holdout10-drafts    tests/eval/holdout10/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout10-lawful-drafts tests/eval/holdout10/lawful-drafts.yaml (4 whole LAWFUL drafts, written blind at the start of
                      session 11; same rule)
  holdout11-rewordings tests/eval/holdout11/rewordings.yaml (an eleventh held-out set, written blind at the start of
                      session 12, before that session's changes; aggregate figures only, never --misses, never tune to it)
  holdout11-drafts    tests/eval/holdout11/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout11-lawful-drafts tests/eval/holdout11/lawful-drafts.yaml (4 whole LAWFUL drafts, written blind at the start of
                      session 12; same rule)
  holdout12-rewordings tests/eval/holdout12/rewordings.yaml (a twelfth held-out set, written blind at the start of
                      session 13, before that session's changes; aggregate figures only, never --misses, never tune to it)
  holdout12-drafts    tests/eval/holdout12/drafts.yaml (3 normative drafts and an agreement; same rule)
  holdout12-lawful-drafts tests/eval/holdout12/lawful-drafts.yaml (4 whole LAWFUL drafts, written blind at the start of
                      session 13; same rule)
  blind7-b-rewordings tests/eval/blind7-b/rewordings.yaml (single clauses written blind in session 7 by the writers of the
                      blind development files dev-rewordings/blind-7a.yaml and blind-7b.yaml, on other sub-problems: the
                      rule helpers run it once before and once after their round; aggregate figures only, like a held-out set)
  blind7-b-lawful-drafts tests/eval/blind7-b/lawful-drafts.yaml (3 whole lawful drafts written blind beside the 5 at the end
                      of lawful-drafts.yaml; run once before and once after; aggregate figures only)
  blind8-b-rewordings tests/eval/blind8-b/rewordings.yaml (the same for the second blind round of session 7: twins of
                      dev-rewordings/blind-8a.yaml, published-case quotations, and blind-8b.yaml, articles of real drafts)
  blind8-b-lawful-drafts tests/eval/blind8-b/lawful-drafts.yaml (3 whole lawful drafts, twins of lawful-drafts.yaml's
                      second blind five)
  lawful-drafts       tests/eval/lawful-drafts.yaml (whole lawful drafts; every article is a look-alike, every finding
                      a false alarm, listed by rule; the last 10 were written blind in session 7, in two rounds of 5)
  dev-drafts          tests/eval/dev-drafts/*.yaml (whole drafts written blind as DEVELOPMENT files, from session 9: scored
                      once on the code of their day before anyone read them, then read and developed against)
  lawful-drafts-11    tests/eval/lawful-drafts-11*.yaml (whole lawful drafts written blind in session 9, development twins of
                      holdout8-lawful-drafts: each file scored once before anyone read it, then developed against)
  published           <shared>/cases/published-dev.json (real published clauses; `negative: true` = lawful)
  library             checks/data/cases/library.jsonl (457 published clauses by contract category; `lawful: true` = lawful)
  library-dev         the library's sources whose URL hash is not 0 mod 3 (about two thirds): develop rules against it
  library-val         the other third, split by source so one notice never sits on both sides: aggregate
                      figures only, never read its misses while changing a rule

The one scorer: tests/test_checks_eval.py calls score_documents() on the dev set.

Scoring
  * A single clause (rewordings, published) is wrapped as a one-article document and reviewed:
        normative:  "关于某事项的通知\\n第一条 <clause>\\n"
        agreement:  "某某项目投资协议\\n甲方：某某经济开发区管理委员会\\n乙方：某某科技有限公司\\n第一条 <clause>\\n"
    It counts as found when a finding of the expected category lies on the clause (its quote is a piece of
    the clause, or its clause_text holds the clause).
  * A whole document (dev, drafts) counts an expected item as found when a finding of the expected category
    has the expected piece in its quote or clause_text (or, for what a document lacks, the expected rule).
  * A false alarm is any finding, warnings included, on a lawful look-alike. For single clauses, findings of
    the document-level categories about what the wrapper lacks (validity-period, effective-date, doc-number,
    procedure-materials, missing-clause) are not counted. For documents, a look-alike is alarmed when a
    finding that matches no expected item has the look-alike piece in its quote or clause_text.
    Documents also report "unexpected" findings: findings matching neither an expected item nor a look-alike,
    and "stray" findings: all findings matching no expected item (alarms and unexpected together).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRAPPER_CATEGORIES = {"validity-period", "effective-date", "doc-number", "procedure-materials", "missing-clause"}
NORMATIVE_WRAPPER = "关于某事项的通知\n第一条 {clause}\n"
WITH_NET = False  # --net: add the second net's warnings to the rules' findings
NET_MODEL: Path | None = None  # --net-model: a model trained without the evaluated half (train_second_net.py --out)
AGREEMENT_WRAPPER = "某某项目投资协议\n甲方：某某经济开发区管理委员会\n乙方：某某科技有限公司\n第一条 {clause}\n"


# --- the ONE call into the product ------------------------------------------------------------------------
def review_text(text: str) -> list[Any]:
    """Review a plain text; return findings with .category/.rule/.quote/.clause_text/.start/.end."""
    return reviewed_text(text)[1]


def reviewed_text(text: str) -> tuple[str, list[Any]]:
    """Review a plain text; return the extracted document's text (which the findings' .start/.end index) and the findings.

    The only place that knows the product's API (being refactored): change this function, nothing else.
    """
    from normreview.checks.engine import review_document
    from normreview.extractors import extract_text

    document = extract_text(text)
    findings = review_document(document)
    if WITH_NET:  # the second net's warnings on the sentences no rule flagged (checks/second_net.py)
        from normreview.checks.second_net import MODEL, load_net, net_findings

        findings = findings + net_findings(document, findings, net=load_net(NET_MODEL or MODEL))
    return document.text, findings


# --- sets ---------------------------------------------------------------------------------------------------
def shared_dir() -> Path:
    if os.environ.get("NORMREVIEW_SHARED"):
        return Path(os.environ["NORMREVIEW_SHARED"])
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        if candidate.exists():
            os.environ["NORMREVIEW_SHARED"] = str(candidate)  # the product resolves its statutes there too
            return candidate
    return ROOT.parent / "shared"


def clause_items(name: str) -> list[dict]:
    """Single clauses: {id, category (None = lawful), kind, text, target, form}."""
    if name.endswith("-rewordings"):  # dev-rewordings: every file of its folder; a held-out set: its one file
        folder = name.removesuffix("-rewordings")
        paths = sorted((ROOT / "tests/eval/dev-rewordings").glob("*.yaml")) if folder == "dev" \
            else [ROOT / "tests/eval" / folder / "rewordings.yaml"]
        records = [r for path in paths for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
        return [{"id": r["id"], "category": r.get("category"), "kind": r.get("kind", "normative"),
                 "text": r["text"].strip(), "target": r.get("target"), "form": r.get("form")} for r in records]
    if name == "published":
        records = json.loads((shared_dir() / "cases/published-dev.json").read_text(encoding="utf-8"))
        return [{"id": r["id"], "category": None if r.get("negative") else r["category"],
                 "kind": "agreement" if "agreement" in r.get("doc_type", "") else "normative",
                 "text": r["clause"].strip(), "target": r["category"], "form": "published"} for r in records]
    if name.startswith("library") or name in HELD_OUT_PUBLISHED:
        if name in HELD_OUT_PUBLISHED:
            records = yaml.safe_load((ROOT / HELD_OUT_PUBLISHED[name]).read_text(encoding="utf-8"))
        else:
            records = [json.loads(line) for line in (ROOT / "checks/data/cases/library.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        if name != "library" and name not in HELD_OUT_PUBLISHED:
            records = [r for r in records if _library_half(r) == name]
        return [{"id": r["id"], "category": None if r.get("lawful") else r["category"],
                 "kind": "agreement" if "agreement" in r.get("doc_type", "") else "normative",
                 "text": r["clause"].strip(), "target": r["category"], "form": r.get("wording") or "published"} for r in records]
    raise ValueError(name)


HELD_OUT_PUBLISHED = {"holdout2-published": "tests/eval/holdout2/published.yaml",
                      "holdout3-published": "tests/eval/holdout3/published.yaml"}


def _library_half(record: dict) -> str:
    # Split by source, so that two clauses of one notice never sit on both sides.
    digest = hashlib.sha1(record["source"]["url"].encode("utf-8")).hexdigest()
    return "library-val" if int(digest, 16) % 3 == 0 else "library-dev"


DOCUMENT_SETS = {"dev": "tests/eval/cases.yaml", "holdout-drafts": "tests/eval/holdout/drafts.yaml",
                 "holdout2-drafts": "tests/eval/holdout2/drafts.yaml", "holdout3-drafts": "tests/eval/holdout3/drafts.yaml",
                 "holdout4-drafts": "tests/eval/holdout4/drafts.yaml", "holdout5-drafts": "tests/eval/holdout5/drafts.yaml",
                 "holdout5-lawful-drafts": "tests/eval/holdout5/lawful-drafts.yaml",
                 "holdout6-drafts": "tests/eval/holdout6/drafts.yaml", "holdout6-lawful-drafts": "tests/eval/holdout6/lawful-drafts.yaml",
                 "holdout7-drafts": "tests/eval/holdout7/drafts.yaml", "holdout7-lawful-drafts": "tests/eval/holdout7/lawful-drafts.yaml",
                 "blind7-b-lawful-drafts": "tests/eval/blind7-b/lawful-drafts.yaml",
                 "holdout8-drafts": "tests/eval/holdout8/drafts.yaml",
                 "holdout8-lawful-drafts": "tests/eval/holdout8/lawful-drafts.yaml",
                 "holdout9-drafts": "tests/eval/holdout9/drafts.yaml",
                 "holdout9-lawful-drafts": "tests/eval/holdout9/lawful-drafts.yaml",
                 "holdout10-drafts": "tests/eval/holdout10/drafts.yaml",
                 "holdout10-lawful-drafts": "tests/eval/holdout10/lawful-drafts.yaml",
                 "holdout11-drafts": "tests/eval/holdout11/drafts.yaml",
                 "holdout11-lawful-drafts": "tests/eval/holdout11/lawful-drafts.yaml",
                 "holdout12-drafts": "tests/eval/holdout12/drafts.yaml",
                 "holdout12-lawful-drafts": "tests/eval/holdout12/lawful-drafts.yaml",
                 "blind8-b-lawful-drafts": "tests/eval/blind8-b/lawful-drafts.yaml", "lawful-drafts": "tests/eval/lawful-drafts.yaml",
                 "lawful-drafts-11": "tests/eval/lawful-drafts-11*.yaml", "dev-drafts": "tests/eval/dev-drafts"}
# Whole drafts with nothing to find: every article is a look-alike, so every finding is a false alarm.
LAWFUL_DOCUMENT_SETS = ("lawful-drafts", "lawful-drafts-11", "holdout5-lawful-drafts", "holdout6-lawful-drafts", "holdout7-lawful-drafts",
                        "holdout8-lawful-drafts", "holdout9-lawful-drafts", "holdout10-lawful-drafts", "holdout11-lawful-drafts",
                        "holdout12-lawful-drafts",
                        "blind7-b-lawful-drafts", "blind8-b-lawful-drafts")


def document_items(name: str) -> list[dict]:
    path = ROOT / DOCUMENT_SETS[name]
    # A folder (dev-drafts) or a pattern (lawful-drafts-11*) holds one file per round of drafts; else the file is the set.
    paths = sorted(ROOT.glob(DOCUMENT_SETS[name])) if "*" in DOCUMENT_SETS[name] else \
        sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    cases = [case for p in paths for case in yaml.safe_load(p.read_text(encoding="utf-8")) or []]
    if name in LAWFUL_DOCUMENT_SETS:
        cases = [{**case, "look_alikes": [line.strip() for line in case["text"].splitlines()[1:] if line.strip()]}
                 for case in cases]
    return cases


# --- scoring ------------------------------------------------------------------------------------------------
def _on_clause(finding: Any, clause: str) -> bool:
    quote, unit = finding.quote or "", finding.clause_text or ""
    return bool(quote) and (quote in clause or clause in unit or (unit and unit in clause) or clause in quote)


def _matches(finding: Any, expected: dict) -> bool:
    if finding.category != expected["category"]:
        return False
    if "rule" in expected:
        return finding.rule == expected["rule"]
    return expected["clause"] in (finding.clause_text or "") or expected["clause"] in (finding.quote or "")


def _touches(finding: Any, piece: str, text: str) -> bool:
    """A finding touches a look-alike when its clause or quote holds the look-alike, or its quote lies inside it — at
    the look-alike's own place in the document: a short quote of another article ("向区") that the look-alike's words
    happen to contain is not a finding on it (session 9; before, any occurrence counted)."""
    if piece in (finding.clause_text or "") or piece in (finding.quote or ""):
        return True
    if not finding.quote or finding.quote not in piece:
        return False
    places = [m.start() for m in re.finditer(re.escape(piece), text)]
    if not places:  # the extraction changed the piece's characters: its place is unknown, any occurrence counts
        return True
    return any(start < finding.end and finding.start < start + len(piece) for start in places)


def score_clauses(items: list[dict]) -> dict:
    expected_n, found_n = Counter(), Counter()
    by_form, by_target, misses, alarms = defaultdict(Counter), defaultdict(Counter), [], []
    look_alikes = alarmed = 0
    alarm_categories = Counter()
    for item in items:
        wrapper = AGREEMENT_WRAPPER if item["kind"] == "agreement" else NORMATIVE_WRAPPER
        findings = review_text(wrapper.format(clause=item["text"]))
        if item["category"]:
            expected_n[item["category"]] += 1
            by_form[item["form"]]["expected"] += 1
            by_target[item["target"]]["expected"] += 1
            if any(f.category == item["category"] and _on_clause(f, item["text"]) for f in findings):
                found_n[item["category"]] += 1
                by_form[item["form"]]["found"] += 1
                by_target[item["target"]]["found"] += 1
            else:
                got = sorted({f.category for f in findings if f.category not in WRAPPER_CATEGORIES})
                misses.append({"id": item["id"], "category": item["category"], "got": got, "text": item["text"]})
        else:
            look_alikes += 1
            hits = [f for f in findings if f.category not in WRAPPER_CATEGORIES]
            if hits:
                alarmed += 1
                for f in hits:
                    alarm_categories[f.category] += 1
                alarms.append({"id": item["id"], "rules": sorted({f.rule for f in hits}), "text": item["text"]})
    return _summary(expected_n, found_n, look_alikes, alarmed, alarm_categories, misses, alarms,
                    items=len(items), by_form={k: dict(v) for k, v in sorted(by_form.items())},
                    by_target={k: dict(v) for k, v in by_target.items()})


def score_documents(cases: list[dict]) -> dict:
    expected_n, found_n, alarm_categories = Counter(), Counter(), Counter()
    misses, alarms, unexpected = [], [], []
    look_alikes = alarmed = stray_n = 0
    stray_rules = Counter()
    for case in cases:
        text, findings = reviewed_text(case["text"])
        for expected in case["expected"]:
            expected_n[expected["category"]] += 1
            if any(_matches(f, expected) for f in findings):
                found_n[expected["category"]] += 1
            else:
                misses.append({"case": case["name"], **expected})
        stray = [f for f in findings if not any(_matches(f, e) for e in case["expected"])]
        stray_n += len(stray)
        stray_rules.update(f.rule for f in stray)
        for piece in case.get("look_alikes", []):
            look_alikes += 1
            hits = [f for f in stray if _touches(f, piece, text)]
            if hits:
                alarmed += 1
                for f in hits:
                    alarm_categories[f.category] += 1
                alarms.append({"case": case["name"], "look_alike": piece, "rules": sorted({f.rule for f in hits})})
        for f in stray:
            if not any(_touches(f, piece, text) for piece in case.get("look_alikes", [])):
                unexpected.append({"case": case["name"], "rule": f.rule, "category": f.category, "quote": f.quote})
    result = _summary(expected_n, found_n, look_alikes, alarmed, alarm_categories, misses, alarms, items=len(cases))
    result["unexpected_findings"] = len(unexpected)
    result["unexpected"] = unexpected
    result["stray_findings"] = stray_n
    result["stray_findings_per_10_look_alikes"] = round(10 * stray_n / look_alikes, 2) if look_alikes else None
    result["stray_findings_by_rule"] = dict(stray_rules.most_common())
    return result


def _summary(expected_n, found_n, look_alikes, alarmed, alarm_categories, misses, alarms, **extra) -> dict:
    categories = sorted(set(expected_n) | set(alarm_categories))
    per_category = {c: {"expected": expected_n[c], "found": found_n[c],
                        "recall": round(found_n[c] / expected_n[c], 3) if expected_n[c] else None,
                        "alarm_findings": alarm_categories[c]} for c in categories}
    total = sum(expected_n.values())
    return {**extra, "expected": total, "found": sum(found_n.values()),
            "recall": round(sum(found_n.values()) / total, 3) if total else None,
            "look_alikes": look_alikes, "look_alikes_alarmed": alarmed,
            "false_alarm_rate": round(alarmed / look_alikes, 3) if look_alikes else None,
            "per_category": per_category, "misses": misses, "alarms": alarms}


SETS = ("dev", "dev-rewordings", "holdout-rewordings", "holdout-drafts", "holdout2-rewordings", "holdout2-drafts",
        "holdout2-published", "holdout3-rewordings", "holdout3-drafts", "holdout3-published", "holdout4-rewordings",
        "holdout4-drafts", "holdout5-rewordings", "holdout5-drafts", "holdout5-lawful-drafts", "holdout6-rewordings",
        "holdout6-drafts", "holdout6-lawful-drafts", "holdout7-rewordings", "holdout7-drafts", "holdout7-lawful-drafts",
        "holdout8-rewordings", "holdout8-drafts", "holdout8-lawful-drafts",
        "holdout9-rewordings", "holdout9-drafts", "holdout9-lawful-drafts",
        "holdout10-rewordings", "holdout10-drafts", "holdout10-lawful-drafts",
        "holdout11-rewordings", "holdout11-drafts", "holdout11-lawful-drafts",
        "holdout12-rewordings", "holdout12-drafts", "holdout12-lawful-drafts",
        "blind7-b-rewordings", "blind7-b-lawful-drafts",
        "blind8-b-rewordings", "blind8-b-lawful-drafts", "published", "library",
        "library-dev", "library-val", "lawful-drafts", "lawful-drafts-11", "dev-drafts")
DEFAULT_SETS = tuple(name for name in SETS if name not in ("library-dev", "library-val", "lawful-drafts", "lawful-drafts-11"))
# Sets whose items nobody but their author may read: the output keeps their counts and drops their texts.
# The run-once blind sets (blind7-b-…) are read by nobody either: a rule helper runs them before and after its round.
HELD_OUT = tuple(name for name in SETS if name.startswith(("holdout", "blind"))) + ("library-val",)
ITEM_DETAIL = ("misses", "alarms", "unexpected", "by_target", "stray_findings_by_rule")


def redact_held_out(results: dict) -> dict:
    """Drop the per-item lists of held-out sets (texts, ids, targets); aggregate figures stay."""
    return {name: ({k: v for k, v in r.items() if k not in ITEM_DETAIL} if name in HELD_OUT else r)
            for name, r in results.items()}


def evaluate(names: Iterable[str] = DEFAULT_SETS) -> dict:
    shared_dir()
    results = {}
    for name in names:
        if name in DOCUMENT_SETS:
            results[name] = score_documents(document_items(name))
        else:
            results[name] = score_clauses(clause_items(name))
    return results


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def print_table(results: dict, show_misses: bool) -> None:
    for name, r in results.items():
        print(f"== {name}: {r['items']} items; recall {_fmt(r['recall'])} ({r['found']}/{r['expected']}); "
              f"look-alikes alarmed {r['look_alikes_alarmed']}/{r['look_alikes']} "
              f"(false-alarm rate {_fmt(r['false_alarm_rate'])})"
              + (f"; unexpected findings {r['unexpected_findings']}" if "unexpected_findings" in r else ""))
        print(f"   {'category':24} {'expected':>8} {'found':>6} {'recall':>7} {'alarm findings':>15}")
        for category, row in r["per_category"].items():
            print(f"   {category:24} {row['expected']:>8} {row['found']:>6} {_fmt(row['recall']):>7} "
                  f"{row['alarm_findings']:>15}")
        if r.get("by_form"):
            print("   by form: " + ", ".join(f"{k} {v.get('found', 0)}/{v['expected']}" for k, v in r["by_form"].items()))
        if r.get("stray_findings_by_rule"):
            print("   findings by rule: " + ", ".join(f"{k} {v}" for k, v in r["stray_findings_by_rule"].items()))
        if r.get("by_target") and show_misses:
            print("   by target: " + ", ".join(f"{k} {v.get('found', 0)}/{v['expected']}" for k, v in r["by_target"].items()))
        if show_misses:
            for miss in r.get("misses", []):
                print(f"   missed: {miss}")
            for alarm in r.get("alarms", []):
                print(f"   false alarm: {alarm}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--misses", action="store_true",
                        help="list misses and false alarms under each table (development sets only; held-out sets "
                             "print aggregate figures only)")
    parser.add_argument("--set", action="append", choices=SETS, help="only this set (repeatable)")
    parser.add_argument("--net", action="store_true", help="add the second net's warnings (checks/second_net.py)")
    parser.add_argument("--net-model", type=Path, help="the second net's model file for --net (default: the product's); "
                        "for library-val, one trained with `bench/train_second_net.py --train-split library-dev --out PATH`")
    args = parser.parse_args()
    global WITH_NET, NET_MODEL
    WITH_NET, NET_MODEL = args.net, args.net_model
    results = redact_held_out(evaluate(args.set or DEFAULT_SETS))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print_table(results, args.misses)


if __name__ == "__main__":
    main()
