"""Agreement fields and amount normalisation, on a generated investment agreement (.docx, .doc, .wps)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.generate import build_all, build_docx

from normreview.extractors import extract
from normreview.extractors.amounts import disagreements, find_amounts, find_areas

# Marked per test: some need LibreOffice or run the CLI (integration), the rest are unit tests.

CLI = [str(Path(sys.executable).parent / "normreview")]


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    return build_all(tmp_path_factory.getbasetemp() / "extract-fixtures")


@pytest.fixture(scope="session")
def docx_fixtures(tmp_path_factory):
    return build_docx(tmp_path_factory.getbasetemp() / "extract-fixtures")


@pytest.fixture(scope="module")
def agreement(docx_fixtures):
    return extract(docx_fixtures / "investment-agreement.docx")


@pytest.mark.unit
@pytest.mark.parametrize("text, value, written", [
    ("壹亿元", 100_000_000, "capital"),
    ("5000万元", 50_000_000, "digits"),
    ("1.2亿元", 120_000_000, "digits"),
    ("伍亿元", 500_000_000, "capital"),
    ("人民币壹亿贰仟万元整", 120_000_000, "capital"),
    ("一千二百万元", 12_000_000, "chinese"),
    ("５０００万元", 50_000_000, "digits"),
    ("12,000,000.50元", 12_000_000.5, "digits"),
    ("3千万元", 30_000_000, "digits"),
    ("叁拾万元伍角", 300_000.5, "capital"),
])
def test_amounts_are_normalised_and_keep_their_text(text, value, written):
    [amount] = find_amounts(text)
    assert (amount.value, amount.written) == (value, written)
    assert text[amount.start:amount.end] == amount.text
    assert amount.text in text


@pytest.mark.unit
def test_bare_units_are_not_amounts():
    assert find_amounts("金额（万元）") == []


@pytest.mark.unit
def test_capital_and_digit_disagreement():
    text = "补助人民币伍亿元（小写：¥400,000,000元），另付伍亿元（500000000元）。"
    [(capital, digits)] = disagreements(find_amounts(text), text)
    assert (capital.text, digits.text) == ("伍亿元", "400,000,000元")


@pytest.mark.unit
def test_areas():
    [mu, square] = find_areas("用地面积约80亩（53333平方米）")
    assert (mu["value"], mu["unit"], mu["square_metres"]) == (80, "亩", 53333.33)
    assert (square["unit"], round(square["mu"])) == ("平方米", 80)


@pytest.mark.unit
def test_agreement_fields(agreement):
    assert agreement.kind == "agreement"
    assert agreement.title == "某某经济开发区年产10万台智能装备制造项目投资监管协议"
    fields = agreement.agreement.model_dump()  # the contract's JSON shape
    assert [(p["role"], p["name"]) for p in fields["parties"]] == [
        ("甲方", "某某经济开发区管理委员会"), ("乙方", "江苏某某智能装备有限公司")]
    assert fields["project"]["name"] == "年产10万台智能装备制造项目"
    total, fixed = fields["investment"]["total"], fields["investment"]["fixed_assets"]
    assert (total["text"], total["value"], total["written"]) == ("伍亿元", 500_000_000, "capital")
    assert (fixed["text"], fixed["value"]) == ("3.5亿元", 350_000_000)
    land = fields["land"]
    assert (land["area"]["value"], land["area"]["unit"]) == (80, "亩")
    assert land["location"]["text"] == "某某经济开发区创新大道以东、兴业路以北"
    assert (land["price"]["value"], land["price"]["per_mu"]) == (360_000, True)
    timelines = fields["timelines"]
    assert timelines["start_construction"]["date"] == "2024-06-30"
    assert timelines["completion"]["within_months"] == 18
    assert timelines["production"]["date"] == "2026-03-31"
    assert timelines["full_production"]["within_months"] == 24
    for timeline in timelines.values():
        assert agreement.text[timeline["start"]:timeline["end"]] == timeline["text"]
    targets = fields["targets"]
    assert (targets["output"]["value"], targets["tax"]["value"], targets["tax_per_mu"]["value"]) == (
        1_000_000_000, 50_000_000, 600_000)
    assert any("增值税地方留成部分的50%" in c["text"] for c in fields["incentives"])
    assert any("违约金" in c["text"] for c in fields["liquidated_damages"])
    assert any("回购土地使用权" in c["text"] for c in fields["exit_clawback"])
    dispute = fields["dispute_resolution"]
    assert (dispute["method"], dispute["forum"]) == ("arbitration", "常州仲裁委员会")
    for clause in fields["incentives"] + fields["liquidated_damages"] + fields["exit_clawback"] + [dispute]:
        assert agreement.text[clause["start"]:clause["end"]] == clause["text"]
        assert clause["unit"] and agreement.unit_at(clause["start"]).path_label == clause["unit"]
    for amount in (total, fixed, land["price"], targets["tax"]):
        assert agreement.text[amount["start"]:amount["end"]] == amount["text"]


@pytest.mark.unit
def test_agreement_warns_on_capital_digits_disagreement(agreement):
    assert agreement.warnings == ["金额大写与小写不一致：“壹仟万元整”与“12,000,000元”（第五条 第二款）"]


@pytest.mark.integration
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_formats_are_converted_by_libreoffice(fixtures, agreement, suffix):
    document = extract(fixtures / f"investment-agreement{suffix}")
    assert document.source.format == suffix.lstrip(".")
    assert document.text == agreement.text
    assert document.agreement == agreement.agreement


@pytest.mark.integration
def test_cli_extract_json_follows_the_contract(fixtures):
    done = subprocess.run(CLI + ["extract", "--json", str(fixtures / "investment-agreement.docx")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) >= {"doc_id", "kind", "title", "doc_number", "issuer", "dates", "units", "agreement", "warnings"}
    assert set(document["dates"]) == {"signed", "published", "effective", "expires"}
    assert document["dates"]["signed"] == "2024-01-15"
    assert document["dates"]["effective"] == "2024-01-15"  # 自双方签字盖章之日起生效
    unit = next(u for u in document["units"] if u["label"] == "第八条")
    assert unit["path"] == ["第八条"] and document["text"][unit["start"]:unit["end"]] == unit["text"]
    assert document["agreement"]["investment"]["total"]["value"] == 500_000_000


@pytest.mark.unit
def test_document_round_trips_through_its_dict(agreement):
    from normreview.model import Document

    data = json.loads(json.dumps(agreement.model_dump(mode="json"), ensure_ascii=False))
    assert Document.model_validate(data) == agreement
