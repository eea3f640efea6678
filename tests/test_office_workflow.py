"""The review office's workflow (#15): short ids, the inbox, filing by 文号, similar clauses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "normreview")]


def cli(*args: str) -> subprocess.CompletedProcess:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PYTHONPATH=str(REPO))
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=300)


def write_normative(path: Path, number: int, extra: str = "") -> Path:
    path.write_text(
        f"某某经济开发区管理委员会关于印发第{number}号办公室工作办法的通知\n"
        f"第一条 为规范第{number}批办公室服务工作，制定本办法。{extra}\n"
        "第二条 管委会办公室负责组织实施。\n", encoding="utf-8")
    return path


# ---- short ids ------------------------------------------------------------------------------

def test_review_and_search_print_a_short_id_that_decide_and_file_accept(tmp_path, archive):
    draft = write_normative(tmp_path / "short.txt", 801)
    reviewed = cli("review", str(draft))
    assert reviewed.returncode == 0, reviewed.stderr
    doc_id = json.loads(cli("review", str(draft), "--json").stdout)["document"]["doc_id"]
    short = doc_id[:8]
    assert f"编号：{short}" in reviewed.stdout
    found = cli("search", "第801批办公室服务")
    assert f"[{short}]" in found.stdout, found.stdout

    decided = cli("decide", short, "--opinion", "合法", "--reviewer", "王审核", "--json")
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["doc_id"] == doc_id
    assert archive.get_document(doc_id)["reviewer"] == "王审核"
    filed = cli("file", short, "--published", "2026-03-02", "--json")
    assert filed.returncode == 0, filed.stderr
    assert json.loads(filed.stdout)["doc_id"] == doc_id


def test_an_ambiguous_or_unknown_short_id_is_refused_in_chinese(archive):
    from normreview.index.archive import AmbiguousId

    stem = "ab12cd34"
    for tail, title in (("0" * 56, "甲文件"), ("1" * 56, "乙文件")):
        archive.client.index(index=archive.alias("documents"), id=stem + tail, refresh=True,
                             document={"doc_id": stem + tail, "title": title, "status": "reviewed"})
    with pytest.raises(AmbiguousId) as ambiguous:
        archive.resolve_id(stem)
    assert "甲文件" in str(ambiguous.value) and "乙文件" in str(ambiguous.value)
    assert archive.resolve_id(stem + "0") == stem + "0" * 56

    refused = cli("decide", stem, "--opinion", "合法", "--reviewer", "王审核")
    assert refused.returncode == 2
    assert "对应多个文件" in refused.stderr and "甲文件" in refused.stderr and "Traceback" not in refused.stderr
    unknown = cli("file", "ffffffffee", "--published", "2026-03-02")
    assert unknown.returncode == 2 and "没有编号以“ffffffffee”开头的文件" in unknown.stderr
    short = cli("decide", "ab12", "--opinion", "合法", "--reviewer", "王审核")
    assert short.returncode == 2 and "至少需要 8 位" in short.stderr


@pytest.mark.parametrize("command", ["review", "search", "decide", "file", "audit", "backfill", "serve", "extract", "rules"])
def test_command_help_is_chinese(command):
    shown = cli(command, "--help")
    assert shown.returncode == 0
    # Each option this project defines is described in Chinese (click's own --help text is not ours).
    described = [line for line in shown.stdout.splitlines() if "--" in line and "--help" not in line]
    assert described and all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in described), shown.stdout
