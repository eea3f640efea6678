"""Fines decided or collected on the spot above the caps of the simple procedure (行政处罚法 第五十一条、第六十八条).

The simple procedure lets an officer decide a fine on the spot only up to 200 yuan on a citizen and 3,000 yuan on a
legal person or other organisation (第五十一条; 治安管理处罚法 第一百条 and 道路交通安全法 第一百零七条 set the same 200
for their officers), and collect it on the spot only up to 100 yuan, unless it could not be enforced afterwards or the
place is remote, on water or hard to reach (第六十八条、第六十九条). A clause that lets an officer fine more on the spot
takes away the general procedure's investigation, 告知 and hearing: it conflicts with the law.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normreview.extractors.fines import find_fines

SPOT = re.compile(r"当场")
# …not a sentence that forbids the spot decision (不得当场作出, 不适用当场处罚)
SPOT_DENIED = re.compile(r"(?:不得|不能|不应|不予|不适用|禁止)[^，。；]{0,4}当场")
COLLECTED = re.compile(r"当场收缴")
# 第六十八条（二） and 第六十九条: collection on the spot is lawful where it could not be enforced afterwards or the place
# is remote — the clause names the ground.
COLLECTION_GROUND = re.compile(r"难以执行|边远|水上|交通不便|旅客列车")
ORGANISATION = re.compile(r"单位|企业|公司|(?<!执)法人|其他组织|合作社|机构")
PERSON = re.compile(r"个人|公民|个体|摊贩|行人|驾驶人|乘车人|游客|居民|村民|商贩|自然人")
PERSON_CAP, ORGANISATION_CAP, COLLECTION_CAP = 200.0, 3000.0, 100.0


@dataclass(frozen=True)
class SpotFineConflict:
    start: int  # the fine, in the sentence
    end: int
    fine: str
    cap: str
    article: int  # 51 (decision) or 68 (collection)


def spot_fine_conflicts(sentence: str) -> list[SpotFineConflict]:
    """The fines in a sentence that an officer may decide or collect on the spot above the law's caps."""
    if not SPOT.search(sentence) or SPOT_DENIED.search(sentence):
        return []
    conflicts = []
    # a fine collected on the spot may have been decided by the general procedure (第五十七条): only the collection's cap
    # applies, and none where the sentence names the ground for collecting it (第六十八条（二）, 第六十九条)
    collected = bool(COLLECTED.search(sentence))
    if collected and COLLECTION_GROUND.search(sentence):
        return []
    # who is fined: an organisation named (and no person) has the 3,000 cap; a person, or nobody named, 200; both, 3,000
    organisation = bool(ORGANISATION.search(sentence))
    cap, cap_text = (ORGANISATION_CAP, "对法人或者其他组织三千元以下") if organisation else (PERSON_CAP, "对公民二百元以下")
    for fine in find_fines(sentence):
        amount = fine.high if fine.high is not None else fine.low
        if fine.unit != "元" or amount is None:
            continue
        if collected and amount > COLLECTION_CAP:
            conflicts.append(SpotFineConflict(fine.start, fine.end, fine.text, "一百元以下", 68))
        elif not collected and amount > cap:
            conflicts.append(SpotFineConflict(fine.start, fine.end, fine.text, cap_text, 51))
    return conflicts
