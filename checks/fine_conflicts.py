"""A fine a clause sets outside what the higher-law article on the same conduct allows (higher-law-conflict).

A normative document may set no fine (行政处罚法 第十六条), and even a government rule may only specify one
within the kind and range a law or regulation sets for the conduct (第十四条第一款). So a clause that fines
露天焚烧秸秆 five to ten thousand yuan, where 大气污染防治法 第一百一十九条 allows five hundred to two thousand,
contradicts that article whoever signs it. The article is found without Elasticsearch:

* cited in the clause (依照《…》第X条): that article;
* otherwise the paragraphs (款) of laws and administrative regulations in force on the draft's day that set
  a fine, scored by how much of the clause's conduct (the condition before the fine, 露天焚烧秸秆) they
  state: the share of its words (the review's own segmentation) they contain, each word weighted by its
  rarity among those paragraphs (a word every penalty article has, 违反 or 规定, says nothing about the
  conduct; 占道 in 擅自占道经营 decides it).

The fine conflicts only when it lies outside every range, of the same unit and base, of every paragraph
that matches about as well as the best one (an article often sets one range for units and one for
individuals, and a conduct may match two articles): a lawful restatement is within one of them. Ranges
are read by the one fine reader, ``extractors/fines.py``, and compared by the one comparison,
``checks/laws/fines.py`` (per tier; why not against the widest range is said there). A clause anchored in a law
the corpus does not hold at these levels (a provincial regulation) is left alone: its range may be that
regulation's.

The laws-index step (``index/higher_law.py``) finds the article another way (nearest the whole clause in
Elasticsearch) and compares against its widest range; where it finds a conflict on the same clause, its finding replaces this
check's (``index/higher_law.replace_clause_check``). This check stays because it needs no Elasticsearch.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from normreview.checks.article_match import HIGHER_LEVELS, MIN_WORDS, conduct_words, higher_law_articles, named_laws, rarity, telling_words
from normreview.checks.laws.fines import FineConflict, comparable, leaves
from normreview.checks.laws.store import Article, Law, law_store
from normreview.checks.lawtext import article_basis
from normreview.extractors.fines import FineRange, find_fines
from normreview.patterns import UNIT_LABEL, find_cited_articles

# A paragraph matches when it states at least this (weighted) share of the clause's conduct, and it is a
# candidate when it comes within MARGIN of the best paragraph.
MIN_SCORE = 0.6
MARGIN = 0.12
# A restatement states the conduct with more telling words than a match needs (the statute's conduct at length).
RESTATED_WORDS = 4
# Where the conduct happens and what the document is called say nothing about which article governs it.
_NOISE = re.compile(r"《[^》]*》|在[^，。；、]{1,30}?(?:范围内|辖区内|区域内|境内)|(?:^|[“\"])[^“\"]{0,40}?(?:规定|明确|称)[:：]"
                    rf"|{UNIT_LABEL.pattern}")
_CONDITION_END = re.compile(r"的[，,]")
_DUTY = re.compile(r"应当|不得|必须|严禁|须|要求")


@dataclass(frozen=True)
class FineProvision:
    """One paragraph (款, with its items) of a higher-law article that sets fines."""

    article: Article
    paragraph: int  # 1-based
    fines: tuple[FineRange, ...]
    conduct: str  # its text, with the paragraph it refers to (前款)


def _paragraph_provisions(article: Article) -> list[FineProvision]:
    found = []
    for index, (lead, items) in enumerate(article.paragraphs):
        text = "\n".join((lead, *items))
        fines = tuple(find_fines(text))
        if not fines:
            continue
        conduct = text
        if "前款" in lead and index:  # 个人有前款第二项…行为之一的: the conduct is listed in the paragraph before
            before_lead, before_items = article.paragraphs[index - 1]
            conduct = "\n".join((before_lead, *before_items, text))
        found.append(FineProvision(article, index + 1, fines, conduct))
    return found


@lru_cache(maxsize=2)
def fine_provisions(day: str) -> tuple[FineProvision, ...]:
    """The fine-setting paragraphs of the laws and administrative regulations in force on ``day``."""
    return tuple(provision for _, articles in higher_law_articles(day) for article in articles
                 if "罚款" in article.text for provision in _paragraph_provisions(article))


@lru_cache(maxsize=2)
def _conducts(day: str) -> tuple[str, ...]:
    return tuple(provision.conduct for provision in fine_provisions(day))


@lru_cache(maxsize=4096)
def _weight(word: str, day: str) -> float:
    """How much a word says about which paragraph governs (its rarity among the paragraphs' conducts)."""
    return rarity(word, _conducts(day))


def conduct_of(sentence: str, fine: FineRange) -> str:
    """The conduct a sentence fines: the condition before the fine (…的，处…), else the sentence without it; a
    duty or prohibition the sentence opens with (各镇应当做好禁放宣传，不得推诿，对…的，处…) is no part of it."""
    head = sentence[:fine.start]
    ends = list(_CONDITION_END.finditer(head))
    conduct = head[:ends[-1].start()] if ends else head + sentence[fine.end:]
    pieces = re.split(r"[，,；]", conduct)
    duties = [i for i, piece in enumerate(pieces[:-1]) if _DUTY.search(piece)]
    if duties:
        conduct = "，".join(pieces[duties[-1] + 1:])
    return _NOISE.sub("", conduct)


def matching_provisions(conduct: str, day: str, min_words: int = MIN_WORDS) -> list[tuple[float, FineProvision]]:
    """The paragraphs that state the conduct about as well as the best one, best first; none for a conduct of
    fewer than ``min_words`` telling words (拒不改正 matches every article that says it)."""
    wanted = telling_words({word: _weight(word, day) for word in conduct_words(conduct)}, min_words)
    if not wanted:
        return []
    total = sum(wanted.values())
    telling = max(wanted, key=wanted.get)  # the paragraph must state the conduct's rarest word (焚烧 … 秸秆)
    scored = sorted(((sum(w for word, w in wanted.items() if word in provision.conduct) / total, provision)
                     for provision in fine_provisions(day) if telling in provision.conduct), key=lambda pair: -pair[0])
    if not scored or scored[0][0] < MIN_SCORE:
        return []
    best = scored[0][0]
    return [(score, provision) for score, provision in scored if score >= max(MIN_SCORE, best - MARGIN)]


def _conflict(fine: FineRange, provisions: list[FineProvision]) -> FineConflict | None:
    """The fine against the candidate paragraphs: a conflict only when it leaves every comparable range of each
    (``checks/laws/fines.leaves``); the first paragraph is quoted."""
    compared = [(p, ranges) for p in provisions if (ranges := comparable(fine, p.fines))]
    if not compared or not all(leaves(fine, ranges) for _, ranges in compared):
        return None
    provision, ranges = compared[0]  # the provision's ranges of the fine's unit and base
    return FineConflict(fine, ranges, article_basis(provision.article))


def _cited_provisions(sentence: str, day: str) -> list[FineProvision] | None:
    """The fine-setting paragraphs of the articles the sentence cites; None when it cites none."""
    cited = find_cited_articles(sentence)
    if not cited:
        return None
    store = law_store()
    found: list[FineProvision] = []
    for ref in cited:
        law = store.resolve(ref.law)
        if not isinstance(law, Law) or law.level not in HIGHER_LEVELS:
            return []  # a local regulation or an unknown instrument may set its own range
        article = store.article(law, ref.article, day, ref.sub)
        if article is not None:
            provisions = _paragraph_provisions(article)
            found.extend(p for p in provisions if ref.paragraph in (None, p.paragraph))
    return found


def sentence_conflicts(sentence: str, day: str) -> list[FineConflict]:
    """The fines of one sentence that lie outside what the matching higher-law article allows."""
    fines = find_fines(sentence)
    if not fines:
        return []
    cited = _cited_provisions(sentence, day)
    named = named_laws(sentence)
    if named is None:
        return []  # anchored in a local regulation or rule: its range may be that instrument's own
    conflicts = []
    for fine in fines:
        candidates = cited if cited is not None else \
            [provision for _, provision in matching_provisions(conduct_of(sentence, fine), day)
             if not named or provision.article.law in named]
        conflict = _conflict(fine, candidates)
        if conflict:
            conflicts.append(conflict)
    return conflicts


# A clause that restates the statute states its conduct nearly word for word.
RESTATED_SCORE = 0.8


def restated_fine(sentence: str, day: str | None = None) -> bool:
    """Every fine of the sentence lies within a range that each higher-law paragraph stating the same conduct almost
    word for word sets (在人口集中地区露天焚烧秸秆的，…处五百元以上二千元以下的罚款): the clause restates the
    statute's penalty rather than setting one."""
    day = day or date.today().isoformat()
    fines = find_fines(sentence)
    if not fines:
        return False
    for fine in fines:
        strong = [p for score, p in matching_provisions(conduct_of(sentence, fine), day, RESTATED_WORDS)
                  if score >= RESTATED_SCORE]
        # within a range of every such paragraph (a conduct two articles state with different ranges is no restatement
        # of either when the fine fits only one)
        ranges = [[r for r in p.fines if r.comparable(fine)] for p in strong]
        ranges = [rs for rs in ranges if rs]
        if not ranges or not all(any(fine.within(r) for r in rs) for rs in ranges):
            return False
    return True
