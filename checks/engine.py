"""Run the catalogue over a Document; every finding carries its unit, quote and offsets.

One spaCy pass (jieba + EntityRuler) over the document's plain text; clause rules fire through
regexes, the Matcher and the PhraseMatcher, compiled once per rule set, and are then narrowed by
their conditions within the sentence. Document rules (check: …) look at the whole document.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from normreview.checks import document_rules
from normreview.checks.catalogue import Rule, load_rules
from normreview.checks.nlp import add_words, parse, pipeline
from normreview.checks.profile import Profile, choose_profile, load_profile
from normreview.extractors import extract_text
from normreview.extractors.agreement import extract_fields
from normreview.model import Document, Finding, Kind
from normreview.patterns import sentence_ends


def sentence_bounds(text: str, start: int, end: int, ends: list[int] | None = None) -> tuple[int, int]:
    """The sentence around [start, end); ``ends`` (sentence_ends(text)) makes it a binary search."""
    ends = ends if ends is not None else sentence_ends(text)
    left_index = bisect_right(ends, start) - 1
    right_index = bisect_left(ends, end + 1)
    return (ends[left_index] if left_index >= 0 else 0), (ends[right_index] if right_index < len(ends) else len(text))


def analyse(text: str) -> Doc:
    """The spaCy Doc of a text, with its sentence ends and subject mentions indexed once."""
    doc = parse(text)
    doc.user_data["text"] = text  # Doc.text is rebuilt from the tokens on every access
    doc.user_data["sentence_ends"] = sentence_ends(text)
    subjects = [(e.start_char, e.label_) for e in doc.ents if e.label_ in ("AGENCY", "PARTY")]
    doc.user_data["subject_starts"] = [s for s, _ in subjects]
    doc.user_data["subject_labels"] = [label for _, label in subjects]
    return doc


@dataclass
class CompiledRules:
    """Matchers for a rule set, built once."""

    rules: tuple[Rule, ...]
    matcher: Matcher
    phrases: PhraseMatcher

    @classmethod
    def build(cls, rules: tuple[Rule, ...]) -> CompiledRules:
        nlp = pipeline()
        add_words([p for r in rules for p in r.phrases])
        matcher, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab)
        for rule in rules:
            if rule.tokens:
                matcher.add(rule.id, rule.tokens)
            if rule.phrases:
                phrases.add(rule.id, [nlp.make_doc(p) for p in rule.phrases])
        return cls(rules=rules, matcher=matcher, phrases=phrases)

    def candidates(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Spans where a rule's trigger occurs, before its conditions."""
        found: dict[str, list[tuple[int, int]]] = {}
        text = doc.user_data["text"]
        for rule in self.rules:
            for pattern in rule.patterns:
                found.setdefault(rule.id, []).extend(m.span() for m in pattern.finditer(text))
        matches = (self.matcher(doc) if len(self.matcher) else []) + (self.phrases(doc) if len(self.phrases) else [])
        for match_id, start, end in matches:
            span = doc[start:end]
            found.setdefault(doc.vocab.strings[match_id], []).append((span.start_char, span.end_char))
        return found


_COMPILED: dict[tuple[int, ...], CompiledRules] = {}


def compiled(rules: tuple[Rule, ...]) -> CompiledRules:
    key = tuple(id(r) for r in rules)
    if key not in _COMPILED:
        _COMPILED[key] = CompiledRules.build(rules)
    return _COMPILED[key]


def _subject(doc: Doc, left: int, start: int) -> str | None:
    """AGENCY or PARTY: the last such mention before the trigger in its sentence, or None."""
    starts = doc.user_data["subject_starts"]
    index = bisect_left(starts, start) - 1
    return doc.user_data["subject_labels"][index] if index >= 0 and starts[index] >= left else None


def passes_conditions(rule: Rule, doc: Doc, start: int, end: int) -> bool:
    text = doc.user_data["text"]
    left, right = sentence_bounds(text, start, end, doc.user_data["sentence_ends"])
    sentence = text[left:right]
    if not all(p.search(sentence) for p in rule.requires):
        return False
    if any(p.search(sentence) for p in rule.unless):
        return False
    before = text[left:start]
    if any(p.search(before) for p in rule.unless_before):
        return False
    if rule.subject == "party":  # no subject named: the clause may well bind citizens
        return _subject(doc, left, start) != "AGENCY"
    if rule.subject == "agency":
        return _subject(doc, left, start) == "AGENCY"
    return True


def clause_spans(rule: Rule, doc: Doc, candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(candidates)):
        if any(s <= start < e for s, e in spans):
            continue
        if passes_conditions(rule, doc, start, end):
            spans.append((start, end))
    return spans


def match_text(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Spans in ``text`` where the rule fires, after its conditions: how rule examples are run.

    A document rule sees ``text`` as a whole document; a package rule sees one material title a line.
    """
    if rule.scope == "package":
        lines = [line for line in text.splitlines() if line.strip()]
        main, materials = extract_text(lines[0]), [extract_text(line) for line in lines[1:]]
        return [(h.start, h.end) for h in document_rules.run_package(rule, main, materials)]
    document = extract_text(text)
    if rule.applies_to == Kind.AGREEMENT and document.agreement is None:
        # An example shows an agreement's text: read its terms as the extractor does for an agreement.
        document.agreement, _ = extract_fields(document)
    if rule.scope == "document":
        return [(h.start, h.end) for h in document_rules.run(rule, document, load_profile(choose_profile(document).name))]
    doc = analyse(text)
    if rule.check:
        return [(h.start, h.end) for h in document_rules.run_text(rule, document, doc)]
    return clause_spans(rule, doc, compiled((rule,)).candidates(doc).get(rule.id, []))


def _finding(rule: Rule, document: Document, hit: document_rules.Hit, profile: Profile) -> Finding:
    unit = document.unit_at(hit.start) if hit.end > hit.start else None
    severity = profile.severity(rule.params["profile"], rule.severity) if "profile" in rule.params else rule.severity
    return Finding(
        rule=rule.id, category=rule.category, severity=severity,
        unit=unit.path_label if unit else "", quote=document.text[hit.start:hit.end],
        clause_text=unit.text if unit else document.text[hit.start:hit.end],
        start=hit.start, end=hit.end,
        message=rule.message.format(**hit.fields) if hit.fields else rule.message,
        basis=hit.basis if hit.basis is not None else [profile.basis(rule.params["profile"])] if "profile" in rule.params else rule.basis,
        suggestion=rule.suggestion.format(**hit.fields) if hit.fields else rule.suggestion,
        page=document.page_at(hit.start),
    )


def review_document(document: Document, rules: tuple[Rule, ...] | None = None, profile: Profile | None = None) -> list[Finding]:
    """Findings under ``profile``; without one, under the profile chosen from the document's issuer."""
    rules = rules if rules is not None else load_rules()
    profile = profile or load_profile(choose_profile(document).name)
    active = tuple(r for r in rules if r.applies(document.kind) and r.scope != "package")
    clause_rules = tuple(r for r in active if r.scope == "clause" and not r.check)
    doc = analyse(document.text)
    candidates = compiled(clause_rules).candidates(doc)
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for rule in active:
        if rule.scope == "document":
            hits = document_rules.run(rule, document, profile)
        elif rule.check:
            hits = document_rules.run_text(rule, document, doc)
        else:
            hits = [document_rules.Hit(s, e) for s, e in clause_spans(rule, doc, candidates.get(rule.id, []))]
        for hit in hits:
            unit = document.unit_at(hit.start)
            key = (rule.id, unit.start if unit else hit.start)
            if key in seen and not hit.fields:  # one finding per rule per unit, unless each names something else
                continue
            seen.add(key)
            findings.append(_finding(rule, document, hit, profile))
    findings.extend(_table_findings(document))
    findings.sort(key=lambda f: (f.start, f.rule))
    return findings


def _table_findings(document: Document) -> list[Finding]:
    """Row findings of a discretion standard or exemption list, read from its file's tables."""
    if document.kind not in ("discretion-standard", "exemption-list") or document.source.format not in ("docx", "pdf"):
        return []
    from normreview.checks.discretion import review_table_document
    from normreview.extractors.tables import read_table_document

    return review_table_document(read_table_document(document.source.path), text=document.text)


def review_package(main: Document, materials: list[Document], rules: tuple[Rule, ...] | None = None,
                   profile: Profile | None = None) -> list[Finding]:
    """Findings on what a submission's package lacks (起草说明, 制定依据, 征求意见及采纳情况, 初审意见)."""
    rules = rules if rules is not None else load_rules()
    profile = profile or load_profile(choose_profile(main).name)
    findings = []
    for rule in rules:
        if rule.scope == "package" and rule.applies(main.kind):
            findings.extend(_finding(rule, main, hit, profile) for hit in document_rules.run_package(rule, main, materials))
    return findings
