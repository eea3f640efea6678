"""The case library of published decisions (checks/data/cases/library.jsonl), loaded and validated.

One JSON object per line; the fields are described in checks/data/cases/README.md. A record that
breaks the format is refused with a Chinese message naming the file, the line and the field.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator, model_validator

LIBRARY = Path(__file__).parent / "data" / "cases" / "library.jsonl"
CASE_CATEGORIES = (
    "licensing", "penalty", "compulsion", "fee", "obligation", "power-expansion", "market-access",
    "factor-flow", "selective-incentive", "business-conduct", "government-guarantee", "land-price",
    "ultra-vires-commitment", "missing-clause", "repealed-citation", "validity-period", "effective-date",
    "retroactivity", "higher-law-conflict",
)
OUTCOMES = ("corrected", "repealed", "void", "kept", "lawful")
UNLAWFUL_OUTCOMES = ("corrected", "repealed", "void")
DOC_TYPES = ("normative", "local-regulation", "agreement")
WORDINGS = ("verbatim", "paraphrase")
OUTCOME_ZH = {"corrected": "已纠正", "repealed": "已废止", "void": "被认定无效", "kept": "保留", "lawful": "合法"}
DATE = re.compile(r"(\d{4}(-\d{2}(-\d{2})?)?)?")
CASE_ID = re.compile(r"PC(\d{4,})")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value.strip()


# A text that may not be blank, kept without its surrounding white space.
NotBlank = Annotated[str, AfterValidator(_not_blank)]


class CaseLibraryError(ValueError):
    """A record of the case library breaks its format; the message is Chinese and names file and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseSource(_Strict):
    url: str
    title: NotBlank
    publisher: NotBlank
    date: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("来源网址须以 http:// 或 https:// 开头")
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        if not DATE.fullmatch(value):
            raise ValueError("日期须为 YYYY、YYYY-MM 或 YYYY-MM-DD，或留空")
        return value


class Case(_Strict):
    """One published clause with its source and outcome."""

    id: str
    source: CaseSource
    jurisdiction: NotBlank
    doc_type: Literal["normative", "local-regulation", "agreement"]
    clause: NotBlank
    wording: Literal["verbatim", "paraphrase"]
    category: Literal[CASE_CATEGORIES]  # type: ignore[valid-type]
    basis: str
    outcome: Literal["corrected", "repealed", "void", "kept", "lawful"]
    lawful: bool
    rewording: str | None = None
    note: str = ""

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not CASE_ID.fullmatch(value):
            raise ValueError("编号须为 PC 加四位以上数字，如 PC0456")
        return value

    @model_validator(mode="after")
    def _lawful_agrees(self) -> Case:
        if self.outcome in UNLAWFUL_OUTCOMES and self.lawful:
            raise ValueError(f"处理结果为 {self.outcome} 的条款不能标为合法（lawful 应为 false）")
        if self.outcome == "lawful" and not self.lawful:
            raise ValueError("处理结果为 lawful 的条款须标为合法（lawful 应为 true）")
        return self

    @property
    def outcome_zh(self) -> str:
        return OUTCOME_ZH[self.outcome]


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "记录"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "缺少该字段"
    elif first["type"] == "extra_forbidden":
        message = "未知字段"
    elif first["type"] == "literal_error":
        message = f"取值“{first.get('input')}”不在允许范围内"
    return f"{where}：{message}"


def validate_case(record: dict, where: str = "案例") -> Case:
    """The record as a Case, or CaseLibraryError naming ``where`` and the first bad field."""
    if not isinstance(record, dict):
        raise CaseLibraryError(f"{where}：不是 JSON 对象")
    try:
        return Case.model_validate(record)
    except ValidationError as exc:
        raise CaseLibraryError(f"{where}：{_problem(exc)}") from None


def normalized_clause(text: str) -> str:
    """The clause without spaces and punctuation: two records with equal keys are one clause."""
    return re.sub(r"[\s“”\"'‘’，,。；;：:、（）()《》]", "", text)


def read_cases(path: Path = LIBRARY) -> tuple[Case, ...]:
    """Every case of the file at ``path``; CaseLibraryError on the first bad line, a repeated id or clause."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CaseLibraryError(f"案例库 {path} 无法读取：{exc.strerror or exc}") from None
    cases: list[Case] = []
    ids: set[str] = set()
    clauses: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"案例库 {path.name} 第 {number} 行"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaseLibraryError(f"{where}：不是合法的 JSON（{exc.msg}）") from None
        case = validate_case(record, where)
        if case.id in ids:
            raise CaseLibraryError(f"{where}：编号 {case.id} 重复")
        key = normalized_clause(case.clause)
        if key in clauses:
            raise CaseLibraryError(f"{where}：条款与 {clauses[key]} 重复")
        ids.add(case.id)
        clauses[key] = case.id
        cases.append(case)
    return tuple(cases)


@lru_cache(maxsize=1)
def library_cases() -> tuple[Case, ...]:
    """The product's case library, read once per process."""
    return read_cases(LIBRARY)


def next_case_id(cases: tuple[Case, ...]) -> str:
    numbers = [int(CASE_ID.fullmatch(c.id).group(1)) for c in cases]  # type: ignore[union-attr]
    return f"PC{max(numbers, default=0) + 1:04d}"


def add_case(record: dict, path: Path = LIBRARY) -> Case:
    """Validate ``record`` (without ``id``: the next free one is given), refuse a clause the library
    already holds, and append it to the file at ``path``."""
    existing = read_cases(path) if path.exists() else ()
    case = validate_case({"id": next_case_id(existing), **{k: v for k, v in record.items() if k != "id"}}, "新案例")
    key = normalized_clause(case.clause)
    for other in existing:
        if normalized_clause(other.clause) == key:
            raise CaseLibraryError(f"新案例：条款与案例库中的 {other.id} 重复")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(case.model_dump(mode="json"), ensure_ascii=False) + "\n")
    if path == LIBRARY:
        library_cases.cache_clear()
    return case
