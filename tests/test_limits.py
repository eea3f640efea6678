"""The extractors' limits (extractors/limits.py) at their boundaries: each count at its limit passes and one
over is refused with its one-line Chinese reason naming the file and the setting; the mojibake guard at its
minimum length and at its share; which characters a document is made of."""
from __future__ import annotations

import pytest

from normreview.extractors import limits
from normreview.extractors.errors import ExtractionError

pytestmark = pytest.mark.unit

CHECKS = [
    (limits.check_lines, "NORMREVIEW_MAX_LINES", 100_000, "a.txt: 文件有 {n} 行，超过 {limit} 行的上限（NORMREVIEW_MAX_LINES）"),
    (limits.check_chars, "NORMREVIEW_MAX_CHARS", 2_000_000, "a.txt: 文件有 {n} 个字符，超过 {limit} 个字符的上限（NORMREVIEW_MAX_CHARS）"),
    (limits.check_pages, "NORMREVIEW_MAX_PAGES", 300, "a.txt: PDF 有 {n} 页，超过 {limit} 页的上限（NORMREVIEW_MAX_PAGES）"),
    (limits.check_ocr_pages, "NORMREVIEW_MAX_OCR_PAGES", 100,
     "a.txt: 需要识别的扫描页有 {n} 页，超过 {limit} 页的上限（NORMREVIEW_MAX_OCR_PAGES）"),
]


@pytest.mark.parametrize(("check", "variable", "default", "message"), CHECKS, ids=[c[1] for c in CHECKS])
def test_each_count_at_its_default_limit_passes_and_one_over_is_refused(check, variable, default, message, monkeypatch):
    monkeypatch.delenv(variable, raising=False)
    check("a.txt", default)
    with pytest.raises(ExtractionError) as refused:
        check("a.txt", default + 1)
    assert str(refused.value) == message.format(n=default + 1, limit=default)
    assert refused.value.path == "a.txt"


@pytest.mark.parametrize(("check", "variable", "default", "message"), CHECKS, ids=[c[1] for c in CHECKS])
def test_each_limit_follows_its_setting(check, variable, default, message, monkeypatch):
    monkeypatch.setenv(variable, "7")
    check("a.txt", 7)
    with pytest.raises(ExtractionError) as refused:
        check("a.txt", 8)
    assert str(refused.value) == message.format(n=8, limit=7)


# "é" is not a character of a Chinese document; "中" is.
def test_the_mojibake_guard_needs_two_hundred_visible_characters():
    limits.check_quality("a.txt", "é" * 199 + " \n\t" * 50)  # whitespace is not counted
    with pytest.raises(ExtractionError) as refused:
        limits.check_quality("a.txt", "é" * 200)
    assert str(refused.value) == "a.txt: 文件内容疑似乱码（100% 的字符不是常用汉字、字母或标点），不能审核；请提供原始文件"


def test_the_mojibake_guard_refuses_over_a_fifth_unusual():
    limits.check_quality("a.txt", "中" * 800 + "é" * 200)  # exactly 20 %: a real document may have that many
    with pytest.raises(ExtractionError) as refused:
        limits.check_quality("a.txt", "中" * 799 + " " * 5 + "é" * 201)
    assert str(refused.value) == "a.txt: 文件内容疑似乱码（20% 的字符不是常用汉字、字母或标点），不能审核；请提供原始文件"
    limits.check_quality("a.txt", "中" * 1000)


@pytest.mark.parametrize(("char", "usual"), [
    ("a", True), ("+", True), ("\t", True), ("\n", True), ("\r", True), ("\x01", False), ("\x7f", False),
    ("\ufffd", False),  # a byte no encoding could read
    ("一", True), ("啊", True), ("齄", True),  # U+4E00, and the first and last rows of GB2312's hanzi (B0, F7)
    ("龘", False), ("\u9fff", False),  # hanzi outside GB2312
    ("\u3000", True), ("〿", True), ("\u3040", False),  # CJK punctuation U+3000–303F, not one past it
    ("！", True), ("～", True), ("｟", False), ("\uff00", False),  # full-width forms U+FF01–FF5E only
    ("\u2000", True), ("\u206f", True), ("\u1fff", False),  # general punctuation U+2000–206F
    ("×", True), ("①", True), ("°", True), ("℃", True), ("·", True), ("©", True), ("½", True),
    ("∑", True), ("٣", True),  # a maths symbol and a digit outside the ranges above: by their category
    ("é", False), ("Ж", False), ("\u0301", False),
])
def test_which_characters_a_document_is_made_of(char, usual):
    assert limits._usual(char) is usual
