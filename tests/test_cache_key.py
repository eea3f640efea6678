"""The cache keys of the flows' tasks: a change to any input of a result misses the cache, and the
offsets of cached findings still slice their quotes out of the text they were found in."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normreview.extractors import extract_text
from normreview.flows import tasks

pytestmark = pytest.mark.unit

POLICY = ("某某区关于加快服务业发展的若干意见\n第一条 对年度纳税十强企业给予一次性奖励。\n"
          "第二条 企业须在本区注册登记并纳税。\n第三条 本意见自印发之日起施行。\n")


def test_the_fingerprint_covers_code_rules_lexicon_and_law_data():
    roots = {p.resolve() for p in tasks.pipeline_roots()}
    repo = Path(tasks.__file__).resolve().parent.parent
    package = repo / "normreview"
    expected = [repo / "extractors", repo / "checks", package / "patterns.py", package / "model.py", package / "data"]
    assert all(p.resolve() in roots for p in expected)
    # rules, profiles, the repeal list and the vendored statute corpus live inside checks/; nothing under ../shared
    assert (repo / "checks" / "data" / "laws" / "corpus.jsonl.gz").suffix in tasks.FINGERPRINT_SUFFIXES
    assert not any("shared" in p.parts for p in roots)


@pytest.mark.parametrize("changed", [
    "extractors/metadata.py",  # extractor code
    "checks/engine.py",  # checks code
    "checks/rules/agreements.yaml",  # a rule
    "checks/profiles/jiangsu.yaml",  # a jurisdiction profile
    "data/legal-dict.txt",  # the legal dictionary (lexicon)
    "checks/data/laws/corpus.jsonl.gz",  # the vendored statute corpus
])
def test_changing_any_input_changes_the_fingerprint(tmp_path, changed):
    repo = Path(tasks.__file__).resolve().parent.parent
    copy = tmp_path / "copy"
    for name in ("extractors", "checks"):
        shutil.copytree(repo / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(repo / "normreview" / "data", copy / "data")
    roots = [copy / "extractors", copy / "checks", copy / "data"]
    before = tasks.fingerprint(roots)
    assert tasks.fingerprint(roots) == before  # stable
    with open(copy / changed, "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert tasks.fingerprint(roots) != before


def test_the_check_key_follows_the_text_not_the_file():
    document = extract_text(POLICY)
    same = extract_text(POLICY)
    moved = document.model_copy(update={"source": document.source.model_copy(update={"path": "/elsewhere.txt"})})
    shifted = extract_text("（新增一行）\n" + POLICY)
    key = tasks.check_key(document, "code")
    assert tasks.check_key(same, "code") == key == tasks.check_key(moved, "code")
    assert tasks.check_key(shifted, "code") != key  # the extractor's output changed: old offsets are no good
    assert tasks.check_key(document, "other-code") != key
    assert tasks.package_key(document, [shifted], "code") != tasks.package_key(document, [same], "code")


def test_the_extract_key_follows_bytes_type_and_code(tmp_path):
    text, docx_named = tmp_path / "a.txt", tmp_path / "a.md"
    text.write_text(POLICY, encoding="utf-8")
    docx_named.write_text(POLICY, encoding="utf-8")
    key = tasks.extract_key(str(text), "code")
    assert tasks.extract_key(str(text), "code") == key
    assert tasks.extract_key(str(docx_named), "code") != key  # same bytes, another declared type
    assert tasks.extract_key(str(text), "other-code") != key
    text.write_text(POLICY + "\n", encoding="utf-8")
    assert tasks.extract_key(str(text), "code") != key
