"""Chinese working days: weekends and public holidays are off, make-up workdays (调休) are on.

The calendar comes from the ``chinese-calendar`` package, which the State Council's yearly
holiday notice updates. It only knows the years it ships; beyond them we refuse to guess.
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

_KNOWN_YEARS = sorted({day.year for day in chinese_calendar.holidays} | {day.year for day in chinese_calendar.workdays})
FIRST_YEAR, LAST_YEAR = _KNOWN_YEARS[0], _KNOWN_YEARS[-1]


class CalendarNotCovered(ValueError):
    """A date outside the years the installed holiday calendar covers."""

    def __init__(self, day: date):
        super().__init__(
            f"the Chinese holiday calendar (chinese-calendar {chinese_calendar.__version__}) covers "
            f"{FIRST_YEAR}–{LAST_YEAR}, not {day.isoformat()}; upgrade it: pip install -U chinese-calendar")
        self.day = day


def _covered(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarNotCovered(day)
    return day


def is_workday(day: date) -> bool:
    return chinese_calendar.is_workday(_covered(day))


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start).

    A period counted "from the day after receipt" ends on the working day this count reaches.
    """
    if end <= start:
        return 0
    _covered(start), _covered(end)
    return len(chinese_calendar.get_workdays(start + timedelta(days=1), end))


def add_workdays(start: date, count: int) -> date:
    """The ``count``-th working day after ``start``."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day
