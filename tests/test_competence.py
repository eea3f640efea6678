"""Who may read a firm's records (checks/competence.py) and the caps of the simple procedure (checks/spot_fines.py).

The grants are read from the statute store; each case names the article it rests on, quoted from the corpus.
"""
from __future__ import annotations

import pytest

from normreview.checks.competence import kind_words, records_power_conflicts, statute_grants
from normreview.checks.engine import review_document
from normreview.checks.spot_fines import spot_fine_conflicts
from normreview.extractors import extract_text

pytestmark = pytest.mark.unit
DAY = "2026-11-30"


def test_the_corpus_gives_the_power_over_books_to_tax_and_audit_bodies():
    # 税收征收管理法 第五十四条: 税务机关有权进行下列税务检查：（一）检查纳税人的账簿、记账凭证…
    subjects = {grant.subject for grant in statute_grants(DAY)}
    assert "税务机关" in subjects and "审计机关" in subjects
    # a patient's or a shareholder's right to read records is no power given to a body
    assert not any(s.startswith(("患者", "股东", "被检查")) for s in subjects)


def test_an_office_of_a_kind_no_statute_gives_the_power_conflicts():
    conflicts = records_power_conflicts("区城市管理局可以对责任单位的财务账簿、经营台账进行检查、复制。", DAY)
    assert [c.office for c in conflicts] == ["区城市管理局"]
    assert records_power_conflicts("为规范校外培训收费，湘潭县教育局可以对县内校外培训机构的收费账户和银行流水进行查询。", DAY)


def test_an_office_of_the_statutes_kind_or_a_sentence_with_its_basis_is_silent():
    assert not records_power_conflicts("区市场监督管理局可以查阅、复制与涉嫌违法行为有关的合同、票据、账簿。", DAY)
    assert not records_power_conflicts("区审计局可以检查被审计单位的会计凭证、会计账簿。", DAY)
    assert not records_power_conflicts("区城市管理局依法查阅责任单位的经营台账。", DAY)
    assert not records_power_conflicts("企业应当每月向区商务局报送台账。", DAY)  # the office receives
    assert not records_power_conflicts("区城市管理局不得随意调取商户的经营台账。", DAY)


def test_kind_words_leave_out_places_and_generic_words():
    assert kind_words("区商务局") == {"商务"}
    assert "市场" in kind_words("市场监督管理局") and "管理" not in kind_words("市场监督管理局")


def test_a_spot_fine_above_the_caps_of_article_51_and_68_conflicts():
    # 行政处罚法 第五十一条: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款…可以当场作出
    assert spot_fine_conflicts("城管执法队员发现乱张贴小广告的，可以当场对个人处以五百元罚款。")[0].article == 51
    assert spot_fine_conflicts("对未按规定设置防尘围挡的施工单位，执法人员可以当场作出罚款五千元的处罚决定。")
    assert not spot_fine_conflicts("对单位处以二千元罚款的，执法人员可以当场作出决定。")
    # 第六十八条（一）: 依法给予一百元以下罚款的 …可以当场收缴
    assert spot_fine_conflicts("对占道经营的流动摊贩，执法人员可以当场收缴三百元罚款。")[0].article == 68
    assert not spot_fine_conflicts("在交通不便地区，经当事人提出，执法人员可以当场收缴三百元罚款。")
    assert not spot_fine_conflicts("对个人处以五百元罚款的，应当适用普通程序，不得当场作出。")


def test_the_review_files_both_with_their_articles_quoted():
    document = extract_text("关于加强市容管理的通知\n第一条 区城市管理局可以对责任单位的财务账簿进行检查、复制。\n"
                            "第二条 执法人员可以当场对个人处以五百元罚款。")
    findings = {f.rule: f for f in review_document(document)}
    assert findings["PWR-RECORDS-POWER"].category == "power-expansion"
    assert "区城市管理局" in findings["PWR-RECORDS-POWER"].message
    spot = findings["HL-SPOT-FINE"]
    assert spot.category == "higher-law-conflict" and [b.article for b in spot.basis] == ["第五十一条"]
    assert "二百元以下" in spot.basis[0].text and spot.basis[0].verified
