"""The one domain model of normreview: what every layer passes to the next.

Pydantic v2 models; the review contract's JSON (../shared/review-contract.md) is
``Review.model_dump(mode="json")``. Enums are str-valued, so JSON keeps the contract's strings and
``finding.severity == "error"`` still holds. This module imports nothing else of the project.
"""
from __future__ import annotations

from bisect import bisect_right
from enum import StrEnum
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

# Bumped when a key changes meaning; adding keys keeps the version.
SCHEMA_VERSION = "1"


class Kind(StrEnum):
    NORMATIVE = "normative"
    AGREEMENT = "agreement"
    OTHER = "other"
    # Tabular kinds, told by their table headers (extractors/tables.py).
    DISCRETION_STANDARD = "discretion-standard"
    EXEMPTION_LIST = "exemption-list"
    DECISION_CATALOGUE = "decision-catalogue"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Category(StrEnum):
    """Finding categories of the contract."""

    LICENSING = "licensing"
    PENALTY = "penalty"
    COMPULSION = "compulsion"
    FEE = "fee"
    OBLIGATION = "obligation"
    POWER_EXPANSION = "power-expansion"
    MARKET_ACCESS = "market-access"
    FACTOR_FLOW = "factor-flow"
    SELECTIVE_INCENTIVE = "selective-incentive"
    BUSINESS_CONDUCT = "business-conduct"
    GOVERNMENT_GUARANTEE = "government-guarantee"
    LAND_PRICE = "land-price"
    ULTRA_VIRES_COMMITMENT = "ultra-vires-commitment"
    MISSING_CLAUSE = "missing-clause"
    REPEALED_CITATION = "repealed-citation"
    VALIDITY_PERIOD = "validity-period"
    EFFECTIVE_DATE = "effective-date"
    DOC_NUMBER = "doc-number"
    PROCEDURE_MATERIALS = "procedure-materials"
    CITATION = "citation"
    RETROACTIVITY = "retroactivity"
    HIGHER_LAW_CONFLICT = "higher-law-conflict"
    DISCRETION_RANGE = "discretion-range"
    EXEMPTION_CONDITIONS = "exemption-conditions"


class AuditCategory(StrEnum):
    EXPIRY = "expiry"
    FILING_OVERDUE = "filing-overdue"
    REVIEW_OVERDUE = "review-overdue"
    REPEALED_CITATION = "repealed-citation"
    # The catalogue of major administrative decisions (checks/decisions.py).
    DECISION_STEP_MISSING = "decision-step-missing"
    DECISION_STEP_OVERDUE = "decision-step-overdue"
    DECISION_NOT_CATALOGUED = "decision-not-catalogued"


class Status(StrEnum):
    """A document's place in its life: draft → under review → reviewed → published → filed, then expired/repealed."""

    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    FILED = "filed"
    EXPIRED = "expired"
    REPEALED = "repealed"


class Opinion(StrEnum):
    """The overall opinion of a review, per 国办发〔2018〕115号."""

    LAWFUL = "合法"
    AMEND = "应当予以修改"
    UNLAWFUL = "不合法"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class _Model(BaseModel):
    model_config = ConfigDict(validate_assignment=False)


# ---- document -------------------------------------------------------------------------------
class Unit(_Model):
    """A structural unit: a heading-led section, an article, a paragraph, an item or a table.

    ``text`` is ``Document.text[start:end]``, so a unit includes the text of its descendants.
    ``path`` holds the labels from the outermost unit down to this one.
    """

    kind: str  # 编 章 节 条 款 项 目 | outline-1..outline-5 | paragraph | table
    label: str
    text: str
    path: list[str]
    start: int
    end: int
    parent: int | None = None  # index into Document.units
    page: int | None = None  # 1-based page of a PDF or scan where the unit starts

    @property
    def path_label(self) -> str:
        return " ".join(self.path)

    @computed_field  # the contract's finding.unit, next to the unit it names
    @property
    def unit(self) -> str:
        return self.path_label


class Source(_Model):
    path: str
    format: str  # docx | pdf | image | txt | md | doc | wps
    sha256: str
    size: int
    pages: int | None = None
    ocr: bool = False
    ocr_confidence: float | None = None


class Dates(_Model):
    signed: str | None = None  # YYYY-MM-DD
    published: str | None = None
    effective: str | None = None
    expires: str | None = None


class Validity(_Model):
    text: str  # the clause as written
    years: int | None = None
    until: str | None = None  # YYYY-MM-DD
    start: int | None = None  # offsets of ``text`` in Document.text
    end: int | None = None


class Citation(_Model):
    """A law or document named in the text, with or without 《》."""

    title: str  # the name as written (简称 included), without 《》
    article: str | None = None  # 第X条, as written
    paragraph: str | None = None  # 第X款
    item: str | None = None  # 第（X）项
    doc_number: str | None = None  # 文号 in brackets after the title
    start: int
    end: int
    bracketed: bool = True  # named in 《》
    repealed: bool = False  # the sentence declares it repealed (原《…》废止)


class Span(_Model):
    """A clause of an agreement: its text, offsets and unit."""

    text: str
    start: int
    end: int
    unit: str | None = None


class Amount(_Model):
    text: str  # exactly as written
    value: int | float  # in the currency's base unit (yuan)
    currency: str  # CNY | USD
    written: str  # digits | chinese | capital (大写)
    start: int
    end: int
    context: str | None = None  # the keyword and text before the amount


class Party(_Model):
    role: str  # 甲方 | 乙方 …
    name: str
    title: str | None = None
    start: int
    end: int


class Agreement(_Model):
    """The terms of an investment agreement, as the extractor read them."""

    parties: list[Party] = Field(default_factory=list)
    project: dict[str, Any] | None = None
    investment: dict[str, Amount | None] = Field(default_factory=dict)  # total, fixed_assets
    land: dict[str, Any] | None = None
    timelines: dict[str, Any] = Field(default_factory=dict)  # start, completion, production…
    targets: dict[str, Amount | None] = Field(default_factory=dict)  # tax_per_mu, output, tax
    dispute_resolution: dict[str, Any] | None = None
    incentives: list[Span] = Field(default_factory=list)
    liquidated_damages: list[Span] = Field(default_factory=list)
    exit_clawback: list[Span] = Field(default_factory=list)
    supervision: list[Span] = Field(default_factory=list)

    def has(self, term: str) -> bool:
        """Whether the agreement has the term: a clause list (incentives, liquidated_damages,
        exit_clawback, supervision) with a clause, or a found dispute_resolution, project, land…"""
        return bool(getattr(self, term))


# ---- tabular kinds (extractors/tables.py reads them; checks/discretion.py and checks/decisions.py check them)
class Grade(_Model):
    """One grade of a discretion row: the circumstances and what they call for."""

    circumstances: str
    text: str  # the penalty cell as written
    fine_min: float | None = None  # None: no lower bound stated (…以下), or no fine
    fine_max: float | None = None  # None: no upper bound stated (…以上), or no fine
    unit: str | None = None  # 元 | 倍 (of ``base``) | None when the grade sets no fine
    base: str | None = None  # what a 倍 range multiplies: 违法所得, 货值金额 …
    measures: list[str] = Field(default_factory=list)  # the other kinds of penalty it gives (警告, 吊销营业执照 …)
    row: int  # the table row of this grade


class DiscretionRow(_Model):
    """One violation of a discretion standard (裁量基准), its grades the sub-rows of its 序号."""

    number: str
    violation: str
    violated_provision: str
    penalty_provision: str
    grades: list[Grade] = Field(default_factory=list)
    unit: str  # 表1 第2-4行（序号1）: where a finding on this row points


class ExemptionRow(_Model):
    """One row of an exemption list (免罚清单)."""

    number: str
    violation: str
    provision: str  # the provision violated
    penalty_provision: str  # the provision the row relieves from
    exemption_kind: str  # 不予处罚 | 首违不罚 | 免予处罚 | 从轻减轻 | the cell as written when none of these
    conditions: str
    treatment: str
    unit: str


class StepRecord(_Model):
    """A procedure step of a major administrative decision, done on ``date``."""

    date: str | None = None  # YYYY-MM-DD
    evidence: str = ""


class DecisionEntry(_Model):
    """One decision of a catalogue of major administrative decisions (重大行政决策事项目录)."""

    number: str
    year: int | None = None
    title: str
    organ: str = ""
    planned_date: str | None = None  # YYYY-MM-DD: the last day of the planned month, quarter or year
    status: str = ""  # as recorded: 未启动 | 推进中 | 已决策 …
    required_steps: list[str] = Field(default_factory=list)  # the steps the catalogue says it follows
    steps: dict[str, StepRecord] = Field(default_factory=dict)  # steps done, by name
    unit: str = ""


class Document(_Model):
    doc_id: str  # the submission: sha256 of the bytes for an unowned file, else of bytes and owner (index.records.submission_id)
    sha256: str = ""  # sha256 of the file's bytes (the contract's name for it)
    kind: Kind
    title: str
    text: str
    units: list[Unit]
    source: Source
    doc_number: str | None = None
    issuer: list[str] = Field(default_factory=list)
    dates: Dates = Field(default_factory=Dates)
    validity: Validity | None = None
    attachments: list[str] = Field(default_factory=list)
    agreement: Agreement | None = None
    warnings: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    # The rows of a tabular kind's tables, typed (extractors/tables.py); empty for other kinds.
    discretion_rows: list[DiscretionRow] = Field(default_factory=list)
    exemption_rows: list[ExemptionRow] = Field(default_factory=list)
    decision_entries: list[DecisionEntry] = Field(default_factory=list)

    def model_post_init(self, context: Any) -> None:
        if not self.sha256:
            self.sha256 = self.source.sha256

    @property
    def normalized_text(self) -> str:
        """``text`` with full-width ASCII folded to half-width: same length, so offsets match ``text``."""
        from normreview.patterns import fold_width

        return fold_width(self.text)

    @cached_property
    def _unit_starts(self) -> list[int]:
        return [unit.start for unit in self.units]

    def unit_at(self, offset: int) -> Unit | None:
        """The innermost unit that holds ``offset``.

        Units are in document order, each before the units it holds (build_units sorts them so), so
        the innermost holder is the last unit that starts at or before ``offset`` and still holds it.
        """
        for index in range(bisect_right(self._unit_starts, offset) - 1, -1, -1):
            unit = self.units[index]
            if unit.start <= offset < unit.end:
                return unit
        return None

    def page_at(self, offset: int) -> int | None:
        unit = self.unit_at(offset)
        return unit.page if unit else None

    def children(self, index: int) -> list[Unit]:
        return [u for u in self.units if u.parent == index]


# ---- review ---------------------------------------------------------------------------------
class Basis(_Model):
    """A legal basis: the law, the article, and the article's text quoted from the statute corpus."""

    model_config = ConfigDict(extra="allow")  # paragraph, item, note… as a rule states them

    law: str
    article: str = ""
    text: str = ""
    verified: bool | None = None  # True: quoted from the statute corpus; False: not in it; None: not looked up


class Precedent(_Model):
    """A decided clause like the finding's: a published case (``origin`` library: ``source`` is its URL)
    or a decided review in the archive (``origin`` archive: ``source`` is ``archive:<doc_id>``)."""

    origin: str = "library"  # library | archive
    source: str
    title: str
    date: str | None = None
    clause: str = ""
    outcome: str = ""
    similarity: float = 0.0


class HigherLaw(_Model):
    law: str
    article: str
    text: str
    similarity: float = 0.0


class Finding(_Model):
    """One problem at one place, in the shape of the review contract."""

    rule: str
    category: Category
    severity: Severity
    unit: str
    quote: str
    clause_text: str
    start: int
    end: int
    message: str
    basis: list[Basis] = Field(default_factory=list)
    suggestion: str = ""
    page: int | None = None
    precedents: list[Precedent] = Field(default_factory=list)
    higher_law: list[HigherLaw] = Field(default_factory=list)

    def finding_id(self, doc_id: str) -> str:
        """The archive's id of this finding."""
        return f"{doc_id}:{self.rule}:{self.start}"


class ReviewProfile(_Model):
    name: str
    reason: str = ""


class Review(_Model):
    """A review object of the contract: ``Review.model_dump(mode="json")`` is the JSON."""

    document: Document
    findings: list[Finding] = Field(default_factory=list)
    profile: ReviewProfile | None = None
    checked: list[str] = Field(default_factory=list)
    opinion: Opinion
    schema_version: str = SCHEMA_VERSION
    materials: list[str] = Field(default_factory=list)  # paths of a submission's other files
    deliverables: dict[str, str] = Field(default_factory=dict)  # opinion_letter, annotated_draft → path


class FindingVerdict(_Model):
    """A reviewer's verdict on one machine finding: accepted (as worded, reworded, or merged into another
    accepted finding) or dismissed with a reason."""

    finding_id: str
    verdict: Verdict
    reason: str = ""
    message: str = ""  # the reviewer's rewording of the problem; empty keeps the machine's
    suggestion: str = ""  # the reviewer's rewording of the suggestion; empty keeps the machine's
    merged_into: str = ""  # the finding id this one is merged into: its text joins that finding's


REVIEWER_RULE = "reviewer"  # the rule of a finding a reviewer added


class Decision(_Model):
    """A reviewer's decision on a review: only a decision gives a document the status 已审核, a 审核意见
    and a letter. ``added`` are the reviewer's own findings (rule ``reviewer``)."""

    doc_id: str
    opinion: Opinion
    reviewer: str
    comments: str = ""
    verdicts: list[FindingVerdict] = Field(default_factory=list)
    added: list[Finding] = Field(default_factory=list)
    decided_at: str | None = None
    decision_id: str | None = None
    letter_number: str = ""  # the organ's reference number of the letter (settings: letter_number_scheme)

    def decided_findings(self, review: Review) -> list[Finding]:
        """The findings the letter and the annotated draft carry: the machine's findings the reviewer did
        not dismiss, reworded as the reviewer wrote, merged ones folded into the finding they joined, then
        the reviewer's own, all in text order. A finding without a verdict counts as accepted."""
        doc_id = review.document.doc_id
        verdicts = {v.finding_id: v for v in self.verdicts}
        kept: dict[str, Finding] = {}
        merged: list[tuple[str, Finding]] = []
        for finding in review.findings:
            fid = finding.finding_id(doc_id)
            verdict = verdicts.get(fid)
            if verdict is not None and verdict.verdict == Verdict.DISMISSED:
                continue
            if verdict is not None:
                finding = finding.model_copy(update={k: getattr(verdict, k) for k in ("message", "suggestion")
                                                     if getattr(verdict, k)})
                if verdict.merged_into and verdict.merged_into != fid:
                    merged.append((verdict.merged_into, finding))
                    continue
            kept[fid] = finding
        for target, finding in merged:
            into = kept.get(target)
            if into is None:  # merged into a dismissed or unknown finding: keep it on its own
                kept[finding.finding_id(doc_id)] = finding
                continue
            quote = "……".join(q for q in (into.quote, finding.quote) if q)
            basis = into.basis + [b for b in finding.basis if b not in into.basis]
            kept[target] = into.model_copy(update={"quote": quote, "basis": basis})
        return sorted([*kept.values(), *self.added], key=lambda f: (f.start, f.rule))



class AuditItem(_Model):
    doc_id: str
    title: str
    category: AuditCategory
    due: str | None  # YYYY-MM-DD: validity end, filing due, review due, or the cited law's repeal date
    detail: str  # 中文说明
    overdue: bool  # the due date has passed: the item needs action, not just attention
