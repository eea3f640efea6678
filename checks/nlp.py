"""The spaCy pipeline of the checks: ``spacy.blank("zh")`` segmented by jieba with the legal user
dictionary, and an EntityRuler that marks law names (LAW), the issuing agency (AGENCY) and the
private parties a clause may bind (PARTY). Built once per process. Every lexicon term of the clause
analysis (``checks/lexicons``) is a word of the segmenter."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from normreview.checks.laws.store import law_store
from normreview.checks.lexicons import lexicon_words
from normreview.lexicon import LEGAL_DICT
from normreview.patterns import normalize_law_name

# Levels whose names are cited bare ("婚姻法") often enough to look for them outside 《》.
STATUTE_LEVELS = {"宪法", "法律", "行政法规", "部门规章"}
# Who a clause speaks of. The agency's own duties are not obligations on citizens.
AGENCY_TERMS = [
    "管委会", "管理委员会", "本机关", "本委", "我委", "区政府", "市政府", "县政府", "人民政府", "政府",
    "有关部门", "相关部门", "各部门", "主管部门", "行政机关", "职能部门", "财政部门", "审批部门", "甲方",
    "区财政局", "市场监管部门", "牵头单位", "责任单位",
]
PARTY_TERMS = [
    "企业", "申请人", "经营者", "市场主体", "公民", "法人", "其他组织", "个人", "乙方", "投资方", "项目方",
    "当事人", "商户", "从业人员", "外地企业", "外地经营者", "投标人", "供应商", "承租人", "用人单位",
]


# Instruments that can set a licence, a penalty or a compulsory measure (行政许可法 第十四条、第十五条, 行政处罚法
# 第十条至第十四条, 行政强制法 第十条): laws, administrative and local regulations, and the rules the statute store
# holds. A province's or a city's 实施办法, 规定 or 通知 the store does not hold is a government rule or a normative
# document: cited for a measure, it is no legal anchor.
ARTICLE_TOKEN = r"^第[一二三四五六七八九十百零〇\d]+条"
ANCHOR_LEVELS = {"宪法", "法律", "行政法规", "地方性法规", "部门规章"}
# …and, when the store does not know the title, a name that says it is a law or a regulation (not 办法, 方法).
REGULATION_NAME = re.compile(r"(?:(?<![办方])法|条例)(?:（(?:试行|暂行)）)?$")
STATE_COUNCIL_DECISION = re.compile(r"^国务院[^，。；]{0,40}决定$")
NATIONAL_RULE = re.compile(r"(?:管理|许可|登记|备案|监督)[^，。；]{0,4}(?:规定|办法|细则)(?:（(?:试行|暂行)）)?$")
LOCAL_POLICY = re.compile(r"^(?:本|我|某|全)|实施办法|促进|扶持|奖励|奖补|招商|优惠|若干|通知|意见|方案|措施")


@lru_cache(maxsize=1)
def _anchor_names() -> frozenset[str]:
    return frozenset(written for name, law in law_store().all_names() if law.level in ANCHOR_LEVELS
                     for written in (name, normalize_law_name(name)))


def can_anchor(title: str) -> bool:
    """Whether the instrument cited as ``title`` (with or without 《》) is a law or regulation that can set a
    licence, penalty or compulsory measure: 《福建省促进民营经济发展实施办法》 is not, 《福建省…条例》 is; nor
    a State Council decision (行政许可法 第十四条第二款) or a ministry's rule that the store lacks (第十六条第三款:
    规章 specify the licences set above them), a 规定/办法 whose title names no place and no local policy."""
    name = title.strip().strip("《》")
    return name in _anchor_names() or normalize_law_name(name) in _anchor_names() or bool(REGULATION_NAME.search(name)) \
        or bool(STATE_COUNCIL_DECISION.search(name)) or _national_rule(name)


def _national_rule(name: str) -> bool:
    from normreview.checks.places import find_places  # the gazetteer is read only when a title asks for it

    return bool(NATIONAL_RULE.search(name)) and not LOCAL_POLICY.search(name) and not find_places(name)


def _statute_names() -> tuple[list[str], list[str]]:
    """Law names worth finding without 《》: laws, regulations and rules of the statute store, and any
    repealed instrument (a drafter still cites 婚姻法 bare); not judicial interpretations. Names of three characters or
    more, found alone; and (prec12) two-character law names (水法, 宪法, 刑法), too short to find alone (水法 inside 排水法规)
    but found with the article cited after them (依照水法第六十五条), which names the statute as surely as 《》 does."""
    store = law_store()
    repealed = {law.id for law, _ in store.repealed()}
    names = {written for name, law in store.all_names()
             if law.level != "司法解释" and (law.level in STATUTE_LEVELS or law.id in repealed)
             for written in (name, normalize_law_name(name))}  # 中华人民共和国婚姻法 and 婚姻法
    return (sorted(name for name in names if len(name) >= 3),
            sorted(name for name in names if len(name) == 2 and name.endswith("法")))


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy with jieba over the one legal dictionary, plus law names and subject terms as words."""
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()  # our own instance: the index keeps its segmentation unchanged
    segmenter.load_userdict(str(LEGAL_DICT))
    laws, short_laws = _statute_names()
    # Lexicon terms (checks/data/lexicons) are single tokens too: the clause analysis matches them whole.
    for word in laws + AGENCY_TERMS + PARTY_TERMS + lexicon_words():
        segmenter.add_word(word, freq=2000)
    # Built with the default segmenter and switched to ours: asking spaCy for "jieba" makes it initialise
    # jieba's global tokenizer too, loading the main dictionary a second time (0.3-0.5 s) for nothing.
    nlp = spacy.blank("zh")
    nlp.tokenizer.segmenter, nlp.tokenizer.jieba_seg = "jieba", segmenter
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(
            [{"label": "LAW", "pattern": name} for name in laws]
            + [{"label": "AGENCY", "pattern": term} for term in AGENCY_TERMS]
            + [{"label": "PARTY", "pattern": term} for term in PARTY_TERMS]
            + [{"label": "LAW", "pattern": [{"ORTH": name}, {"TEXT": {"REGEX": ARTICLE_TOKEN}}]}
               for name in short_laws]
        )
    return nlp


def add_words(words: list[str]) -> None:
    """Make rule phrases single tokens, so PhraseMatcher sees them however the sentence runs."""
    segmenter = pipeline().tokenizer.jieba_seg
    for word in words:
        segmenter.add_word(word, freq=2000)


def dictionary_state() -> tuple[int, int]:
    """The tokeniser's dictionary as it stands (its entries, its total frequency): add_words changes both, and a text
    parsed under one state may split differently under another."""
    segmenter = pipeline().tokenizer.jieba_seg
    return len(segmenter.FREQ), segmenter.total


def parse(text: str) -> Doc:
    """The pipeline's Doc of ``text``, however long: a text over spaCy's ``max_length`` is parsed in pieces
    cut at line ends (else anywhere) and joined with ``Doc.from_docs``, so character offsets still hold."""
    nlp = pipeline()
    limit = nlp.max_length
    if len(text) <= limit:
        return nlp(text)
    pieces, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append(nlp(text[start:end]))
        start = end
    return Doc.from_docs(pieces, ensure_whitespace=False)
