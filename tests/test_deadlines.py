"""Every deadline and limit at its boundary: the day it falls on passes, the day after does not.

Working days follow the State Council's 2024 holiday notice as chinese-calendar ships it: National Day
is 1–7 October (off), Sunday 29 September and Saturday 12 October are make-up working days (调休).
"""
from __future__ import annotations

from datetime import date

import pytest

from normreview.checks.audit import (
    AuditItem,
    as_date,
    expiry_items,
    filing_due,
    filing_overdue_items,
    inbox_items,
    issue_date,
    repealed_citation_items,
    repealed_citations,
    repealed_law_names,
    review_overdue_items,
    sort_items,
)
from normreview.checks.laws.store import law_store
from normreview.checks.workdays import add_workdays, is_workday, known_years, workdays_between

pytestmark = pytest.mark.unit

FIRST_YEAR, LAST_YEAR = known_years()[0], known_years()[-1]

RECEIVED = date(2024, 9, 27)  # a Friday before the National Day holiday


# -- working days -------------------------------------------------------------------------------

def test_make_up_days_work_and_holidays_do_not():
    assert is_workday(date(2024, 9, 29))  # Sunday, make-up day
    assert is_workday(date(2024, 10, 12))  # Saturday, make-up day
    assert not is_workday(date(2024, 9, 28))  # ordinary Saturday
    assert not is_workday(date(2024, 10, 1))  # National Day, a Tuesday
    assert not is_workday(date(2024, 10, 7))  # last day of the holiday, a Monday
    assert not is_workday(date(2024, 10, 13))  # ordinary Sunday


@pytest.mark.parametrize("end,count", [
    (date(2024, 9, 27), 0),  # the day of receipt itself does not count
    (date(2024, 9, 26), 0),  # an end before the start
    (date(2024, 9, 28), 0),  # Saturday off
    (date(2024, 9, 29), 1),  # Sunday make-up day
    (date(2024, 9, 30), 2),
    (date(2024, 10, 7), 2),  # the whole holiday counts nothing
    (date(2024, 10, 8), 3),
    (date(2024, 10, 11), 6),
    (date(2024, 10, 12), 7),  # Saturday make-up day
    (date(2024, 10, 13), 7),
    (date(2024, 10, 14), 8),
])
def test_workdays_between_across_the_holiday(end, count):
    assert workdays_between(RECEIVED, end) == count


@pytest.mark.parametrize("count,day", [
    (0, date(2024, 9, 27)), (1, date(2024, 9, 29)), (2, date(2024, 9, 30)), (3, date(2024, 10, 8)),
    (7, date(2024, 10, 12)), (8, date(2024, 10, 14)),
])
def test_add_workdays_across_the_holiday(count, day):
    assert add_workdays(RECEIVED, count) == day


def test_the_first_and_last_years_the_calendar_ships_are_covered():
    assert is_workday(date(FIRST_YEAR, 1, 1)) is False  # New Year's Day
    assert is_workday(date(LAST_YEAR, 1, 1)) is False


def test_an_empty_period_has_no_working_days_even_outside_the_calendar():
    assert workdays_between(date(1990, 1, 2), date(1990, 1, 2)) == 0


# -- the review period (checks/audit.py) --------------------------------------------------------

def review(today: date, limit: int = 7):
    return review_overdue_items([{"doc_id": "d1", "title": "某某办法", "received": RECEIVED.isoformat()}], today, limit)


def test_the_last_working_day_of_the_review_period_is_not_overdue():
    assert review(date(2024, 10, 12)) == []


def test_the_weekend_after_the_last_working_day_is_not_overdue():
    assert review(date(2024, 10, 13)) == []


def test_one_working_day_over_the_review_period_is_overdue():
    [item] = review(date(2024, 10, 14))
    assert (item.doc_id, item.category, item.due, item.overdue) == ("d1", "review-overdue", "2024-10-12", True)
    assert item.detail == ("2024-09-27收到送审稿，审核期限7个工作日，应于2024-10-12前完成，已超1个工作日")


def test_a_review_inside_the_holiday_is_not_overdue():
    # 2 working days have elapsed by 7 October; a limit of 2 ends on 30 September
    assert review(date(2024, 10, 7), limit=2) == []
    [item] = review(date(2024, 10, 8), limit=2)
    assert (item.due, item.detail[-7:]) == ("2024-09-30", "已超1个工作日")


def test_a_review_without_a_receipt_date_is_not_audited():
    assert review_overdue_items([{"doc_id": "d1", "received": None}], date(2030, 1, 1), 7) == []


# -- filing -------------------------------------------------------------------------------------

def test_filing_is_due_thirty_calendar_days_after_publication():
    assert filing_due(date(2024, 1, 31), 30) == date(2024, 3, 1)  # leap year: 29 days of February
    assert filing_due(date(2023, 1, 31), 30) == date(2023, 3, 2)


def filing(today: date, filed: bool = False):
    return filing_overdue_items([{"doc_id": "d2", "title": "某某规定", "filing_due": "2024-03-01", "filed": filed}], today)


def test_filing_on_the_due_day_is_not_overdue():
    assert filing(date(2024, 3, 1)) == []


def test_filing_the_day_after_the_due_day_is_overdue():
    [item] = filing(date(2024, 3, 2))
    assert (item.category, item.due, item.overdue) == ("filing-overdue", "2024-03-01", True)
    assert item.detail == "应于2024-03-01前报送备案，尚未备案，已逾期1日"


def test_a_filed_document_is_never_overdue():
    assert filing(date(2025, 1, 1), filed=True) == []


# -- expiry -------------------------------------------------------------------------------------

def expiring(today: date, within: int = 30):
    return expiry_items([{"doc_id": "d3", "title": "某某意见", "expires": "2024-06-30"}], today, within)


def test_on_the_expiry_day_the_document_is_still_valid():
    [item] = expiring(date(2024, 6, 30))
    assert (item.category, item.due, item.overdue) == ("expiry", "2024-06-30", False)
    assert item.detail == "有效期将于2024-06-30届满（剩余0日），应当及时评估是否延续"


def test_the_day_after_expiry_is_overdue():
    [item] = expiring(date(2024, 7, 1))
    assert item.overdue is True
    assert item.detail == "有效期已于2024-06-30届满，已过期1日，应当清理或重新制定"


def test_the_look_ahead_window_includes_its_last_day():
    [item] = expiring(date(2024, 5, 31), within=30)  # 31 May + 30 days = 30 June
    assert item.overdue is False and "剩余30日" in item.detail
    assert expiring(date(2024, 5, 30), within=30) == []  # 30 May + 30 days = 29 June


# -- repealed citations -------------------------------------------------------------------------

def cited(today: date, repealed_on: date, published: str | None = "2020-05-01"):
    documents = [{"doc_id": "d4", "title": "某某通知", "text": "…", "dates": {"published": published}}]
    return repealed_citation_items(documents, today, lambda text: [("某某条例", repealed_on)])


def test_a_law_repealed_on_the_issue_day_is_not_flagged():
    assert cited(date(2024, 1, 1), date(2020, 5, 1)) == []


def test_a_law_repealed_the_day_after_issue_is_flagged():
    [item] = cited(date(2024, 1, 1), date(2020, 5, 2))
    assert (item.category, item.due, item.overdue) == ("repealed-citation", "2020-05-02", False)
    assert item.detail == "引用的《某某条例》已于2020-05-02废止或失效2020-05-01发布后，应当修改或清理"


def test_a_repeal_takes_effect_on_its_day_not_before():
    assert cited(date(2024, 1, 1), date(2024, 1, 2)) == []
    assert len(cited(date(2024, 1, 2), date(2024, 1, 2))) == 1


def test_without_an_issue_date_every_repealed_citation_is_flagged():
    [item] = cited(date(2024, 1, 1), date(1999, 1, 1), published=None)
    assert item.detail.endswith("（发布日期不详），应当修改或清理")


def test_the_issue_date_is_published_else_signed_else_effective():
    assert issue_date({"published": "2020-05-01", "signed": "2020-04-01", "effective": "2020-06-01"}) == date(2020, 5, 1)
    assert issue_date({"published": None, "signed": "2020-04-01", "effective": "2020-06-01"}) == date(2020, 4, 1)
    assert issue_date({"effective": "2020-06-01"}) == date(2020, 6, 1)
    assert issue_date({}) is None


def test_a_signed_only_document_is_compared_with_its_signing_day():
    documents = [{"doc_id": "d5", "text": "…", "dates": {"signed": "2021-01-01"}}]
    assert repealed_citation_items(documents, date(2024, 1, 1), lambda text: [("某某条例", date(2021, 1, 1))]) == []


def test_archive_dates_are_read_as_days():
    assert as_date("2024-06-30") == date(2024, 6, 30)
    assert as_date("2024-06-30T08:00:00+08:00") == date(2024, 6, 30)
    assert as_date(date(2024, 6, 30)) == date(2024, 6, 30)
    assert as_date(None) is None


def test_date_objects_are_audited_like_strings():
    [item] = expiry_items([{"doc_id": "d3", "expires": date(2024, 6, 30)}], date(2024, 7, 1), 0)
    assert (item.due, item.title, item.overdue) == ("2024-06-30", "", True)
    assert filing_overdue_items([{"doc_id": "d2"}], date(2024, 3, 2)) == []  # no due date: nothing to audit


REGISTRY = law_store()  # the statute store the audit reads


def test_a_citation_of_a_repealed_law_is_found_with_its_repeal_date():
    text = "依据《中华人民共和国合同法》《中华人民共和国担保法》和《中华人民共和国民法典》，制定本办法。"
    assert repealed_citations(text, REGISTRY) == [("中华人民共和国合同法", date(2021, 1, 1)),
                                                  ("中华人民共和国担保法", date(2021, 1, 1))]


def test_a_clause_that_repeals_a_law_does_not_cite_it():
    assert repealed_citations("本办法自发布之日起施行，《中华人民共和国合同法》同时废止。", REGISTRY) == []


def test_only_repealed_laws_with_a_known_date_are_compared():
    names = repealed_law_names(REGISTRY)
    assert "中华人民共和国合同法" in names
    for name in ("中华人民共和国合同法", "合同法"):
        assert REGISTRY.status_on(REGISTRY.resolve(name), None).repealed_on == "2021-01-01"


def test_audit_items_sort_by_category_then_due_day_then_document():
    items = [AuditItem(doc_id="b", title="", category="review-overdue", due="2024-01-01", detail="", overdue=True),
             AuditItem(doc_id="b", title="", category="expiry", due="2024-02-01", detail="", overdue=False),
             AuditItem(doc_id="a", title="", category="expiry", due="2024-02-01", detail="", overdue=False),
             AuditItem(doc_id="c", title="", category="expiry", due="2024-01-15", detail="", overdue=True),
             AuditItem(doc_id="d", title="", category="repealed-citation", due="2020-01-01", detail="", overdue=False),
             AuditItem(doc_id="f", title="", category="repealed-citation", due=None, detail="", overdue=False),  # no due day: first of its category
             AuditItem(doc_id="e", title="", category="filing-overdue", due="2023-12-01", detail="", overdue=True)]
    ordered = [(i.category, i.doc_id) for i in sort_items(items)]
    assert ordered == [("expiry", "c"), ("expiry", "a"), ("expiry", "b"), ("filing-overdue", "e"),
                       ("review-overdue", "b"), ("repealed-citation", "f"), ("repealed-citation", "d")]
    assert items[0].model_dump() == {"doc_id": "b", "title": "", "category": "review-overdue", "due": "2024-01-01",
                                  "detail": "", "overdue": True}


def test_each_audit_goes_on_past_a_record_it_skips():
    today = date(2024, 10, 14)
    reviews = [{"doc_id": "none", "received": None}, {"doc_id": "fresh", "received": "2024-10-11"},
               {"doc_id": "late", "title": "某某办法", "received": RECEIVED.isoformat()}, {"doc_id": "late2", "received": "2024-09-26"}]
    assert [(i.doc_id, i.title) for i in review_overdue_items(reviews, today, 7)] == [("late", "某某办法"), ("late2", "")]
    entries = [{"doc_id": "filed", "filing_due": "2024-01-01", "filed": True}, {"doc_id": "open", "filing_due": "2024-01-01"},
               {"doc_id": "open2", "title": "某某规定", "filing_due": "2024-01-02"}]
    assert [(i.doc_id, i.title) for i in filing_overdue_items(entries, date(2024, 3, 2))] == [("open", ""), ("open2", "某某规定")]
    documents = [{"doc_id": "later", "expires": "2030-01-01"}, {"doc_id": "none"}, {"doc_id": "past", "expires": "2024-01-01"},
                 {"doc_id": "past2", "title": "某某意见", "expires": "2024-01-02"}]
    assert [(i.doc_id, i.title) for i in expiry_items(documents, date(2024, 7, 1), 30)] == [("past", ""), ("past2", "某某意见")]


def test_the_repealed_citation_audit_reads_each_document_text():
    seen = []

    def cites(text):
        seen.append(text)
        return [("中华人民共和国合同法", date(2021, 1, 1))] if "合同法" in text else []

    documents = [{"doc_id": "old", "text": "依据《中华人民共和国合同法》", "dates": {"published": "2021-01-01"}},
                 {"doc_id": "none", "dates": {}},
                 {"doc_id": "new", "title": "某某通知", "text": "依据《中华人民共和国合同法》", "dates": {"published": "2020-01-01"}},
                 {"doc_id": "new2", "text": "依据《中华人民共和国合同法》", "dates": {"published": "2020-01-02"}}]
    items = repealed_citation_items(documents, date(2024, 1, 1), cites)
    assert [(i.doc_id, i.title) for i in items] == [("new", "某某通知"), ("new2", "")]
    assert seen == ["依据《中华人民共和国合同法》", "", "依据《中华人民共和国合同法》", "依据《中华人民共和国合同法》"]


def test_every_law_a_document_cites_is_compared_on_its_own():
    documents = [{"doc_id": "d6", "text": "…", "dates": {"published": "2020-05-01"}}]
    items = repealed_citation_items(documents, date(2024, 1, 1), lambda text: [
        ("旧条例", date(2019, 1, 1)), ("某某条例", date(2021, 1, 1)), ("未来条例", date(2025, 1, 1)), ("另一条例", date(2022, 1, 1))])
    assert [i.due for i in items] == ["2021-01-01", "2022-01-01"]


def test_a_repeal_clause_covers_a_citation_from_its_first_character():
    text = "本办法自发布之日起施行。《中华人民共和国合同法》同时废止。"
    assert repealed_citations(text, REGISTRY) == []


def test_a_citation_right_after_a_repeal_clause_counts():
    text = "《中华人民共和国担保法》同时废止《中华人民共和国合同法》"
    assert repealed_citations(text, REGISTRY) == [("中华人民共和国合同法", date(2021, 1, 1))]


def test_a_law_in_force_is_not_a_repealed_citation():
    assert repealed_citations("依据《中华人民共和国民法典》制定。", REGISTRY) == []


def test_a_law_the_store_does_not_know_does_not_stop_the_search():
    text = "依据《某某市不存在的管理办法》和《中华人民共和国合同法》制定。"
    assert repealed_citations(text, REGISTRY) == [("中华人民共和国合同法", date(2021, 1, 1))]


# -- the reviewer's inbox ---------------------------------------------------------------------------
# Received Friday 2024-09-27 with 5 working days: 29 Sep (make-up Sunday, 1), 30 Sep (2), National Day
# 1–7 Oct off, 8 (3), 9 (4), 10 Oct (5) is the last day. Received Monday 30 Sep with 8: 8, 9, 10, 11,
# 12 (make-up Saturday), 14, 15, 16 Oct.
INBOX = [
    {"doc_id": "c", "title": "丙", "received": None, "profile": "national"},  # not yet received: skipped
    {"doc_id": "b", "title": "乙", "received": "2024-09-27T09:00:00+00:00", "profile": "jiangsu"},
    {"doc_id": "a", "title": None, "received": "2024-09-27", "profile": "national"},
    {"doc_id": "d", "title": "丁", "received": "2024-09-30", "profile": None},
    {"doc_id": "0", "title": "戊", "received": "2024-09-29", "profile": "short"},  # due with a and b, received later
]
LIMITS = {"jiangsu": 5, "national": 5, "short": 4, None: 8}


def test_the_inbox_gives_each_received_draft_its_due_day_and_working_days_left():
    items = inbox_items(INBOX, date(2024, 9, 29), LIMITS.__getitem__)
    assert items == [
        {"doc_id": "a", "title": "", "submitted": "2024-09-27", "due": "2024-10-10", "days_left": 4},
        {"doc_id": "b", "title": "乙", "submitted": "2024-09-27", "due": "2024-10-10", "days_left": 4},
        {"doc_id": "0", "title": "戊", "submitted": "2024-09-29", "due": "2024-10-10", "days_left": 4},
        {"doc_id": "d", "title": "丁", "submitted": "2024-09-30", "due": "2024-10-16", "days_left": 9},
    ]


def test_the_inbox_counts_zero_on_the_last_day_and_negative_after_it_overdue_first():
    on_due = inbox_items(INBOX, date(2024, 10, 10), LIMITS.__getitem__)
    assert [(i["doc_id"], i["days_left"]) for i in on_due] == [("a", 0), ("b", 0), ("0", 0), ("d", 5)]
    assert [i["days_left"] for i in inbox_items(INBOX, date(2024, 10, 11), LIMITS.__getitem__)] == [-1, -1, -1, 4]
    after = inbox_items(INBOX, date(2024, 10, 16), LIMITS.__getitem__)
    assert [(i["doc_id"], i["days_left"]) for i in after] == [("a", -5), ("b", -5), ("0", -5), ("d", 0)]
    # Within the holiday nothing moves: 1–7 October are no working days.
    assert [i["days_left"] for i in inbox_items(INBOX, date(2024, 10, 7), LIMITS.__getitem__)] == [3, 3, 3, 8]


def test_the_inbox_asks_for_each_drafts_own_profile():
    asked = []
    inbox_items(INBOX, date(2024, 9, 29), lambda name: asked.append(name) or 5)
    assert asked == ["jiangsu", "national", None, "short"]
