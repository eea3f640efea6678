"""Every 发文字号 form a drafter writes is read as the document's number, through the extractor's public API.

Brackets: 〔〕 (the standard's), ［］ and 【】 (full width), [] and () (half width), （） and ﹝﹞ (small form
variants, common in scanned and converted files); serials of one to five digits. The pattern is
``DOC_NUMBER`` of ``normreview/patterns.py``; the last three forms were missed by the extractor's own pattern
before that module, and are read now.
"""
from __future__ import annotations

import pytest

from normreview.extractors import extract_text
from normreview.patterns import find_doc_numbers

pytestmark = pytest.mark.unit

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
    ("国发﹝2019﹞5号", "国发﹝2019﹞5号"),
    ("湘政发[2020]00860号", "湘政发[2020]00860号"),
    ("沪府规〔2023〕12345号", "沪府规〔2023〕12345号"),
]


@pytest.mark.parametrize("written,number", FORMS)
def test_the_doc_number_is_read_in_every_bracket_and_serial_form(written, number):
    document = extract_text(policy(written))
    assert document.doc_number == number
    assert document.title == "某某市人民政府关于印发某某管理办法的通知"


def test_a_text_without_a_doc_number_has_none():
    assert extract_text(policy("（此件公开发布）")).doc_number is None


@pytest.mark.parametrize("written", ["国发〔9〕5号", "国发〔2019〕号", "沪府规〔2023〕123456号"])
def test_a_number_without_a_two_to_four_digit_year_or_a_one_to_five_digit_serial_is_not_a_doc_number(written):
    assert extract_text(policy(written)).doc_number is None


def test_a_two_digit_year_is_read_and_left_to_the_doc_number_check_as_non_standard():
    # DOC_NUMBER takes 2-4 year digits; whether the form is GB/T 9704's is DocNumber.standard
    assert extract_text(policy("国发〔19〕5号")).doc_number == "国发〔19〕5号"
    [number] = find_doc_numbers("国发〔19〕5号")
    assert (number.year, number.serial, number.standard) == ("19", "5", False)
    [number] = find_doc_numbers("国发〔2019〕5号")
    assert number.standard is True
