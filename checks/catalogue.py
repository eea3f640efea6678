"""The rule catalogue: YAML records under checks/rules/, loaded and validated once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).parent / "rules"
CATEGORIES = {
    "licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion", "market-access",
    "factor-flow", "selective-incentive", "business-conduct", "government-guarantee", "land-price",
    "ultra-vires-commitment", "missing-clause", "repealed-citation", "validity-period",
    "effective-date", "doc-number", "procedure-materials",
}
SEVERITIES = {"error", "warning", "info"}
APPLIES_TO = {"normative", "agreement", "both"}


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    applies_to: str
    title: str
    why: str
    basis: list[dict[str, str]]
    patterns: list[re.Pattern[str]]
    unless: list[re.Pattern[str]]
    message: str
    suggestion: str
    examples: dict[str, list[str]] = field(default_factory=dict)

    def applies(self, kind: str) -> bool:
        return self.applies_to == "both" or self.applies_to == kind or kind == "other"


def _rule(record: dict, source: Path) -> Rule:
    where = f"{source.name}:{record.get('id', '?')}"
    missing = {"id", "category", "severity", "applies_to", "title", "why", "basis", "message", "suggestion", "examples"} - record.keys()
    if missing:
        raise ValueError(f"{where}: missing {', '.join(sorted(missing))}")
    if record["category"] not in CATEGORIES:
        raise ValueError(f"{where}: unknown category {record['category']}")
    if record["severity"] not in SEVERITIES or record["applies_to"] not in APPLIES_TO:
        raise ValueError(f"{where}: bad severity or applies_to")
    if not record["examples"].get("match") or "no_match" not in record["examples"]:
        raise ValueError(f"{where}: a rule needs examples that must match and examples that must not")
    return Rule(
        id=record["id"], category=record["category"], severity=record["severity"],
        applies_to=record["applies_to"], title=record["title"], why=record["why"],
        basis=record["basis"],
        patterns=[re.compile(p) for p in record.get("patterns", [])],
        unless=[re.compile(p) for p in record.get("unless", [])],
        message=record["message"], suggestion=record["suggestion"], examples=record["examples"],
    )


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for source in sorted(RULES_DIR.glob("*.yaml")):
        for record in yaml.safe_load(source.read_text(encoding="utf-8")) or []:
            rules.append(_rule(record, source))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate rule ids: {', '.join(sorted(duplicates))}")
    return tuple(rules)
