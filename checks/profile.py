"""Jurisdiction profiles: thresholds that vary by province (validity years, effective-date delay,
filing days, review working days, comment days), each with its source and whether it was verified.

``load_profile("jiangsu")`` is the default. The audit reads ``filing_days`` and ``review_workdays``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PROFILES_DIR = Path(__file__).parent / "profiles"
DEFAULT = "jiangsu"


@dataclass(frozen=True)
class Threshold:
    value: int
    verified: bool
    law: str  # the instrument that sets the value
    source: str  # what it says, and whether and where it was checked


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    thresholds: dict[str, Threshold]

    def _value(self, key: str) -> int:
        return self.thresholds[key].value

    @property
    def max_validity_years(self) -> int:
        return self._value("max_validity_years")

    @property
    def max_trial_validity_years(self) -> int:
        return self._value("max_trial_validity_years")

    @property
    def effective_delay_days(self) -> int:
        return self._value("effective_delay_days")

    @property
    def filing_days(self) -> int:
        return self._value("filing_days")

    @property
    def review_workdays(self) -> int:
        return self._value("review_workdays")

    @property
    def comment_days(self) -> int:
        return self._value("comment_days")

    def severity(self, key: str, severity: str) -> str:
        """A finding that rests on an unverified value is at most a warning."""
        return severity if self.thresholds[key].verified or severity != "error" else "warning"

    def basis(self, key: str) -> dict[str, object]:
        threshold = self.thresholds[key]
        return {"law": threshold.law, "article": "", "verified": threshold.verified}


@lru_cache(maxsize=None)
def load_profile(name: str = DEFAULT) -> Profile:
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml")))
        raise ValueError(f"unknown jurisdiction profile {name!r}; known: {known}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    thresholds = {key: Threshold(value=int(v["value"]), verified=bool(v["verified"]), law=v["law"],
                                  source=v["source"].strip())
                  for key, v in data["values"].items()}
    return Profile(name=data["name"], title=data["title"], thresholds=thresholds)
