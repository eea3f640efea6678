"""Chinese working days: weekends and public holidays are off, make-up workdays (调休) are on.

Each year's days come from ``checks/data/holidays/<year>.yaml`` (the State Council's yearly notice,
国务院办公厅关于YYYY年部分节假日安排的通知, as data). A year the data lacks falls back to the
``chinese-calendar`` package; a year neither has counts weekends only, with a warning once per
year, so a missing notice makes a working-day count approximate instead of stopping the audit.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar

from normreview.checks.yamlfile import load_yaml

HOLIDAY_DATA = Path(__file__).resolve().parent / "data" / "holidays"
log = logging.getLogger("normreview.calendar")


@dataclass(frozen=True)
class YearCalendar:
    year: int
    holidays: frozenset[date]  # days off on weekdays or weekends within a holiday period
    make_up_workdays: frozenset[date]  # weekend days made working days
    source: str  # "data", "chinese-calendar" or "weekends-only"


def _from_data(year: int) -> YearCalendar | None:
    path = HOLIDAY_DATA / f"{year}.yaml"
    if not path.is_file():
        return None
    record = load_yaml(path.read_text(encoding="utf-8"))
    return YearCalendar(year, frozenset(map(date.fromisoformat, record.get("holidays") or {})),
                        frozenset(map(date.fromisoformat, record.get("make_up_workdays") or {})), "data")


def _from_package(year: int) -> YearCalendar | None:
    holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year)
    workdays = frozenset(d for d in chinese_calendar.workdays if d.year == year)
    if not holidays and not workdays:
        return None
    return YearCalendar(year, holidays, workdays, "chinese-calendar")


def missing_year_message(year: int) -> str:
    return (f"警告：节假日数据缺少{year}年（未收录国务院办公厅关于{year}年部分节假日安排的通知），"
            f"{year}年的工作日暂按周一至周五计算，法定节假日和调休未计入；"
            f"请在 checks/data/holidays/{year}.yaml 中补录该年通知")


@cache
def year_calendar(year: int) -> YearCalendar:
    calendar = _from_data(year) or _from_package(year)
    if calendar is None:
        log.warning(missing_year_message(year))
        calendar = YearCalendar(year, frozenset(), frozenset(), "weekends-only")
    return calendar


def known_years() -> list[int]:
    """Years whose holidays are known (project data or package)."""
    data = {int(p.stem) for p in HOLIDAY_DATA.glob("*.yaml") if p.stem.isdigit()}
    return sorted(data | {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})


def missing_years(start: date, end: date) -> list[int]:
    """Years between ``start`` and ``end`` that will be counted weekends-only."""
    known = set(known_years())
    return [y for y in range(min(start, end).year, max(start, end).year + 1) if y not in known]


def is_workday(day: date) -> bool:
    calendar = year_calendar(day.year)
    if day in calendar.make_up_workdays:
        return True
    if day in calendar.holidays:
        return False
    return day.weekday() < 5


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start).

    A period counted "from the day after receipt" ends on the working day this count reaches.
    """
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count


def add_workdays(start: date, count: int) -> date:
    """The ``count``-th working day after ``start``."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day
