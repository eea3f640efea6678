"""Place names in a text: toponyms with their spans and administrative division, development zones
named after a place, and deictic references (本地, 本区, 辖区 …) as local mentions.

The gazetteer (``checks/data/gazetteer/``, see its README) is loaded once into a dict of names and a
dict of first characters → name lengths, so a scan is one longest-match lookup per character; no
Elasticsearch. A name that several divisions share (鼓楼区, 城关镇) is resolved by the places the
same text names unambiguously (a province or city elsewhere, or the ``home`` division of the
issuer); otherwise it is reported ambiguous with its candidates.

API: ``find_places(text, home=None) -> list[Place]``; ``place_of(text) -> Place | None``;
``province_of(text) -> (province, evidence)``; ``where(place)``;
``organ_place(doc_number) -> (Division | None, evidence)``; ``is_national_organ(name)``;
``division(code)``.
"""
from __future__ import annotations

import gzip
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normreview.patterns import find_doc_numbers

DATA = Path(__file__).parent / "data" / "gazetteer"
LEVEL_BY_CODE_LENGTH = {2: "province", 4: "city", 6: "county", 9: "town"}
# Grouping entries of the statistics codes that are no place of their own.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Full county names too generic to be told from ordinary words (山西's 城区, 矿区, 郊区).
GENERIC_NAMES = {"城区", "矿区", "郊区"}
# Town-level entries named only by a zone word (平阳县's 开发区): no place of their own in a text.
GENERIC_ZONE = re.compile(r"(?:经济技术|高新技术|经济|工业|高新|技术|产业|科技|综合|开发|物流|农业|生态|城区|中心)*"
                          r"(?:开发区|高新区|经开区|园区|新区|保税区|示范区|产业园|工业园|街道|镇|乡)")
# Short forms that are ordinary words more often than places: never matched on their own.
COMMON_WORDS = {
    "东方", "大同", "安康", "白银", "阿里", "长治", "普洱", "开封", "朝阳", "山南", "海西", "海北", "海东", "兴安",
    "来宾", "太平", "和平", "新城", "永安", "长安", "平安", "安宁", "长乐", "红河", "文山", "玉树", "黄南", "中山",
}
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")
CITY_SUFFIXES = ("地区", "市", "盟")
COUNTY_SUFFIXES = ("区", "县", "市", "旗")
# "<place>…开发区/高新区/园区/新区" names its place: 苏州工业园区, 常州经济开发区, 南浔经济技术开发区.
ZONE = re.compile(
    r"(?:(?!关于|人民|政府|[的和与及、，。；：\s])[\u4e00-\u9fff]){0,8}?"
    r"(?:开发区|高新区|经开区|园区|新区|保税区|示范区|产业园|工业园)")
# Deictic references to the issuer's own area; longer forms first.
DEICTIC = re.compile(
    r"本行政区域|本辖区|本地区|本街道|本地|本省|本市|本区|本县|本镇|本乡|"
    r"我省|我市|我区|我县|我镇|辖区|园区内|区内|县内|市内|省内|镇内|当地")
# Organs of the State Council and its ministries, and 文号 abbreviations they use.
NATIONAL_ORGAN = re.compile(
    r"^(?:中华人民共和国|国务院|国家|中共中央|全国|中国人民银行|中国证券监督|中国银行保险|海关总署|审计署)"
    r"|^[^省市县区州盟旗]{1,12}(?:部|总局|总署)(?:办公厅)?$")
NATIONAL_NUMBER = re.compile(r"^(?:国发|国办|国函|国令|发改|财|税总|国税|工信|商|人社|住建|自然资|农|市监|国市监|"
                             r"教|科|民|司|交|水|卫|应急|银保监|证监|国金|金规|署)")
# One-character provincial abbreviations as they begin a provincial 文号 (浙政办发, 苏政发).
PROVINCE_ABBREVIATIONS = {
    "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22", "黑": "23", "沪": "31",
    "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37", "豫": "41", "鄂": "42", "湘": "43",
    "粤": "44", "桂": "45", "琼": "46", "渝": "50", "川": "51", "黔": "52", "滇": "53", "云": "53", "藏": "54",
    "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65",
}
ORGAN_WORDS = re.compile(r"(?:政办发|政办函|政办|政发|政函|政|府办|府|委办|委|办发|办|发|函|规|字)")


def _path(place: Division | Place) -> str:
    """The full name down to the place: 浙江省湖州市南浔区, 浙江省湖州市南浔区南浔镇."""
    names = (place.province, place.city, place.county, place.name if place.level == "town" else None)
    return "".join(n for n in names if n)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county | town
    province: str | None
    city: str | None  # None under a municipality or for a county the province administers directly
    county: str | None

    @property
    def path(self) -> str:
        return _path(self)


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str
    code: str | None  # None when local without a home, or ambiguous
    level: str | None
    province: str | None
    city: str | None
    county: str | None
    local: bool = False  # a deictic reference: 本地, 本区, 辖区 …
    name: str | None = None  # the division's own name, e.g. 南浔镇
    zone: str | None = None  # the development zone the text names, e.g. 苏州工业园区
    candidates: tuple[str, ...] = ()  # full paths of the divisions an ambiguous name may mean

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len(self.candidates) > 1

    @property
    def path(self) -> str:
        return _path(self)


@dataclass
class _Mention:
    start: int
    end: int
    codes: list[str]  # candidate divisions
    zone: bool = False


class Gazetteer:
    """Divisions by code, and names (full and short) → codes, built once."""

    def __init__(self) -> None:
        rows = (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines()
        with gzip.open(DATA / "towns.tsv.gz", "rt", encoding="utf-8") as towns:
            rows += towns.read().splitlines()
        names = dict(row.split("\t") for row in rows if row)
        self.divisions: dict[str, Division] = {}
        for code, name in names.items():
            if name in PLACEHOLDERS:
                continue
            parent = {n: names.get(code[:n]) for n in (2, 4, 6)}
            level = LEVEL_BY_CODE_LENGTH[len(code)]
            self.divisions[code] = Division(
                code=code, name=name, level=level, province=parent[2],
                city=None if level == "province" or parent[4] in PLACEHOLDERS else parent[4],
                county=parent[6] if level in ("county", "town") else None)
        self.names: dict[str, list[str]] = {}  # names matched anywhere
        self.county_short: dict[str, list[str]] = {}  # 南浔: only after its city or before a zone word
        for division in self.divisions.values():
            if division.name not in GENERIC_NAMES and not GENERIC_ZONE.fullmatch(division.name):
                self.names.setdefault(division.name, []).append(division.code)
            short = _short_form(division)
            if not short or short in COMMON_WORDS:
                continue
            if division.level in ("province", "city"):
                self.names.setdefault(short, []).append(division.code)
            elif division.level == "county":
                self.county_short.setdefault(short, []).append(division.code)
        self.lengths = _lengths_by_first_char(self.names)
        self.short_lengths = _lengths_by_first_char(self.county_short)

    def longest(self, text: str, start: int, table: dict[str, list[str]], lengths: dict[str, list[int]]) -> tuple[int, list[str]] | None:
        if start >= len(text):
            return None
        for length in lengths.get(text[start], ()):
            codes = table.get(text[start:start + length])
            if codes:
                return start + length, codes
        return None


def _short_form(division: Division) -> str | None:
    suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES, "county": COUNTY_SUFFIXES}.get(division.level, ())
    for suffix in suffixes:
        if division.name.endswith(suffix) and "自治" not in division.name[:-len(suffix)]:
            short = division.name[:-len(suffix)]
            return short if len(short) >= 2 else None
    return None


def _lengths_by_first_char(table: dict[str, list[str]]) -> dict[str, list[int]]:
    lengths: dict[str, set[int]] = {}
    for name in table:
        lengths.setdefault(name[0], set()).add(len(name))
    return {char: sorted(ls, reverse=True) for char, ls in lengths.items()}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def division(code: str) -> Division | None:
    return gazetteer().divisions.get(code)


def _within(code: str, ancestor: str) -> bool:
    return code != ancestor and code.startswith(ancestor)


def _mentions(text: str) -> list[_Mention]:
    """Longest names left to right; a name directly followed by one of its subdivisions (浙江省湖州市
    南浔区) is one mention, and a zone word after a place (苏州工业园区) extends it."""
    g = gazetteer()
    mentions: list[_Mention] = []
    i = 0
    while i < len(text):
        hit = g.longest(text, i, g.names, g.lengths)
        zone = False
        if hit is None:  # a county's short form names a zone: 南浔经济开发区
            hit = g.longest(text, i, g.county_short, g.short_lengths)
            if hit is None or not ZONE.match(text, hit[0]):
                i += 1
                continue
        end, codes = hit
        while True:  # narrow to a subdivision named right after
            following = g.longest(text, end, g.names, g.lengths) or g.longest(text, end, g.county_short, g.short_lengths)
            narrowed = [c for c in following[1] if any(_within(c, a) for a in codes)] if following else []
            if not narrowed:
                break
            end, codes = following[0], narrowed
        zone_match = ZONE.match(text, end)
        if zone_match and g.divisions[codes[0]].level != "town":
            end, zone = zone_match.end(), True
        mentions.append(_Mention(i, end, codes, zone))
        i = end
    return mentions


def _prefixes(code: str) -> set[str]:
    return {code[:n] for n in (2, 4, 6, 9) if n <= len(code)}


def _resolve(codes: list[str], context: set[str]) -> list[str]:
    """The candidates that lie deepest in a division the context names (南京市 before 鼓楼区 picks
    南京's, not 徐州's); without context the highest level (吉林: the province, not the city)."""
    if len(codes) == 1:
        return codes
    depth = {c: max((len(p) for p in _prefixes(c) if p in context), default=0) for c in codes}
    deepest = max(depth.values())
    if deepest:
        return [c for c in codes if depth[c] == deepest]
    shortest = min(len(c) for c in codes)
    return [c for c in codes if len(c) == shortest]


def find_places(text: str, home: str | None = None) -> list[Place]:
    """Toponyms and local mentions in ``text``, in order. ``home`` is the division code of the
    issuer's place: it fills the local mentions and helps resolve ambiguous names."""
    g = gazetteer()
    mentions = _mentions(text)
    context = _prefixes(home) if home else set()
    for m in mentions:
        if len(m.codes) == 1:
            context.update(_prefixes(m.codes[0]))
    places: list[Place] = []
    for m in mentions:
        codes = _resolve(m.codes, context)
        if len(codes) == 1:
            d = g.divisions[codes[0]]
            places.append(Place(m.start, m.end, text[m.start:m.end], d.code, d.level, d.province, d.city, d.county,
                                name=d.name, zone=text[m.start:m.end] if m.zone else None))
        else:
            paths = tuple(g.divisions[c].path for c in codes)
            levels = {g.divisions[c].level for c in codes}
            places.append(Place(m.start, m.end, text[m.start:m.end], None, levels.pop() if len(levels) == 1 else None,
                                None, None, None, name=g.divisions[codes[0]].name,
                                zone=text[m.start:m.end] if m.zone else None, candidates=paths))
    ends = [p.end for p in places]  # places do not overlap: their ends rise with their starts
    home_division = g.divisions.get(home) if home else None
    for m in DEICTIC.finditer(text):
        index = bisect_right(ends, m.start())  # the first place ending after the mention starts
        if index < len(ends) and places[index].start < m.end():
            continue  # inside a name: 苏州工业园区内
        d = home_division
        places.append(Place(m.start(), m.end(), m.group(), d.code if d else None, d.level if d else None,
                            d.province if d else None, d.city if d else None, d.county if d else None,
                            local=True, name=d.name if d else None))
    places.sort(key=lambda p: p.start)
    return places


def place_of(text: str) -> Place | None:
    """The first place in ``text`` (an issuer's name, a title line) that lies in one province."""
    return next((p for p in find_places(text) if p.province and not p.local), None)


def province_of(text: str) -> tuple[str | None, str]:
    """The province of an issuer's name or a title line, with the evidence in Chinese; (None, "")
    when the text names no place that lies in one province."""
    place = place_of(text)
    return (place.province, f"“{place.text}”位于{where(place)}") if place else (None, "")


def where(place: Place) -> str:
    """The divisions above a place: 浙江省湖州市 for 南浔区, 浙江省 for 湖州市 (and for 浙江省); a
    zone's own place: 江苏省常州市 for 常州经开区."""
    if place.zone:
        return place.path
    above = {"province": (place.province,), "city": (place.province,), "county": (place.province, place.city),
             "town": (place.province, place.city, place.county)}.get(place.level or "", ())
    return "".join(n for n in above if n)


def organ_place(doc_number: str | None) -> tuple[Division | None, str]:
    """The place of the organ that a 文号 abbreviates (湖浔政办发 → 湖州市南浔区; 苏府 → 苏州市;
    浙政办发 → 浙江省), when its characters lead to one division; else (None, "")."""
    numbers = find_doc_numbers(doc_number or "")
    if not numbers:
        return None, ""
    organ = numbers[0].issuer  # the 机关代字, in any bracket form the one 文号 pattern reads
    words = ORGAN_WORDS.search(organ)
    place_chars = organ[:words.start()] if words else organ
    if not place_chars:
        return None, ""
    g = gazetteer()
    first = place_chars[0]
    word = organ[words.start()] if words else ""
    if len(place_chars) == 1 and word == "政" and first in PROVINCE_ABBREVIATIONS:
        province = g.divisions[PROVINCE_ABBREVIATIONS[first]]
        return province, f"文号“{doc_number}”的机关代字“{organ}”指{province.name}"
    cities = [d for d in g.divisions.values() if d.level == "city" and d.name.startswith(first)]
    if len(place_chars) >= 2:
        counties = [d for d in g.divisions.values() if d.level == "county" and place_chars[1] in d.name[:-1]
                    and any(_within(d.code, c.code) for c in cities)]
        if len(counties) == 1:
            return counties[0], f"文号“{doc_number}”的机关代字“{organ}”指{counties[0].path}"
    elif word == "府" and len(cities) == 1:  # 苏府: a city government
        return cities[0], f"文号“{doc_number}”的机关代字“{organ}”指{cities[0].path}"
    return None, ""


def is_national_organ(name: str) -> bool:
    """An organ of the central government (国务院, 国家发展改革委, 财政部, 国家税务总局 …) that names no place."""
    name = name.strip()
    return bool(NATIONAL_ORGAN.search(name)) and not any(p.province for p in find_places(name) if not p.local)


def is_national_number(doc_number: str | None) -> bool:
    """A 文号 of the State Council or a ministry (国办发, 发改办财金规, 税总发 …)."""
    return bool(doc_number) and bool(NATIONAL_NUMBER.match(doc_number)) and organ_place(doc_number)[0] is None
