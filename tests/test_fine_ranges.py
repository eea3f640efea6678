"""The fine-range reader: grade cells and statute sentences, one table of cases."""
from __future__ import annotations

import pytest

from normreview.extractors.fines import find_fines, parse_range, penalty_kinds

INF = None

# (text, low, high, unit, base)
RANGES = [
    ("一万元以上五万元以下", 10000, 50000, "元", None),
    ("2万元至5万元", 20000, 50000, "元", None),
    ("2至5万元", 20000, 50000, "元", None),
    ("5000元以下", None, 5000, "元", None),
    ("5,000元以下", None, 5000, "元", None),
    ("１万元以上", 10000, INF, "元", None),
    ("一万五千元以上三万五千元以下", 15000, 35000, "元", None),
    ("1.5万元—3万元", 15000, 30000, "元", None),
    ("不超过十万元", None, 100000, "元", None),
    ("五百元", 500, 500, "元", None),
    ("违法所得一倍以上三倍以下", 1, 3, "倍", "违法所得"),
    ("货值金额十倍以上二十倍以下", 10, 20, "倍", "货值金额"),
    ("货值金额等值以上三倍以下", 1, 3, "倍", "货值金额"),
    ("货值金额百分之五十以上三倍以下", 0.5, 3, "倍", "货值金额"),
    ("建设工程造价百分之五以上百分之十以下", 0.05, 0.1, "倍", "建设工程造价"),
    ("临时建设工程造价一倍以下", None, 1, "倍", "临时建设工程造价"),
    ("违法所得5倍以下", None, 5, "倍", "违法所得"),
    ("零点五倍以下", None, 0.5, "倍", None),
]


@pytest.mark.unit
@pytest.mark.parametrize("text,low,high,unit,base", RANGES)
def test_parse_range(text, low, high, unit, base):
    found = parse_range(text)
    assert found is not None, text
    assert (found.low, found.high, found.unit, found.base) == (low, high, unit, base)


# Statute sentences: only the fines, never the conditions (货值金额不足一万元的) or days of detention.
STATUTES = [
    ("违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，"
     "并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证",
     [(50000, 100000, "元", None), (10, 20, "倍", "货值金额")]),
    ("责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款",
     [(None, 50000, "元", None), (50000, 200000, "元", None)]),
    ("处十日以上十五日以下拘留，可以并处五百元以下罚款；情节较轻的，处警告或者五百元以下罚款",
     [(None, 500, "元", None), (None, 500, "元", None)]),
    ("限期改正，处建设工程造价百分之五以上百分之十以下的罚款",
     [(0.05, 0.1, "倍", "建设工程造价")]),
    ("罚款：2万元至5万元", [(20000, 50000, "元", None)]),
    ("没有违法所得的，可以处以罚款", []),
]


@pytest.mark.unit
@pytest.mark.parametrize("text,expected", STATUTES)
def test_find_fines(text, expected):
    assert [(f.low, f.high, f.unit, f.base) for f in find_fines(text)] == expected


@pytest.mark.unit
def test_fines_keep_their_span():
    text = "货值金额不足一万元的，并处五万元以上十万元以下罚款"
    (fine,) = find_fines(text)
    assert text[fine.start:fine.end] == fine.text == "五万元以上十万元以下"


@pytest.mark.unit
def test_within():
    statute = parse_range("一万元以上五万元以下")
    assert parse_range("一万元以上三万元以下").within(statute)
    assert not parse_range("三万元以上六万元以下").within(statute)
    assert not parse_range("一倍以上三倍以下").within(statute)
    assert parse_range("违法所得一倍以上二倍以下").within(parse_range("违法所得五倍以下"))
    assert not parse_range("货值金额一倍以上二倍以下").within(parse_range("违法所得五倍以下"))


KINDS = [
    ("没收违法所得和违法生产经营的食品，并处五万元以上十万元以下罚款", {"没收违法所得", "没收非法财物", "罚款"}),
    ("责令改正，给予警告；拒不改正的，责令停产停业，并处一万元以上五万元以下罚款；情节严重的，吊销许可证",
     {"警告", "责令停产停业", "罚款", "吊销许可证件"}),
    ("并处货值金额十五倍以上二十倍以下罚款，吊销营业执照", {"罚款", "吊销营业执照"}),
    ("情节严重的，报经有批准权的人民政府批准，责令停业、关闭", {"责令停产停业", "责令关闭"}),
    ("责令改正或者限制生产、停产整治", {"限制开展生产经营活动", "责令停产停业"}),
    ("处十日以上十五日以下拘留", {"行政拘留"}),
    ("责令限期拆除", set()),
]


@pytest.mark.unit
@pytest.mark.parametrize("text,kinds", KINDS)
def test_penalty_kinds(text, kinds):
    assert penalty_kinds(text) == kinds


@pytest.mark.unit
def test_a_grade_of_a_discretion_standard_is_read_with_its_exclusive_top():
    # 行政处罚法 第三十四条's 裁量基准 split a range into grades: 2万元以上不满6万元 is one range (lawdraft11)
    (grade,) = find_fines("违法行为一般的，处2万元以上不满6万元的罚款")
    assert (grade.low, grade.high) == (20000, 60000)


@pytest.mark.unit
def test_a_chinese_decimal_with_its_ten_thousands_is_one_amount():
    """一点五万元 is 15000 元 (the numeral reads its 万), not a fraction of a yuan nor no amount at all."""
    assert [(f.low, f.high) for f in find_fines("处一点五万元以上三万元以下的罚款")] == [(15000.0, 30000.0)]
