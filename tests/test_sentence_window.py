"""A clause rule's conditions look at the sentence around its trigger, and only that sentence."""
from __future__ import annotations

import pytest
from rule_quotes import RULES

from normreview.checks.engine import match_text, sentence_bounds, sentence_ends

pytestmark = pytest.mark.unit

TEXT = "第一句甲乙。第二句丙丁；第三句戊己"  # ends after 。 (6) and ； (12); 17 characters


def test_sentence_ends_are_after_each_terminator():
    assert sentence_ends(TEXT) == [6, 12]
    assert sentence_ends("甲。乙；丙;丁！戊!己？庚?辛\n壬") == [2, 4, 6, 8, 10, 12, 14, 16]


@pytest.mark.parametrize("start,end,bounds", [
    (3, 5, (0, 6)),  # 甲乙 in the first sentence
    (0, 1, (0, 6)),  # the text's first character
    (9, 11, (6, 12)),  # 丙丁 in the middle sentence
    (6, 7, (6, 12)),  # the middle sentence's first character
    (15, 17, (12, 17)),  # 戊己 in the last sentence, which has no terminator
    (16, 17, (12, 17)),  # the text's last character
])
def test_the_sentence_around_a_trigger(start, end, bounds):
    assert sentence_bounds(TEXT, start, end) == bounds
    assert sentence_bounds(TEXT, start, end, sentence_ends(TEXT)) == bounds


def test_a_text_without_terminators_is_one_sentence():
    assert sentence_bounds("没有标点的一句话", 2, 4) == (0, 8)


def test_a_lawful_qualifier_in_the_previous_sentence_does_not_silence_a_penalty():
    rule = RULES["PEN-SET-PENALTY"]
    clause = "对违反本办法规定擅自占道经营的，由管委会处以五千元以上一万元以下罚款。"
    text = "本办法依法制定。" + clause
    [(start, end)] = match_text(rule, text)
    assert text[start:end] == "处以五千元以上一万元以下罚款"
    assert start == len("本办法依法制定。") + clause.index("处以")


def test_a_lawful_qualifier_in_the_next_sentence_does_not_silence_a_penalty():
    rule = RULES["PEN-SET-PENALTY"]
    text = "对擅自占道经营的，由管委会处以五千元罚款；其他事项依法处理。"
    assert [text[s:e] for s, e in match_text(rule, text)] == ["处以五千元罚款"]


def test_a_lawful_qualifier_in_the_same_sentence_silences_it():
    rule = RULES["PEN-SET-PENALTY"]
    assert match_text(rule, "本办法依法制定。对擅自占道经营的，由管委会依法处以五千元罚款。") == []
