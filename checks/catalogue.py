"""The rule catalogue: YAML records under checks/rules/, loaded and validated once.

A record is either a clause rule (``patterns`` regexes, ``tokens`` spaCy Matcher patterns and/or
``phrases`` for the PhraseMatcher, narrowed by ``requires``/``unless``/``unless_before``/``subject``)
or a rule implemented by a ``check`` function in checks/document_rules.py (with ``params``) whose
``scope`` is clause (text), document (a whole Document) or package (a submission with its materials).
Named conditions (``$cites_law`` …) live in checks/data/conditions.yaml; those the local-tie rules share in
checks/data/ties.yaml (``exceptions``).

A clause rule may state the unlawful ``frame`` as data (see ``FrameSpec``): who is bound, the
modality, the measure classes, a place, an amount, and that no legal anchor stands in that clause.
Its triggers, if any, must then lie in such a frame; without triggers the frame alone fires. Every
clause rule's exceptions (``unless``) are read in the frame of its hit, never the whole sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from normreview.checks.laws.store import Law, LawStore, law_store
from normreview.checks.ties import CRITERIA, GATE_NAMES, RELATION_NAMES, named_exceptions
from normreview.checks.yamlfile import load_yaml
from normreview.patterns import to_int

RULES_DIR = Path(__file__).parent / "rules"
CONDITIONS = Path(__file__).parent / "data" / "conditions.yaml"
CATEGORIES = {
    "licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion", "market-access",
    "factor-flow", "selective-incentive", "business-conduct", "government-guarantee", "land-price",
    "ultra-vires-commitment", "missing-clause", "repealed-citation", "validity-period",
    "effective-date", "doc-number", "procedure-materials", "citation", "retroactivity", "higher-law-conflict",
}
# The categories whose frame rules still fire on a clause that restates a statute sentence (engine.restates_statute):
# a clause that copies most of a statute's sentence and changes what matters (…加处罚款，直至缴清为止) is the conflict
# itself. A rule may say otherwise with ``silenced_by_restatement: true | false``.
FIRE_ON_RESTATEMENT = {"higher-law-conflict"}
SEVERITIES = {"error", "warning", "info"}
APPLIES_TO = {"normative", "agreement", "both"}
# named-party: a citizen or firm named as bound, not nobody; acting-party: one named as who acts — the subject or
# agent of the clause, or the one a list's lead-in gives its duties or powers to — not one named in a condition
SUBJECTS = {None, "party", "agency", "named-party", "acting-party"}
SCOPES = {"clause", "document", "package"}
FRAME_KEYS = {"tie", "gate", "relation", "text", "sentence", "bound", "modality", "measures", "parts", "with", "place", "amount",
              "anchored", "statutory", "negated"}
MODALITY_KINDS = {"obligation", "prohibition", "precondition", "permission", "none"}
REQUIRED = {"id", "category", "severity", "applies_to", "title", "why", "basis", "message", "suggestion", "instead", "examples"}


@dataclass(frozen=True)
class FrameSpec:
    """The clause a rule finds unlawful, read against ``checks.clauses.Frame``.

    bound: party (a private party, or nobody named) | agency | named-party (a private party named) | acting-party
    (a private party named as who acts: subject, agent or the one a list's lead-in gives its items to) | None (anyone);
    modality: any of these kinds (``none``: no modality word), empty = any;
    measures: any of these classes, not negated, in the ``parts`` named (default: the main clause;
    ``condition`` for 经…同意，方可… where the approval stands in the condition); with: all of these anywhere;
    place: a place (named or 本区…) in the frame; amount: an amount or rate in the frame;
    anchored: False = silent when the clause names its legal basis (the default), None = either;
    statutory: silent when the clause names a licence a statute itself requires (statutory-licences);
    negated: also fire when the measure is negated (不予办理 is the sanction, not its absence);
    text: a regex the clause (condition, main, exception) must contain (费|押金|保证金 for a fee);
    sentence: a regex its whole sentence must contain (外地… in "外地企业进入本县，应当另行备案");
    tie: any of the criteria ``checks/ties.py`` defines (``ties.CRITERIA``) of a condition in the clause that
    ties a gate to who or where the firm is;
    gate: what that condition opens (``ties.GATE_NAMES``), empty = any;
    relation: how it ties the gate (``ties.RELATION_NAMES``: require, prefer, designate, burden), empty = any.
    """

    bound: str | None = None
    modality: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    parts: tuple[str, ...] = ("main",)
    with_: tuple[str, ...] = ()
    place: bool = False
    amount: bool = False
    anchored: bool | None = False
    statutory: bool = False
    negated: bool = False
    text: re.Pattern[str] | None = None
    sentence: re.Pattern[str] | None = None
    tie: tuple[str, ...] = ()
    gate: tuple[str, ...] = ()
    relation: tuple[str, ...] = ()


def _frame_specs(where: str, raw: dict | list | None) -> tuple[FrameSpec, ...]:
    """A rule's ``frame``: one spec or a list of alternatives."""
    if raw is None:
        return ()
    return tuple(_frame_spec(where, r) for r in (raw if isinstance(raw, list) else [raw]))


def _frame_spec(where: str, raw: dict) -> FrameSpec:
    unknown = set(raw) - FRAME_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown frame keys {', '.join(sorted(unknown))}")
    def listed(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        return tuple([value] if isinstance(value, str) else value)
    spec = FrameSpec(bound=raw.get("bound"), modality=listed("modality"), measures=listed("measures"),
                     parts=listed("parts") or ("main",),
                     with_=listed("with"), place=bool(raw.get("place")), amount=bool(raw.get("amount")),
                     anchored=raw.get("anchored", False), statutory=bool(raw.get("statutory")),
                     negated=bool(raw.get("negated")),
                     text=_compile(where, [raw["text"]])[0] if raw.get("text") else None,
                     sentence=_compile(where, [raw["sentence"]])[0] if raw.get("sentence") else None,
                     tie=listed("tie"), gate=listed("gate"), relation=listed("relation"))
    if spec.bound not in SUBJECTS or not set(spec.modality) <= MODALITY_KINDS:
        raise ValueError(f"{where}: bad frame bound or modality")
    if not set(spec.tie) <= CRITERIA or not set(spec.gate) <= GATE_NAMES or not set(spec.relation) <= RELATION_NAMES:
        raise ValueError(f"{where}: bad frame tie, gate or relation")
    return spec


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
    frame: tuple[FrameSpec, ...] = ()  # alternatives: the clause is unlawful if it fits any
    silenced_by_restatement: bool = True  # a frame that restates a statute sentence does not fire (FIRE_ON_RESTATEMENT)

    @property
    def has_triggers(self) -> bool:
        return bool(self.patterns or self.tokens or self.phrases)

    def applies(self, kind: str) -> bool:
        """Normative and agreement rules follow ``applies_to``; other texts (reports, letters)
        get only the clause rules that hold for both."""
        if kind not in ("normative", "agreement"):  # other, or a tabular kind whose rows are checked apart
            return self.applies_to == "both" and self.scope == "clause"
        return self.applies_to in ("both", kind)


# A condition named inside another's regex: "$" then a name (a regex's own "$" ends a pattern, never precedes a letter).
CONDITION_REFERENCE = re.compile(r"\$([a-z_][a-z0-9_]*)")


@lru_cache(maxsize=1)
def conditions() -> dict[str, str | list[str]]:
    """Named conditions: checks/data/conditions.yaml, and the exceptions the local-tie rules share (ties.yaml).
    A condition is a regex, or a list of other conditions ($name) that a rule names at once. A regex may hold another
    condition's regex by name ($sanctions), so that a word list two conditions share is written once."""
    named = load_yaml(CONDITIONS.read_text(encoding="utf-8")) | named_exceptions()

    def expand(name: str, seen: tuple[str, ...]) -> str:
        if name in seen or not isinstance(named.get(name), str):
            raise ValueError(f"conditions.yaml: ${name} is not a regex condition, or names itself")
        return CONDITION_REFERENCE.sub(lambda m: expand(m.group(1), (*seen, name)), named[name])

    return {name: expand(name, ()) if isinstance(value, str) else value for name, value in named.items()}


def _compile(where: str, sources: list[str]) -> list[re.Pattern[str]]:
    compiled = []
    for source in sources:
        if source.startswith("$"):
            if source[1:] not in conditions():
                raise ValueError(f"{where}: unknown condition {source}")
            source = conditions()[source[1:]]
            if isinstance(source, list):  # a named group of conditions
                compiled.extend(_compile(where, source))
                continue
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
    if not (record.get("patterns") or record.get("tokens") or record.get("phrases") or record.get("check") or record.get("frame")):
        raise ValueError(f"{where}: a rule needs a frame, patterns, tokens, phrases or a check")
    if record.get("scope", "clause") not in SCOPES or (record.get("scope", "clause") != "clause" and not record.get("check")):
        raise ValueError(f"{where}: bad scope, or a document or package rule without a check")
    for basis in record["basis"]:
        if "law" not in basis:
            raise ValueError(f"{where}: every basis names its law")
    silenced = record.get("silenced_by_restatement", record["category"] not in FIRE_ON_RESTATEMENT)
    if not isinstance(silenced, bool):
        raise ValueError(f"{where}: silenced_by_restatement is true or false")
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
        scope=record.get("scope", "clause"), frame=_frame_specs(where, record.get("frame")),
        silenced_by_restatement=silenced,
    )


def _number(label: str) -> int:
    """第十三条 / 第二款 / （三） → 13 / 2 / 3."""
    return to_int(label.strip("第条款项（）()"))


def quote_basis(store: LawStore, basis: dict[str, Any]) -> dict[str, Any]:
    """The basis with its article's text quoted from the statute store (narrowed to the 款 and 项 it
    names; an item keeps its paragraph's lead-in) and ``verified: true``; a law or article the corpus
    does not hold stays ``verified: false``."""
    quoted = dict(basis)
    if basis.get("verified") is False:
        return quoted
    law = store.resolve(basis["law"])
    article = store.article(law, _number(basis["article"])) if isinstance(law, Law) and basis.get("article") else None
    if article is None:
        quoted.update(verified=False, note="法规库中未找到该条文")
        return quoted
    paragraph = _number(basis["paragraph"]) if basis.get("paragraph") else None
    text = article.paragraph(paragraph) if paragraph else article.text
    if basis.get("item"):
        lead = article.paragraphs[paragraph - 1][0] if paragraph else next((t for t, items in article.paragraphs if items), "")
        item = article.item(_number(basis["item"]), paragraph)
        text = f"{lead}\n{item}" if item else None
    if text is None:
        quoted.update(verified=False, note="法规库中未找到该款、项")
        return quoted
    quoted.update(text=text, verified=True)
    return quoted


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The catalogue, every basis quoted from the statute store."""
    rules: list[Rule] = []
    store = law_store()
    for source in sorted(RULES_DIR.glob("*.yaml")):
        for record in load_yaml(source.read_text(encoding="utf-8")) or []:
            rule = _rule(record, source)
            rule.basis = [quote_basis(store, b) for b in rule.basis]
            rules.append(rule)
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate rule ids: {', '.join(sorted(duplicates))}")
    return tuple(rules)
