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


# -- boundaries of each pattern and normaliser (phase 2: what mutation testing showed unpinned) --

@pytest.mark.parametrize("number,written", [
    (0, "0"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (111, "一百一十一"),
    (119, "一百一十九"), (120, "一百二十"), (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"),
    (1010, "一千零一十"), (1011, "一千零一十一"), (1100, "一千一百"), (1260, "一千二百六十"),
    (9999, "九千九百九十九"), (10000, "10000")])
def test_chinese_counting_table(number, written):
    assert patterns.chinese_counting(number) == written


@pytest.mark.parametrize("token,number,integer", [
    ("一点五亿", 150000000.0, 150000000), ("壹佰万", 1000000.0, 1000000), ("二〇二三", 2023.0, 2023),
    ("两千", 2000.0, 2000), ("貳萬", 20000.0, 20000), ("一点五", 1.5, None), ("十五", 15.0, 15),
    ("一十", 10.0, 10), ("三点二五万", 32500.0, 32500), ("一点五千万", 15000000.0, 15000000), ("一点五十", 15.0, 15),
    ("五点", None, None), ("点五", None, None),
    ("abc", None, None), ("", None, None)])
def test_chinese_numbers_and_integers(token, number, integer):
    assert patterns.chinese_number(token) == number
    assert patterns.chinese_to_int(token) == integer


def test_to_int_reads_arabic_and_chinese_digits_only():
    assert (patterns.to_int("5"), patterns.to_int("五"), patterns.to_int("x")) == (5, 5, None)


@pytest.mark.parametrize("written,standard", [
    ("国发〔2019〕5号", True), ("国发[2019]5号", False), ("国发〔19〕5号", False), ("国发〔2019〕第5号", False),
    ("国发〔2019〕05号", False), ("国发 〔2019〕5号", False), ("国发（2019）5号", False), ("国发〔2019〕5号"[:-1] + " 号", False)])
def test_only_gb_t_9704s_form_is_standard(written, standard):
    [number] = patterns.find_doc_numbers(written)
    assert number.standard is standard
    assert number.key == "国发〔2019〕5号" if "2019" in written else number.key == "国发〔19〕5号"


def test_a_doc_number_match_carries_its_parts_and_span():
    [number] = patterns.find_doc_numbers("见粤府办（2020）第03号文")
    assert (number.text, number.issuer, number.year, number.serial, number.open, number.close, number.has_di,
            number.start, number.end) == ("见粤府办（2020）第03号", "见粤府办", "2020", "03", "（", "）", True, 0, 14)
    assert patterns.find_doc_numbers(None) == [] and patterns.find_doc_numbers("") == []


def test_a_text_without_a_doc_number_keys_as_itself_without_spaces():
    assert patterns.doc_number_key("无 文\u3000号") == "无文号"
    assert patterns.doc_number_key(None) == "" and patterns.doc_number_keys(None) == []


def test_width_folding_table():
    assert patterns.fold_width("（１２Ａ）\u3000〔［【﹝〕］】﹞\xa0") == "(12A) [[[[]]]] "
    assert patterns.fold_width("！～") == "!~"


def test_relative_references_and_lead_words_in_bare_citations():
    found = patterns.find_citations("依照本法第五条和前款规定，违反行政处罚法第十条，法第一条")
    assert [(c.title, c.article, c.start, c.end, c.bracketed) for c in found] == [
        ("本法", "第五条", 2, 7, False), ("前款", None, 8, 10, False), ("行政处罚法", "第十条", 15, 23, False)]
    assert patterns.find_citations(None) == []


@pytest.mark.parametrize("name,key", [
    ("中华人民共和国", "中华人民共和国"), ("中华人民共和国民法典（2020年版）", "民法典"), ("道路交通·安全-法", "道路交通安全法"),
    (None, "")])
def test_law_name_key_edges(name, key):
    assert patterns.normalize_law_name(name) == key


def test_sentence_end_table():
    assert patterns.sentence_ends("a。b；c;d！e!f？g?h\ni") == [2, 4, 6, 8, 10, 12, 14, 16]
    assert patterns.sentence_end_after("甲乙；丙。丁\n", 0) == 4  # only 。 or a line break ends it
    assert patterns.sentence_end_after("甲乙", 0) == 2
    assert patterns.sentence_end_after("甲。乙。", 2) == 3


def test_the_first_date_wins_and_impossible_dates_are_none():
    assert patterns.parse_date("2024-01-02 然后 2023年1月1日") == "2024-01-02"
    assert patterns.parse_date("见2023年1月1日与2024-01-02") == "2023-01-01"
    assert patterns.parse_date("二〇二三年五月一日") == "2023-05-01"
    assert patterns.parse_date("2023年2月30日") is None and patterns.parse_date(None) is None
    assert patterns.parse_date("二〇二三年十十月一日") is None  # a month that is no numeral
    assert patterns.full_date(" 2023年5月1日 ") == "2023-05-01" and patterns.full_date("于2023年5月1日") is None
    assert patterns.full_date("2023-05-01") == "2023-05-01" and patterns.full_date("二〇二三年五月一日") == "2023-05-01"


def test_declared_repeal_spans():
    assert patterns.declared_repeals("原《某办法》（某发〔2019〕1号）同时废止。废止《某规定》。") == [(0, 22), (23, 30)]
    assert patterns.declared_repeals("依照《某办法》执行。") == []


# The table of repeal clauses: the clause as written → the titles it repeals (one list per clause). The same
# pattern excuses a document's citations in its repeal clause (checks) and reads a statute's final article
# into the statute store's repeal chains (checks/laws/store.py). Rows from the corpus keep its wording.
@pytest.mark.parametrize(("clause", "titles"), [
    ("原《某办法》（某发〔2019〕1号）同时废止。", [["某办法"]]),
    ("《某办法》废止。", [["某办法"]]),
    ("废止《某规定》。", [["某规定"]]),
    ("本办法自2024年1月1日起施行，《某暂行办法》同时废止。", [["某暂行办法"]]),
    ("现将《某通知》予以废止。", [["某通知"]]),
    ("《甲办法》《乙办法》一并废止。", [["甲办法", "乙办法"]]),
    ("《甲办法》、《乙办法》和《丙办法》同时失效。", [["甲办法", "乙办法", "丙办法"]]),
    ("《甲办法》自行失效。", [["甲办法"]]),
    ("《甲办法》停止执行。", [["甲办法"]]),
    ("《甲办法》不再执行。", [["甲办法"]]),
    # 民法典第一千二百六十条: a list joined by 、.
    ("《中华人民共和国婚姻法》、《中华人民共和国继承法》、《中华人民共和国民法通则》同时废止。",
     [["中华人民共和国婚姻法", "中华人民共和国继承法", "中华人民共和国民法通则"]]),
    # 道路交通安全法实施条例第一百一十五条: items joined by a comma, each with its date and issuer, a comma before 同时.
    ("1960年2月11日国务院批准、交通部发布的《机动车管理办法》，1988年3月9日国务院发布的《中华人民共和国道路交通管理条例》，"
     "1991年9月22日国务院发布的《道路交通事故处理办法》，同时废止。",
     [["机动车管理办法", "中华人民共和国道路交通管理条例", "道路交通事故处理办法"]]),
    # A 司法解释: 以及, and a 文号 with a bracket inside its brackets.
    ("最高人民法院《关于甲的解释》（法释〔1999〕18号），以及最高人民法院《关于乙的解答》（法（研）发〔1987〕32号）同时废止。",
     [["关于甲的解释", "关于乙的解答"]]),
    ("自本规定施行之日起，《最高人民法院关于审判人员严格执行回避制度的若干规定》（法发〔2000〕5号）即行废止。",
     [["最高人民法院关于审判人员严格执行回避制度的若干规定"]]),
    # A part of a document (反倾销条例第五十九条).
    ("1997年3月25日国务院发布的《中华人民共和国反倾销和反补贴条例》中关于反倾销的规定同时废止。", [["中华人民共和国反倾销和反补贴条例"]]),
    # A document named in the description of the repealed one is not repealed (杭州市城乡规划条例第五十四条).
    ("根据2002年1月14日发布的《关于修改〈杭州市城市规划管理条例〉的决定》第二次修正的《杭州市城市规划管理条例》同时废止。",
     [["杭州市城市规划管理条例"]]),
    # The law a document rests on, earlier in the same sentence, is not repealed.
    ("根据《中华人民共和国行政许可法》规定，原《某办法》同时废止。", [["某办法"]]),
    ("依据《中华人民共和国行政许可法》等有关规定，制定本办法，《某办法》同时废止。", [["某办法"]]),
    ("依照《某办法》执行。", []),
    ("《某办法》规定的废止程序。", []),
    ("第五条 修改《某条例》第三条。", []),
])
def test_repeal_clause_forms(clause, titles):
    assert patterns.repealed_titles(clause) == titles
    spans = patterns.declared_repeals(clause)
    assert len(spans) == len(titles)
    for (start, end), named in zip(spans, titles, strict=True):
        assert all(f"《{title}》" in clause[start:end] for title in named) and clause[start:end].count("《") == len(named)


def test_a_renaming_amendment_gives_the_former_and_the_new_name():
    decision = "全国人民代表大会常务委员会决定对《中华人民共和国甲法》作如下修改：\n一、修改《中华人民共和国甲法》\n\n1. 将名称修改为：“中华人民共和国乙法”"
    assert patterns.renamed_laws(decision) == [("中华人民共和国甲法", "中华人民共和国乙法")]
    assert patterns.renamed_laws("修改《甲法》第三条。") == []


def test_cited_article_lists_read_each_part():
    refs = patterns.find_cited_articles("《食品安全法》第一百二十二条第一款、第一百二十四条第一款第（五）项；"
                                        "价格法第四十二条，第十条之一，第九条（一）项")
    assert [(r.law, r.article, r.sub, r.paragraph, r.item, r.text) for r in refs] == [
        ("食品安全法", 122, 0, 1, None, "第一百二十二条第一款"), ("食品安全法", 124, 0, 1, 5, "第一百二十四条第一款第（五）项"),
        ("价格法", 42, 0, None, None, "第四十二条"), ("价格法", 10, 1, None, None, "第十条之一"),
        ("价格法", 9, 0, None, 1, "第九条（一）项")]


@pytest.mark.parametrize(("title", "law"), [
    ("《中华人民共和国土地管理法》实施办法", "中华人民共和国土地管理法"),
    ("某省土地管理法实施办法", "某省土地管理法"),
    ("某市《政府信息公开条例》实施细则", "政府信息公开条例"),
    ("关于贯彻行政许可法实施意见", "关于贯彻行政许可法"),
    ("某市城市绿化条例实施条例", "某市城市绿化条例"),
    ("某市城市绿化管理办法", None),
    ("关于实施《行政许可法》的通知", None),
    (None, None),
])
def test_the_law_a_title_implements(title, law):
    assert patterns.implemented_law(title) == law


@pytest.mark.parametrize(("number", "written"), [
    (109, "一百零九"), (1095, "一千零九十五"), (1020, "一千零二十"), (1019, "一千零一十九"),  # the last of each 零 range
])
def test_chinese_counting_at_the_edges_of_the_zero_ranges(number, written):
    assert patterns.chinese_counting(number) == written


@pytest.mark.parametrize(("token", "number"), [("二〇", 20.0), ("亿点五万", None), ("五个", None)])
def test_chinese_numbers_read_digit_by_digit_or_not_at_all(token, number):
    assert patterns.chinese_number(token) == number


@pytest.mark.parametrize(("text", "cited"), [
    # a bare name with its article after a 《》 citation with its article: the bare match that starts inside the
    # 《》 citation's article (第十六条和价格法…) must not swallow the name after it
    ("依照《中华人民共和国反垄断法》第十六条和价格法第十二条第二款第（三）项执行。",
     [("中华人民共和国反垄断法", "第十六条", None, None, 2, 19, True), ("价格法", "第十二条", "第二款", "第（三）项", 20, 35, False)]),
    ("《中华人民共和国反垄断法》第十六条和价格法第十二条",
     [("中华人民共和国反垄断法", "第十六条", None, None, 0, 17, True), ("价格法", "第十二条", None, None, 18, 25, False)]),
    ("依照《反垄断法》第十六条、价格法第十二条和行政许可法第八条",
     [("反垄断法", "第十六条", None, None, 2, 12, True), ("价格法", "第十二条", None, None, 13, 20, False),
      ("行政许可法", "第八条", None, None, 21, 29, False)]),
    # bare names without an article listed after a 《》 citation, with or without its article
    ("依照《反垄断法》和价格法处理。",
     [("反垄断法", None, None, None, 2, 8, True), ("价格法", None, None, None, 9, 12, False)]),
    ("依照《反垄断法》、价格法和行政许可法的规定",
     [("反垄断法", None, None, None, 2, 8, True), ("价格法", None, None, None, 9, 12, False),
      ("行政许可法", None, None, None, 13, 18, False)]),
    ("依照《反垄断法》第十六条以及价格法的规定",
     [("反垄断法", "第十六条", None, None, 2, 12, True), ("价格法", None, None, None, 14, 17, False)]),
    # …and after a bare name with its article, and after a citing word, before a verb that applies them
    ("依照价格法第十二条和行政许可法的规定",
     [("价格法", "第十二条", None, None, 2, 9, False), ("行政许可法", None, None, None, 10, 15, False)]),
    ("依照行政处罚法、价格法处理。",
     [("行政处罚法", None, None, None, 2, 7, False), ("价格法", None, None, None, 8, 11, False)]),
])
def test_bare_law_names_after_a_citation_in_the_same_sentence(text, cited):
    found = patterns.find_citations(text)
    assert [(c.title, c.article, c.paragraph, c.item, c.start, c.end, c.bracketed) for c in found] == cited
    assert all(text[c.start:c.end].lstrip("《").startswith(c.title) for c in found)


@pytest.mark.parametrize("text", [
    "依照《反垄断法》和计算方法处理。",        # 方法
    "依照《反垄断法》第十六条和管理办法执行。",  # 办法 as a common noun
    "依照《反垄断法》和现行做法处理。",        # 做法
    "依照《反垄断法》和是否合法的标准",         # 合法
    "依照《反垄断法》第十六条和坚持依法的原则",  # 依法
    "依照《反垄断法》和有关法律规定",           # 有关法律: no name
    "依照《行政许可法》和地方性法规",           # 法规 is no law 地方性法
    "依照《行政许可法》及其实施条例",           # 其实施条例 names no law
])
def test_words_ending_in_fa_after_a_citation_are_no_law(text):
    assert [c.title for c in patterns.find_citations(text)] == [text[3:text.index("》")]]


@pytest.mark.parametrize(("text", "cited"), [
    ("补偿依照刑法第二十条执行", [("刑法", "第二十条", 4, 10)]),  # a two-character name after an inner citing word
    ("按照规定参照法第三条", []),  # one character after the last citing word: no name
    ("依照法第一条，违反行政处罚法第十条", [("行政处罚法", "第十条", 9, 17)]),  # a nameless one does not end the search
    ("依照政府采购和招标投标法律法规的规定公开进行", []),  # 法律法规 names no law: a name ends before 规定, not 规
])
def test_a_bare_name_starts_after_the_last_citing_word(text, cited):
    assert [(c.title, c.article, c.start, c.end) for c in patterns.find_citations(text)] == cited


def test_a_bare_name_with_its_article_starts_after_a_word_no_law_name_holds():
    """供应商应当具备政府采购法第二十二条: the name is 政府采购法, not the clause before it; 关于…的规定 keeps its 的."""
    find_citations = patterns.find_citations
    assert [(c.title, c.article) for c in find_citations("参加投标的供应商应当具备政府采购法第二十二条规定的条件。")] == [
        ("政府采购法", "第二十二条")]
    assert [c.title for c in find_citations("企业应当遵守安全生产法第二十条")] == ["安全生产法"]
    assert [c.title for c in find_citations("符合国务院关于职工工作时间的规定第三条")] == ["国务院关于职工工作时间的规定"]


@pytest.mark.parametrize(("text", "title"), [
    ("企业的安全生产法第五条规定", "安全生产法"),  # 的 before a law's name ends what precedes it
    ("合同当事人的民法典第四百六十五条", "民法典"),
    ("按照全市的城市道路管理条例第十条执行", "城市道路管理条例"),
    ("企业应当遵守安全管理规定第三条", "安全管理规定"),  # a duty word ends it before any title
    ("依照本市关于加强管理的规定第三条", "本市关于加强管理的规定"),  # 的 inside a 规定's own title stays
])
def test_a_bare_name_starts_after_a_duty_word_and_after_的_only_before_a_law(text: str, title: str) -> None:
    [citation] = patterns.find_citations(text)
    assert citation.title == title and not citation.bracketed


def test_a_quoted_provision_is_a_sentence_of_its_own():
    """An enforcement notice quotes the provision it corrects (…第十条规定“开办民宿须……方可营业”): the quotation is
    read as the provision, so the sentence breaks after the opening and after the closing mark; a quoted slogan or
    title that follows no report verb does not break."""
    text = "某县文旅局印发的《办法》第十条规定“开办民宿须取得许可证后方可营业”，排除了竞争。"
    opening, closing = text.index("“") + 1, text.index("”") + 1
    assert patterns.sentence_ends(text) == [opening, closing, len(text)]
    assert patterns.quote_breaks("开展“三服务”活动，坚持“放管服”改革。") == []


@pytest.mark.parametrize(("token", "value"), [
    ("1,500", 1500.0), ("12.5", 12.5), ("1点5", 1.5), ("20万", 200000.0), ("1.2.3", None),
    ("一点五万", 15000.0), ("壹佰", 100.0), ("二〇二三", 2023.0), ("五个", None),
])
def test_an_amounts_numeral_is_read_arabic_or_chinese(token, value):
    assert patterns.numeral_value(token) == value
