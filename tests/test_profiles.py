"""Jurisdiction profiles: every value names its source and quotes it from the statute corpus; the
profile is chosen from the issuer's place (or overridden); unverified values give warnings."""
from __future__ import annotations

import pytest

from normreview.checks.engine import review_document
from normreview.checks.profile import choose_profile, load_profile, profile_names
from normreview.checks.report import review_object
from normreview.extractors import extract, extract_text
from normreview.settings import settings

pytestmark = pytest.mark.unit

LAWREFBOOK = settings().shared_dir / "laws" / "lawrefbook"
SAMPLES = settings().shared_dir / "samples" / "real"
KEYS = ("filing_days", "review_workdays", "max_validity_years", "max_trial_validity_years", "effective_delay_days",
        "comment_days")


def test_profiles_and_the_national_default():
    assert {"national", "jiangsu", "zhejiang"} <= set(profile_names())
    assert load_profile().name == "national"
    for name in profile_names():
        profile = load_profile(name)
        for key in KEYS:
            assert isinstance(getattr(profile, key), int)
            assert profile.thresholds[key].law and profile.thresholds[key].source
    assert load_profile("zhejiang").province == "浙江省" and load_profile("national").province is None


@pytest.mark.skipif(not LAWREFBOOK.is_dir(), reason="the statute corpus checkout (../shared/laws/lawrefbook) is absent")
@pytest.mark.parametrize("name", ["national", "jiangsu", "zhejiang"])
def test_every_quote_is_in_the_corpus_file_it_names(name):
    profile = load_profile(name)
    for key, threshold in profile.thresholds.items():
        if threshold.verified:
            assert threshold.quote and threshold.article and threshold.file, (name, key)
        if threshold.quote:
            text = (LAWREFBOOK / threshold.file).read_text(encoding="utf-8")
            assert threshold.quote in text, (name, key)
            assert threshold.law.removeprefix("中华人民共和国") in text.splitlines()[0], (name, key)


def test_what_national_law_sets_is_verified_and_what_it_does_not_is_not():
    national = load_profile("national")
    assert national.thresholds["comment_days"].verified and national.comment_days == 30
    assert national.thresholds["comment_days"].article == "第六十二条第二款"
    assert "不少于30日" in national.thresholds["comment_days"].quote
    assert national.thresholds["effective_delay_days"].article == "第六十五条第一款"
    for key in ("effective_delay_days", "max_validity_years", "filing_days", "review_workdays"):
        assert not national.thresholds[key].verified, key
    zhejiang = load_profile("zhejiang").thresholds["effective_delay_days"]
    assert (zhejiang.law, zhejiang.article, zhejiang.verified) == ("浙江省民营企业发展促进条例", "第三十九条第一款第四项", False)


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown jurisdiction profile"):
        load_profile("atlantis")


def test_findings_on_unverified_values_are_warnings_that_say_so():
    document = extract_text("某某区企业扶持办法\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自2024年1月1日起施行，有效期十年。")
    profile = load_profile("national")
    [finding] = [f for f in review_document(document, profile=profile) if f.rule == "VP-TOO-LONG"]
    assert finding.severity == "warning"
    assert finding.quote == "有效期十年"
    assert "10年" in finding.message and f"{profile.max_validity_years}年" in finding.message
    [basis] = finding.basis
    assert basis.verified is False and "待核实" in basis.note


def test_effective_on_publication_rests_on_the_profiles_source():
    document = extract_text("某某区企业扶持办法\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自印发之日起施行。")
    [finding] = [f for f in review_document(document, profile=load_profile("zhejiang")) if f.rule == "ED-ON-PUBLICATION"]
    [basis] = finding.basis
    assert (basis.law, basis.article, basis.verified) == ("浙江省民营企业发展促进条例", "第三十九条第一款第四项", False)
    assert basis.text == "（四）设置合理过渡期，出台后确需立即执行的除外；"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the real samples (../shared/samples/real) are absent")
def test_nanxun_sample_is_reviewed_under_zhejiang():
    document = extract(SAMPLES / "nanxun-services-policy-2023.docx")
    choice = choose_profile(document)
    assert choice.name == "zhejiang"
    assert choice.reason.startswith("发文机关“湖州市南浔区人民政府办公室”位于浙江省湖州市")
    findings = review_document(document)
    review = review_object(document, findings, "应当予以修改")
    assert review.profile.model_dump() == {"name": "zhejiang", "reason": choice.reason}
    delay = [f for f in findings if f.rule == "ED-ON-PUBLICATION"]
    assert all(f.basis[0].law == "浙江省民营企业发展促进条例" for f in delay)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the real samples (../shared/samples/real) are absent")
def test_ndrc_notice_is_reviewed_under_national():
    document = extract(SAMPLES / "ndrc-sat-tax-credit-notice-2019.pdf")
    choice = choose_profile(document)
    assert choice.name == "national"
    assert "国家发展改革委办公厅" in choice.reason and "国务院或其部门" in choice.reason


def test_changzhou_zone_draft_is_reviewed_under_jiangsu():
    document = extract_text("常州经开区关于促进先进制造业发展的若干政策（征求意见稿）\n一、对新落户企业给予奖励。\n二、本政策自2024年1月1日起施行。")
    choice = choose_profile(document)
    assert choice.name == "jiangsu"
    assert "常州经开区" in choice.reason and "江苏省常州市" in choice.reason


def test_a_province_without_a_profile_gets_national_with_the_reason():
    document = extract_text("惠安县人民政府关于支持民营企业发展的若干措施（送审稿）\n一、本县企业优先采购。\n二、本措施自2024年1月1日起施行。")
    choice = choose_profile(document)
    assert choice.name == "national"
    assert "福建省" in choice.reason and "的规定尚未收录" in choice.reason


def test_the_doc_number_decides_when_issuer_and_title_name_no_place():
    document = extract_text("关于进一步优化营商环境的若干意见\n浙政办发〔2022〕3号\n一、优化服务。")
    assert document.doc_number == "浙政办发〔2022〕3号"
    assert choose_profile(document).name == "zhejiang"


def test_no_place_at_all_gets_national():
    document = extract_text("关于加强管理的通知\n一、加强管理。")
    choice = choose_profile(document)
    assert choice.name == "national" and "未能" in choice.reason


def test_override_and_setting(monkeypatch):
    document = extract_text("惠安县人民政府关于支持民营企业发展的若干措施\n一、支持发展。")
    choice = choose_profile(document, "jiangsu")
    assert choice.name == "jiangsu" and "--profile jiangsu" in choice.reason
    monkeypatch.setenv("NORMREVIEW_PROFILE", "zhejiang")
    assert choose_profile(document).name == "zhejiang"
    assert choose_profile(document, "national").name == "national"  # --profile beats the setting
    with pytest.raises(ValueError, match="unknown jurisdiction profile"):
        choose_profile(document, "atlantis")


def test_the_choice_keeps_the_issuers_place_for_local_mentions():
    from normreview.checks.places import find_places

    document = extract_text("惠安县人民政府关于支持民营企业发展的若干措施\n一、本县企业优先采购。")
    choice = choose_profile(document, "jiangsu")
    assert choice.home == "350521" and "识别为 national" in choice.reason
    [local] = [p for p in find_places(document.text, home=choice.home) if p.local]
    assert (local.text, local.county, local.province) == ("本县", "惠安县", "福建省")


def test_cli_refuses_an_unknown_profile_before_reviewing(tmp_path):
    from typer.testing import CliRunner

    from normreview.cli import app

    draft = tmp_path / "draft.txt"
    draft.write_text("惠安县人民政府关于支持民营企业发展的若干措施\n一、本措施自印发之日起施行。\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["review", "--no-archive", "--json", "--profile", "atlantis", str(draft)])
    assert done.exit_code == 2
    assert done.stderr.strip() == "normreview: 未知的辖区规则“atlantis”，可选：jiangsu、national、zhejiang"


def test_the_letter_says_which_rules_apply_and_why(tmp_path):
    import datetime

    import docx

    from normreview.reports.letter import write_letter

    document = extract_text("惠安县人民政府关于支持民营企业发展的若干措施\n一、本县企业优先采购。\n二、本措施自印发之日起施行。")
    findings = review_document(document)
    review = review_object(document, findings, "应当予以修改")
    path = write_letter(review, review.findings, "应当予以修改", tmp_path / "letter.docx", addressee="惠安县发展和改革局",
                        organ="惠安县司法局", number="惠司审〔2024〕1号", reviewer="张审核", comments="",
                        review_date=datetime.date(2024, 1, 2))
    lines = [p.text for p in docx.Document(str(path)).paragraphs]
    assert f"适用规定：{review.profile.reason}。" in lines  # a sentence of the letter
    assert "福建省" in review.profile.reason
