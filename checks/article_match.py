"""The higher-law articles a clause is matched to by its words (``fine_conflicts``: a fine's conduct;
``period_conflicts``: a period's procedure): the laws and administrative regulations in force on the draft's day,
the clause's words in the review's segmentation, each weighted by its rarity among the candidate texts, and the
laws a sentence names in 《》.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence

from normreview.checks.laws.store import Article, Law, law_store
from normreview.checks.nlp import parse

HIGHER_LEVELS = ("法律", "行政法规")
# 擅自 + 经营 say too little to pick an article: the conduct's words must weigh this much together.
MIN_WEIGHT = 6.0
# A conduct must have this many words the candidate texts know to be matched at all (露天 / 焚烧 / 秸秆).
MIN_WORDS = 2
_CJK = re.compile(r"[\u4e00-\u9fa5]+")
_TITLE = re.compile(r"《([^》]{2,40})》")
# Words of the consequence and of legal form, not of the conduct (处建设工程造价百分之二十的罚款，是对…适用的处理标准).
_NOT_CONDUCT = {"罚款", "处罚", "处理", "标准", "适用", "按照", "依照", "规定", "违反", "应当", "依法", "不得", "责令", "改正",
                "一律", "本办法", "本规定", "执行"}


def higher_law_articles(day: str) -> Iterator[tuple[Law, list[Article]]]:
    """Each law and administrative regulation in force on ``day``, with the articles of its version of that day."""
    return law_store().articles_in_force(HIGHER_LEVELS, day)


def rarity(word: str, texts: Sequence[str]) -> float:
    """How much a word says about which text is meant: its inverse frequency among the texts (0 when none
    states it)."""
    count = sum(1 for text in texts if word in text)
    return math.log(len(texts) / (1 + count)) if count else 0.0


def conduct_words(conduct: str) -> list[str]:
    """The words of a conduct (two or more Chinese characters), in the review's segmentation."""
    return list(dict.fromkeys(t.text for t in parse(conduct)
                              if len(t.text) >= 2 and _CJK.fullmatch(t.text) and t.text not in _NOT_CONDUCT))


def telling_words(weights: dict[str, float], min_words: int = MIN_WORDS) -> dict[str, float]:
    """The words that say which article is meant (a weight above 0); none when fewer than ``min_words`` or
    lighter than MIN_WEIGHT together."""
    wanted = {word: weight for word, weight in weights.items() if weight > 0}
    return wanted if len(wanted) >= min_words and sum(wanted.values()) >= MIN_WEIGHT else {}


def named_laws(sentence: str) -> set[Law] | None:
    """The laws and regulations a sentence names in 《》 (a notice's own title resolves to none); None when
    it names an instrument of a lower level, which may set a range of its own."""
    store = law_store()
    named: set[Law] = set()
    for title in _TITLE.findall(sentence):
        law = store.resolve(title)
        if isinstance(law, Law):
            if law.level not in HIGHER_LEVELS:
                return None
            named.add(law)
        elif title.endswith(("法", "条例")):
            return None  # a regulation the corpus does not hold (a province's 条例)
    return named
