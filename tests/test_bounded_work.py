"""Bounded work (issue 16, items 2, 3 and 10): limits on characters, lines and pages checked before the
expensive step with a Chinese reason, long texts parsed in pieces, and mojibake refused."""
from __future__ import annotations

import os
import subprocess

import pytest
from test_flows import CLI, cli_env, write_normative

from normreview.checks.nlp import parse, pipeline
from normreview.extractors import SUPPORTED, ExtractionError, extract
from normreview.extractors.limits import check_quality
from normreview.settings import settings

pytestmark = pytest.mark.integration

SAMPLES = settings().shared_dir / "samples"


def test_a_text_over_max_length_is_parsed_in_pieces_with_the_same_offsets():
    text = (SAMPLES / "real" / "changzhou-etdz-rule-of-law-report-2023.txt").read_text(encoding="utf-8")[:6000]
    nlp = pipeline()
    whole = nlp(text)
    saved = nlp.max_length
    nlp.max_length = 1000
    try:
        pieces = parse(text)
    finally:
        nlp.max_length = saved
    assert pieces.text == text
    whole_ents = {(e.start_char, e.end_char, e.label_) for e in whole.ents}
    piece_ents = {(e.start_char, e.end_char, e.label_) for e in pieces.ents}
    assert piece_ents and len(piece_ents & whole_ents) >= 0.9 * len(whole_ents)


def test_each_limit_is_a_chinese_reason_naming_its_setting(tmp_path, monkeypatch):
    long_lines = tmp_path / "lines.txt"
    long_lines.write_text("第一条 内容。\n" * 300, encoding="utf-8")
    monkeypatch.setenv("NORMREVIEW_MAX_LINES", "100")
    with pytest.raises(ExtractionError, match="NORMREVIEW_MAX_LINES"):
        extract(long_lines)
    monkeypatch.delenv("NORMREVIEW_MAX_LINES")
    monkeypatch.setenv("NORMREVIEW_MAX_CHARS", "1000")
    with pytest.raises(ExtractionError, match="超过 1000 个字符的上限"):
        extract(long_lines)
    monkeypatch.delenv("NORMREVIEW_MAX_CHARS")
    pdf = next(SAMPLES.rglob("*.pdf"))
    monkeypatch.setenv("NORMREVIEW_MAX_PAGES", "0")
    with pytest.raises(ExtractionError, match="NORMREVIEW_MAX_PAGES"):
        extract(pdf)


def test_random_bytes_are_refused_as_mojibake_and_real_samples_are_not(tmp_path):
    noise = os.urandom(50_000)
    for encoding in ("gb18030", "latin-1", "cp1252", "utf-8"):
        with pytest.raises(ExtractionError, match="乱码"):
            check_quality("noise", noise.decode(encoding, errors="replace"))
    for sample in sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in (".txt", ".md", ".docx")):
        try:
            document = extract(sample)
        except ExtractionError as exc:
            assert "乱码" not in exc.reason, sample
            continue
        check_quality(str(sample), document.text)


@pytest.mark.skipif(".doc" not in SUPPORTED, reason="no .doc reader")
def test_random_bytes_named_doc_are_not_certified(tmp_path):
    noise = tmp_path / "noise.doc"
    noise.write_bytes(os.urandom(50_000))
    with pytest.raises(ExtractionError):
        extract(noise)


def test_a_3mb_text_in_a_cli_batch_is_checked_in_pieces_and_over_the_limit_refused_alone(tmp_path):
    good = write_normative(tmp_path / "good.txt", 1801)
    huge = tmp_path / "huge.txt"
    # 1.32 million characters (3.6 MB): over spaCy's max_length, under NORMREVIEW_MAX_CHARS
    huge.write_text(("第一条 本办法适用于开发区内企业服务事项。" * 50 + "\n") * 1200, encoding="utf-8")
    done = subprocess.run(CLI + ["review", str(good), str(huge), "--no-archive"], capture_output=True, text=True,
                          env=cli_env(), timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "1801" in done.stdout and "《huge》" in done.stdout
    refused = subprocess.run(CLI + ["review", str(good), str(huge), "--no-archive"], capture_output=True, text=True,
                             env=cli_env(NORMREVIEW_MAX_CHARS="1000000"), timeout=600)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "huge.txt" in refused.stderr and "NORMREVIEW_MAX_CHARS" in refused.stderr
    assert "1801" in refused.stdout
