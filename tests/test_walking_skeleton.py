"""One review end to end: extract the real Nanxun docx, check, archive, search; and via the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normreview.checks import overall_opinion, review_document
from normreview.extractors import extract

pytestmark = pytest.mark.integration

CLI = [str(Path(sys.executable).parent / "normreview")]


def test_extract_nanxun_structure(nanxun):
    document = extract(nanxun)
    assert document.title == "湖州市南浔区人民政府办公室关于印发加快推进服务业高质量发展若干意见的通知"
    assert document.kind == "normative"
    sections = [u.label for u in document.units if u.kind == "outline-1"]
    assert sections == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"]
    items = [u for u in document.units if u.kind == "outline-3"]
    assert [u.label for u in items] == [f"{i}." for i in range(1, 21)]
    for unit in document.units:
        assert document.text[unit.start:unit.end] == unit.text


def test_review_flags_tax_ranked_reward(nanxun):
    document = extract(nanxun)
    findings = review_document(document)
    ranked = [f for f in findings if f.rule == "FC-TAX-RANKED-REWARD"]
    assert ranked and ranked[0].unit == "一、 3."
    assert document.text[ranked[0].start:ranked[0].end] == ranked[0].quote == "纳税十强"
    assert overall_opinion(findings) == "应当予以修改"


def test_flow_archives_and_search_finds(nanxun, archive):
    from normreview.flows.review import review_submission

    [review] = review_submission([str(nanxun)])
    assert review.findings
    doc_id = review.document.doc_id
    # Other tests of the session archive documents too; look at this one only.
    result = archive.search("纳税", size=100)
    [hit] = [h for h in result["hits"] if h["doc_id"] == doc_id]
    assert any("【纳税】" in fragment for fragment in hit["highlights"])
    # Reviewing the same file again creates no duplicate.
    review_submission([str(nanxun)])
    again = archive.search("纳税", size=100)
    assert again["total"] == result["total"]
    assert [h["doc_id"] for h in again["hits"]].count(doc_id) == 1


def test_cli_review_json_and_search(nanxun, archive):
    env = dict(os.environ)
    done = subprocess.run(CLI + ["review", "--json", str(nanxun)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    review = json.loads(done.stdout)
    assert review["opinion"] in ("合法", "应当予以修改", "不合法")
    assert any(f["category"] == "selective-incentive" for f in review["findings"])
    found = subprocess.run(CLI + ["search", "--json", "纳税"], capture_output=True, text=True, env=env, timeout=120)
    assert found.returncode == 0, found.stderr
    assert review["document"]["doc_id"] in [h["doc_id"] for h in json.loads(found.stdout)["hits"]]


def test_cli_bad_file_gets_one_line_reason(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    done = subprocess.run(CLI + ["extract", str(empty)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"normreview: {empty}: 文件为空"
