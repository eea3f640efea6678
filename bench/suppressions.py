"""Ablation of the review's suppressions: what each place that silences a matched rule silences on the development sets.

Run from the repository root:

    NORMREVIEW_SHARED=/path/to/shared .venv/bin/python bench/suppressions.py [--point NAME ...] [--show NAME] [--json]

A suppression point is a place where a rule's frame or pattern matched and something then silenced it: the restatement
of a statute (engine.restates_statute), a licence, approval, fee or penalty the statute itself sets (engine._restated_licence
and its parts), a removed provision, a national policy's lead, a legal basis that leads, closes or is carried to the clause
(lead_anchor, carried_article, listed_basis, the frame's anchored test), a negated measure, each named condition of
checks/data/conditions.yaml (and ties.yaml) that rules read as `unless` / `unless_before`, and document_rules' exceptions.
For each point the script disables that one point (``ablated(name)``: the point returns its "not silenced" value, a regex
matches nothing, a condition is dropped from every rule), reviews the development sets again and prints, per set, the
unlawful items gained (found with the point off, missed with it on), the items lost (the reverse), and the lawful
look-alikes newly alarmed (and those no longer alarmed).

How it stays fast: the baseline run wraps every point in a spy (``instrumented()``) that records, for each reviewed text,
the points that silenced something in it; a point is a pure function of the text, so an ablation reviews again only the
texts where that point fired and takes the baseline findings for the rest. ``--full`` reviews every text again instead
(a check of that shortcut). Caches that outlive one review (engine.analysed: the Docs, with the per-frame caches read
into them) are cleared between ablations.

Sets: dev-rewordings, library-dev, dev-drafts, lawful-drafts, lawful-drafts-11, and library-val as aggregate counts only
(its items and texts are never printed, nor listed by --show). No holdout or blind set is read.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import eval_checks  # noqa: E402  (bench/eval_checks.py: the loaders and the one scorer)
from eval_checks import DOCUMENT_SETS, clause_items, document_items, score_clauses, score_documents, shared_dir  # noqa: E402

from normreview.checks import catalogue, document_rules  # noqa: E402
from normreview.checks import engine as E  # noqa: E402

DEV_SETS = ("dev-rewordings", "library-dev", "dev-drafts", "lawful-drafts", "lawful-drafts-11")
AGGREGATE_SETS = ("library-val",)  # counts only: never an item, never a text
LAWFUL_SETS = ("lawful-drafts", "lawful-drafts-11")

# --- the switch -------------------------------------------------------------------------------------------------
ACTIVE: set[str] = set()  # the points disabled now
FIRED: dict[str, set[str]] = {}  # reviewed text -> the points that silenced something in it (baseline run)
_CURRENT: list[str] = [""]  # the text under review


def _fired(name: str) -> None:
    FIRED.setdefault(_CURRENT[0], set()).add(name)


def _supp(name: str, value: Any) -> Any:
    """An inline test of the engine (see _INLINE): off → False; else its value, recorded when it silences."""
    if name in ACTIVE:
        return False
    if value:
        _fired(name)
    return value


class _SpyPattern:
    """A regex that records when it matches and matches nothing while its point is off."""

    def __init__(self, name: str, pattern: re.Pattern[str]):
        self.name, self.wrapped, self.pattern = name, pattern, pattern.pattern

    def _call(self, method: str, *args: Any) -> Any:
        if self.name in ACTIVE:
            return None
        found = getattr(self.wrapped, method)(*args)
        if found:
            _fired(self.name)
        return found

    def search(self, *args: Any) -> Any:
        return self._call("search", *args)

    def match(self, *args: Any) -> Any:
        return self._call("match", *args)

    def fullmatch(self, *args: Any) -> Any:
        return self._call("fullmatch", *args)

    def finditer(self, *args: Any) -> Iterator[re.Match[str]]:
        return iter(()) if self.name in ACTIVE else self._finditer(*args)

    def _finditer(self, *args: Any) -> Iterator[re.Match[str]]:
        found = list(self.wrapped.finditer(*args))
        if found:
            _fired(self.name)
        return iter(found)


def _spy_function(name: str, function: Callable[..., Any], off: Any) -> Callable[..., Any]:
    def spy(*args: Any, **kwargs: Any) -> Any:
        if name in ACTIVE:
            return off
        result = function(*args, **kwargs)
        if result:
            _fired(name)
        return result
    spy.__wrapped__ = function  # type: ignore[attr-defined]
    return spy


# (module, attribute, value when off) — a function that silences when it returns something truthy
FUNCTION_POINTS = {
    "restates_statute": (E, "restates_statute", False),
    "restated_joined": (E, "restated_joined", False),
    "_restated_licence": (E, "_restated_licence", False),
    "restated_activity": (E, "restated_activity", None),
    "_statutory_approver": (E, "_statutory_approver", False),
    "_issues_statutory_licence": (E, "_issues_statutory_licence", False),
    "_statutory_qualification": (E, "_statutory_qualification", False),
    "_restated_fee": (E, "_restated_fee", False),
    "restated_fine": (E, "restated_fine", False),
    "fine_conflicts.restated_penalty": (E, "restated_penalty", False),
    "removed_provision": (E, "removed_provision", False),
    "national_policy_lead": (E, "national_policy_lead", False),
    "lead_anchor": (E, "lead_anchor", False),
    "carried_article": (E, "carried_article", False),
    "listed_basis": (E, "listed_basis", False),
}
# (module, attribute) — a regex whose match silences
PATTERN_POINTS = {
    "CORRESPONDING": (E, "CORRESPONDING"),
    "LICENSED_OTHER": (E, "LICENSED_OTHER"),
    "APPROVAL_AS_MODIFIER": (E, "APPROVAL_AS_MODIFIER"),
    "STATUTORY_LATE_FEE": (E, "STATUTORY_LATE_FEE"),
    "document_rules.RETRO_SPARED": (document_rules, "RETRO_SPARED"),
}
# The statutory-licences lexicon (engine._statutory_licences): a term of it in the measure, the phrase or the licence issued.
LEXICON_POINT = "statutory-licences lexicon"
# Tests written inline in engine.frame_fits: (the source as it stands, the same test read through _supp).
_INLINE = (
    ("    if spec.anchored is not None and (_anchored(spec, frame) or lead_anchor) != spec.anchored:\n",
     "    anchor = _supp('frame.anchored (clause anchor)', _anchored(spec, frame)) or lead_anchor\n"
     "    anchor = _supp('anchored test', anchor) if spec.anchored is False else anchor\n"
     "    if spec.anchored is not None and anchor != spec.anchored:\n"),
    ("        if spec.statutory and phrase is not None and statutory_licence_in(phrase.text, sentence or frame.text):\n",
     "        if _supp('statutory phrase', spec.statutory and phrase is not None and statutory_licence_in(phrase.text, sentence or frame.text)):\n"),
    ("    if not spec.negated and any(m.cls in spec.measures and _negates(m, frame) for m in frame.measures):\n",
     "    if _supp('negated measure', not spec.negated and any(m.cls in spec.measures and _negates(m, frame) for m in frame.measures)):\n"),
)
INLINE_POINTS = ("frame.anchored (clause anchor)", "anchored test", "statutory phrase", "negated measure")


def _condition_sources() -> dict[str, set[str]]:
    """Each named condition (leaf) and the regex sources it stands for."""
    named = catalogue.conditions()

    def leaves(name: str, seen: tuple[str, ...] = ()) -> set[str]:
        value = named[name]
        if isinstance(value, list):
            return {s for v in value for s in (leaves(v[1:], seen + (name,)) if v.startswith("$") and v[1:] not in seen else {v})}
        return {value}
    return {name: leaves(name) for name, value in named.items() if not isinstance(value, list)}


def _instrumented_rules() -> tuple[tuple[Any, ...], list[str]]:
    """The catalogue with each `unless` / `unless_before` regex that a named condition compiles to replaced by its spy;
    and the names of the conditions some rule reads that way."""
    by_source = {source: f"${name}" for name, sources in _condition_sources().items() for source in sources}
    used: set[str] = set()

    def spied(patterns: list[re.Pattern[str]]) -> list[Any]:
        out = []
        for p in patterns:
            name = by_source.get(p.pattern)
            if name is not None:
                used.add(name)
                out.append(_SpyPattern(name, p))
            else:
                out.append(p)
        return out
    rules = tuple(replace(r, unless=spied(r.unless), unless_before=spied(r.unless_before)) for r in catalogue.load_rules())
    return rules, sorted(used)


@contextlib.contextmanager
def instrumented() -> Iterator[list[str]]:
    """Every suppression point wrapped in its spy (the review unchanged while ACTIVE is empty); yields the point names."""
    saved: list[tuple[Any, str, Any]] = []

    def put(module: Any, attribute: str, value: Any) -> None:
        saved.append((module, attribute, getattr(module, attribute)))
        setattr(module, attribute, value)
    try:
        for name, (module, attribute, off) in FUNCTION_POINTS.items():
            put(module, attribute, _spy_function(name, getattr(module, attribute), off))
        for name, (module, attribute) in PATTERN_POINTS.items():
            put(module, attribute, _SpyPattern(name, getattr(module, attribute)))
        lexicon = _SpyPattern(LEXICON_POINT, E._statutory_licences())
        put(E, "_statutory_licences", lambda: lexicon)
        source = textwrap.dedent(inspect.getsource(E.frame_fits))
        for old, new in _INLINE:
            if old not in source:
                raise RuntimeError(f"engine.frame_fits changed: {old.strip()!r} not found; update _INLINE")
            source = source.replace(old, new)
        namespace = dict(vars(E), _supp=_supp)
        exec(compile(source, E.__file__, "exec"), namespace)  # noqa: S102  (the engine's own function, its tests read through _supp)
        put(E, "frame_fits", namespace["frame_fits"])
        rules, conditions_used = _instrumented_rules()
        put(E, "load_rules", lambda: rules)
        yield [*FUNCTION_POINTS, *PATTERN_POINTS, LEXICON_POINT, *INLINE_POINTS, *conditions_used]
    finally:
        for module, attribute, value in reversed(saved):
            setattr(module, attribute, value)


def clear_caches() -> None:
    """What outlives one review: the Docs analysed (engine.analysed) and what was read into them."""
    E._analysed.cache_clear()


@contextlib.contextmanager
def ablated(name: str) -> Iterator[None]:
    """Disable one suppression point (inside ``instrumented()``)."""
    clear_caches()
    ACTIVE.add(name)
    try:
        yield
    finally:
        ACTIVE.discard(name)
        clear_caches()


# --- runs --------------------------------------------------------------------------------------------------------
_BASELINE: dict[str, tuple[str, list[Any]]] = {}
_RERUN_ALL = [False]
_original_reviewed_text = eval_checks.reviewed_text


def _reviewed_text(text: str) -> tuple[str, list[Any]]:
    """eval_checks.reviewed_text, remembered per text in the baseline; an ablation reviews again only the texts where a
    disabled point fired (or every text with --full)."""
    if not ACTIVE:
        if text not in _BASELINE:
            _CURRENT[0] = text
            _BASELINE[text] = _original_reviewed_text(text)
        return _BASELINE[text]
    if not _RERUN_ALL[0] and not (FIRED.get(text, set()) & ACTIVE):
        return _BASELINE[text]
    _CURRENT[0] = ""  # what fires while a point is off is not recorded
    return _original_reviewed_text(text)


def score(name: str) -> dict:
    return score_documents(document_items(name)) if name in DOCUMENT_SETS else score_clauses(clause_items(name))


def _keys(result: dict, name: str) -> tuple[set, set]:
    """The missed unlawful items and the alarmed look-alikes of a result, as keys."""
    if name in DOCUMENT_SETS:
        misses = {(m["case"], m["category"], m.get("clause") or m.get("rule")) for m in result["misses"]}
        alarms = {(a["case"], a["look_alike"]) for a in result["alarms"]}
    else:
        misses = {m["id"] for m in result["misses"]}
        alarms = {a["id"] for a in result["alarms"]}
    return misses, alarms


def compare(base: dict, off: dict, name: str) -> dict:
    base_misses, base_alarms = _keys(base, name)
    off_misses, off_alarms = _keys(off, name)
    row = {"gained": len(base_misses - off_misses), "lost": len(off_misses - base_misses),
           "new_alarms": len(off_alarms - base_alarms), "cleared_alarms": len(base_alarms - off_alarms),
           "found": off["found"], "expected": off["expected"], "alarmed": off["look_alikes_alarmed"]}
    if name not in AGGREGATE_SETS:
        row["items"] = {"gained": sorted(map(str, base_misses - off_misses)), "lost": sorted(map(str, off_misses - base_misses)),
                        "new_alarms": sorted(map(str, off_alarms - base_alarms)),
                        "cleared_alarms": sorted(map(str, base_alarms - off_alarms))}
    return row


def _misses_text(result: dict, name: str) -> dict[str, str]:
    """A development set's missed items and alarms, keyed as _keys keys them, with their text for --show."""
    if name in DOCUMENT_SETS:
        out = {str((m["case"], m["category"], m.get("clause") or m.get("rule"))): m.get("clause") or m.get("rule", "") for m in result["misses"]}
        out |= {str((a["case"], a["look_alike"])): f"{a['look_alike']} ({', '.join(a['rules'])})" for a in result["alarms"]}
        return out
    out = {m["id"]: f"[{m['category']}] {m['text']}" for m in result["misses"]}
    out |= {a["id"]: f"({', '.join(a['rules'])}) {a['text']}" for a in result["alarms"]}
    return out


def run(points: list[str] | None, sets: tuple[str, ...], show: list[str], full: bool) -> dict:
    shared_dir()
    eval_checks.reviewed_text = _reviewed_text
    try:
        with instrumented() as names:
            base = {name: score(name) for name in sets}
            fired_on = {p: sum(p in f for f in FIRED.values()) for p in names}
            chosen = points or names
            unknown = set(chosen) - set(names)
            if unknown:
                raise SystemExit(f"unknown point(s): {', '.join(sorted(unknown))}; known: {', '.join(names)}")
            _RERUN_ALL[0] = full
            table = {}
            for point in chosen:
                with ablated(point):
                    offs = {name: score(name) for name in sets}
                table[point] = {"fired_on_texts": fired_on[point],
                                "sets": {name: compare(base[name], offs[name], name) for name in sets}}
                if point in show:
                    texts = {}
                    for name in sets:
                        if name in AGGREGATE_SETS:
                            continue
                        known = _misses_text(base[name], name) | _misses_text(offs[name], name)
                        items = table[point]["sets"][name]["items"]
                        texts[name] = {kind: [f"{k}: {known.get(k, '')}" for k in keys] for kind, keys in items.items()}
                    table[point]["show"] = texts
    finally:
        eval_checks.reviewed_text = _original_reviewed_text
    return {"baseline": {name: {"found": r["found"], "expected": r["expected"], "alarmed": r["look_alikes_alarmed"],
                                "look_alikes": r["look_alikes"]} for name, r in base.items()}, "points": table}


def print_table(result: dict, sets: tuple[str, ...]) -> None:
    print("baseline: " + "; ".join(f"{n} {r['found']}/{r['expected']} found, {r['alarmed']}/{r['look_alikes']} alarmed"
                                   for n, r in result["baseline"].items()))
    short = {"dev-rewordings": "dev-rew", "library-dev": "lib-dev", "dev-drafts": "dev-drafts", "lawful-drafts": "lawful",
             "lawful-drafts-11": "lawful-11", "library-val": "lib-val"}
    print("per set: +unlawful gained / -lost, +lawful newly alarmed / -cleared (off vs on)")
    print(f"{'point':40} {'fired':>5}  " + "  ".join(f"{short.get(n, n):>13}" for n in sets))
    for point, row in result["points"].items():
        cells = []
        for name in sets:
            r = row["sets"][name]
            cells.append(f"{'+' + str(r['gained']) + '/-' + str(r['lost']):>7} {'+' + str(r['new_alarms']) + '/-' + str(r['cleared_alarms']):>5}")
        print(f"{point[:40]:40} {row['fired_on_texts']:>5}  " + "  ".join(f"{c:>13}" for c in cells))
        for name, kinds in row.get("show", {}).items():
            for kind, lines in kinds.items():
                for line in lines:
                    print(f"    {name} {kind}: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--point", action="append", help="only this point (repeatable); default: every point")
    parser.add_argument("--show", action="append", default=[],
                        help="list the development items this point changes (repeatable; never library-val's)")
    parser.add_argument("--set", action="append", choices=DEV_SETS + AGGREGATE_SETS, help="only this set (repeatable)")
    parser.add_argument("--full", action="store_true", help="review every text again in each ablation, not only where the point fired")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON (development items by key; library-val counts only)")
    args = parser.parse_args()
    sets = tuple(args.set) if args.set else DEV_SETS + AGGREGATE_SETS
    points = list(dict.fromkeys([*(args.point or []), *args.show])) if args.point else []
    result = run(points or None, sets, args.show, args.full)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_table(result, sets)


if __name__ == "__main__":
    main()
