"""Jurisdiction profiles: thresholds that vary by province (validity years, effective-date delay,
filing days, review working days, comment days), each with its source, and the choice of profile
for a document from its issuer's place.

Each value names the law, the article and the article's exact text (``quote``, checked against the
statute corpus file ``file`` by tests/test_profiles.py). ``verified: true`` means the quoted article
itself sets the value; a value national or provincial law in the corpus does not set is
``verified: false``, and findings resting on it are at most warnings.

``choose_profile(document, override=None) -> ProfileChoice``: an override (``--profile``, or the
NORMREVIEW_PROFILE setting), else ``detect_profile``: the province of the issuer, the title line or
the 文号's organ abbreviation (via ``checks.places``): a province with a profile gets that profile,
anything else (a State Council organ or ministry, a province without a profile, no place found)
``national``. ``ProfileChoice.home`` is the division code of the issuer's place, for
``places.find_places(text, home=…)`` to place 本地/本区 mentions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normreview.checks import places
from normreview.checks.yamlfile import load_yaml
from normreview.model import Document
from normreview.settings import settings

PROFILES_DIR = Path(__file__).parent / "profiles"
DEFAULT = "national"


@dataclass(frozen=True)
class Threshold:
    value: int
    verified: bool  # the quoted article sets this value
    law: str  # the instrument that sets (or anchors) the value
    article: str  # e.g. 第六十二条第二款; "" when the instrument is not in the corpus
    quote: str  # the article's exact text, as the corpus gives it; "" when not in the corpus
    file: str  # the corpus file the quote is from, relative to the LawRefBook checkout
    source: str  # for the reader: what the value rests on and what is not verified


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    province: str | None  # the province whose documents get this profile; None for national
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
        basis: dict[str, object] = {"law": threshold.law, "article": threshold.article, "verified": threshold.verified}
        if threshold.quote:
            basis["text"] = threshold.quote
        if not threshold.verified:
            basis["note"] = threshold.source
        return basis


@dataclass(frozen=True)
class ProfileChoice:
    name: str
    reason: str  # in Chinese, for the review object and the letter
    home: str | None = None  # division code of the issuer's place, for find_places(text, home=…)

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}


def profile_names() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def load_profile(name: str = DEFAULT) -> Profile:
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ValueError(f"unknown jurisdiction profile {name!r}; known: {', '.join(profile_names())}")
    data = load_yaml(path.read_text(encoding="utf-8"))
    thresholds = {key: Threshold(value=int(v["value"]), verified=bool(v["verified"]), law=v["law"],
                                 article=v.get("article", ""), quote=v.get("quote", "").strip(),
                                 file=v.get("file", ""), source=v["source"].strip())
                  for key, v in data["values"].items()}
    return Profile(name=data["name"], title=data["title"], province=data.get("province"), thresholds=thresholds)


def profile_for_province(province: str) -> str | None:
    return next((name for name in profile_names() if load_profile(name).province == province), None)


def _by_province(province: str, evidence: str, home: str | None) -> ProfileChoice:
    name = profile_for_province(province)
    if name:
        return ProfileChoice(name, f"{evidence}，适用{load_profile(name).title}规定", home)
    return ProfileChoice(DEFAULT, f"{evidence}；{province}的规定尚未收录，适用国家规定", home)


def choose_profile(document: Document, override: str | None = None) -> ProfileChoice:
    """The profile for a document, with the reason in Chinese; an override (``--profile``, else the
    NORMREVIEW_PROFILE setting) replaces the detected profile but keeps the detected home."""
    detected = detect_profile(document)
    if override:
        return ProfileChoice(override, f"审核时指定（--profile {override}），适用{load_profile(override).title}规定"
                                       f"（按发文机关识别为 {detected.name}）", detected.home)
    setting = settings().profile
    if setting:
        return ProfileChoice(setting, f"按设置 NORMREVIEW_PROFILE={setting}，适用{load_profile(setting).title}规定"
                                      f"（按发文机关识别为 {detected.name}）", detected.home)
    return detected


def detect_profile(document: Document) -> ProfileChoice:
    """The profile of the issuer's province: from the issuers, else the title line, else the 文号."""
    for issuer in document.issuer:
        if places.is_national_organ(issuer):
            return ProfileChoice(DEFAULT, f"发文机关“{issuer}”为国务院或其部门，适用国家规定")
        place = places.place_of(issuer)
        if place:
            return _by_province(place.province, f"发文机关“{issuer}”位于{places.where(place)}", place.code)
    place = places.place_of(document.title)
    if place:
        return _by_province(place.province, f"标题“{document.title}”中的“{place.text}”位于{places.where(place)}",
                            place.code)
    if places.is_national_number(document.doc_number):
        return ProfileChoice(DEFAULT, f"文号“{document.doc_number}”为国务院部门文号，适用国家规定")
    division, evidence = places.organ_place(document.doc_number)
    if division:
        return _by_province(division.province, evidence, division.code)
    return ProfileChoice(DEFAULT, "未能从发文机关、标题和文号识别所在省份，适用国家规定")
