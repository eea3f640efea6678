"""The fields of an investment (supervision) agreement: parties, project, money, land, timelines, targets, terms.

Each field keeps its source text and offsets into ``Document.text``; clause lists give the unit path,
so a check can quote the clause. Matching runs on the width-folded text (same length as the text).
"""
from __future__ import annotations

import re
from typing import Any

from normreview.extractors.amounts import disagreements, find_amounts, find_areas
from normreview.model import Agreement, Amount, Document
from normreview.patterns import DATE, YEAR_MONTH, date_iso, fold_width, to_int

PARTY = re.compile(r"^\s*(?P<role>[甲乙丙丁])\s*方\s*(?:[（(](?P<title>[^）)]{1,12})[）)])?\s*[:：]\s*(?P<name>[^\n]+)", re.M)
_NAME_END = re.compile(r"[（(]以下简称|[，,；;。]|\s{2,}")
PROJECT = re.compile(r"项目名称\s*[:：]\s*(?P<name>[^\n，,；;。]+)|(?:投资|建设|实施)(?:建设)?[“\"](?P<quoted>[^”\"]{2,40}项目)[”\"]"
                     r"|(?:投资|建设|实施)(?:建设)?(?P<plain>[^\n，,；;。“”\"]{2,30}?项目)")
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_PERIOD = re.compile(r"(\d+|[一二三四五六七八九十两]+)\s*(个月|年)")

_ARBITRATION = re.compile(r"(?:提交|提请|向|由|在)?(?P<forum>[^，,。；;\n]{2,30}?仲裁委员会)")
_COURT = re.compile(r"(?:提交|向|由|在)?(?P<forum>[^，,。；;\n]{0,20}?人民法院)")
TIMELINES = {"start_construction": "开工", "completion": "竣工", "production": "投产", "full_production": "达产"}
CLAUSES = {
    "incentives": re.compile(r"奖励|补助|补贴|奖补|扶持|优惠|返还|减免|贴息|兑现"),
    "liquidated_damages": re.compile(r"违约金|违约责任|违约的|违反本协议|赔偿.{0,6}损失|承担违约"),
    "exit_clawback": re.compile(r"退出|收回|回购|追回|追缴|退还|返还已|不再享受|取消.{0,6}(?:奖励|优惠|扶持)"
                                r"|解除本?协议|终止本协议"
                                # idle land dealt with by law is the statutory recovery (城市房地产管理法 第二十六条:
                                # 满二年未动工开发的，可以无偿收回土地使用权)
                                r"|闲置土地"),
    "supervision": re.compile(r"监管|考核|达产|评估|核查|验收"),
}


def extract_fields(document: Document) -> tuple[Agreement, list[str]]:
    text = document.text
    folded = fold_width(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(folded) if m.group().strip()]
    warnings: list[str] = []
    amounts = find_amounts(text, warnings)

    def clause(start: int, end: int) -> dict[str, Any]:
        start, end = _trimmed(text, start, end)
        unit = document.unit_at(start)
        return {"text": text[start:end], "start": start, "end": end, "unit": unit.path_label if unit else None}

    def first_amount_after(keyword: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> Amount | None:
        for start, end in sentences:
            for hit in keyword.finditer(folded, start, end):
                if exclude and exclude.search(folded, max(start, hit.start() - 4), hit.end() + 4):
                    continue
                piece_end = _piece_end(folded, hit.end(), end)
                for amount in amounts:
                    if hit.end() <= amount.start < piece_end:
                        return _amount(amount, text[hit.start():amount.end])
        return None

    fields: dict[str, Any] = {
        "parties": _parties(text, folded),
        "project": _project(text, folded),
        "investment": {
            "total": first_amount_after(re.compile(r"总投资|投资总额|计划投资|投资规模")),
            "fixed_assets": first_amount_after(re.compile(r"固定资产投资|固定资产")),
        },
        "land": _land(text, folded, sentences, amounts),
        "timelines": {key: _timeline(text, folded, sentences, word) for key, word in TIMELINES.items()},
        "targets": {
            "tax_per_mu": first_amount_after(re.compile(r"亩均税收|亩均纳税|亩均税")),
            "output": first_amount_after(re.compile(r"年产值|产值|年销售收入|销售收入|营业收入|年营收")),
            "tax": first_amount_after(re.compile(r"年纳税|纳税总额|税收总额|年税收|入库税收|税收贡献|纳税"),
                                      exclude=re.compile(r"亩均")),
        },
        "dispute_resolution": _dispute(text, folded, sentences, clause),
    }
    for name, pattern in CLAUSES.items():
        fields[name] = [clause(s, e) for s, e in sentences
                        if pattern.search(folded, s, e) and text[s:e].strip() != document.title]

    for first, second in disagreements(amounts, text):
        unit = document.unit_at(first.start)
        where = f"（{unit.path_label}）" if unit else ""
        warnings.append(f"金额大写与小写不一致：“{first.text}”与“{second.text}”{where}")
    return Agreement.model_validate(fields), warnings


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace, so text[start:end] is exactly the quoted text."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def _piece_end(folded: str, start: int, end: int) -> int:
    """The end of the comma-separated piece a keyword stands in, so 'A 1亿元，B 2亿元' keeps A with 1亿元."""
    comma = re.compile(r"[，,]").search(folded, start, end)
    return comma.start() if comma else end


def _amount(amount: Amount, context: str) -> Amount:
    return amount.model_copy(update={"context": context})


def _parties(text: str, folded: str) -> list[dict[str, Any]]:
    parties: dict[str, dict[str, Any]] = {}
    for match in PARTY.finditer(folded):
        role = match.group("role") + "方"
        raw = match.group("name")
        cut = _NAME_END.search(raw)
        name = text[match.start("name"):match.start("name") + (cut.start() if cut else len(raw))].strip()
        if role not in parties and name:
            parties[role] = {"role": role, "name": name, "title": match.group("title"),
                             "start": match.start("name"), "end": match.start("name") + len(name)}
    return list(parties.values())


def _project(text: str, folded: str) -> dict[str, Any] | None:
    match = PROJECT.search(folded)
    if not match:
        return None
    group = next(g for g in ("name", "quoted", "plain") if match.group(g))
    return {"name": text[match.start(group):match.end(group)].strip(), "start": match.start(group), "end": match.end(group)}


def _land(text: str, folded: str, sentences, amounts: list[Amount]) -> dict[str, Any] | None:
    land_words = re.compile(r"用地|土地|地块|宗地|出让")
    area = location = price = None
    for start, end in sentences:
        if not land_words.search(folded, start, end):
            continue
        if area is None:
            found = find_areas(text[start:end])
            if found:
                area = {**found[0], "start": found[0]["start"] + start, "end": found[0]["end"] + start}
        if location is None:
            where = re.compile(r"(?:位于|坐落于|座落于|选址于|选址在)(?P<loc>[^，,。；;]{2,60})").search(folded, start, end)
            if where:
                location = {"text": text[where.start("loc"):where.end("loc")], "start": where.start("loc"), "end": where.end("loc")}
        if price is None:
            hit = re.compile(r"出让价|土地价款|地价|价格|出让金").search(folded, start, end)
            if hit:
                candidates = [a for a in amounts if hit.end() <= a.start < end]
                if candidates:
                    price = _amount(candidates[0], text[hit.start():candidates[0].end]).model_dump()
                    around = folded[max(hit.start() - 4, 0):candidates[0].end + 3]
                    price["per_mu"] = bool(re.search(r"每亩|/\s*亩", around))
    if area is None and location is None and price is None:
        return None
    return {"area": area, "location": location, "price": price}


def _timeline(text: str, folded: str, sentences, word: str) -> dict[str, Any] | None:
    for start, end in sentences:
        at = folded.find(word, start, end)
        if at < 0:
            continue
        piece_start = max(folded.rfind("，", start, at), folded.rfind(",", start, at), start - 1) + 1
        piece_end = _piece_end(folded, at, end)
        piece = folded[piece_start:piece_end]
        date = DATE.search(piece) or YEAR_MONTH.search(piece)
        period = _PERIOD.search(piece)
        if not date and not period:
            continue
        if date and date.re is DATE:
            when = date_iso(date)
        elif date:
            when = f"{int(date.group(1)):04d}-{int(date.group(2)):02d}"
        else:
            when = None
        within = None
        if period:
            raw = period.group(1)
            count = to_int(raw)
            within = count * 12 if count is not None and period.group(2) == "年" else count
        piece_start, piece_end = _trimmed(text, piece_start, piece_end)
        return {"text": text[piece_start:piece_end], "date": when, "within_months": within,
                "start": piece_start, "end": piece_end}
    return None


def _dispute(text: str, folded: str, sentences, clause) -> dict[str, Any] | None:
    for index, (start, _) in enumerate(sentences):
        if not re.compile(r"争议|纠纷").search(folded, start, sentences[index][1]):
            continue
        end = sentences[min(index + 2, len(sentences) - 1)][1]  # 协商不成的，… often follows a 分号
        arbitration = _ARBITRATION.search(folded, start, end)
        court = _COURT.search(folded, start, end)
        if arbitration or court or "仲裁" in folded[start:end] or "诉讼" in folded[start:end]:
            method = "arbitration" if arbitration or "仲裁" in folded[start:end] else "litigation"
            forum = arbitration or court
            return {"method": method, "forum": text[forum.start("forum"):forum.end("forum")] if forum else None,
                    **clause(start, end)}
    return None
