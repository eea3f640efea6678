"""Property tests (hypothesis) where a rule is general: working days round-trip, every 文号 form gives
one key, and every finding's offsets slice its quote out of the document text."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normreview.checks.catalogue import load_rules
from normreview.checks.engine import review_document
from normreview.checks.workdays import add_workdays, is_workday, known_years, workdays_between
from normreview.extractors import extract_text
from normreview.patterns import doc_number_keys

pytestmark = pytest.mark.unit

FIRST_YEAR, LAST_YEAR = known_years()[0], known_years()[-1]

# Far enough from the calendar's last year that 400 working days still fall inside it.
days = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR - 2, 12, 31))


@given(start=days, count=st.integers(min_value=0, max_value=400))
@settings(max_examples=150, deadline=None)
def test_adding_working_days_then_counting_them_back_round_trips(start, count):
    end = add_workdays(start, count)
    assert workdays_between(start, end) == count
    if count:
        assert is_workday(end)
        assert workdays_between(start, end - timedelta(days=1)) == count - 1  # the count reaches n on that day


@given(start=days, end=days)
@settings(max_examples=100, deadline=None)
def test_working_days_between_add_up_over_any_middle_day(start, end):
    start, end = min(start, end), max(start, end)
    middle = start + (end - start) / 2
    assert workdays_between(start, end) == workdays_between(start, middle) + workdays_between(middle, end)


PAIRS = list(zip("〔[［【(（﹝", "〕]］】)）﹞"))


@given(prefix=st.text(alphabet="国发改办财金规苏政湘沪府京浙粤管委", min_size=1, max_size=8),
       brackets=st.sampled_from(PAIRS), year=st.integers(min_value=1990, max_value=2099),
       serial=st.integers(min_value=1, max_value=99999), zeros=st.integers(min_value=0, max_value=2),
       di=st.booleans(), space=st.sampled_from(["", " ", "\u3000"]))
@settings(max_examples=200, deadline=None)
def test_every_doc_number_form_normalises_to_one_key(prefix, brackets, year, serial, zeros, di, space):
    left, right = brackets
    zeros = min(zeros, 5 - len(str(serial)))  # DOC_NUMBER reads 1-5 serial digits as written, padding included
    written = f"{prefix}{left}{space}{year}{space}{right}{'第' if di else ''}{'0' * zeros}{serial}{space}号"
    assert doc_number_keys(written) == [f"{prefix}〔{year}〕{serial}号", f"〔{year}〕{serial}号"]


# -- offsets --------------------------------------------------------------------------------------

CLAUSE_RULES = [r for r in load_rules() if r.scope == "clause"]
SENTENCES = sorted({text for r in CLAUSE_RULES for kind in ("match", "no_match") for text in r.examples[kind]})
TITLES = ["某某区管理委员会关于印发某某管理办法的通知", "某某项目投资协议", "某某区工作报告"]


@given(title=st.sampled_from(TITLES), sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8),
       joins=st.lists(st.sampled_from(["\n", "", "\n第三条 "]), min_size=8, max_size=8))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_quote_is_the_text_between_its_offsets(title, sentences, joins):
    text = title + "\n" + "".join(s + j for s, j in zip(sentences, joins))
    document = extract_text(text)
    for finding in review_document(document):
        assert document.text[finding.start:finding.end] == finding.quote, finding.rule
        assert 0 <= finding.start <= finding.end <= len(document.text)
        if finding.quote:
            assert finding.quote in finding.clause_text, finding.rule
