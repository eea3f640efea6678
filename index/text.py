"""Chinese text for the index: jieba segmentation with the legal user dictionary, done in Python
because the core node has no CJK analysis."""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba

DICT = Path(__file__).parent / "data" / "legal-dict.txt"
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICT))
    return tokenizer


def segment(text: str) -> str:
    """Whitespace-joined words, for a whitespace-analysed field."""
    words = (w.strip() for w in _tokenizer().cut_for_search(_SPACE.sub(" ", text or "")))
    return " ".join(w for w in words if w)
