"""Document-level metadata found in the plain text: title, 发文字号, issuer, dates, validity, attachments,
cited documents, kind.

Patterns run on the width-folded text (same length, so every offset holds); values are sliced from
the original text, so 〔2019〕 keeps its brackets for the doc-number check.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from normreview.extractors.numerals import chinese_to_int, to_int
from normreview.extractors.normalize import fold_width
from normreview.extractors.structure import Block

# On folded text 〔〕【】 read as [], （） as ().
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5A-Za-z]{1,12}\s*[\[(]\s*(?:19|20)\d{2}\s*[\])]\s*第?\s*\d{1,4}\s*号")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(r"([二〇○零一三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
ISSUER_SUFFIX = re.compile(r"(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|局|厅|部|署|委|院|中心)$")
VALIDITY = re.compile(r"(?:有效期|有效期限|试行期|施行期限?|实施期限?)(?:为|是)?\s*(?P<years>[一二三四五六七八九十两\d]+)\s*年"
                      r"|有效期(?:至|到|截至|截止(?:到|至)?)\s*(?P<until>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
EFFECTIVE = re.compile(r"自\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起(?:施行|执行|实施|生效)"
                       r"|自(?P<event>印发|发布|公布|签发|公开发布|(?:双方|各方|三方)?(?:签字|签署|签订|盖章)+)之日起(?:施行|执行|实施|生效)")
PUBLISHED = re.compile(r"(?:发布|公布|印发|公开)(?:日期|时间)\s*[:：]\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
ATTACHMENT = re.compile(r"^附\s*件\s*(?P<number>\d{0,2})\s*[:：]?\s*(?P<name>.*)$")
_LIST_ITEM = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?P<name>.+)$")
CITATION = re.compile(r"《(?P<title>[^《》\n]{2,80})》(?:\s*\((?P<number>[^()\n]{2,30}?号)\))?")
REPEAL = re.compile(r"废止|同时失效|不再执行|予以撤销")
AGREEMENT_TITLE = ("协议", "合同", "协议书", "备忘录", "契约")
NORMATIVE_MARKERS = ("通知", "办法", "规定", "意见", "细则", "决定", "规则", "实施方案", "方案", "通告", "公告", "规划", "措施", "条例", "指引", "标准", "政策")
TITLE_END = re.compile(rf"(?:{'|'.join(AGREEMENT_TITLE + NORMATIVE_MARKERS)})(?:\s*[(（][^)）]{{1,10}}[)）])?$")


def iso(match: re.Match[str]) -> str | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def _iso_text(text: str) -> str | None:
    match = DATE.search(fold_width(text))
    return iso(match) if match else None


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
        if (DATE.fullmatch(folded) or _CN_DATE.fullmatch(folded)) and i > 0:
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


def detect_citations(text: str) -> list[dict]:
    """Documents and laws named in 《》, with a doc number when one follows; ``repealed`` when the
    sentence declares them repealed (原《…》废止)."""
    folded = fold_width(text)
    citations = []
    for match in CITATION.finditer(folded):
        sentence_end = min([i for i in (folded.find("。", match.end()), folded.find("\n", match.end())) if i >= 0] or [len(text)])
        after = folded[match.end():sentence_end]
        number = text[match.start("number"):match.end("number")] if match.group("number") else None
        citations.append({
            "title": text[match.start("title"):match.end("title")],
            "doc_number": number,
            "repealed": bool(REPEAL.search(after[:30])) and "《" not in after[:30],
            "start": match.start(),
            "end": match.end(),
        })
    return citations


def detect(blocks: list[Block], text: str) -> dict:
    title = detect_title(blocks)
    folded = fold_width(text)
    lines = text.split("\n")
    number = DOC_NUMBER.search(folded[:3000])
    doc_number = re.sub(r"\s+", "", text[number.start():number.end()]) if number else None
    dates: dict[str, str | None] = {"signed": None, "published": None, "effective": None, "expires": None}
    for line in lines:
        found = DATE.fullmatch(fold_width(line).strip()) or _CN_DATE.fullmatch(line.strip())
        if found:
            dates["signed"] = iso(found) if found.re is DATE else _cn_date(found)
            break
    published = PUBLISHED.search(folded)
    if published:
        dates["published"] = _iso_text(published.group("date"))
    effective = EFFECTIVE.search(folded)
    if effective and effective.group("date"):
        dates["effective"] = _iso_text(effective.group("date"))
    elif effective:
        dates["effective"] = dates["published"] or dates["signed"]
    validity = None
    found = VALIDITY.search(folded)
    if found:
        years = found.group("years")
        validity = {"text": text[found.start():found.end()], "years": to_int(years) if years else None,
                    "until": _iso_text(found.group("until")) if found.group("until") else None}
        until = re.search(r"至\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", folded[found.end():found.end() + 40])
        if validity["until"] is None and until:
            validity["until"] = iso(until)
        if validity["until"] is None and validity["years"] and dates["effective"]:
            validity["until"] = _add_years(dates["effective"], validity["years"])
        dates["expires"] = validity["until"]
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


def _cn_date(match: re.Match[str]) -> str | None:
    year = int("".join(str("〇一二三四五六七八九".index(c if c not in "○零" else "〇")) for c in match.group(1)))
    try:
        return date(year, chinese_to_int(match.group(2)), chinese_to_int(match.group(3))).isoformat()
    except (ValueError, TypeError):
        return None
