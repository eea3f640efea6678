"""Place names: real divisions with their codes and paths, composed and short forms, development
zones, ambiguity resolved by context, deictic (local) mentions, and the 文号's organ abbreviation."""
from __future__ import annotations

import pytest

from normreview.checks.places import find_places, is_national_number, is_national_organ, organ_place, province_of

pytestmark = pytest.mark.unit


def only(text: str):
    [place] = find_places(text)
    return place


def test_real_county_names_with_their_division():
    huian = only("惠安县人民政府关于印发")
    assert (huian.text, huian.code, huian.level) == ("惠安县", "350521", "county")
    assert (huian.province, huian.city, huian.county) == ("福建省", "泉州市", "惠安县")
    jinan = only("晋安区")
    assert (jinan.code, jinan.province, jinan.city) == ("350111", "福建省", "福州市")
    nanxun = only("南浔区各镇街")
    assert (nanxun.code, nanxun.path) == ("330503", "浙江省湖州市南浔区")


def test_a_division_followed_by_its_subdivision_is_one_place():
    place = only("浙江省湖州市南浔区人民政府办公室")
    assert (place.start, place.end, place.text, place.code) == (0, 9, "浙江省湖州市南浔区", "330503")
    assert only("湖州市南浔区").code == "330503"
    assert only("湖州南浔").code == "330503"  # short forms composed
    city = only("浙江省湖州市")
    assert (city.code, city.level, city.county) == ("3305", "city", None)


def test_short_forms_of_provinces_and_cities():
    huzhou = only("支持湖州建设")
    assert (huzhou.text, huzhou.code, huzhou.level, huzhou.province) == ("湖州", "3305", "city", "浙江省")
    assert only("浙江").code == "33"
    assert find_places("为了东方的发展") == []  # a city's short form that is an ordinary word


def test_development_zones_name_their_place():
    sip = only("苏州工业园区管理委员会")  # a county-level division of its own
    assert (sip.text, sip.code, sip.city) == ("苏州工业园区", "320576", "苏州市")
    for text in ("常州经济开发区管委会", "常州经开区"):
        zone = only(text)
        assert (zone.code, zone.level, zone.province, zone.zone) == ("3204", "city", "江苏省", text.removesuffix("管委会"))
    nanxun = only("南浔经济开发区内企业")
    assert (nanxun.code, nanxun.zone) == ("330503", "南浔经济开发区")
    places = find_places("湖州市人民政府关于开发区建设的意见")
    assert [(p.text, p.zone) for p in places] == [("湖州市", None)]  # 开发区 after 人民政府 names no zone of 湖州


def test_deictic_references_are_local_mentions():
    text = "本地企业优先，本区、我县、辖区内、园区内的企业"
    assert [(p.text, p.local) for p in find_places(text)] == [
        ("本地", True), ("本区", True), ("我县", True), ("辖区", True), ("园区内", True)]
    [local] = find_places("本区企业", home="330503")
    assert (local.code, local.county, local.local) == ("330503", "南浔区", True)


def test_an_ambiguous_county_name_is_reported_or_resolved_by_context():
    gulou = only("鼓楼区")
    assert gulou.ambiguous and gulou.code is None
    assert {"江苏省南京市鼓楼区", "江苏省徐州市鼓楼区", "福建省福州市鼓楼区"} <= set(gulou.candidates)
    # a city named elsewhere in the text resolves it
    places = find_places("福州市人民政府决定：鼓楼区负责实施")
    assert [(p.text, p.code) for p in places] == [("福州市", "3501"), ("鼓楼区", "350102")]
    # the deepest division named wins: 南京市, not just 江苏省 (which also holds 徐州's 鼓楼区)
    assert [p.code for p in find_places("江苏省南京市鼓楼区、鼓楼区")] == ["320106", "320106"]
    # so does the issuer's place
    assert only_with_home("鼓楼区", "3201").code == "320106"


def only_with_home(text: str, home: str):
    [place] = find_places(text, home=home)
    return place


def test_province_of_an_issuer():
    assert province_of("湖州市南浔区人民政府办公室") == ("浙江省", "“湖州市南浔区”位于浙江省湖州市")
    assert province_of("惠安县人民政府")[0] == "福建省"
    assert province_of("国家发展改革委办公厅") == (None, "")


def test_organ_abbreviations_of_doc_numbers():
    assert organ_place("湖浔政办发〔2023〕12号")[0].code == "330503"
    assert organ_place("苏府〔2020〕1号")[0].code == "3205"
    assert organ_place("浙政办发〔2022〕3号")[0].code == "33"
    assert organ_place("常经管发〔2023〕12号")[0] is None  # 常州 or 常德: not decided by the number
    # Every bracket form of the one 文号 pattern names the same organ, without its bracket.
    for written in ("湖浔政办发﹝2023﹞12号", "湖浔政办发［2023］12号", "湖浔政办发 [2023] 第12号"):
        division, evidence = organ_place(written)
        assert division.code == "330503" and "机关代字“湖浔政办发”" in evidence
    assert organ_place("湖浔政办发") == (None, "")  # no 文号, no organ
    assert is_national_number("发改办财金规〔2019〕860号")
    assert not is_national_number("浙政办发〔2022〕3号")


def test_national_organs():
    for name in ("国家发展改革委办公厅", "税务总局办公厅", "财政部", "国务院办公厅"):
        assert is_national_organ(name), name
    for name in ("湖州市南浔区人民政府", "江苏省发展和改革委员会", "常州经济开发区管理委员会"):
        assert not is_national_organ(name), name
