"""The table of accepted legal-text forms: each 文号 form → its key, each citation form → law and
article, dates, effective and validity phrases, numerals."""
from __future__ import annotations

import pytest

from normreview import patterns
from normreview.extractors import extract_text
from normreview.extractors.amounts import find_amounts

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("written", "key", "standard"), [
    ("国发〔2019〕5号", "国发〔2019〕5号", True),
    ("国发﹝2019﹞5号", "国发〔2019〕5号", False),
    ("国发［2019］5号", "国发〔2019〕5号", False),
    ("国发[2019]5号", "国发〔2019〕5号", False),
    ("国发(2019)5号", "国发〔2019〕5号", False),
    ("国发（2019）5号", "国发〔2019〕5号", False),
    ("国发【2019】5号", "国发〔2019〕5号", False),
    ("国发〔2019〕第5号", "国发〔2019〕5号", False),
    ("国发〔2019〕05号", "国发〔2019〕5号", False),
    ("国发 〔2019〕 5 号", "国发〔2019〕5号", False),
    ("发改办财金规〔2019〕00860号", "发改办财金规〔2019〕860号", False),
    ("发改办财金规〔2019〕860号", "发改办财金规〔2019〕860号", True),
    ("苏政规〔2023〕12345号", "苏政规〔2023〕12345号", True),
    ("国发〔２０１９〕５号", "国发〔2019〕5号", True),  # full-width digits
    ("浔政办发[2020]第011号", "浔政办发〔2020〕11号", False),
])
def test_doc_number_forms(written, key, standard):
    [number] = patterns.find_doc_numbers(written)
    assert (number.text, number.key, number.standard) == (written, key, standard)
    assert patterns.doc_number_key(written) == key
    # In running text the number is found too; its year-and-serial tail is the key to compare by.
    [found] = patterns.find_doc_numbers(f"根据{written}文件")
    assert found.text.endswith(written.lstrip("国发改办财金规苏政浔 ")) and found.key.endswith(key[key.index("〔"):])


def test_doc_number_keys_give_full_number_and_tail():
    assert patterns.doc_number_keys("见国发﹝2019﹞5号") == ["见国发〔2019〕5号", "〔2019〕5号"]
    assert patterns.doc_number_keys("〔2019〕860号") == ["〔2019〕860号"]


@pytest.mark.parametrize(("text", "title", "article", "paragraph", "item", "bracketed"), [
    ("根据《中华人民共和国行政处罚法》第十六条的规定", "中华人民共和国行政处罚法", "第十六条", None, None, True),
    ("依照《行政处罚法》第十六条第二款", "行政处罚法", "第十六条", "第二款", None, True),  # 简称
    ("《行政许可法》第十七条第一款第（三）项", "行政许可法", "第十七条", "第一款", "第（三）项", True),
    ("根据《优化营商环境条例》", "优化营商环境条例", None, None, None, True),
    ("违反行政处罚法第十六条的", "行政处罚法", "第十六条", None, None, False),
    ("刑法第二十条规定", "刑法", "第二十条", None, None, False),
    ("依照本法第五条规定", "本法", "第五条", None, None, False),
    ("按照《条例》第五条之一", "条例", "第五条之一", None, None, True),
    ("有前款规定情形的", "前款", None, None, None, False),
    ("根据城市房屋拆迁管理条例的规定", "城市房屋拆迁管理条例", None, None, None, False),  # bare, no article
    ("补偿依照城市房屋拆迁管理条例第十六条裁决", "城市房屋拆迁管理条例", "第十六条", None, None, False),
])
def test_citation_forms(text, title, article, paragraph, item, bracketed):
    [citation] = patterns.find_citations(text)
    assert (citation.title, citation.article, citation.paragraph, citation.item, citation.bracketed) == (
        title, article, paragraph, item, bracketed)
    assert text[citation.start:citation.end].lstrip("《").startswith(title)


def test_bare_names_in_a_list_and_words_that_are_no_law():
    found = patterns.find_citations("依照行政处罚法、行政强制法和本办法执行，按照考核办法和有关法律规定办理。")
    assert [c.title for c in found] == ["行政处罚法", "行政强制法"]
    assert patterns.find_citations("某某若干规定\n第一条 为了规范管理") == []  # a title line, then an article


def test_citation_with_its_doc_number():
    [citation] = patterns.find_citations("原《关于加快服务业发展的意见》（浔政办发〔2020〕11号）同时废止")
    assert citation.title == "关于加快服务业发展的意见" and citation.doc_number == "浔政办发〔2020〕11号"


@pytest.mark.parametrize(("name", "key"), [
    ("《中华人民共和国行政处罚法》", "行政处罚法"),
    ("行政处罚法（2021年修订）", "行政处罚法"),
    ("中华人民共和国土地管理法(2019-08-26)", "土地管理法"),
])
def test_law_name_keys(name, key):
    assert patterns.normalize_law_name(name) == key


@pytest.mark.parametrize(("text", "iso"), [
    ("2024年3月1日", "2024-03-01"),
    ("2024 年 3 月 1 日", "2024-03-01"),
    ("２０２４年３月１日", "2024-03-01"),
    ("2024-03-01", "2024-03-01"),
    ("二〇二三年三月三十一日", "2023-03-31"),
    ("二零二三年十二月一日", "2023-12-01"),
    ("2023年2月30日", None),  # no such day
])
def test_date_forms(text, iso):
    assert patterns.parse_date(f"于{text}印发") == iso


@pytest.mark.parametrize(("text", "field", "value"), [
    ("本办法自2024年3月1日起施行，有效期5年。", "effective", "2024-03-01"),
    ("本办法自2024年3月1日起施行，有效期5年。", "expires", "2029-02-28"),
    ("本办法自2024年1月1日起施行，有效期至2026年12月31日。", "expires", "2026-12-31"),
    ("本意见自2024年1月1日起实施，有效期三年，至2026年12月31日止。", "expires", "2026-12-31"),
])
def test_effective_and_validity_phrases(text, field, value):
    document = extract_text("某某区关于促进发展的办法\n第一条 为促进发展，制定本办法。\n第二条 " + text)
    assert getattr(document.dates, field) == value


@pytest.mark.parametrize(("text", "publication"), [
    ("本办法自印发之日起施行。", True),
    ("本通知自发布之日起实施。", True),
    ("本办法自2024年3月1日起施行。", False),
])
def test_effective_on_publication(text, publication):
    assert bool(patterns.ON_PUBLICATION.search(text)) is publication
    assert patterns.EFFECTIVE_CLAUSE.search(text)


def test_sentence_ends():
    text = "第一条 甲。第二条 乙；丙！\n丁？"
    assert [text[end - 1] for end in patterns.sentence_ends(text)] == ["。", "；", "！", "\n", "？"]


@pytest.mark.parametrize(("token", "value"), [
    ("十五", 15), ("二十", 20), ("一百零五", 105), ("两千", 2000), ("一千二百万", 12_000_000),
    ("壹亿贰仟万", 120_000_000), ("伍亿", 500_000_000), ("貳拾萬", 200_000), ("二〇二三", 2023),
    ("一点五亿", 150_000_000), ("三点二五万", 32_500), ("零点五", 0.5),
    ("亿", None), ("五点", None), ("abc", None),
])
def test_chinese_numerals(token, value):
    assert patterns.chinese_number(token) == value


@pytest.mark.parametrize(("text", "refs"), [
    ("《中华人民共和国食品安全法》第一百二十二条第一款、第一百二十四条第一款第（五）项",
     [("中华人民共和国食品安全法", 122, 0, 1, None), ("中华人民共和国食品安全法", 124, 0, 1, 5)]),
    ("价格法第四十二条", [("价格法", 42, 0, None, None)]),
    ("《行政强制法》第十条之一第四款", [("行政强制法", 10, 1, 4, None)]),
    ("《行政处罚法》第九条（一）项和第十条", [("行政处罚法", 9, 0, None, 1), ("行政处罚法", 10, 0, None, None)]),
    ("依照《安全生产法》(2021年修正)的规定", []),  # no article: not an article citation
])
def test_cited_articles(text, refs):
    assert [(r.law, r.article, r.sub, r.paragraph, r.item) for r in patterns.find_cited_articles(text)] == refs


@pytest.mark.parametrize(("label", "number", "sub"), [
    ("第十条", 10, 0), ("第一百零四条", 104, 0), ("第一百一十条", 110, 0), ("第十条之一", 10, 1),
    ("第一千二百六十条", 1260, 0), ("第一千零五条", 1005, 0), ("第一千零一十条", 1010, 0),
])
def test_article_labels(label, number, sub):
    assert patterns.article_label(number, sub) == label
    match = patterns.ARTICLE_LABEL.fullmatch(label)
    assert (patterns.to_int(match.group(1)), patterns.to_int(match.group(2)) if match.group(2) else 0) == (number, sub)
    assert patterns.to_int("１０４") == 104  # full-width digits, as a scan gives them


@pytest.mark.parametrize(("text", "value", "written"), [
    ("一点五亿元", 150_000_000, "chinese"),
    ("1.5亿元", 150_000_000, "digits"),
    ("伍亿元整", 500_000_000, "capital"),
    ("3千万元", 30_000_000, "digits"),
])
def test_amounts_with_decimals_and_capitals(text, value, written):
    [amount] = find_amounts(f"总投资{text}。")
    assert (amount.value, amount.written, amount.text) == (value, written, text)


def test_an_unreadable_amount_is_a_warning_not_a_value():
    warnings: list[str] = []
    assert find_amounts("补助一点五点万元。", warnings) == []  # a typo: no value is guessed
    assert warnings == ["金额无法识别，请人工核对：“一点五点万元”"]


def test_width_folding_keeps_offsets():
    text = "国发〔２０１９〕５号（试行）"
    folded = patterns.fold_width(text)
    assert len(folded) == len(text) and folded == "国发[2019]5号(试行)"
