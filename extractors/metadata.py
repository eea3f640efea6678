"""Document-level metadata found in the plain text: title, 发文字号, issuer, dates, validity, attachments,
cited documents, kind.

Patterns run on the width-folded text (same length, so every offset holds); values are sliced from
the original text, so 〔2019〕 keeps its brackets for the doc-number check.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from normreview.extractors.structure import Block
from normreview.model import Citation, Dates, Validity
from normreview.patterns import (
    DOC_NUMBER,
    EFFECTIVE,
    PUBLISHED,
    REPEAL_WORDS,
    UNTIL,
    VALIDITY,
    find_citations,
    find_doc_numbers,
    fold_width,
    full_date,
    parse_date,
    sentence_end_after,
    to_int,
)

ISSUER_SUFFIX = re.compile(r"(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|局|厅|部|署|委|院|中心)$")
ATTACHMENT = re.compile(r"^附\s*件\s*(?P<number>\d{0,2})\s*[:：]?\s*(?P<name>.*)$")
_LIST_ITEM = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?P<name>.+)$")
AGREEMENT_TITLE = ("协议", "合同", "协议书", "备忘录", "契约")
NORMATIVE_MARKERS = ("通知", "办法", "规定", "意见", "细则", "决定", "规则", "实施方案", "方案", "通告", "公告", "规划", "措施", "条例", "指引", "标准", "政策")
TITLE_END = re.compile(rf"(?:{'|'.join(AGREEMENT_TITLE + NORMATIVE_MARKERS)})(?:\s*[(（][^)）]{{1,10}}[)）])?$")


def detect_title(blocks: list[Block]) -> str:
    styled = [b.text.strip() for b in blocks[:8]
              if b.style and b.style.lower().startswith(("title", "heading")) and b.text.strip()]
    if styled:
        return _title_among(styled) or styled[0]
    lines = [b.text.strip() for b in blocks if b.text.strip() and not b.is_table]
    found = _title_among(lines[:12])  # a letterhead and a doc number may come first
    if found:
        return found
    for line in lines:
        if not DOC_NUMBER.fullmatch(fold_width(line)):
            # A body paragraph is no title: a text that opens with one has none.
            return line if len(line) <= 80 and not fold_width(line).endswith("。") else ""
    return ""


def _title_among(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        # A long title wraps onto a second line (centred in a PDF or scan): try the pair too.
        wraps = i + 1 < len(lines) and "关于" in line and not DOC_NUMBER.search(fold_width(line))
        for candidate in (line, line + lines[i + 1] if wraps else None):
            folded = fold_width(candidate or "")
            if candidate and len(candidate) <= 80 and TITLE_END.search(folded) \
                    and not folded.endswith(("。", ":", "：")) and not DOC_NUMBER.fullmatch(folded.strip()):
                return candidate
    return None


def detect_kind(title: str, text: str, doc_number: str | None) -> str:
    """What the title ends with decides first: 关于规范招商引资协议的通知 is a notice, not an agreement."""
    head = text[:3000]
    ending = re.sub(r"[(（][^)）]{1,10}[)）]$", "", fold_width(title).strip())
    if ending.endswith(AGREEMENT_TITLE):
        return "agreement"
    if ending.endswith(NORMATIVE_MARKERS):
        return "normative"
    if any(m in title for m in AGREEMENT_TITLE) or (head.count("甲方") >= 2 and "乙方" in head):
        return "agreement"
    if doc_number or any(m in title for m in NORMATIVE_MARKERS):
        return "normative"
    return "other"


def detect_issuers(lines: list[str], title: str) -> list[str]:
    """Signature lines: short lines ending in an organ's name, directly before a date line."""
    issuers: list[str] = []
    for i, line in enumerate(lines):
        folded = fold_width(line).strip()
        if full_date(folded) and i > 0:
            j = i - 1
            while j >= 0 and len(lines[j].strip()) <= 30 and ISSUER_SUFFIX.search(lines[j].strip()) \
                    and not TITLE_END.search(lines[j].strip()):
                issuers.insert(0, lines[j].strip())
                j -= 1
            if issuers:
                return issuers
    match = re.match(r"^(.{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|管理委员会|委员会|局|厅|部))(?:关于|印发)", title)
    return [match.group(1)] if match else []


def detect_attachments(lines: list[str]) -> list[str]:
    names: list[str] = []
    listing = False
    for i, line in enumerate(lines):
        folded = fold_width(line).strip()
        match = ATTACHMENT.match(folded)
        if match and len(folded) <= 80:
            name = match.group("name").strip()
            item = _LIST_ITEM.match(name)
            name = item.group("name").strip() if item else name
            if not name and i + 1 < len(lines):  # "附件1" on its own line, its title on the next
                name = lines[i + 1].strip()
            if name and name not in names:
                names.append(name)
            listing = True
            continue
        item = _LIST_ITEM.match(folded)
        if listing and item and len(folded) <= 60:
            names.append(item.group("name").strip())
        else:
            listing = False
    return names


def detect_citations(text: str) -> list[Citation]:
    """Laws and documents cited in the text (patterns.find_citations); ``repealed`` when the sentence
    declares them repealed (原《…》废止)."""
    folded = fold_width(text)
    citations = []
    for found in find_citations(text):
        after = folded[found.end:sentence_end_after(folded, found.end)][:30]
        citations.append(Citation(
            title=found.title, article=found.article, paragraph=found.paragraph, item=found.item,
            doc_number=found.doc_number, start=found.start, end=found.end, bracketed=found.bracketed,
            repealed=found.bracketed and bool(REPEAL_WORDS.search(after)) and "《" not in after,
        ))
    return citations


def detect(blocks: list[Block], text: str) -> dict:
    title = detect_title(blocks)
    folded = fold_width(text)
    lines = text.split("\n")
    numbers = find_doc_numbers(text[:3000])
    doc_number = re.sub(r"\s+", "", numbers[0].text) if numbers else None
    dates = Dates()
    for line in lines:
        signed = full_date(line)
        if signed:
            dates.signed = signed
            break
    published = PUBLISHED.search(folded)
    if published:
        dates.published = parse_date(published.group("date"))
    effective = EFFECTIVE.search(folded)
    if effective and effective.group("date"):
        dates.effective = parse_date(effective.group("date"))
    elif effective:
        dates.effective = dates.published or dates.signed
    validity = None
    found = VALIDITY.search(folded)
    if found:
        years = found.group("years")
        validity = Validity(text=text[found.start():found.end()], years=to_int(years) if years else None,
                            until=parse_date(found.group("until")) if found.group("until") else None,
                            start=found.start(), end=found.end())
        until = UNTIL.search(folded[found.end():found.end() + 40])
        if validity.until is None and until:
            validity.until = parse_date(until.group("date"))
        if validity.until is None and validity.years and dates.effective:
            validity.until = _add_years(dates.effective, validity.years)
        dates.expires = validity.until
    kind = detect_kind(title, text, doc_number)
    return {
        "title": title,
        "kind": kind,
        "doc_number": doc_number,
        "issuer": detect_issuers(lines, title),
        "dates": dates,
        "validity": validity,
        "attachments": detect_attachments(lines),
        "citations": detect_citations(text),
    }


def _add_years(start: str, years: int) -> str:
    """The last day of a period of ``years`` starting on ``start`` (2024-01-01 + 5 → 2028-12-31)."""
    first = date.fromisoformat(start)
    try:
        end = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        end = first.replace(year=first.year + years, day=28)
    return (end - timedelta(days=1)).isoformat()
