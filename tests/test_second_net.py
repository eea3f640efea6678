"""The second net's abstraction (second_net.net_text): what varies between cases but says nothing legal is
replaced before the n-grams are read, at training and at review alike."""
from __future__ import annotations

import json

import numpy as np
import pytest

from normreview.checks import second_net
from normreview.checks.engine import analysed, review_document
from normreview.checks.second_net import (
    ABSTRACTIONS,
    MODEL,
    SecondNet,
    carries_element,
    document_tokens,
    forbids_a_penalized_conduct,
    frames_of,
    load_net,
    net_findings,
    net_text,
    net_words,
    orders,
    reports_removal,
    sentence_tokens,
    tiers_of_grounded,
)
from normreview.checks.similarity import sentences
from normreview.extractors import extract_text
from normreview.model import Dates

pytestmark = pytest.mark.unit
DAY = "2026-12-01"  # the statutes in force on a fixed day: what the net reads does not move with the calendar


def test_a_named_place_becomes_its_level_and_a_deictic_one_stays():
    assert net_text("须在惠安县注册并纳税") == "须在某县注册并纳税"
    assert net_text("入驻南浔经济开发区的企业") == "入驻某开发区的企业"
    assert net_text("福建省泉州市对在我市设立总部的企业") == "某市对在我市设立总部的企业"
    # 本县, 我市, 辖区 say the tie to the issuer's own area: the legal element of a local-registration clause.
    assert net_text("须在本县注册并纳税") == "须在本县注册并纳税"


def test_a_company_name_becomes_mou_gongsi_and_keeps_the_verb_that_leads_into_it():
    assert net_text("以竞争性谈判方式确定上海钧正网络科技有限公司为唯一运营商") == "以竞争性谈判方式确定某公司为唯一运营商"
    assert net_text("由北京华信建设有限公司负责建设") == "由某公司负责建设"
    assert net_text("统一交由中国国家铁路集团有限公司运营") == "统一交由某公司运营"
    # No name to abstract: a bare or generic company stays as written.
    assert net_text("由国有公司承担，子公司不得参与") == "由国有公司承担,子公司不得参与"


def test_numbers_and_document_numbers_become_placeholders():
    assert net_text("对2023年5月1日前落户的企业奖励500万元") == "对#年#月#日前落户的企业奖励#万元"
    assert net_text("按照泉政〔2020〕12号文件执行") == "按照泉政[#]#号文件执行"
    assert net_text(net_text("按照泉政〔2020〕12号文件执行，在惠安县注册的企业")) == net_text("按照泉政〔2020〕12号文件执行，在惠安县注册的企业")


def test_abstractions_can_be_chosen_and_the_text_is_normalized_regardless():
    assert net_text("须在惠安县注册，奖励 500 万元", ()) == "须在惠安县注册,奖励500万元"
    assert net_text("须在惠安县注册，奖励500万元", ("numbers",)) == "须在惠安县注册,奖励#万元"
    assert net_text(net_text("由北京华信建设有限公司在惠安县建设")) == net_text("由北京华信建设有限公司在惠安县建设")


def test_the_model_reads_the_abstracted_text_it_was_trained_on():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert set(data["abstractions"]) <= set(ABSTRACTIONS)
    net = load_net()
    rows = net.suspicion_rows(["外地企业须在惠安县注册并纳税。", "外地企业须在某县注册并纳税。"])
    if "places" in net.abstractions:
        assert np.allclose(rows[0], rows[1])  # one wording for the net: the place's name is not what is unlawful
    # A model file written before the abstraction (no such key) reads the text as it is.
    plain = SecondNet.from_data({k: v for k, v in data.items() if k != "abstractions"})
    assert plain.abstractions == ()


def test_opening_entry_to_every_qualified_party_carries_no_market_access_element():
    """The corrected wording of a designation (条例第八条: open entry) is no restriction, however close its words."""
    assert not carries_element("建设单位可以委托任何具备相应资质的检测机构开展检测。", "market-access", DAY)
    assert not carries_element("符合条件的企业均可参与本区公共充电设施的建设运营。", "market-access", DAY)
    assert not orders("符合条件的企业均可参与本区公共充电设施的建设运营。", "market-access")
    assert carries_element("本区公共充电设施统一由区城投公司建设运营。", "market-access", DAY)
    # Chosen from a list is still chosen for it: 自行选择 from a 名录 is no opening.
    assert carries_element("建设单位在测绘机构名录库中自行选择一家测绘单位。", "market-access", DAY)


def test_the_model_file_stores_idf_and_weights_as_integers_of_its_scale():
    """Integers in thousandths are half the characters of the decimals; the net they load is the same to < 0.001."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    scale = data["scale"]
    assert scale >= 1000 and all(isinstance(w, int) for row in list(data["vocabulary"].values())[:100] for w in row)
    decimals = {**data, "scale": 1, "vocabulary": {g: [w / scale for w in row] for g, row in data["vocabulary"].items()},
                "words": {g: [w / scale for w in row] for g, row in data.get("words", {}).items()}}
    texts = ["外地企业须在惠安县注册并纳税。", "对落户本区的批发业企业，给予一次性奖励30万元。", "本市的产业基础较好。"]
    assert np.allclose(load_net().suspicion_rows(texts), SecondNet.from_data(decimals).suspicion_rows(texts))
    assert np.allclose(load_net().idf[:5], np.array([row[0] for row in list(data["vocabulary"].values())[:5]]) / scale)


def _sure_net(boosts: dict[str, float], thresholds_alone: dict[str, float]) -> SecondNet:
    """The product's model made sure of the categories in ``boosts`` (added to their intercepts)."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    intercept = [b + boosts.get(c, 0.0) for c, b in zip(data["classes"], data["intercept"])]
    return SecondNet.from_data({**data, "intercept": intercept, "unlawful_intercept": 20.0, "thresholds": {},
                                "thresholds_alone": thresholds_alone})


def test_a_further_tier_of_a_provision_that_rests_on_a_statute_rests_on_it_too():
    """情节严重的，… after a ； sets the aggravated tier of the penalty the statute named before it sets: the net abstains
    on it as on its provision; the same tier after a provision that names no law is read as usual."""
    grounded = ("粮食收购者未执行国家粮食质量标准的，由粮食和储备行政管理部门依照《粮食流通管理条例》第四十五条的规定，"
                "责令改正，给予警告，可以并处20万元以下罚款；情节严重的，并处20万元以上50万元以下罚款。")
    own = "对未在本市设立分支机构的外地粮食收购企业，一律处以罚款；情节严重的，并处20万元以上50万元以下罚款。"
    text = f"粮食收购监督检查规范\n第一条 {grounded}\n第二条 {own}\n"
    spans = sentences(text)
    tiers = {text[s:e] for s, e in tiers_of_grounded(text, spans, DAY)}
    assert tiers == {"情节严重的，并处20万元以上50万元以下罚款。"}
    assert len([s for s, e in spans if text[s:e] == "情节严重的，并处20万元以上50万元以下罚款。"]) == 2
    document = extract_text(text)
    net = _sure_net({"penalty": 20.0}, {"penalty": 0.3})
    start = document.text.index(grounded)
    warned = [f.start for f in net_findings(document, review_document(document), net=net)]
    assert warned and not any(start <= w < start + len(grounded) for w in warned)
    assert document.text.rindex("情节严重的") in warned  # the tier of the provision that names no law
    # The items of a list whose lead-in names the law it applies are that law's too.
    listed = ("违反本办法规定，有下列行为之一的，由市城市管理和综合执法局依照《中华人民共和国固体废物污染环境防治法》第一百一十一条的规定"
              "责令改正，处以罚款：（一）产生单位未将餐厨垃圾交由具备相应资质条件的单位进行无害化处理的，处十万元以上一百万元以下的罚款；"
              "（二）在运输过程中沿途丢弃、遗撒餐厨垃圾的，处五万元以上五十万元以下的罚款。")
    text = f"餐厨垃圾管理办法\n第一条 {listed}\n"
    assert {text[s:e] for s, e in tiers_of_grounded(text, sentences(text), DAY)} == {
        "（二）在运输过程中沿途丢弃、遗撒餐厨垃圾的，处五万元以上五十万元以下的罚款。"}
    # A lead-in that only restates a statute grounds no item: the third changes the statute's period.
    restating = ("实施查封、扣押应当遵守下列规定：（一）由两名以上执法人员实施，出示执法证件；（二）当场交付查封、扣押决定书和清单；"
                 "（三）查封、扣押的期限为九十日，情况复杂的可以延长六十日。")
    text = f"行政执法规定\n第一条 {restating}\n"
    assert tiers_of_grounded(text, sentences(text), DAY) == set()


def test_the_grades_of_a_discretion_standard_are_tiers_of_the_provision_that_restates_the_statute():
    # 城镇燃气管理条例 第四十五条: 不按照燃气经营许可证的规定从事燃气经营活动的…处3万元以上20万元以下罚款 (lawdraft11)
    text = ("燃气行政处罚裁量基准\n第一条 燃气经营者不按照燃气经营许可证的规定从事燃气经营活动的，由县燃气管理部门责令限期改正，"
            "处3万元以上不满10万元的罚款；较重的，处10万元以上20万元以下的罚款。\n"
            "第二条 外地燃气经营者在本县经营的，处5万元罚款；较重的，处10万元以上20万元以下的罚款。\n")
    tiers = {text[s:e] for s, e in tiers_of_grounded(text, sentences(text), DAY)}
    assert tiers == {"较重的，处10万元以上20万元以下的罚款。"}
    assert len([1 for s, e in sentences(text) if text[s:e] == "较重的，处10万元以上20万元以下的罚款。"]) == 2


def test_a_prohibition_of_what_a_statute_penalizes_carries_no_market_access_element():
    # 固体废物污染环境防治法 第一百一十一条 fines 擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾: forbidding it restricts no
    # entry (lawdraft11); forbidding outside firms to take the work does
    assert not carries_element("施工单位不得擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾。", "market-access", DAY)
    assert carries_element("未在本县注册的运输企业不得承接本县建筑垃圾运输业务。", "market-access", DAY)


def test_a_prohibition_is_read_against_the_statutes_in_force_on_the_day_given():
    """Not the day the review runs: 固体废物污染环境防治法 penalizes dumping construction waste (第一百一十一条) from its
    2020 revision, in force on 2020-09-01."""
    (frame,) = [f for f in frames_of("施工单位不得擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾。") if f.modality]
    assert forbids_a_penalized_conduct(frame, "2020-09-01") and not forbids_a_penalized_conduct(frame, "2020-08-31")


def test_the_net_reads_the_statutes_on_the_drafts_day(monkeypatch):
    """net_findings takes the day as the rules do (citations.draft_date: published, else signed), whatever day it runs."""
    days = []
    monkeypatch.setattr(second_net, "tiers_of_grounded", lambda text, spans, day: days.append(day) or set())
    document = extract_text("关于某事项的通知\n第一条 施工单位不得擅自倾倒、抛撒或者堆放建筑垃圾。\n")
    net_findings(document.model_copy(update={"dates": Dates(published="2019-05-01")}), [])
    assert days == ["2019-05-01"]


def test_word_features_are_the_reviews_tokens_abstracted_like_the_text():
    """The category model's word block reads the pipeline's tokens (jieba with the legal dictionary), each token
    abstracted as net_text abstracts the text, so a real place and the library's 某县 are one word."""
    assert net_words(sentence_tokens("须在惠安县注册")) == net_words(sentence_tokens("须在某县注册"))
    words = net_words(["对", "某", "公司", "奖励", "500", "万元"])
    assert words[:5] == ["对", "某公司", "奖励", "#", "万元"]  # 某 split from 公司 joins it again; digits → #
    assert "某公司 奖励" in words and "对 某公司" in words  # and the word bigrams


def test_the_review_reuses_the_documents_tokens_for_the_word_features():
    """net_findings reads each sentence's words from the Doc the review parsed (engine.analysed), not from a second
    segmentation; they are the tokens the sentence has alone, so training and review read the same words."""
    document = extract_text("关于促进服务业发展的若干意见\n第一条 外地企业须在惠安县注册并纳税，方可享受奖励。\n"
                            "第二条 对落户本区的批发业企业，给予一次性奖励30万元。\n")
    review_document(document)
    doc = analysed(document.text)
    assert analysed(document.text) is doc  # the review's own parse, not a new one
    spans = sentences(document.text)
    texts = [document.text[s:e].split(" ", 1)[-1] for s, e in spans]
    found = document_tokens(doc, [(e - len(t), e) for (s, e), t in zip(spans, texts)])
    for text, tokens in zip(texts, found):
        assert [t for t in tokens if t.strip()] == [t for t in sentence_tokens(text) if t.strip()]


def test_the_review_and_the_net_parse_a_text_once(monkeypatch):
    """The net reads the Doc the review parsed (engine.analysed), and a Doc read under another state of the tokeniser's
    dictionary (a rule's phrases made words since) is not reused."""
    from normreview.checks import engine

    document = extract_text("关于促进服务业发展的若干意见\n第一条 外地企业须在某县注册并纳税，方可享受奖励。\n")
    engine.review_document(document)  # the matchers built before counting: building them may change the dictionary
    engine._analysed.cache_clear()
    parsed = []
    monkeypatch.setattr(engine, "parse", lambda text, parse=engine.parse: parsed.append(text) or parse(text))
    findings = engine.review_document(document)
    net_findings(document, findings)
    assert parsed == [document.text]
    monkeypatch.setattr(engine, "dictionary_state", lambda: (-1, -1))
    engine.analysed(document.text)
    assert parsed == [document.text] * 2


def test_a_model_with_words_scores_the_same_from_given_or_its_own_tokens():
    net = load_net()
    texts = ["外地企业须在惠安县注册并纳税。", "本市的产业基础较好。"]
    assert np.allclose(net.suspicion_rows(texts), net.suspicion_rows(texts, [sentence_tokens(t) for t in texts]))


def test_a_sentence_that_reports_a_measure_removed_orders_nothing():
    """The corrected wording a correction notice reports (删除…的规定, 取消将…作为评分标准, 不再包含…) imposes nothing:
    the measure gate abstains on it; a sanction that takes a benefit away (取消其…资格) is no removal of a measure."""
    for text in ("删除托运回原籍的规定，并规定拒绝接受罚款的才予以扣留", "取消将企业在当地纳税作为评分标准",
                 "调整后的特许经营权及特许经营范围不再包含建筑区划红线内燃气管道工程安装"):
        assert reports_removal(text) and not orders(text, "factor-flow") and not orders(text, "market-access")
    for text in ("企业在享受扶持期间将税务登记关系变更至外地的，取消其享受政策资格并收回已享受的扶持资金。",
                 "外地企业须在本县设立分支机构。", "各部门不得取消对外地企业的资质要求"):  # 不得取消 removes nothing (engine's reading)
        assert not reports_removal(text)
    assert orders("外地企业须在本县设立分支机构。", "factor-flow")


def test_the_lexicon_classes_are_word_features_only_when_asked():
    """net_words(lexicon=True) adds each token's clause-lexicon classes (保证金 and 押金 are both §payment), so synonyms
    share a feature; without it the words are unchanged."""
    plain, classed = net_words(["须", "缴纳", "押金"]), net_words(["须", "缴纳", "押金"], lexicon=True)
    assert not any(w.startswith("§") for w in plain) and classed[:len(plain)] == plain
    assert "§payment" in classed and "§payment" in net_words(["须", "缴纳", "保证金"], lexicon=True)
