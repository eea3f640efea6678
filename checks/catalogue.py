"""The rule catalogue: YAML records under checks/rules/, loaded and validated once.

A record is either a clause rule (``patterns`` regexes, ``tokens`` spaCy Matcher patterns and/or
``phrases`` for the PhraseMatcher, narrowed by ``requires``/``unless``/``unless_before``/``subject``)
or a rule implemented by a ``check`` function in checks/document_rules.py (with ``params``) whose
``scope`` is clause (text), document (a whole Document) or package (a submission with its materials).
Named conditions (``$cites_law`` …) live in checks/data/conditions.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"
CONDITIONS = Path(__file__).parent / "data" / "conditions.yaml"
CATEGORIES = {
    "licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion", "market-access",
    "factor-flow", "selective-incentive", "business-conduct", "government-guarantee", "land-price",
    "ultra-vires-commitment", "missing-clause", "repealed-citation", "validity-period",
    "effective-date", "doc-number", "procedure-materials", "citation",
}
SEVERITIES = {"error", "warning", "info"}
APPLIES_TO = {"normative", "agreement", "both"}
SUBJECTS = {None, "party", "agency"}
SCOPES = {"clause", "document", "package"}
REQUIRED = {"id", "category", "severity", "applies_to", "title", "why", "basis", "message", "suggestion", "instead", "examples"}


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    applies_to: str
    title: str
    why: str
    basis: list[dict[str, Any]]
    patterns: list[re.Pattern[str]]
    unless: list[re.Pattern[str]]
    message: str
    suggestion: str
    examples: dict[str, list[str]] = field(default_factory=dict)
    instead: str = ""  # what to write instead, for the listing
    tokens: list[list[dict[str, Any]]] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    requires: list[re.Pattern[str]] = field(default_factory=list)
    unless_before: list[re.Pattern[str]] = field(default_factory=list)
    subject: str | None = None  # "party": the clause binds a private party, not the agency; "agency": the reverse
    check: str | None = None  # a function in checks/document_rules.py
    params: dict[str, Any] = field(default_factory=dict)
    scope: str = "clause"  # clause: runs on text | document: on a whole Document | package: on a submission

    def applies(self, kind: str) -> bool:
        """Normative and agreement rules follow ``applies_to``; other texts (reports, letters)
        get only the clause rules that hold for both."""
        if kind not in ("normative", "agreement"):  # other, or a tabular kind whose rows are checked apart
            return self.applies_to == "both" and self.scope == "clause"
        return self.applies_to in ("both", kind)


@lru_cache(maxsize=1)
def conditions() -> dict[str, str]:
    return yaml.safe_load(CONDITIONS.read_text(encoding="utf-8"))


def _compile(where: str, sources: list[str]) -> list[re.Pattern[str]]:
    compiled = []
    for source in sources:
        if source.startswith("$"):
            if source[1:] not in conditions():
                raise ValueError(f"{where}: unknown condition {source}")
            source = conditions()[source[1:]]
        try:
            compiled.append(re.compile(source))
        except re.error as exc:
            raise ValueError(f"{where}: bad pattern {source!r}: {exc}") from exc
    return compiled


def _rule(record: dict, source: Path) -> Rule:
    where = f"{source.name}:{record.get('id', '?')}"
    missing = REQUIRED - record.keys()
    if missing:
        raise ValueError(f"{where}: missing {', '.join(sorted(missing))}")
    if record["category"] not in CATEGORIES:
        raise ValueError(f"{where}: unknown category {record['category']}")
    if record["severity"] not in SEVERITIES or record["applies_to"] not in APPLIES_TO:
        raise ValueError(f"{where}: bad severity or applies_to")
    if record.get("subject") not in SUBJECTS:
        raise ValueError(f"{where}: bad subject {record.get('subject')}")
    if not record["examples"].get("match") or "no_match" not in record["examples"]:
        raise ValueError(f"{where}: a rule needs examples that must match and examples that must not")
    if not (record.get("patterns") or record.get("tokens") or record.get("phrases") or record.get("check")):
        raise ValueError(f"{where}: a rule needs patterns, tokens, phrases or a check")
    if record.get("scope", "clause") not in SCOPES or (record.get("scope", "clause") != "clause" and not record.get("check")):
        raise ValueError(f"{where}: bad scope, or a document or package rule without a check")
    for basis in record["basis"]:
        if "law" not in basis:
            raise ValueError(f"{where}: every basis names its law")
    return Rule(
        id=record["id"], category=record["category"], severity=record["severity"],
        applies_to=record["applies_to"], title=record["title"], why=record["why"].strip(),
        basis=record["basis"],
        patterns=_compile(where, record.get("patterns", [])),
        unless=_compile(where, record.get("unless", [])),
        message=record["message"], suggestion=record["suggestion"], examples=record["examples"],
        instead=record["instead"], tokens=record.get("tokens", []), phrases=record.get("phrases", []),
        requires=_compile(where, record.get("requires", [])),
        unless_before=_compile(where, record.get("unless_before", [])),
        subject=record.get("subject"), check=record.get("check"), params=record.get("params", {}),
        scope=record.get("scope", "clause"),
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
