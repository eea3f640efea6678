"""`normreview decide` edits the outcome (#15 item 2): accept, dismiss with a reason, reword, merge and add
the reviewer's own finding with its basis, through the same record_decision flow as the web; the letter is
built from the decided findings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest
import typer

from normreview import cli as nr_cli
from normreview.flows.decision import EditRefused, category_of
from normreview.settings import settings

REPO = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "normreview")]
ADDED = "第五条规定奖励自2022年1月1日起追溯适用，违反不溯及既往原则。"
REWORDED = "要求企业在本区登记注册并纳税方可享受奖励，排斥外地经营者，应予删除。"
MERGED = "两处奖励条款均以纳税额为门槛给予选择性奖励，应合并修改。"
COMMENT = "请起草单位一并修改附件中的申报表。"
NANXUN = settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx"


# ---- parsing the options (no archive) ---------------------------------------------------------

@pytest.mark.unit
def test_add_spec_fields_by_chinese_name_with_several_bases():
    fields = nr_cli.parse_added("类别=溯及既往;意见=追溯适用；应删除;原文=自2022年1月1日起;"
                                "依据=《中华人民共和国立法法》第一百零四条;依据=行政许可法第12条;建议=删去")
    assert fields == {"category": "retroactivity", "message": "追溯适用；应删除", "quote": "自2022年1月1日起",
                      "suggestion": "删去", "bases": [("中华人民共和国立法法", "第一百零四条"), ("行政许可法", "第12条")]}
    assert nr_cli.parse_added("category=fee;message=收费无依据;basis=《价格法》")["bases"] == [("价格法", "")]


@pytest.mark.unit
@pytest.mark.parametrize("spec", ["意见=没有类别", "类别=fee", "类别=天气;意见=x", "地点=本区;类别=fee;意见=x"])
def test_a_bad_add_spec_is_refused(spec, capsys):
    with pytest.raises(typer.Exit) as exited:
        nr_cli.parse_added(spec)
    assert exited.value.exit_code == 2
    assert "--add" in capsys.readouterr().err


@pytest.mark.unit
def test_category_by_code_or_chinese_name_only_from_the_contract():
    assert category_of("selective-incentive") == category_of("选择性优惠") == "selective-incentive"
    with pytest.raises(EditRefused, match="未知的问题类别"):
        category_of("weather")


@pytest.mark.unit
def test_verdicts_from_the_options_reword_merge_and_dismiss():
    doc = "d" * 64
    verdicts = {v["finding_id"].removeprefix(doc + ":"): v for v in nr_cli.decision_verdicts(
        doc, accept=["a:1=同意"], dismiss=["b:2=已有上位法依据"], reword=["c:3=新的表述"], suggestion=["c:3=新的建议"],
        merge=["e:5,f:6,g:7=合并后的表述"])}
    assert verdicts["a:1"]["reason"] == "同意" and verdicts["b:2"]["verdict"] == "dismissed"
    assert (verdicts["c:3"]["message"], verdicts["c:3"]["suggestion"]) == ("新的表述", "新的建议")
    assert verdicts["e:5"] == {"finding_id": f"{doc}:e:5", "verdict": "accepted", "reason": "", "message": "合并后的表述",
                               "suggestion": "", "merged_into": ""}
    assert verdicts["f:6"]["merged_into"] == verdicts["g:7"]["merged_into"] == f"{doc}:e:5"


@pytest.mark.unit
@pytest.mark.parametrize("options", [
    {"dismiss": ["a:1=理由"], "reword": ["a:1=新的表述"]},      # dismissed and reworded
    {"dismiss": ["a:1=理由"], "merge": ["a:1,b:2"]},             # merged into a dismissed one
    {"merge": ["a:1,b:2", "c:3,a:1"]},                           # a chain of merges
    {"merge": ["a:1,b:2", "c:3,b:2"]},                           # one finding into two
    {"merge": ["a:1"]},                                          # nothing to merge
    {"dismiss": ["a:1"]},                                        # no reason
])
def test_contradictory_verdicts_are_refused(options, capsys):
    with pytest.raises(typer.Exit) as exited:
        nr_cli.decision_verdicts("d" * 64, **{"accept": [], "dismiss": [], "reword": [], "suggestion": [], "merge": []} | options)
    assert exited.value.exit_code == 2 and capsys.readouterr().err.startswith("normreview: --")


# ---- through the CLI, the archive and the letter -------------------------------------------------

@pytest.fixture(scope="module")
def identity(tmp_path_factory):
    """`decide` acts as the configured NORMREVIEW_USER, a registered reviewer."""
    from normreview.checks.laws.store import default_path
    from normreview.web.users import UserStore

    data = tmp_path_factory.mktemp("decide-data")
    (data / default_path().name).symlink_to(default_path())  # the built statute store, not a rebuild
    UserStore(data).add("钱审核", "secret-pass-1", "reviewer")
    return {"NORMREVIEW_DATA": str(data), "NORMREVIEW_USER": "钱审核"}


def cli(identity: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PYTHONPATH=str(REPO), **identity)
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=300)


def letter_text(path: str) -> str:
    document = docx.Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.integration
def test_letter_after_a_cli_decision_carries_reworded_merged_and_added_not_dismissed(tmp_path, archive, identity):
    reviewed = cli(identity, "review", str(NANXUN), "--json", "--drafting-unit", "南浔区经济发展局（decide 测试）")
    assert reviewed.returncode == 0, reviewed.stderr
    review = json.loads(reviewed.stdout)
    doc_id, findings = review["document"]["doc_id"], review["findings"]
    short = {id(f): f"{f['rule']}:{f['start']}" for f in findings}
    # Findings whose problem no other finding repeats, so their absence from the letter shows.
    counts = Counter(f["message"] for f in findings)
    unique = [f for f in findings if counts[f["message"]] == 1]
    assert len(unique) >= 3 and len(findings) >= 4, [f["message"] for f in findings]
    dismissed, merged_away, target = unique[:3]
    reworded = next(f for f in findings if f not in (dismissed, merged_away, target))

    decided = cli(identity, "decide", doc_id[:8], "--opinion", "应当予以修改", "--comments", COMMENT,
                  "--dismiss", f"{short[id(dismissed)]}=该条已有上位法依据",
                  "--reword", f"{short[id(reworded)]}={REWORDED}",
                  "--merge", f"{short[id(target)]},{short[id(merged_away)]}={MERGED}",
                  "--add", f"类别=溯及既往;意见={ADDED};依据=《中华人民共和国立法法》第一百零四条;建议=删除追溯适用的规定",
                  "--add", "类别=fee;意见=收取申报材料工本费没有依据;依据=《某某不存在的收费条例》第三条",
                  "--opinion-dir", str(tmp_path), "--json")
    assert decided.returncode == 0, decided.stderr
    decision = json.loads(decided.stdout)
    verified, unverified = (added["basis"][0] for added in decision["added"])
    assert verified["verified"] is True and "不溯及既往" in verified["text"]  # quoted from the statute store
    # not in the store: named as written, marked unverified, never given a text
    assert (unverified["law"], unverified["article"], unverified["verified"]) == ("某某不存在的收费条例", "第三条", False)
    assert not unverified.get("text")

    stored = archive.get_document(doc_id)
    assert stored["status"] == "reviewed" and stored["reviewer"] == "钱审核"
    assert stored["deliverables"] == decision["deliverables"]
    text = letter_text(decision["deliverables"]["opinion_letter"])
    assert ADDED in text and "不溯及既往" in text and "收取申报材料工本费没有依据" in text
    assert REWORDED in text and MERGED in text and COMMENT in text
    assert dismissed["message"] not in text and merged_away["message"] not in text and target["message"] not in text
    assert "钱审核" in text and "待核实" not in text

    annotated = docx.Document(decision["deliverables"]["annotated_draft"])
    comments = "\n".join(p.text for c in annotated.comments for p in c.paragraphs)
    assert ADDED in comments and REWORDED in comments and MERGED in comments
    assert dismissed["message"] not in comments


@pytest.mark.integration
def test_unknown_finding_ids_and_a_quote_not_in_the_text_are_refused(tmp_path, archive, identity):
    draft = tmp_path / "draft.txt"
    draft.write_text("某某经济开发区管理委员会关于印发企业服务办法的通知\n第一条 为规范企业服务工作，制定本办法。\n"
                     "第二条 本办法自印发之日起施行。\n", encoding="utf-8")
    assert cli(identity, "review", str(draft)).returncode == 0
    doc_id = json.loads(cli(identity, "review", str(draft), "--json").stdout)["document"]["doc_id"]
    unknown = cli(identity, "decide", doc_id[:8], "--opinion", "合法", "--reword", "no-such-rule:0=新的表述")
    assert unknown.returncode == 2 and "没有这些问题：no-such-rule:0" in unknown.stderr, unknown.stderr
    elsewhere = cli(identity, "decide", doc_id[:8], "--opinion", "合法", "--add", "类别=fee;意见=收费;原文=文件里没有的话")
    assert elsewhere.returncode == 2 and "原文未在文件中找到" in elsewhere.stderr, elsewhere.stderr
    assert archive.get_document(doc_id).get("decision_id") is None  # nothing was recorded
    added = cli(identity, "decide", doc_id[:8], "--opinion", "应当予以修改", "--add",
                "类别=obligation;意见=未规定企业的申诉渠道;原文=规范企业服务工作", "--json")
    assert added.returncode == 0, added.stderr
    [finding] = json.loads(added.stdout)["added"]
    assert finding["unit"] == "第一条" and finding["rule"] == "reviewer" and finding["quote"] == "规范企业服务工作"
    # A later decision keeps the reviewer's own finding, as the web's does.
    again = cli(identity, "decide", doc_id[:8], "--opinion", "应当予以修改", "--json")
    assert [f["message"] for f in json.loads(again.stdout)["added"]] == ["未规定企业的申诉渠道"]
