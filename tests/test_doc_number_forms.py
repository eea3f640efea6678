"""Every 发文字号 form a drafter writes is read as the document's number, through the extractor's public API.

Brackets: 〔〕 (the standard's), ［］ and 【】 (full width), [] and () (half width), （） and ﹝﹞ (small form
variants, common in scanned and converted files); serials of one to five digits. The forms today's
pattern misses are marked xfail(strict): they must flip when the legal-text patterns module lands.
"""
from __future__ import annotations

import pytest

from normreview.extractors import extract_text

pytestmark = pytest.mark.unit

MISSED_TODAY = "extractors/metadata.py DOC_NUMBER: no ﹝﹞ brackets and at most 4 serial digits"


def policy(number_line: str) -> str:
    return (f"某某市人民政府关于印发某某管理办法的通知\n{number_line}\n各区人民政府，市各委办局：\n"
            "现将《某某管理办法》印发给你们，请认真贯彻执行。\n某某市人民政府\n2023年5月1日\n")


FORMS = [
    ("发改办财金规〔2019〕860号", "发改办财金规〔2019〕860号"),
    ("国办发［2018］115号", "国办发［2018］115号"),
    ("浙政发【2021】1号", "浙政发【2021】1号"),
    ("苏政办发(2023)12号", "苏政办发(2023)12号"),
    ("苏政办发（2023）12号", "苏政办发（2023）12号"),
    ("湘政发[2020]86号", "湘政发[2020]86号"),
    ("粤府办〔2020〕第3号", "粤府办〔2020〕第3号"),
    ("京政发〔2022〕1号", "京政发〔2022〕1号"),
    ("沪府规〔2023〕1234号", "沪府规〔2023〕1234号"),
    ("国发 〔2019〕 5 号", "国发〔2019〕5号"),  # spaces a layout put in are dropped
    pytest.param("国发﹝2019﹞5号", "国发﹝2019﹞5号", marks=pytest.mark.xfail(strict=True, reason=MISSED_TODAY)),
    pytest.param("湘政发[2020]00860号", "湘政发[2020]00860号", marks=pytest.mark.xfail(strict=True, reason=MISSED_TODAY)),
    pytest.param("沪府规〔2023〕12345号", "沪府规〔2023〕12345号", marks=pytest.mark.xfail(strict=True, reason=MISSED_TODAY)),
]


@pytest.mark.parametrize("written,number", FORMS)
def test_the_doc_number_is_read_in_every_bracket_and_serial_form(written, number):
    document = extract_text(policy(written))
    assert document.doc_number == number
    assert document.title == "某某市人民政府关于印发某某管理办法的通知"


def test_a_text_without_a_doc_number_has_none():
    assert extract_text(policy("（此件公开发布）")).doc_number is None


@pytest.mark.parametrize("written", ["国发〔19〕5号", "国发〔2019〕号"])
def test_a_number_without_a_four_digit_year_or_a_serial_is_not_a_doc_number(written):
    assert extract_text(policy(written)).doc_number is None
