"""Turn an ordered list of text blocks into plain text and a tree of numbered units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from normreview.model import Unit
from normreview.patterns import chinese_counting, chinese_to_int

CN_NUM = "零〇一二三四五六七八九十百千两"
_HEADING_KINDS = ("编", "章", "节")

# Order matters: the first pattern that matches a block's start wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # A heading may run into its title (第一章总则, as OCR and PDFs give it), but not a sentence that
    # refers to one (第三章规定的…).
    ("编", re.compile(rf"^\s*(第[{CN_NUM}\d]+编)(?![的规所中之，,。、])")),
    ("章", re.compile(rf"^\s*(第[{CN_NUM}\d]+章)(?![的规所中之，,。、])")),
    ("节", re.compile(rf"^\s*(第[{CN_NUM}\d]+节)(?![的规所中之，,。、])")),
    ("条", re.compile(rf"^\s*(第[{CN_NUM}\d]+条)(?:\s*|$)")),
    ("outline-1", re.compile(rf"^\s*([{CN_NUM}]+、)")),
    ("outline-2", re.compile(rf"^\s*([（(][{CN_NUM}]+[)）])")),
    ("outline-3", re.compile(r"^\s*(\d{1,3}(?:[.．、](?!\d)))")),
    ("outline-4", re.compile(r"^\s*([（(]\d{1,3}[)）])")),
    ("outline-5", re.compile(r"^\s*([①-⑳])")),
]

# Rank of each kind in the hierarchy; a lower rank holds higher ranks.
_RANK = {"编": 0, "章": 1, "节": 2, "条": 3, "outline-1": 4, "outline-2": 5, "outline-3": 6, "outline-4": 7, "outline-5": 8}
# Inside an article, outline numbering takes the statutory names: （一） is a 项, 1. a 目.
_IN_ARTICLE = {"outline-2": "项", "outline-3": "目", "outline-4": "目"}


@dataclass
class Block:
    """One paragraph or table, in reading order, as an extractor saw it."""

    text: str
    numbering: str | None = None  # a label Word added through automatic list numbering
    is_table: bool = False
    style: str | None = None
    page: int | None = None  # 1-based page a PDF or scan paragraph starts on


def classify(text: str) -> tuple[str, str] | None:
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return kind, match.group(1)
    return None


def build_units(blocks: list[Block]) -> tuple[str, list[Unit]]:
    """Join blocks into plain text (one block a line) and derive the unit tree over it."""
    parts: list[str] = []
    spans: list[tuple[int, int, Block]] = []
    offset = 0
    for block in blocks:
        text = block.text.strip()
        if block.numbering and not classify(text):
            text = f"{block.numbering}{text}"
        if not text:
            continue
        spans.append((offset, offset + len(text), block))
        parts.append(text)
        offset += len(text) + 1
    plain = "\n".join(parts)

    units: list[Unit] = []
    stack: list[int] = []  # indices of open units, outermost first
    article: int | None = None  # index of the open 条, for numbering its 款
    clause_count = 0
    first_clause_is_own_text = True
    paragraph_count = 0
    table_count = 0

    page: int | None = None  # the page of the block being read

    def open_unit(kind: str, label: str, start: int, rank: float) -> None:
        while stack and _rank(units[stack[-1]]) >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        path = (units[parent].path if parent is not None else []) + [label]
        units.append(Unit(kind=kind, label=label, text="", path=path, start=start, end=start, parent=parent, page=page))
        stack.append(len(units) - 1)

    last_number: dict[str, int] = {}  # the last number seen per outline kind
    for start, end, block in spans:
        text = plain[start:end]
        page = block.page
        found = None if block.is_table else classify(text)
        if found and found[0].startswith("outline"):
            number = label_number(found[1])
            drawn_by_word = block.numbering is not None and text.startswith(block.numbering)
            if number is not None and number != 1 and found[0] not in last_number and not drawn_by_word:
                found = None  # typed text cannot begin a list at 2: "附件：1.… / 2.…" is not an outline
            elif number is not None:
                last_number[found[0]] = number
        if found:
            kind, label = found
            if article is not None and kind in _IN_ARTICLE and _RANK[kind] > _RANK["条"]:
                open_unit(_IN_ARTICLE[kind], label, start, _RANK[kind])
            else:
                open_unit(kind, label, start, _RANK[kind])
                if kind == "条":
                    # 第一条 项目概况: a titled article's paragraphs are its 款 from the first on.
                    heading = text[len(text) - len(text.lstrip()) + len(label):].strip()
                    titled = 0 < len(heading) <= 20 and not re.search(r"[。；;，,：:]", heading)
                    article, clause_count = len(units) - 1, 0 if titled else 1
                    # A titled article's heading is not its first 款.
                    first_clause_is_own_text = not titled
                elif _RANK[kind] < _RANK["条"]:
                    article = None
        elif block.is_table:
            table_count += 1
            open_unit("table", f"表{table_count}", start, 100)
        elif article is not None and stack and units[stack[-1]].kind in ("条", "款"):
            # A new paragraph inside an article is its next 款; the first 款 is the article's own text.
            clause_count += 1
            if clause_count == 2 and first_clause_is_own_text:
                units.append(Unit(kind="款", label="第一款", text="", path=units[article].path + ["第一款"],
                                  start=units[article].start, end=start - 1, parent=article,
                                  page=units[article].page))
            open_unit("款", f"第{chinese_counting(clause_count)}款", start, _RANK["条"] + 0.5)
        else:
            paragraph_count += 1
            open_unit("paragraph", f"第{paragraph_count}段", start, 100)
        for index in stack:
            units[index].end = end
    for unit in units:
        unit.text = plain[unit.start:unit.end]
    units.sort(key=lambda u: (u.start, -(u.end - u.start)))
    return plain, _reindex_parents(units)


def label_number(label: str) -> int | None:
    """The number a label counts: 第十二条 → 12, （三） → 3, 4. → 4, ② → 2."""
    core = re.sub(r"[第条章节编款项目、.．()（）\s]", "", label)
    if core.isdecimal():
        return int(core)
    if len(core) == 1 and "①" <= core <= "⑳":
        return ord(core) - ord("①") + 1
    return chinese_to_int(core)


def _rank(unit: Unit) -> float:
    if unit.kind == "款":
        return _RANK["条"] + 0.5
    if unit.kind in ("项", "目"):
        return {"项": _RANK["outline-2"], "目": _RANK["outline-3"]}[unit.kind]
    return _RANK.get(unit.kind, 100)


def _reindex_parents(units: list[Unit]) -> list[Unit]:
    """Sorting moved units; point each parent index at its unit's new position."""
    position = {id(u): i for i, u in enumerate(units)}
    by_path = {tuple(u.path): u for u in units}
    for unit in units:
        parent = by_path.get(tuple(unit.path[:-1])) if len(unit.path) > 1 else None
        unit.parent = position[id(parent)] if parent is not None else None
    return units
