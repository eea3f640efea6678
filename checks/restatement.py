"""Statute sentences a draft clause restates (issue #13 item 2: a clause that restates a licence, duty or measure a
statute already sets stays silent when the statute corpus names it).

A local document may repeat what a law, an administrative regulation or a ministry rule in force itself sets — the
duty of a market's operator (食品安全法 第六十一条), a licence (城镇燃气管理条例 第二十一条), a penalty with its range
(城乡规划法 第六十四条), a surcharge at the statutory rate (社会保险法 第八十六条) — naming today's competent body
(区市场监督管理局 for 工商行政管理部门) or the statute's own formula. Such a clause sets nothing: it is the statute's.

``restated(text)`` finds the one statute sentence that holds nearly all of the clause's wording (character bigrams,
with the bodies and places that a local draft names otherwise left out) and every amount, rate, period and kind of
penalty of it; a clause that changes the range, adds a measure or lays a duty on top keeps wording the statute lacks
and is not a restatement (a penalty of a kind the sentence lacks, 没收违法所得 added to a conduct the statute only fines,
is short but changes what matters). The index is built once per process from the statute store (``checks/laws``), newest versions of laws,
administrative regulations and ministry rules that are neither repealed nor expired.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from normreview.checks.laws.store import build_fingerprint, default_path, law_store
from normreview.checks.lexicons import statutory_categories
from normreview.extractors.fines import penalty_kinds
from normreview.patterns import numeral_value

LEVELS = ("法律", "行政法规", "部门规章")
# A statute sentence ends at 。 or a line; a clause of a draft is read up to its own end, so ； stays inside.
STATUTE_SENTENCE = re.compile(r"[^。\n]+")
# Who acts and where are the local draft's own words for the statute's formula (区交通运输局 for 县级以上道路运输管理
# 机构; 县燃气管理部门 for 燃气管理部门; 在雨花台区 for 在本行政区域): left out on both sides.
# …and the body told or reported to (书面告知区市场监督管理局 for 书面告知…负责特种设备安全监督管理的部门).
BODY = re.compile(r"(?:(?<=由)|(?<=向)|(?<=经)|(?<=报)|(?<=到)|(?<=会同)|(?<=告知)|(?<=通知)|(?<=报告)|(?<=报送)|(?<=抄送))"
                  r"[^，。；、的]{0,18}?"
                  r"(?:人民政府|主管部门|管理部门|管理机构|部门|机关|机构|局|委员会|办公室|中心|大队|支队)"
                  r"|(?:县级以上|设区的市级|省级|省、自治区、直辖市)[^，。；、的]{0,18}?(?:人民政府|部门|机关|机构)")
# A place name is no verb of telling or reporting and no 或者 (书面告知直辖市或者设区的…: the statute's words stay).
PLACE = re.compile(r"(?:本|我|全)(?:市|区|县|镇|乡|省)|(?:(?!告知|通知|报告|报送|或者)[\u4e00-\u9fa5]){2,8}?(?:省|市|区|县|镇|乡|街道)"
                   r"(?=[内范区辖的，、]|行政)")
# The issuing body naming itself where the statute names its kind (本局应当在二十日内组织听证 for 行政机关应当…: 行政许可法
# 第四十七条; 我局, 本机关): the draft's own word for the statute's body, left out on both sides like the others. Not the
# 本 of 基本局面, 成本 or 样本.
SELF = re.compile(r"(?<![基根资样成日版文剧账课范原副脚])(?:本|我)(?:局|厅|署|机关|部门)")
# Amounts, rates and periods the statute must hold as written: 五百元以上二千元以下, 万分之五, 90个工作日, 三十日内.
FIGURE = re.compile(r"[\d一二三四五六七八九十百千万零〇两]+(?:\.\d+)?(?:万元|元|%|倍|个?工作日|日|天|个月|年|小时)"
                    r"|(?:百分之|千分之|万分之)[一二三四五六七八九十百零\d]+(?:点[一二三四五六七八九零〇\d]+)?")
# A figure's value and unit, however written: a draft writes 二十万元 where the statute has 20万元, 百分之一 for 1%, 30日 for
# 三十日 — one amount (prec11).
FIGURE_PARTS = re.compile(r"(?P<number>[\d一二三四五六七八九十百千万零〇两点.]+?)(?P<unit>万元|元|%|倍|个?工作日|日|天|个月|年|小时)$"
                          r"|(?P<kind>百分之|千分之|万分之)(?P<share>.+)$")
SHARE_UNITS = {"百分之": "%", "千分之": "‰", "万分之": "‱"}


def _figure_key(figure: str) -> str:
    """One key for one amount, rate or period: 二十万元 and 20万元 → 200000元; 百分之一 and 1% → 1%; 三十日 and 30日 → 30日."""
    parts = FIGURE_PARTS.match(figure)
    if parts is None:
        return figure
    if parts.group("kind"):
        value, unit = numeral_value(parts.group("share")), SHARE_UNITS[parts.group("kind")]
    else:
        value, unit = numeral_value(parts.group("number")), parts.group("unit")
        if unit == "万元" and value is not None:
            value, unit = value * 10000, "元"
        unit = {"天": "日", "个工作日": "工作日"}.get(unit, unit)
    return figure if value is None else f"{int(value) if value.is_integer() else value}{unit}"


def _holds_figures(figures: list[str], sentence: str) -> bool:
    """Every amount, rate and period of the clause is one the statute sentence states, however either writes it."""
    if all(f in sentence for f in figures):
        return True
    held = {_figure_key(f) for f in FIGURE.findall(sentence)} | {_figure_key(f) for f in re.findall(
        r"[\d.]+%|[\d.]+万元", sentence)}
    return all(f in sentence or _figure_key(f) in held for f in figures)
# A lead-in that lists conducts and sets their consequence (…有下列行为之一的，由…责令限期改正，可以处以2万元以下的罚款：),
# and an item of its list ((三)占用城市道路期满或者挖掘城市道路后，不及时清理现场的；).
LISTED_LEAD = re.compile(r"下列[^：:]{0,12}之一的[^：:]*[：:]\s*$")
ITEM_LABEL = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
ARTICLE_LABEL = re.compile(r"^\s*第[一二三四五六七八九十百千零〇]+条\s*|^\s*[（(][一二三四五六七八九十\d]+[）)]")
# Only sentences that set something are kept: a duty, a licence, a fee, a penalty or a measure.
# (prec11) …and the naming, listing, supervising and disciplining measures a statute takes (向社会公布…公开曝光; 予以督办通报; 列入
# 失信联合惩戒名单; 给予处分; 先行垫付…追偿), which a draft restates as often as a licence.
# (lawdraft11) 强制执行, 冻结, 听证: a sentence that sets who may enforce or hear, with 可以 and no duty word (行政强制法 第五十三条)
MEASURE_CUE = re.compile(r"应当|必须|须|不得|禁止|方可|批准|许可|登记|备案|报告|缴纳|收取|罚款|没收|吊销|责令|滞纳金|查封|扣押|暂扣|停业"
                         r"|公布|曝光|通报|约谈|督办|列入|处分|垫付|追偿|暂停|取消|撤销|强制执行|冻结|听证")
CJK = re.compile(r"[\u4e00-\u9fa5\d]")
# Bigrams this common say nothing of which sentence is meant (的，应当, 人民): not used to pick candidates.
COMMON = 4000
# The clause's wording the statute sentence must hold, and the least wording read as a restatement.
COVERAGE = 0.8
MIN_GRAMS = 12


@dataclass(frozen=True)
class StatuteSentence:
    law: str
    article: int
    text: str


def _plain(text: str) -> str:
    """The wording that says what is done: article label, bodies and places left out, punctuation dropped."""
    text = ARTICLE_LABEL.sub("", text)
    text = BODY.sub("", PLACE.sub("", SELF.sub("", text)))
    return "".join(CJK.findall(text))


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class Index:
    sentences: list[tuple[str, int, str]]  # law, article number, sentence
    plain: list[str]  # each sentence's wording as _plain reads it
    postings: np.ndarray  # sentence ids, grouped by bigram
    spans: dict[str, tuple[int, int]]  # bigram -> its slice of postings


def build_index() -> Index:
    """Every sentence that sets something, of the newest versions of laws, administrative regulations and ministry
    rules in force in the statute store, indexed by its bigrams."""
    in_force = sorted(law_store().articles_in_force(LEVELS), key=lambda pair: pair[0].name)
    rows = [(law.name, article.number, article.text) for law, articles in in_force for article in articles]
    sentences, plain, postings = [], [], {}
    for name, number, text in rows:
        lead = None  # a lead-in that lists conducts and sets their consequence (有下列行为之一的，由…处…罚款：)
        for paragraph in text.splitlines():
            found = [s.group().strip() for s in STATUTE_SENTENCE.finditer(paragraph)]
            # each sentence, and each two of a paragraph that follow each other: a draft joins them with ；
            # (…应当按照批准的位置、面积、期限占用或者挖掘；需要…延长时间的，应当提前办理变更审批手续)
            units = found + [f"{a}。{b}" for a, b in zip(found, found[1:])]
            item = ITEM_LABEL.match(paragraph)
            if item and lead:
                # an item read with its lead-in: a draft states one conduct with the consequence the lead-in sets
                # (占用城市道路期满…不及时清理现场的，由区城市管理局责令限期改正，可以处以2万元以下的罚款)
                units.append(paragraph[item.end():].strip().rstrip("；;。") + "，" + lead)
            elif LISTED_LEAD.search(paragraph):
                lead = ARTICLE_LABEL.sub("", paragraph).strip()
            elif not item:
                lead = None
            for unit in units:
                if not MEASURE_CUE.search(unit):
                    continue
                wording = _plain(unit)
                if len(wording) < MIN_GRAMS:
                    continue
                for gram in _grams(wording):
                    postings.setdefault(gram, []).append(len(sentences))
                sentences.append((name, number, unit))
                plain.append(wording)
    spans, flat, at = {}, [], 0
    for gram, ids in postings.items():
        spans[gram] = (at, at + len(ids))
        flat.extend(ids)
        at += len(ids)
    return Index(sentences, plain, np.asarray(flat, dtype=np.int32), spans)


@lru_cache(maxsize=1)
def _index() -> Index:
    """The index, kept beside the statute store (rebuilt when the store's sources or this reading change)."""
    digest = hashlib.sha256((build_fingerprint() + Path(__file__).read_text(encoding="utf-8")).encode()).hexdigest()[:16]
    path = default_path().with_name(f"laws-restatement-{digest}.pickle")
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    index = build_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    with partial.open("wb") as handle:
        pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # atomic: a concurrent reader sees the whole file or none
    return index


@lru_cache(maxsize=1)
def _members() -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The kinds a statute lists to define a category (电梯, 锅炉 of 特种设备), longest first, and their categories."""
    by_term = {c.term: c.category for c in statutory_categories()}
    if not by_term:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(by_term, key=len, reverse=True))), by_term


def restated(text: str) -> StatuteSentence | None:
    """The statute sentence that ``text`` (a clause with its condition) restates, or None. A draft names the kind where
    the statute names its category (电梯安装单位 for 特种设备安装…的施工单位; 特种设备安全法 第二条 lists 电梯 among 特种设备):
    the clause is read also with each kind put back as its category."""
    found = _restated(text)
    members = _members()
    if found is None and members is not None and members[0].search(text):
        found = _restated(members[0].sub(lambda m: members[1][m.group()], text))
    return found


@lru_cache(maxsize=4096)
def _restated(text: str) -> StatuteSentence | None:
    query = _grams(_plain(text))
    if len(query) < MIN_GRAMS:
        return None
    index = _index()
    known = [index.spans[g] for g in query if g in index.spans]
    spans = [(a, b) for a, b in known if b - a <= COMMON]
    needed = COVERAGE * len(query) - (len(known) - len(spans))  # the common bigrams may all be in the sentence
    if not spans or len(spans) < needed:
        return None
    votes = np.bincount(np.concatenate([index.postings[a:b] for a, b in spans]))
    if votes.max() < needed:  # no sentence holds enough of the clause's telling bigrams
        return None
    figures = FIGURE.findall(text)
    top = np.argpartition(votes, -5)[-5:] if len(votes) > 5 else np.arange(len(votes))
    for candidate in top[np.argsort(votes[top])[::-1]]:
        law, number, sentence = index.sentences[candidate]
        if len(query & _grams(index.plain[candidate])) >= COVERAGE * len(query) and _holds_figures(figures, sentence) \
                and penalty_kinds(text) <= penalty_kinds(sentence):
            return StatuteSentence(law, number, sentence)
    return None
