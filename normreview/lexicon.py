"""Where the legal user dictionary lives: jieba loads it for the checks' spaCy pipeline and for the
archive's segmentation, so both split legal terms alike. Imports nothing else of the project."""
from pathlib import Path

LEGAL_DICT = Path(__file__).parent / "data" / "legal-dict.txt"
