"""Run the catalogue over a Document's units; every finding carries its unit, quote and offsets."""
from __future__ import annotations

import re

from checks.catalogue import Rule, load_rules
from checks.finding import Finding
from extractors.document import Document

SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = SENTENCE_END.search(text, end)
    return left, right_match.end() if right_match else len(text)


def match_text(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Spans in ``text`` where the rule fires, after its exceptions (checked in the sentence)."""
    spans: list[tuple[int, int]] = []
    for pattern in rule.patterns:
        for match in pattern.finditer(text):
            left, right = sentence_bounds(text, match.start(), match.end())
            sentence = text[left:right]
            if any(exception.search(sentence) for exception in rule.unless):
                continue
            if not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    return sorted(spans)


def review_document(document: Document, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    rules = rules if rules is not None else load_rules()
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for rule in rules:
        if not rule.applies(document.kind):
            continue
        for start, end in match_text(rule, document.text):
            unit = document.unit_at(start)
            key = (rule.id, unit.start if unit else start)
            if key in seen:  # one finding per rule per unit
                continue
            seen.add(key)
            findings.append(Finding(
                rule=rule.id, category=rule.category, severity=rule.severity,
                unit=unit.path_label if unit else "", quote=document.text[start:end],
                clause_text=unit.text if unit else document.text[start:end],
                start=start, end=end, message=rule.message, basis=rule.basis, suggestion=rule.suggestion,
            ))
    findings.sort(key=lambda f: (f.start, f.rule))
    return findings
