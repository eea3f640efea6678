"""A measure the higher-law article on the same conduct does not provide (与上位法抵触: the statute says 责令改正，处…罚款,
the clause says 予以查封).

Only a law or an administrative regulation may set the kinds of penalty and of compulsory measure for a conduct; a
lower rule may specify within the kinds and ranges they set (行政处罚法 第十四条第一款、第十六条; 行政强制法 第十条、第十一条
第一款). So when the fine-setting articles of the laws and regulations in force that state the clause's conduct (matched by
its telling words: ``fine_conflicts.matching_provisions``) provide none of the clause's measure kinds — sealing or
seizing, closing the business, revoking the licence, detention — the clause adds a measure the statute withholds.

A sentence that names a law, a regulation or a local instrument, or whose conduct matches no article well enough, is
left alone: its measure may be that instrument's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normreview.checks.article_match import named_laws
from normreview.checks.fine_conflicts import FineProvision, matching_provisions
from normreview.extractors.fines import penalty_kinds

# Compulsory measures by kind (行政强制法 第九条), as a clause words them; 暂扣 of a licence is a penalty (penalty_kinds).
COMPULSION_KINDS: dict[str, re.Pattern[str]] = {
    "查封": re.compile(r"查封|贴封|封存"),
    "扣押": re.compile(r"扣押|扣留|暂扣(?![^，。；]{0,10}?(?:许可证|执照|证照|证件))"),
    "冻结": re.compile(r"冻结"),
    "停止供水供电": re.compile(r"停止供[水电气]|停水|停电|断水|断电"),
}
# The kinds a clause can add that matter: the heavier ones (a warning, a fine or confiscating the gains is compared by
# HL-FINE-RANGE or is the usual measure).
HEAVY = {"查封", "扣押", "冻结", "停止供水供电", "吊销许可证件", "吊销营业执照", "责令停产停业", "责令关闭", "行政拘留",
         "限制从业", "降低资质等级"}
CONDITION_END = re.compile(r"的[，,]")
# The release of a measure (解除查封、扣押, 解除冻结): what it names is ended, not imposed.
RELEASE = re.compile(r"解除(?:查封|扣押|冻结|扣留|封存|、|和|或者|及)+")
TOPIC = re.compile(r"^\s*对([^，,。；]{4,60}?的)[^，,。；]{1,12}?[，,]")
ANCHORED = re.compile(r"依法|依照|依据|按照[^，。；]{0,20}规定|法律|法规")


@dataclass(frozen=True)
class MeasureConflict:
    start: int  # the measure, in the sentence
    end: int
    measure: str
    provision: FineProvision


def measure_kinds(text: str) -> set[str]:
    return (penalty_kinds(text) | {kind for kind, pattern in COMPULSION_KINDS.items() if pattern.search(text)}) & HEAVY


def sentence_conflicts(sentence: str, day: str) -> list[MeasureConflict]:
    """The heavy measures of a sentence ("…的，予以查封") that no fine-setting article of higher law on its conduct provides."""
    if ANCHORED.search(sentence) or named_laws(sentence) != set():
        return []
    ends = list(CONDITION_END.finditer(sentence))
    if ends:
        conduct, cut = sentence[:ends[-1].start()], ends[-1].end()
    else:  # 对未按规定安装…设施的餐饮服务经营者，由…予以查封: the conduct is what 对 names
        topic = TOPIC.match(sentence)
        if topic is None:
            return []
        conduct, cut = topic.group(1), topic.end()
    # lifting a measure is no measure taken (有下列情形之一的，应当及时作出解除查封、扣押决定: 行政强制法 第二十八条)
    consequence = RELEASE.sub(lambda m: "　" * len(m.group()), sentence[cut:])
    kinds = measure_kinds(consequence)
    if not kinds:
        return []
    candidates = [provision for _, provision in matching_provisions(conduct, day)]
    if not candidates:
        return []
    provided = set().union(*(measure_kinds(p.article.text) for p in candidates))
    conflicts = []
    for kind in sorted(kinds - provided):
        pattern = COMPULSION_KINDS.get(kind)
        found = pattern.search(consequence) if pattern else None
        start = cut + (found.start() if found else 0)
        end = cut + (found.end() if found else len(consequence))
        conflicts.append(MeasureConflict(start, end, kind, candidates[0]))
    return conflicts
