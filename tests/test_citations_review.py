"""Citation verification in a review: a realistic draft citing the issue's 20 repealed instruments, wrong
articles, a misnamed law and a renumbered article, reviewed through the catalogue over the statute store."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from normreview.checks import review_document
from normreview.checks.citations import draft_date, verify_document
from normreview.checks.laws.store import law_store
from normreview.extractors import extract, extract_text
from normreview.patterns import normalize_law_name

pytestmark = pytest.mark.unit

DRAFT = Path(__file__).parent / "fixtures" / "citations" / "repeals-draft.txt"
ISSUE_REPEALS = ["国家预算管理条例", "城市房屋拆迁管理条例", "城市规划法", "企业所得税暂行条例", "外商投资企业和外国企业所得税法",
                 "印花税暂行条例", "耕地占用税暂行条例", "车船税暂行条例", "治安管理处罚条例", "企业破产法（试行）", "行政监察法",
                 "营业税暂行条例", "合同法", "物权法", "婚姻法", "担保法", "民法通则", "法规规章备案条例",
                 "国务院关于劳动教养问题的决定", "城市流浪乞讨人员收容遣送办法"]


@pytest.fixture(scope="module")
def findings():
    document = extract(str(DRAFT))
    assert draft_date(document) == "2025-03-01"  # the signing date: no publication date in the draft
    return review_document(document)


def _citation_findings(findings, category):
    return [f for f in findings if f.category == category]


def test_the_issue_repeals_are_flagged(findings):
    repealed = _citation_findings(findings, "repealed-citation")
    flagged = {normalize_law_name(f.quote.split("第")[0]) for f in repealed}
    assert {normalize_law_name(name) for name in ISSUE_REPEALS} <= flagged
    assert len(repealed) == 20 and all(f.severity == "error" and f.rule == "RC-REPEALED-LAW" for f in repealed)
    # Each names the repealing act and its date; where the act is in the corpus, its clause is quoted.
    assert all("废止" in f.message and "起失效" in f.message for f in repealed)
    quoted = [b for f in repealed for b in f.basis if b.verified]
    assert len(quoted) >= 17 and all(b.text.startswith(b.article) for b in quoted)


def test_filing_regulation_repealed_by_the_review_regulation(findings):
    [finding] = [f for f in findings if f.quote == "法规规章备案条例"]  # a bare name, no 《》
    assert finding.category == "repealed-citation"
    assert "《法规规章备案审查条例》第二十六条" in finding.message and "2024-11-01" in finding.message
    [basis] = finding.basis
    assert (basis.law, basis.article, basis.verified) == ("法规规章备案审查条例", "第二十六条", True)
    assert "《法规规章备案条例》同时废止" in basis.text


def test_wrong_article_near_miss_and_moved_article(findings):
    errors = {f.quote: f for f in _citation_findings(findings, "citation") if f.severity == "error"}
    assert "没有第九百条" in errors["《中华人民共和国行政处罚法》第九百条"].message
    assert "是否指《中华人民共和国行政许可法》" in errors["《中华人民共和国行政许可发》"].message
    [moved] = [f for f in findings if f.quote == "《中华人民共和国行政处罚法》第十四条"]
    assert moved.severity == "warning" and moved.rule == "CT-CITATION-WARNING" and "现为第十六条" in moved.message
    assert moved.basis[0].article == "第十六条" and moved.basis[0].text.startswith("第十六条 除法律、法规、规章外")
    # Correct citations and the draft's own articles give nothing.
    quotes = {f.quote for f in findings}
    assert "《中华人民共和国行政许可法》第十二条" not in quotes and not any(q.startswith("本规定") for q in quotes)


def test_a_citation_is_checked_on_the_drafts_date():
    before = extract_text("某某办法\n第一条 依照《法规规章备案条例》制定本办法。\n某某市人民政府\n2024年10月1日")
    after = extract_text("某某办法\n第一条 依照《法规规章备案条例》制定本办法。\n某某市人民政府\n2024年12月1日")
    assert not [f for f in review_document(before) if f.category == "repealed-citation"]
    assert [f for f in review_document(after) if f.category == "repealed-citation"]
    undated = extract_text("某某办法\n第一条 依照《法规规章备案条例》制定本办法。")
    assert draft_date(undated, today=datetime.date(2024, 1, 1)) == "2024-01-01"
    assert draft_date(undated) == datetime.date.today().isoformat()


def test_amended_since_the_drafts_date_is_a_warning():
    document = extract_text("某某办法\n第一条 依照《中华人民共和国监察法》第一条的规定，制定本办法。\n某某市人民政府\n2020年1月1日")
    [(citation, check)] = verify_document(document)
    assert check.verdict == "amended" and check.severity == "warning" and "2024-12-25修订施行" in check.message
    assert check.basis[0][2].startswith("第一条 为了深入开展廉政建设")  # the article as it reads now


def test_local_rules_and_notices_outside_the_corpus_are_left_alone():
    document = extract_text("某某办法\n第一条 依照《江苏省行政规范性文件管理规定》和《湖州市南浔区服务业发展专项资金管理办法》，"
                            "按照考核办法执行，前款所称企业依照本办法第三条认定。")
    assert verify_document(document) == []


def test_bare_names_are_extracted_and_verified():
    document = extract_text("某某办法\n第一条 根据城市房屋拆迁管理条例和行政许可法的规定，制定本办法。")
    assert {c.title for c in document.citations} == {"城市房屋拆迁管理条例", "行政许可法"}
    verdicts = {c.title: check.verdict for c, check in verify_document(document)}
    assert verdicts["城市房屋拆迁管理条例"] == "repealed" and verdicts["行政许可法"] == "ok"


def test_the_store_answers_without_elasticsearch():
    store = law_store()
    assert store.path.name == "laws.sqlite3" and store.resolve("行政处罚法").level == "法律"
