"""The working-day calendar: project data first, the package second, weekends-only with a warning."""
from __future__ import annotations

import logging
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from normreview.checks import workdays
from normreview.checks.audit import expiry_items, filing_overdue_items
from normreview.checks.workdays import add_workdays, is_workday, missing_years, workdays_between, year_calendar

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_calendar():
    year_calendar.cache_clear()
    yield
    year_calendar.cache_clear()


@pytest.mark.unit
def test_every_year_from_2004_to_2026_is_project_data_naming_its_notice():
    for year in range(2004, 2027):
        record = yaml.safe_load((workdays.HOLIDAY_DATA / f"{year}.yaml").read_text(encoding="utf-8"))
        assert record["notice"]["title"] == f"国务院办公厅关于{year}年部分节假日安排的通知"
        assert record["holidays"], year
        assert year_calendar(year).source == "data"


@pytest.mark.unit
def test_the_2026_notice_days_as_published():
    # 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): Spring Festival 2-15..23 off,
    # Saturdays 2-14 and 2-28 worked; National Day 10-1..7 off, Sunday 9-20 and Saturday 10-10 worked.
    assert not is_workday(date(2026, 2, 16))  # a Monday inside the holiday
    assert is_workday(date(2026, 2, 14))  # a make-up Saturday
    assert is_workday(date(2026, 2, 28))
    assert not is_workday(date(2026, 2, 21))  # a Saturday inside the holiday
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))
    assert not is_workday(date(2026, 10, 7)) and is_workday(date(2026, 10, 8))


@pytest.mark.unit
def test_a_limit_ends_on_its_last_working_day_and_one_day_more_is_over():
    # Received Friday 2026-02-06. Working days after it: 9–13 (5), 14 (make-up Saturday, 6);
    # 15–23 are the Spring Festival; 24 (7), 25 (8), 26 (9), 27 (10).
    received = date(2026, 2, 6)
    assert add_workdays(received, 6) == date(2026, 2, 14)  # the make-up Saturday counts
    assert workdays_between(received, date(2026, 2, 23)) == 6  # the holiday does not
    assert add_workdays(received, 10) == date(2026, 2, 27)
    assert workdays_between(received, date(2026, 2, 27)) == 10  # the last working day: within the limit
    assert workdays_between(received, date(2026, 2, 28)) == 11  # one day over (28 is a make-up Saturday)
    assert workdays_between(received, received) == 0
    assert workdays_between(date(2026, 2, 27), received) == 0


@pytest.mark.unit
def test_project_data_wins_over_the_package(tmp_path, monkeypatch, fresh_calendar):
    # A (fictional) year file that makes 2025-10-01 a working day must override the package.
    (tmp_path / "2025.yaml").write_text(yaml.safe_dump({"year": 2025, "holidays": {"2025-10-02": "国庆节"},
                                                       "make_up_workdays": {}}), encoding="utf-8")
    monkeypatch.setattr(workdays, "HOLIDAY_DATA", tmp_path)
    assert is_workday(date(2025, 10, 1))
    assert not is_workday(date(2025, 10, 2))
    # A year without a file falls back to the package.
    assert year_calendar(2024).source == "chinese-calendar"
    assert not is_workday(date(2024, 10, 1))


@pytest.mark.unit
def test_a_missing_year_counts_weekends_only_with_a_chinese_warning(caplog, fresh_calendar):
    assert missing_years(date(2026, 12, 1), date(2027, 1, 4)) == [2027]
    with caplog.at_level(logging.WARNING, logger="normreview.calendar"):
        # Thursday 2026-12-31 -> Friday 2027-01-01 (weekends-only: a working day), Monday 01-04.
        assert workdays_between(date(2026, 12, 31), date(2027, 1, 4)) == 2
        assert is_workday(date(2027, 1, 1)) and not is_workday(date(2027, 1, 2))
    warnings = [r.getMessage() for r in caplog.records if r.name == "normreview.calendar"]
    assert len(warnings) == 1  # once per year, not once per day
    assert "2027年" in warnings[0] and "周一至周五" in warnings[0]
    assert year_calendar(2027).source == "weekends-only"


@pytest.mark.unit
def test_expiry_and_filing_items_do_not_need_the_calendar(monkeypatch):
    def no_calendar(_year):
        raise AssertionError("the expiry and filing audits must not consult the holiday calendar")

    monkeypatch.setattr(workdays, "year_calendar", no_calendar)
    today = date(2031, 3, 3)
    [expired] = expiry_items([{"doc_id": "a", "title": "甲", "expires": "2031-01-01"}], today, 30)
    assert expired.overdue
    [late] = filing_overdue_items([{"doc_id": "b", "title": "乙", "filing_due": "2031-02-01", "filed": None}], today)
    assert late.overdue


@pytest.mark.integration
def test_cli_audit_in_a_year_without_holiday_data_works(archive):
    from test_flows import cli_env

    done = subprocess.run([str(Path(sys.executable).parent / "normreview"), "audit", "--as-of", "2027-01-04"],
                          capture_output=True, text=True, env=cli_env(), timeout=300)
    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    assert "审计日 2027-01-04" in done.stdout
    assert "节假日数据缺少2027年" in done.stderr


@pytest.mark.unit
def test_a_year_from_the_data_folder_says_so(fresh_calendar):
    calendar = year_calendar(2025)
    assert (calendar.year, calendar.source) == (2025, "data")
    assert date(2025, 10, 1) in calendar.holidays and date(2025, 9, 28) in calendar.make_up_workdays  # a make-up Sunday
    assert all(d.year == 2025 for d in calendar.holidays | calendar.make_up_workdays)


@pytest.mark.unit
def test_a_year_from_the_package_says_so(tmp_path, monkeypatch, fresh_calendar):
    monkeypatch.setattr(workdays, "HOLIDAY_DATA", tmp_path)  # no data folder entries
    calendar = year_calendar(2024)
    assert (calendar.year, calendar.source) == (2024, "chinese-calendar")
    assert date(2024, 10, 1) in calendar.holidays and date(2024, 9, 29) in calendar.make_up_workdays
    assert all(d.year == 2024 for d in calendar.holidays | calendar.make_up_workdays)


@pytest.mark.unit
@pytest.mark.parametrize("kept", ["holidays", "workdays"])
def test_a_package_year_with_holidays_or_make_up_days_alone_is_known(kept, tmp_path, monkeypatch, fresh_calendar):
    monkeypatch.setattr(workdays, "HOLIDAY_DATA", tmp_path)
    day = date(2040, 5, 1) if kept == "holidays" else date(2040, 4, 28)  # a Tuesday off, or a Saturday worked
    monkeypatch.setattr(workdays.chinese_calendar, "holidays", {day: "劳动节"} if kept == "holidays" else {})
    monkeypatch.setattr(workdays.chinese_calendar, "workdays", {day: "劳动节"} if kept == "workdays" else {})
    calendar = year_calendar(2040)
    assert calendar.source == "chinese-calendar"
    assert is_workday(day) is (kept == "workdays")
    assert workdays.known_years() == [2040] and missing_years(date(2040, 1, 1), date(2041, 1, 1)) == [2041]


@pytest.mark.unit
def test_known_years_join_the_data_folder_and_both_package_tables(tmp_path, monkeypatch):
    for name in ("2031.yaml", "2032.txt", "notes.yaml", "build.py"):
        (tmp_path / name).write_text("holidays: {}\n", encoding="utf-8")
    monkeypatch.setattr(workdays, "HOLIDAY_DATA", tmp_path)
    monkeypatch.setattr(workdays.chinese_calendar, "holidays", {date(2040, 5, 1): "劳动节"})
    monkeypatch.setattr(workdays.chinese_calendar, "workdays", {date(2041, 4, 27): "劳动节"})
    assert workdays.known_years() == [2031, 2040, 2041]
    assert missing_years(date(2042, 1, 1), date(2030, 6, 1)) == [2030, 2032, 2033, 2034, 2035, 2036, 2037, 2038, 2039, 2042]
