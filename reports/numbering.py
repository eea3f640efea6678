"""The reviewing organ's reference numbers of letters: a counter per year in the data folder."""
from __future__ import annotations

import datetime
import fcntl
import json
from pathlib import Path

from normreview.settings import Settings


def next_letter_number(settings: Settings, day: datetime.date | None = None) -> str:
    """The next reference number of the scheme (e.g. 区司审〔2026〕12号); the counter survives restarts and is
    locked, so two decisions at once never share a number."""
    year = (day or datetime.date.today()).year
    path = Path(settings.data_dir) / "letter-numbers.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        counters = json.loads(handle.read() or "{}")
        counters[str(year)] = n = counters.get(str(year), 0) + 1
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(counters))
    return settings.letter_number_scheme.format(organ_short=settings.letter_organ_short, year=year, n=n)
