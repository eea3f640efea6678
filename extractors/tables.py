"""Tabular documents: discretion standards (裁量基准), exemption lists (免罚清单) and catalogues of
major administrative decisions (重大行政决策事项目录), read row by row into typed records.

Tables come from a .docx (python-docx, merged cells repeated per row) or a PDF (pdfplumber; a merged
cell is empty on the rows below it and a table split over pages loses its header, so both are
filled from the rows above). A logical row is one 序号: the grades of a discretion row are its
sub-rows. Every record keeps ``unit`` ("表1 第3行（序号2）"), so a finding points at its row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from normreview.extractors.errors import ExtractionError, describe
from normreview.extractors.fines import FineRange, find_fines, parse_range, penalty_kinds
from normreview.model import DecisionEntry, DiscretionRow, ExemptionRow, Grade
from normreview.patterns import fold_width

KINDS = ("discretion-standard", "exemption-list", "decision-catalogue")
KIND_ZH = {"discretion-standard": "行政处罚裁量基准", "exemption-list": "免罚清单", "decision-catalogue": "重大行政决策事项目录"}
_TITLE_KIND = (
    ("decision-catalogue", re.compile(r"重大行政决策.{0,6}目录")),
    ("exemption-list", re.compile(r"免罚|不予(?:行政)?处罚|首违不罚|免予(?:行政)?处罚|轻微违法")),
    ("discretion-standard", re.compile(r"裁量(?:基准|标准|权基准)")),
)
# Header wordings the penalty tables share: the row number, the violation, the article that sets the penalty.
_NUMBER_HEADER = re.compile(r"^(?:序号|编号)$")
_VIOLATION_HEADER = re.compile(r"违法行为|违法事项")
_PENALTY_HEADER = re.compile(r"处罚依据")
# Column roles by header wording, per kind; the first role whose pattern matches a header cell wins.
_ROLES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "discretion-standard": [
        ("number", _NUMBER_HEADER),
        ("violated", re.compile(r"违反(?:条款|规定|依据)|违法依据|设定依据")),
        ("penalty", _PENALTY_HEADER),
        ("circumstances", re.compile(r"情节|情形|裁量阶次|档次")),
        ("measure", re.compile(r"裁量基准|裁量标准|裁量幅度|处罚标准|处罚幅度|罚款幅度|处罚结果")),
        ("violation", _VIOLATION_HEADER),
    ],
    "exemption-list": [
        ("number", _NUMBER_HEADER),
        ("violated", re.compile(r"违反(?:条款|规定|依据)|违法依据")),
        ("penalty", _PENALTY_HEADER),
        ("kind", re.compile(r"免罚类型|清单类型|类型|类别")),
        ("conditions", re.compile(r"条件|情形|标准")),
        ("treatment", re.compile(r"处理方式|处理结果|处理措施|处理意见")),
        ("violation", _VIOLATION_HEADER),
    ],
    "decision-catalogue": [
        ("number", _NUMBER_HEADER),
        ("title", re.compile(r"决策事项|事项名称|决策名称")),
        ("organ", re.compile(r"承办单位|责任单位|牵头单位")),
        ("planned", re.compile(r"计划|时限|时间")),
        ("steps", re.compile(r"程序")),
        ("status", re.compile(r"状态|进展|进度")),
    ],
}
# A table's kind by its header; penalty tables also need a 违法行为 column, so a subsidy table with an
# 适用条件 column stays a policy's table.
_HEADER_KIND = (
    ("decision-catalogue", re.compile(r"决策事项|决策名称"), None),
    ("exemption-list", re.compile(r"免罚|不予(?:行政)?处罚|首违|适用条件"), _VIOLATION_HEADER),
    ("discretion-standard", re.compile(r"裁量|违法情节"), _VIOLATION_HEADER),
)
EXEMPTION_KINDS = ("不予处罚", "首违不罚", "免予处罚", "从轻减轻")
# The procedure steps of 重大行政决策程序暂行条例, with the wordings a catalogue uses for them.
STEP_WORDS = {
    "公众参与": re.compile(r"公众参与|征求意见|听证"),
    "专家论证": re.compile(r"专家论证|专家咨询"),
    "风险评估": re.compile(r"风险评估|稳定风险"),
    "合法性审查": re.compile(r"合法性审查"),
    "集体讨论决定": re.compile(r"集体讨论"),
    "公布": re.compile(r"公布|公开发布"),
}
STEPS = tuple(STEP_WORDS)


def grade_range(grade: Grade) -> FineRange | None:
    """The grade's fine as a range the statute's ranges can be compared with; None when it sets no fine."""
    if grade.unit is None:
        return None
    return FineRange(grade.fine_min, grade.fine_max, grade.unit, grade.base, grade.text, 0, len(grade.text))


@dataclass
class Table:
    index: int  # 1-based, in document order
    header: list[str]
    kind: str | None  # header_kind(header): the tabular kind of its rows, None for another table
    rows: list[list[str]]  # body rows, cells aligned with the header
    first_row: int = 2  # the table row number of rows[0] (the header is row 1)
    breaks: set[int] = field(default_factory=set)  # indices of rows that open a page (PDF continuations)


@dataclass
class TableDocument:
    path: str
    title: str
    kind: str | None
    tables: list[Table]
    discretion: list[DiscretionRow] = field(default_factory=list)
    exemptions: list[ExemptionRow] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "") if text and re.search(r"[\u4e00-\u9fa5]", text) else (text or "").strip()


def header_kind(header: list[str]) -> str | None:
    joined = "|".join(header)
    for kind, pattern, also in _HEADER_KIND:
        if pattern.search(joined) and (also is None or also.search(joined)):
            return kind
    return None


def document_kind(title: str, table_kinds: list[str | None]) -> str | None:
    """The tabular kind of a document from its title and its tables' kinds (``header_kind``), None for
    others. A tabular kind needs its table: the title alone ("关于印发《…裁量基准》的通知" without the
    table) does not make one. Of the tables, the first whose kind the title names decides
    ("裁量基准和免罚清单" holds both; its rows are all read anyway)."""
    found = [kind for kind in table_kinds if kind]
    by_title = {kind for kind, pattern in _TITLE_KIND if pattern.search(title or "")}
    return next((kind for kind in found if kind in by_title), found[0] if found else None)


def _docx_tables(path: str) -> tuple[str, list[list[list[str]]]]:
    import docx

    from normreview.extractors.docx_reader import paragraph_text

    document = docx.Document(path)
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
    tables = []
    for table in document.tables:
        rows = [[_clean("".join(paragraph_text(p._p) for p in cell.paragraphs)) for cell in row.cells] for row in table.rows]
        tables.append(rows)
    return title, tables


def _pdf_tables(path: str) -> tuple[str, list[list[list[str]]]]:
    import pdfplumber

    tables: list[list[list[str]]] = []
    title = ""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if not title:
                title = next((line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()), "")
            for found in page.extract_tables():
                tables.append([[_clean(cell) for cell in row] for row in found])
    return title, tables


def _join_continuations(raw: list[list[list[str]]]) -> list[Table]:
    """Header rows start tables; a headerless table of the same width continues the one before."""
    tables: list[Table] = []
    for rows in raw:
        if not rows:
            continue
        kind = header_kind(rows[0])
        if kind or not tables or len(rows[0]) != len(tables[-1].header):
            tables.append(Table(index=len(tables) + 1, header=rows[0], kind=kind, rows=rows[1:]))
        else:
            tables[-1].breaks.add(len(tables[-1].rows))
            tables[-1].rows.extend(rows)
    return tables


def _complete(measure: str) -> bool:
    """A grade cell that imposes something and does not stop mid-sentence (处 …, 并处 …,)."""
    return bool(penalty_kinds(measure) or parse_range(measure)) and not measure.endswith(("，", "处", "、", "以上", "和", "或者"))


def _roles(kind: str, header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for column, cell in enumerate(header):
        for role, pattern in _ROLES[kind]:
            if role not in roles and pattern.search(cell):
                roles[role] = column
                break
    return roles


def _groups(table: Table, roles: dict[str, int]) -> list[tuple[int, int, list[list[str]]]]:
    """(first row, last row, rows) per 序号; empty cells below a merged cell take the value above."""
    groups: list[tuple[int, int, list[list[str]]]] = []
    number_column = roles.get("number")
    previous: list[str] | None = None
    for offset, row in enumerate(table.rows):
        row = list(row) + [""] * (len(table.header) - len(row))
        if offset in table.breaks and previous is not None and number_column is not None and not row[number_column]:
            # A page cut the row above: merged cells go on with their text here, and the grade cells
            # too unless this row opens a grade of its own (its own 情节).
            own = (roles.get("measure"), roles.get("circumstances"))
            head = groups[-1][2][0]
            fresh_grade = "circumstances" in roles and bool(row[roles["circumstances"]]) \
                and _complete(previous[roles["measure"]] if "measure" in roles else "")
            for i, cell in enumerate(row):
                if not cell or (i in own and fresh_grade):
                    continue
                if i in own:
                    previous[i] += cell
                else:
                    head[i] += cell
                    for grouped in groups[-1][2][1:]:
                        grouped[i] = head[i]
                row[i] = ""
            if not fresh_grade:
                continue
        # Only a continuation row (no 序号 of its own, as a PDF draws a merged cell) inherits cells.
        if previous is not None and number_column is not None and not row[number_column]:
            row = [cell or (previous[i] if i not in (roles.get("measure"), roles.get("circumstances")) else "")
                   for i, cell in enumerate(row)]
        number = row[number_column] if number_column is not None else str(len(groups) + 1)
        row_number = table.first_row + offset
        if groups and number_column is not None and number == groups[-1][2][0][number_column]:
            first, _, rows = groups[-1]
            groups[-1] = (first, row_number, rows + [row])
        else:
            groups.append((row_number, row_number, [row]))
        previous = row
    return groups


def _unit(table: Table, first: int, last: int, number: str) -> str:
    rows = f"第{first}行" if first == last else f"第{first}-{last}行"
    return f"表{table.index} {rows}（序号{number}）"


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    return row[roles[role]] if role in roles and roles[role] < len(row) else ""


def _grade(circumstances: str, text: str, row: int) -> Grade:
    fines = find_fines(text)
    fine = fines[0] if fines else parse_range(text)
    kinds = sorted(penalty_kinds(text) - {"罚款"})
    if fine is None:
        return Grade(circumstances=circumstances, text=text, measures=kinds, row=row)
    return Grade(circumstances=circumstances, text=text, fine_min=fine.low, fine_max=fine.high, unit=fine.unit,
                 base=fine.base, measures=kinds, row=row)


def _discretion_rows(table: Table) -> list[DiscretionRow]:
    roles = _roles("discretion-standard", table.header)
    records = []
    for first, last, rows in _groups(table, roles):
        head = rows[0]
        grades = [_grade(_cell(r, roles, "circumstances"), _cell(r, roles, "measure"), first + i)
                  for i, r in enumerate(rows) if _cell(r, roles, "measure")]
        number = _cell(head, roles, "number") or str(len(records) + 1)
        records.append(DiscretionRow(number=number, violation=_cell(head, roles, "violation"),
                                     violated_provision=_cell(head, roles, "violated"),
                                     penalty_provision=_cell(head, roles, "penalty"), grades=grades,
                                     unit=_unit(table, first, last, number)))
    return records


def exemption_kind(text: str) -> str:
    folded = fold_width(text)
    if re.search(r"首违|初次|首次", folded):
        return "首违不罚"
    if re.search(r"从轻|减轻", folded):
        return "从轻减轻"
    if "免予" in folded:
        return "免予处罚"
    if re.search(r"不予(?:行政)?处罚|轻微", folded):
        return "不予处罚"
    return text


def _exemption_rows(table: Table) -> list[ExemptionRow]:
    roles = _roles("exemption-list", table.header)
    records = []
    for first, last, rows in _groups(table, roles):
        row = rows[0]
        number = _cell(row, roles, "number") or str(len(records) + 1)
        records.append(ExemptionRow(number=number, violation=_cell(row, roles, "violation"),
                                    provision=_cell(row, roles, "violated"), penalty_provision=_cell(row, roles, "penalty"),
                                    exemption_kind=exemption_kind(_cell(row, roles, "kind")),
                                    conditions=_cell(row, roles, "conditions"), treatment=_cell(row, roles, "treatment"),
                                    unit=_unit(table, first, last, number)))
    return records


_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|第?([一二三四1-4])季度|(底|末|内|年底|全年))?")


def planned_date(text: str) -> str | None:
    """The deadline a planned time sets: 2024年6月 → 2024-06-30, 2024年第三季度 → 2024-09-30, 2024年底 → 12-31."""
    match = _MONTH.search(fold_width(text or ""))
    if not match:
        return None
    year = int(match.group(1))
    if match.group(3):
        return date(year, int(match.group(2)), int(match.group(3))).isoformat()
    if match.group(2):
        month = int(match.group(2))
    elif match.group(4):
        month = 3 * "一二三四".index(match.group(4)) + 3 if not match.group(4).isdigit() else 3 * int(match.group(4))
    else:
        month = 12
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def steps_named(text: str) -> list[str]:
    return [step for step, pattern in STEP_WORDS.items() if pattern.search(text or "")]


def _decision_entries(table: Table, year: int | None) -> list[DecisionEntry]:
    roles = _roles("decision-catalogue", table.header)
    records = []
    for first, last, rows in _groups(table, roles):
        row = rows[0]
        number = _cell(row, roles, "number") or str(len(records) + 1)
        records.append(DecisionEntry(number=number, year=year, title=_cell(row, roles, "title"),
                                     organ=_cell(row, roles, "organ"), planned_date=planned_date(_cell(row, roles, "planned")),
                                     status=_cell(row, roles, "status"), required_steps=steps_named(_cell(row, roles, "steps")),
                                     unit=_unit(table, first, last, number)))
    return records


def read_table_document(path: str | Path) -> TableDocument:
    """Read a .docx or .pdf into typed rows; ExtractionError (naming the file) on unreadable input."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise ExtractionError(name, f"只能从 .docx 或 .pdf 文件读取表格，不支持{suffix or '无扩展名'}文件")
    try:
        title, raw = _docx_tables(name) if suffix == ".docx" else _pdf_tables(name)
    except Exception as exc:  # damaged packages and PDFs raise many kinds
        raise ExtractionError(name, f"无法读取表格（文件损坏或格式异常）：{describe(exc)}") from exc
    tables = _join_continuations(raw)
    document = TableDocument(name, title, document_kind(title, [t.kind for t in tables]), tables)
    year_match = re.search(r"((?:19|20)\d{2})\s*年", fold_width(title))
    for table in tables:
        if table.kind == "discretion-standard":
            document.discretion.extend(_discretion_rows(table))
        elif table.kind == "exemption-list":
            document.exemptions.extend(_exemption_rows(table))
        elif table.kind == "decision-catalogue":
            document.decisions.extend(_decision_entries(table, int(year_match.group(1)) if year_match else None))
    return document
