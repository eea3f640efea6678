"""Document-level metadata found in the plain text: title, 发文字号, issuer, dates, validity, kind."""
from __future__ import annotations

import re
from datetime import date

from extractors.structure import Block

DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5A-Za-z]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISSUER_SUFFIX = re.compile(r"(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|局|厅|部|署|委|院|中心)$")
VALIDITY = re.compile(r"有效期(?:为|至)?\s*([一二三四五六七八九十\d]+)\s*年|有效期至\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
AGREEMENT_MARKERS = ("甲方", "乙方", "协议", "合同")
NORMATIVE_MARKERS = ("通知", "办法", "规定", "意见", "细则", "决定", "规则", "实施方案")


def iso(match: re.Match[str]) -> str | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def detect_title(blocks: list[Block]) -> str:
    for block in blocks[:8]:
        if block.style and block.style.lower().startswith(("title", "heading")) and block.text.strip():
            return block.text.strip()
    for block in blocks:
        if block.text.strip() and not DOC_NUMBER.fullmatch(block.text.strip()):
            return block.text.strip()
    return ""


def detect_kind(title: str, text: str) -> str:
    head = text[:2000]
    if any(m in title for m in ("协议", "合同")) or (head.count("甲方") >= 2 and "乙方" in head):
        return "agreement"
    if any(title.endswith(m) or m in title for m in NORMATIVE_MARKERS):
        return "normative"
    return "other"


def detect_issuers(lines: list[str], title: str) -> list[str]:
    """Signature lines: short lines ending in an organ's name, directly before a date line."""
    issuers: list[str] = []
    for i, line in enumerate(lines):
        if DATE.fullmatch(line.strip()) and i > 0:
            j = i - 1
            while j >= 0 and len(lines[j].strip()) <= 30 and ISSUER_SUFFIX.search(lines[j].strip()):
                issuers.insert(0, lines[j].strip())
                j -= 1
            if issuers:
                return issuers
    match = re.match(r"^(.{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|管理委员会|委员会|局|厅|部))(?:关于|印发)", title)
    return [match.group(1)] if match else []


def detect(blocks: list[Block], text: str) -> dict:
    title = detect_title(blocks)
    lines = text.split("\n")
    number = DOC_NUMBER.search(text[:3000])
    dates: dict[str, str | None] = {"signed": None, "published": None, "effective": None, "expires": None}
    for line in lines:
        stripped = line.strip()
        match = DATE.fullmatch(stripped)
        if match and dates["signed"] is None:
            dates["signed"] = iso(match)
    effective = re.search(r"自\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起(?:施行|执行|实施)", text)
    if effective:
        dates["effective"] = iso(effective)
    elif re.search(r"自(?:印发|发布)之日起(?:施行|执行|实施)", text):
        dates["effective"] = dates["signed"]
    validity = None
    found = VALIDITY.search(text)
    if found:
        validity = {"text": found.group(0), "years": _cn_int(found.group(1)) if found.group(1) else None, "until": None}
        if found.group(2):
            until = DATE.search(found.group(2))
            validity["until"] = iso(until) if until else None
            dates["expires"] = validity["until"]
    return {
        "title": title,
        "kind": detect_kind(title, text),
        "doc_number": number.group(0).replace(" ", "") if number else None,
        "issuer": detect_issuers(lines, title),
        "dates": dates,
        "validity": validity,
    }


def _cn_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + digits.get(token[1:], 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return digits[tens] * 10 + (digits[ones] if ones else 0)
    return digits.get(token)
