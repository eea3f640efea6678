"""The real samples, through the command line: normreview review --no-archive --json."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from normreview.checks.engine import review_package
from normreview.extractors import extract_text
from normreview.settings import settings

pytestmark = pytest.mark.integration

SAMPLES = settings().shared_dir / "samples" / "real"

CLI = [str(Path(sys.executable).parent / "normreview")]


def review(path: Path) -> dict:
    done = subprocess.run(CLI + ["review", "--no-archive", "--json", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_nanxun_policy_findings(nanxun):
    result = review(nanxun)
    findings = result["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert any(f["rule"] == "FC-TAX-RANKED-REWARD" and f["quote"] == "纳税十强" for f in findings)
    local = [f for f in findings if f["rule"] == "FF-LOCAL-REGISTRATION-TAX"]
    assert any("登记注册纳税" in f["quote"] and f["unit"] == "九、 （一）" for f in local)
    case_by_case = by_rule["SI-CASE-BY-CASE"]
    assert "一事一议" in case_by_case["clause_text"] and "财政贡献明显" in case_by_case["clause_text"]
    assert by_rule["VP-MISSING"]["category"] == "validity-period"
    # 原《…》（浔政办发〔2020〕11号）废止 repeals the old policy; it is not a citation of it.
    assert not [f for f in findings if f["category"] == "repealed-citation"]
    for f in findings:
        text = "\n".join(u["text"] for u in result["document"]["units"] if u["label"] and f["unit"].endswith(u["label"]))
        assert f["quote"] in f["clause_text"] and (not f["unit"] or f["quote"] in text)
    assert result["opinion"] == "应当予以修改"


def test_changzhou_report_flags_marriage_law_as_repealed():
    result = review(SAMPLES / "changzhou-etdz-rule-of-law-report-2023.txt")
    repealed = [f for f in result["findings"] if f["category"] == "repealed-citation"]
    assert [f["quote"] for f in repealed] == ["婚姻法"]
    assert "民法典" in repealed[0]["suggestion"]
    assert "婚姻法" in repealed[0]["clause_text"]


def test_review_package_flags_missing_materials():
    main = extract_text("某某区关于印发企业扶持办法的通知\n第一条 为支持企业发展，制定本办法。")
    materials = [extract_text("企业扶持办法起草说明\n一、制定背景"), extract_text("征求意见及采纳情况\n共收到意见3条")]
    findings = review_package(main, materials)
    assert sorted(f.rule for f in findings) == ["PM-LEGAL-BASIS", "PM-PRELIMINARY-REVIEW"]
    assert all(f.category == "procedure-materials" for f in findings)
