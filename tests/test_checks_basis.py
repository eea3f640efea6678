"""Every legal basis the catalogue cites exists in the law texts of ../shared/laws/; a basis whose
text is not there must say verified: false. Never an invented article number."""
from __future__ import annotations

import re

import pytest

from normreview.checks.catalogue import load_rules
from normreview.patterns import normalize_law_name
from normreview.settings import settings

pytestmark = pytest.mark.unit

ARTICLE = re.compile(r"^(第[零〇一二三四五六七八九十百千]+条)\s*(.*)$")
CN = "一二三四五六七八九十"


def law_texts() -> dict[str, dict[str, list[str]]]:
    """{law key: {article: [paragraph, …]}} from the Markdown texts."""
    laws: dict[str, dict[str, list[str]]] = {}
    for path in sorted((settings().shared_dir / "laws").glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        articles = laws.setdefault(normalize_law_name(lines[0].lstrip("# ")), {})
        current = None
        for line in lines[1:]:
            line = line.strip()
            match = ARTICLE.match(line)
            if match:
                current = articles.setdefault(match.group(1), [])
                current.append(match.group(2))
            elif line.startswith("#"):
                current = None
            elif line and current is not None:
                current.append(line)
    return laws


LAWS = law_texts()
BASES = [(rule.id, basis) for rule in load_rules() for basis in rule.basis]


def _paragraphs(article: list[str]) -> list[str]:
    """Items （一）… belong to the paragraph before them."""
    paragraphs: list[str] = []
    for line in article:
        if line.startswith("（") and paragraphs:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


@pytest.mark.parametrize("rule_id,basis", BASES, ids=[f"{r}-{b['law'][:12]}-{b.get('article', '')}" for r, b in BASES])
def test_basis_exists_in_the_law_text(rule_id, basis):
    key = normalize_law_name(basis["law"])
    if basis.get("verified") is False:
        assert key not in LAWS, f"{rule_id}: {basis['law']} is in shared/laws; verify the article instead"
        return
    assert key in LAWS, f"{rule_id}: no text for {basis['law']} in shared/laws; mark it verified: false"
    assert basis.get("article") in LAWS[key], f"{rule_id}: {basis['law']} has no {basis.get('article')}"
    paragraphs = _paragraphs(LAWS[key][basis["article"]])
    if "paragraph" in basis:
        index = CN.index(basis["paragraph"][1:-1]) if len(basis["paragraph"]) == 3 else None
        assert index is not None and index < len(paragraphs), f"{rule_id}: {basis['article']} has no {basis['paragraph']}"
    if "item" in basis:
        assert basis["item"] in "".join(paragraphs), f"{rule_id}: {basis['article']} has no item {basis['item']}"


def test_law_texts_were_read():
    assert "第十六条" in LAWS["行政处罚法"] and "第一千二百六十条" in LAWS["民法典"]
