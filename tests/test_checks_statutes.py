"""The statute registry: names, aliases, curated repeals checked against the repealing articles."""
from __future__ import annotations

import re

import pytest
import yaml

from normreview.checks.engine import review_document
from normreview.checks.laws.store import law_store
from normreview.checks.statutes import REPEALS, repealed_document
from normreview.extractors import extract_text
from normreview.patterns import declared_repeals, doc_number_key, normalize_law_name
from normreview.settings import settings

pytestmark = pytest.mark.unit


def test_normalize_law_name_makes_short_and_full_names_equal():
    assert normalize_law_name("《行政处罚法》") == normalize_law_name("《中华人民共和国行政处罚法》") == "行政处罚法"
    assert normalize_law_name("土地管理法(2019-08-26)") == normalize_law_name("中华人民共和国土地管理法（2019年修正）")
    assert normalize_law_name("中华人民共和国") == "中华人民共和国"


def test_normalize_doc_number():
    assert doc_number_key("浔政办发[2020]第011号") == "浔政办发〔2020〕11号"


def test_curated_repeals_are_named_in_the_repealing_article():
    """Each curated law appears, by full name in 《》, in the article cited as its source."""
    for entry in yaml.safe_load(REPEALS.read_text(encoding="utf-8")):
        source = entry["source"]
        text = (settings().shared_dir / ("laws" if "law" in source else "") / source["file"])
        if "law" not in source:
            continue  # a document source: checked through the sample below
        article = re.search(rf"^{source['article']}.*$", text.read_text(encoding="utf-8"), re.M).group(0)
        assert entry["repealed_on"].replace("-0", "-")[:4] in article
        for name in entry["laws"]:
            assert f"《{name}》" in article, name


def test_store_status_and_replacements():
    """The curated chains reach the statute store; documents by 文号 stay with the curated file."""
    store = law_store()
    marriage = store.resolve("婚姻法")
    status = store.status_on(marriage, None)
    assert status.state == "repealed" and status.repealed_on == "2021-01-01"
    assert status.successor == "中华人民共和国民法典"
    assert store.status_on(store.resolve("《中华人民共和国外资企业法》"), None).successor == "中华人民共和国外商投资法"
    assert store.status_on(store.resolve("劳动合同法"), None).state == "in-force"
    assert store.status_on(store.resolve("立法法"), None).state == "in-force"
    assert repealed_document("浔政办发〔2020〕11号").repealed_on == "2023-03-31"


def test_a_document_repealing_an_old_one_is_not_citing_it():
    text = "（四）原《湖州市南浔区人民政府办公室关于进一步加快服务业发展的若干意见（试行）》（浔政办发〔2020〕11号）废止。"
    assert declared_repeals(text)
    document = extract_text("某某区关于加快服务业发展的意见\n" + text)
    assert not [f for f in review_document(document) if f.category == "repealed-citation"]


def test_repealed_citation_names_the_replacement_and_the_repealing_article():
    document = extract_text("某某区招商引资办法\n第一条 根据《中华人民共和国担保法》，制定本办法。")
    [finding] = [f for f in review_document(document) if f.category == "repealed-citation"]
    assert finding.quote == "《中华人民共和国担保法》"
    assert [(b.law, b.article) for b in finding.basis] == [("中华人民共和国民法典", "第一千二百六十条")]
    assert "民法典" in finding.suggestion
