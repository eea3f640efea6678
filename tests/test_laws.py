"""The statute corpus: parser, store and citation verification, measured on tests/laws/citations.yaml.
The ``store`` and ``laws_index`` fixtures are in conftest.py (the review's higher-law test shares them)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normreview.checks.laws.parse import parse_law_file
from normreview.checks.laws.store import NearMiss
from normreview.checks.laws.verify import citation_findings, parse_citation, verify_citation

CITATIONS = yaml.safe_load((Path(__file__).parent / "laws" / "citations.yaml").read_text(encoding="utf-8"))
ISSUE_REPEALS = ["国家预算管理条例", "城市房屋拆迁管理条例", "城市规划法", "企业所得税暂行条例", "外商投资企业和外国企业所得税法",
                 "印花税暂行条例", "耕地占用税暂行条例", "车船税暂行条例", "治安管理处罚条例", "企业破产法（试行）", "行政监察法",
                 "营业税暂行条例", "合同法", "物权法", "婚姻法", "担保法", "民法通则", "法规规章备案条例",
                 "国务院关于劳动教养问题的决定", "城市流浪乞讨人员收容遣送办法"]


def verdict_class(verdict: str) -> str:
    return {"internal": "ok"}.get(verdict, verdict)


@pytest.mark.unit
def test_parse_paragraphs_items_and_headings():
    text = ("# 中华人民共和国示例法\n\n2020年1月2日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
            "第一条 为了示例。\n\n第二条 下列行为：\n\n（一）甲；\n\n（二）乙。\n\n前款规定之外的。\n\n### 第一节 细则\n\n"
            "第二条之一 插入的条文。\n")
    version = parse_law_file("行政法/示例法(2020-01-02).md", text)
    assert version.title == "中华人民共和国示例法" and version.file_date == "2020-01-02"
    assert [(a.number, a.sub) for a in version.articles] == [(1, 0), (2, 0), (2, 1)]
    second = version.articles[1]
    assert len(second.paragraphs) == 2 and second.paragraphs[0].items == ["（一）甲；", "（二）乙。"]
    assert version.articles[2].heading == "第一章 总则 / 第一节 细则"


@pytest.mark.unit
def test_resolve_names(store):
    assert store.resolve("《中华人民共和国行政处罚法》").name == store.resolve("行政处罚法").name == "中华人民共和国行政处罚法"
    assert store.resolve("民法典").name == "中华人民共和国民法典"
    near = store.resolve("行政处法")
    assert isinstance(near, NearMiss) and near.law.name == "中华人民共和国行政处罚法"


@pytest.mark.unit
def test_article_paragraphs_and_items(store):
    law = store.resolve("行政强制法")
    article = store.article(law, 10, "2024-06-01")
    assert len(article.paragraphs) == 4 and "其他规范性文件不得设定行政强制措施" in article.paragraph(4)
    assert "限制公民人身自由" in store.article(law, 9, "2024-06-01").item(1)


@pytest.mark.unit
def test_renumbered_across_revision(store):
    law = store.resolve("行政处罚法")
    assert store.renumbered(law, 14, "2020-01-01", "2022-03-01") == 16


@pytest.mark.unit
def test_civil_code_parts_are_one_version(store):
    law = store.resolve("民法典")
    assert len(store.versions(law)) == 1
    assert store.article(law, 1, "2024-01-01") and store.article(law, 1260, "2024-01-01")


@pytest.mark.unit
def test_citation_set_precision_recall(store):
    tp = fp = fn = 0
    wrong = []
    for entry in CITATIONS:
        check = verify_citation(store, entry["c"], entry["date"], subject_law=entry.get("subject"), context=entry.get("context"))
        got, expected = verdict_class(check.verdict), entry["expect"]
        if expected == "no-such-law" and entry.get("law") and got == expected:
            got = expected if check.law == entry["law"] else "no-such-law:wrong-suggestion"
        if expected == "moved" and got == "moved" and check.moved_to != entry["moved_to"]:
            got = "moved:wrong-target"
        if got != expected:
            wrong.append((entry["c"], entry["date"], expected, got, check.message))
        if expected != "ok" and got == expected:
            tp += 1
        else:
            fp += got != "ok"
            fn += expected != "ok"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\ncitation set: {len(CITATIONS)} entries, tp={tp} fp={fp} fn={fn}, precision={precision:.3f} recall={recall:.3f}")
    for row in wrong:
        print("  MISMATCH", row)
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.unit
def test_issue_repeals_are_flagged_with_repealing_act(store):
    for name in ISSUE_REPEALS:
        check = verify_citation(store, f"《{name}》", "2025-01-01")
        assert check.verdict == "repealed", (name, check)
        assert check.status.repealed_by and check.status.repealed_on, name
    backup = verify_citation(store, "《法规规章备案条例》", "2025-01-01")
    assert backup.status.repealed_by == "法规规章备案审查条例" and backup.status.repealed_on == "2024-11-01"
    assert "同时废止" in backup.basis[0][2]
    assert verify_citation(store, "《法规规章备案条例》", "2024-10-31").verdict == "ok"


@pytest.mark.unit
def test_quotes_article_text_and_findings(store):
    check = verify_citation(store, "《中华人民共和国行政处罚法》第十六条", "2024-06-01")
    assert check.verdict == "ok" and check.text.startswith("第十六条 除法律、法规、规章外")
    moved = verify_citation(store, "《行政处罚法》第十四条", "2022-03-01", context="其他规范性文件不得设定行政处罚")
    repealed = verify_citation(store, "《合同法》第五十二条", "2022-03-01")
    findings = citation_findings([check, moved, repealed], unit="第三条")
    assert [f.category for f in findings] == ["citation", "repealed-citation"]
    assert "第十六条" in findings[0].message and findings[1].basis[0].law == "中华人民共和国民法典"


@pytest.mark.unit
def test_parse_citation_forms():
    ref = parse_citation("《行政强制法》第十条第四款")
    assert (ref.law, ref.article, ref.paragraph) == ("行政强制法", 10, 4)
    ref = parse_citation("行政处罚法第九条第一项")
    assert (ref.law, ref.article, ref.item) == ("行政处罚法", 9, 1)
    assert parse_citation("本法第十条之一").sub == 1


# ---- fine ranges (pure) ------------------------------------------------------------------------
from normreview.checks.laws.fines import compare_fines, fine_findings, yuan_fines  # noqa: E402
from normreview.extractors.fines import parse_range  # noqa: E402
from normreview.model import Basis  # noqa: E402


@pytest.mark.unit
@pytest.mark.parametrize("text,value", [("一万元", 10000), ("5万元", 50000), ("二十万元", 200000), ("2000元", 2000),
                                        ("1.5万元", 15000), ("一万五千元", 15000), ("五千元", 5000), ("一百万元", 1000000)])
def test_amounts(text, value):
    fine = parse_range(text)
    assert (fine.low, fine.high, fine.unit) == (value, value, "元")


@pytest.mark.unit
def test_fine_ranges_and_draft_fines():
    assert [(r.low, r.high) for r in yuan_fines("由县级以上人民政府处一万元以上五万元以下罚款")] == [(10000, 50000)]
    assert [(r.low, r.high) for r in yuan_fines("并处五千元以下的罚款")] == [(None, 5000)]
    assert [(r.low, r.high) for r in yuan_fines("处以3万元罚款")] == [(30000, 30000)]
    assert [(r.low, r.high) for r in yuan_fines("罚款2000元")] == [(2000, 2000)]
    assert yuan_fines("没收违法所得，可以并处违法所得五倍以下的罚款") == []  # multiples are not amounts


@pytest.mark.unit
def test_fine_outside_range_is_a_conflict():
    article = Basis(law="中华人民共和国道路交通安全法", article="第九十九条", verified=True,
                    text="第九十九条 有下列行为之一的，由公安机关交通管理部门处二百元以上二千元以下罚款")
    assert compare_fines("处三千元罚款", article)[0].departure == "罚款3000元超过上位法规定的上限2000元"
    assert compare_fines("处一百元以上一千元以下罚款", article)[0].departure == "罚款100元低于上位法规定的下限200元"
    assert compare_fines("处五百元以上一千五百元以下罚款", article) == []
    unrelated = Basis(law="中华人民共和国反不正当竞争法", article="第八条", text="第八条 经营者不得作虚假宣传。")
    assert compare_fines("处五万元罚款", unrelated) == []  # no range: nothing to compare
    findings = fine_findings(compare_fines("处三千元罚款", article), unit="第五条")
    assert findings[0].category == "higher-law-conflict" and findings[0].basis[0].article == "第九十九条"


# ---- laws index (integration: the real Elasticsearch node) --------------------------------------
HIGHER_LAW = yaml.safe_load((Path(__file__).parent / "laws" / "higher_law.yaml").read_text(encoding="utf-8"))


@pytest.mark.integration
def test_higher_law_top3(laws_index):
    hits = 0
    misses = []
    for entry in HIGHER_LAW:
        found = laws_index.similar_articles(entry["clause"], entry.get("level", "规范性文件"), entry["date"], k=3)
        assert len(found) <= 3 and all(0 <= a.similarity <= 1 for a in found)
        if any((a.law, a.article) == tuple(entry["expect"]) for a in found):
            hits += 1
        else:
            misses.append((entry["expect"], [(a.law, a.article) for a in found]))
    share = hits / len(HIGHER_LAW)
    print(f"\nhigher-law set: {len(HIGHER_LAW)} clauses, known article in top 3: {hits} ({share:.1%})")
    for miss in misses:
        print("  MISS", miss)
    assert len(HIGHER_LAW) >= 40 and share >= 0.8


@pytest.mark.integration
def test_similar_articles_respect_level_and_date(laws_index):
    clause = "除法律、法规、规章外，其他规范性文件不得设定行政处罚。"
    found = laws_index.similar_articles(clause, "规范性文件", "2024-06-01")
    assert (found[0].law, found[0].article) == ("中华人民共和国行政处罚法", "第十六条") and found[0].text.startswith("第十六条")
    assert all(a.level != "地方性法规" for a in laws_index.similar_articles(clause, "地方性法规", "2024-06-01"))
    repealed = laws_index.similar_articles("本条例自2002年1月1日起施行，法规、规章备案", "规范性文件", "2025-01-01", k=10)
    assert all(a.law != "法规规章备案条例" for a in repealed)  # repealed on 2024-11-01


# ---- CLI -----------------------------------------------------------------------------------------
@pytest.mark.unit
def test_law_command(store, monkeypatch):
    import json

    from typer.testing import CliRunner

    from normreview.cli import app

    monkeypatch.setenv("NORMREVIEW_DATA", str(store.path.parent))
    runner = CliRunner()
    result = runner.invoke(app, ["law", "行政处罚法", "第十六条", "--as-of", "2022-03-01", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["law"] == "中华人民共和国行政处罚法" and record["status"] == "in-force" and record["article"] == "第十六条"
    assert record["text"].startswith("第十六条 除法律、法规、规章外")
    repealed = runner.invoke(app, ["law", "法规规章备案条例", "--as-of", "2025-01-01"])
    assert repealed.exit_code == 0 and "已废止" in repealed.stdout and "法规规章备案审查条例" in repealed.stdout
    missing = runner.invoke(app, ["law", "行政处法", "16"])
    assert missing.exit_code == 2 and "是否指《中华人民共和国行政处罚法》" in missing.output


@pytest.mark.integration  # builds a store: ~20 s
def test_a_store_built_from_other_data_is_rebuilt(tmp_path):
    """A store left from an older corpus or parser is rebuilt on open, never read stale."""
    import sqlite3

    from normreview.checks.laws.store import LawStore, build_fingerprint

    path = tmp_path / "laws.sqlite3"
    LawStore.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("update meta set value = 'older' where key = 'fingerprint'")
        db.execute("delete from laws")
    store = LawStore.open(path)
    assert store.meta()["fingerprint"] == build_fingerprint()
    assert store.laws(), "the stale, emptied store was rebuilt"
