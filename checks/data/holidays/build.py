"""Write checks/data/holidays/<year>.yaml from the installed chinese-calendar package's data.

Developer tool, run once per new package release (or edit a year's YAML by hand from the State
Council's notice when the package lags behind):  .venv/bin/python checks/data/holidays/build.py
The product reads only the YAML files; the package is a fallback for years the data lacks.

Notice numbers (国办发明电〔…〕…号) are given as known to the author; ``number_verified: false``
marks those not checked against the published notice.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import chinese_calendar
import yaml

OUT = Path(__file__).resolve().parent

# year -> (document number, verified against a published copy of the notice)
NOTICE_NUMBERS: dict[int, tuple[str | None, bool]] = {
    2004: (None, False), 2005: (None, False), 2006: (None, False), 2007: (None, False),
    2008: ("国办发明电〔2007〕40号", False),
    2009: ("国办发明电〔2008〕62号", False),
    2010: ("国办发明电〔2009〕19号", False),
    2011: ("国办发明电〔2010〕40号", False),
    2012: ("国办发明电〔2011〕39号", False),
    2013: ("国办发明电〔2012〕38号", False),
    2014: ("国办发明电〔2013〕28号", False),
    2015: ("国办发明电〔2014〕28号", False),
    2016: ("国办发明电〔2015〕18号", False),
    # Quoted with its number by a reprint of the notice (中国政府网 source), 2016-12-01.
    2017: ("国办发明电〔2016〕17号", True),
    2018: ("国办发明电〔2017〕12号", False),
    2019: ("国办发明电〔2018〕15号", False),
    2020: ("国办发明电〔2019〕16号", False),
    2021: ("国办发明电〔2020〕27号", False),
    2022: ("国办发明电〔2021〕11号", False),
    2023: ("国办发明电〔2022〕16号", False),
    2024: ("国办发明电〔2023〕7号", False),
    2025: ("国办发明电〔2024〕12号", False),
    2026: (None, False),  # issued 2025-11-04 (Xinhua); number not seen in the copies found
}

# Years where a further notice changed the yearly arrangement.
EXTRA_NOTICES = {
    2015: [{"title": "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知",
            "number": None, "number_verified": False}],
    2020: [{"title": "国务院办公厅关于延长2020年春节假期的通知",
            "number": "国办发明电〔2020〕1号", "number_verified": False}],
}


def main() -> None:
    holidays: dict[int, dict] = defaultdict(dict)
    workdays: dict[int, dict] = defaultdict(dict)
    for day, name in sorted(chinese_calendar.holidays.items()):
        holidays[day.year][day.isoformat()] = chinese_calendar.Holiday(name).chinese
    for day, name in sorted(chinese_calendar.workdays.items()):
        workdays[day.year][day.isoformat()] = chinese_calendar.Holiday(name).chinese
    OUT.mkdir(parents=True, exist_ok=True)
    for year in sorted(set(holidays) | set(workdays)):
        number, verified = NOTICE_NUMBERS.get(year, (None, False))
        record = {
            "year": year,
            "notice": {"title": f"国务院办公厅关于{year}年部分节假日安排的通知", "number": number,
                       "number_verified": verified},
            "further_notices": EXTRA_NOTICES.get(year, []),
            "source": f"days from chinese-calendar {chinese_calendar.__version__} (its constants.py), "
                      "which transcribes the notice",
            # Days off, weekends inside a holiday period included; the value names the holiday.
            "holidays": holidays[year],
            # Weekend days made working days (调休上班).
            "make_up_workdays": workdays[year],
        }
        path = OUT / f"{year}.yaml"
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(path.relative_to(OUT.parent.parent.parent), len(holidays[year]), len(workdays[year]))


if __name__ == "__main__":
    main()
