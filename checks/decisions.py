"""The catalogue of major administrative decisions (重大行政决策事项目录) and its audit.

A catalogue is imported from the published document (a .docx/.pdf table, ``extractors.tables``) or
from YAML/JSON records; procedure records (steps with dates and evidence) are merged into it. The
audit is pure — entries, the decisions actually taken and a date in, items out — and reports, per
重大行政决策程序暂行条例:

- ``decision-step-missing``: a decision taken without a step it had to follow before the decision
  (公众参与 第十四条, 专家论证 第十九条, 风险评估 第二十二条 when the catalogue lists them;
  合法性审查 第二十五条 always);
- ``decision-step-overdue``: a step done after the decision, a decision not published within the
  publication limit (第三十二条 "及时公布"; 20 working days after 政府信息公开条例 第二十六条), or a
  decision not taken by its planned date;
- ``decision-not-catalogued``: a decision taken that is not in the catalogue (第三条第三款).

``check_review_materials`` checks what is sent for 合法性审查 (第二十六条, 第二十七条).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from normreview.checks.lawtext import statute_basis
from normreview.checks.workdays import add_workdays, workdays_between
from normreview.checks.yamlfile import load_yaml
from normreview.extractors.errors import ExtractionError
from normreview.extractors.tables import STEPS, planned_date, read_table_document, steps_named
from normreview.model import DecisionEntry, Finding, StepRecord

REGULATION = "重大行政决策程序暂行条例"
DISCLOSURE = "政府信息公开条例"
CATEGORIES = ("decision-step-missing", "decision-step-overdue", "decision-not-catalogued")
CATEGORY_ZH = {"decision-step-missing": "决策程序缺失", "decision-step-overdue": "决策程序逾期",
               "decision-not-catalogued": "决策未列入目录"}
# Steps that must come before the decision, and the article that requires each.
BEFORE_DECISION = ("公众参与", "专家论证", "风险评估", "合法性审查")
STEP_ARTICLE = {"公众参与": 14, "专家论证": 19, "风险评估": 22, "合法性审查": 25, "集体讨论决定": 30, "公布": 32}
# Steps every decision follows whatever its catalogue row lists.
ALWAYS = ("合法性审查", "集体讨论决定", "公布")
PUBLISH_WITHIN_WORKDAYS = 20
REVIEW_MIN_WORKDAYS = 7  # 第二十六条第二款: 一般不少于7个工作日


@dataclass
class DecisionAuditItem:
    decision: str  # the catalogue number, or the title of a decision taken outside the catalogue
    title: str
    category: str
    step: str | None
    due: str | None  # YYYY-MM-DD
    detail: str  # 中文说明
    overdue: bool
    unit: str = ""  # the catalogue row
    basis: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _basis(law: str, number: int) -> dict[str, Any]:
    return statute_basis(law, number).model_dump()


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _step(record: dict[str, Any]) -> StepRecord:
    return StepRecord(date=str(record["date"]) if record.get("date") else None, evidence=record.get("evidence", ""))


def _entry_from_record(record: dict[str, Any], number: int) -> DecisionEntry:
    steps = {name: _step(step) for name, step in (record.get("steps") or {}).items()}
    required = record.get("required_steps")
    if isinstance(required, str):
        required = steps_named(required)
    planned = record.get("planned_date")
    if isinstance(planned, date):
        planned = planned.isoformat()
    elif planned and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(planned)):
        planned = planned_date(str(planned))  # 2024年6月, 2024年第三季度 …
    return DecisionEntry(number=str(record.get("number", number)), year=record.get("year"), title=record["title"],
                         organ=record.get("organ", ""), planned_date=planned or None, status=record.get("status", ""),
                         required_steps=list(required or []), steps=steps, unit=record.get("unit", f"第{number}项"))


def load_catalogue(path: str | Path) -> list[DecisionEntry]:
    """A catalogue from its published document (.docx/.pdf) or from YAML/JSON records
    (a list, or {"decisions": [...]}, each with title, organ, planned_date, status, required_steps, steps)."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in (".docx", ".pdf"):
        document = read_table_document(name)
        if not document.decisions:
            raise ExtractionError(name, "未找到重大行政决策事项目录表格（应有“决策事项”列）")
        return document.decisions
    if suffix not in (".yaml", ".yml", ".json"):
        raise ExtractionError(name, f"决策事项目录只能从 .docx、.pdf、.yaml 或 .json 文件导入，不支持{suffix or '无扩展名'}文件")
    try:
        text = Path(name).read_text(encoding="utf-8")
        data = json.loads(text) if suffix == ".json" else load_yaml(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ExtractionError(name, f"无法读取决策事项目录：{exc}") from exc
    records = data.get("decisions") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) and r.get("title") for r in records):
        raise ExtractionError(name, "决策事项目录文件应当是决策事项的列表，每一项都有 title（决策事项名称）")
    return [_entry_from_record(record, index) for index, record in enumerate(records, 1)]


def apply_progress(entries: list[DecisionEntry], progress: dict[Any, dict[str, Any]]) -> list[DecisionEntry]:
    """Merge procedure records ({number or title: {status, steps: {step: {date, evidence}}}}) into entries."""
    by_key = {str(key): value for key, value in progress.items()}
    for entry in entries:
        record = by_key.get(entry.number) or by_key.get(entry.title)
        if not record:
            continue
        entry.status = record.get("status", entry.status)
        for name, step in (record.get("steps") or {}).items():
            entry.steps[name] = _step(step)
    return entries


def _title_key(title: str) -> str:
    key = re.sub(r"[\s《》“”\"（）()—\-、，,]", "", title or "")
    return re.sub(r"^关于|的(?:决定|通知|意见)$", "", key)


def _catalogued(title: str, entries: list[DecisionEntry]) -> DecisionEntry | None:
    key = _title_key(title)
    for entry in entries:
        other = _title_key(entry.title)
        if key and other and (key == other or key in other or other in key):
            return entry
    return None


def _decided_on(entry: DecisionEntry) -> date | None:
    record = entry.steps.get("集体讨论决定")
    return _as_date(record.date) if record else None


def audit_decisions(entries: list[DecisionEntry], taken: Iterable[dict[str, Any]], today: date,
                    publish_within_workdays: int = PUBLISH_WITHIN_WORKDAYS) -> list[DecisionAuditItem]:
    """Missing and overdue steps of the catalogue's decisions, and decisions taken outside it."""
    items: list[DecisionAuditItem] = []
    for entry in entries:
        decided = _decided_on(entry)
        required = [s for s in STEPS if s in entry.required_steps or s in ALWAYS]

        def item(category: str, step: str | None, due: date | None, detail: str, overdue: bool = True,
                 entry: DecisionEntry = entry) -> None:
            basis = [_basis(REGULATION, STEP_ARTICLE[step])] if step else []
            if step == "公布":
                basis.append(_basis(DISCLOSURE, 26))
            items.append(DecisionAuditItem(entry.number, entry.title, category, step, due.isoformat() if due else None,
                                           detail, overdue, entry.unit, basis))

        if decided is None:
            planned = _as_date(entry.planned_date)
            if planned and planned < today:
                item("decision-step-overdue", "集体讨论决定", planned,
                     f"计划于{planned.isoformat()}前作出决策，至{today.isoformat()}尚未经集体讨论决定"
                     f"（已完成：{'、'.join(s for s in STEPS if s in entry.steps) or '无'}）")
            continue
        for step in (s for s in required if s in BEFORE_DECISION):
            record = entry.steps.get(step)
            done = _as_date(record.date) if record else None
            if done is None:
                item("decision-step-missing", step, decided,
                     f"已于{decided.isoformat()}集体讨论决定，但未履行{step}程序")
            elif done > decided:
                item("decision-step-overdue", step, decided,
                     f"{step}于{done.isoformat()}完成，晚于{decided.isoformat()}的集体讨论决定，应当在决策前履行")
        due = add_workdays(decided, publish_within_workdays)
        record = entry.steps.get("公布")
        published = _as_date(record.date) if record else None
        if published is None and due < today:
            item("decision-step-overdue", "公布", due,
                 f"{decided.isoformat()}作出决策，应于{due.isoformat()}前公布，至{today.isoformat()}尚未公布")
        elif published is not None and published > due:
            item("decision-step-overdue", "公布", due,
                 f"{decided.isoformat()}作出决策，应于{due.isoformat()}前公布，迟至{published.isoformat()}才公布"
                 f"（迟延{workdays_between(due, published)}个工作日）")
    for decision in taken:
        if _catalogued(decision["title"], entries) is None:
            when = _as_date(decision.get("date"))
            items.append(DecisionAuditItem(
                decision["title"], decision["title"], "decision-not-catalogued", None, when.isoformat() if when else None,
                f"{decision.get('record') or '会议记录'}载明作出“{decision['title']}”，该事项未列入重大行政决策事项目录，"
                f"应当核实是否属于重大行政决策事项并补充列入目录或者说明理由", True, "", [_basis(REGULATION, 3)]))
    return items


# What is sent for 合法性审查 (第二十六条), and per step the record that shows the step was done
# (第二十七条第（二）项: the review checks the procedure; 第二十九条 names these records).
_MATERIALS = (  # (name, what 第二十六条 calls it, how a material list names it, article)
    ("决策草案", "决策草案", re.compile(r"草案"), 26),
    ("依据", "有关法律、法规、规章等依据", re.compile(r"依据|法律法规|法律、法规"), 26),
    ("程序说明", "履行决策法定程序的说明", re.compile(r"程序[^，、]{0,6}说明|履行[^，、]{0,8}程序"), 26),
)
_STEP_RECORDS = {
    "公众参与": re.compile(r"公众意见|征求意见|听证|座谈"),
    "专家论证": re.compile(r"专家论证|论证意见|专家意见"),
    "风险评估": re.compile(r"风险评估"),
}


def check_review_materials(submission: dict[str, Any], entry: DecisionEntry | None = None) -> list[Finding]:
    """Findings on a draft sent for 合法性审查: missing materials, missing step records, too short a time.

    ``submission``: {"decision": title, "submitted": date, "meeting": date, "materials": [names]}.
    """
    materials = " ".join(submission.get("materials") or [])
    title = submission.get("decision", "")
    unit = f"送审材料（{title}）"
    findings: list[Finding] = []

    def finding(rule: str, quote: str, message: str, suggestion: str, articles: list[int]) -> None:
        findings.append(Finding(rule=rule, category="procedure-materials", severity="error", unit=unit, quote=quote,
                                clause_text=materials, start=0, end=0, message=message,
                                basis=[statute_basis(REGULATION, n) for n in articles], suggestion=suggestion))

    for name, wording, pattern, article in _MATERIALS:
        if not pattern.search(materials):
            finding("decision-review-materials", name, f"送请合法性审查的材料缺少{wording}",
                    f"补充{wording}后再送审", [article, 27])
    required = entry.required_steps if entry else []
    for step in (s for s in required if s in _STEP_RECORDS):
        if not _STEP_RECORDS[step].search(materials):
            finding("decision-review-materials", step,
                    f"目录列明该决策应当履行{step}程序，送审材料中没有{step}的记录，无法审查决策草案的形成是否履行法定程序",
                    f"补充{step}的材料（第二十九条所列），或者说明未履行的理由", [27, STEP_ARTICLE[step], 29])
    submitted, meeting = _as_date(submission.get("submitted")), _as_date(submission.get("meeting"))
    if submitted and meeting:
        days = workdays_between(submitted, meeting)
        if days < REVIEW_MIN_WORKDAYS:
            finding("decision-review-time", f"{submitted.isoformat()}至{meeting.isoformat()}",
                    f"{submitted.isoformat()}送审、{meeting.isoformat()}提交讨论，审查时间仅{days}个工作日，"
                    f"少于{REVIEW_MIN_WORKDAYS}个工作日", "保证必要的审查时间，推迟提交讨论", [26])
    return findings
