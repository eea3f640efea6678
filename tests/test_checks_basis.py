"""Every legal basis of the catalogue is quoted from the statute store (checks/laws): the quoted text
occurs in the article it names, and a basis the corpus does not hold says verified: false and has a
verified national basis beside it. Never an invented article number."""
from __future__ import annotations

import pytest

from normreview.checks.catalogue import load_rules
from normreview.checks.laws.store import Law
from normreview.patterns import to_int

pytestmark = pytest.mark.unit

RULES = load_rules()
BASES = [(rule.id, basis) for rule in RULES for basis in rule.basis]


@pytest.mark.parametrize("rule_id,basis", BASES, ids=[f"{r}-{b['law'][:12]}-{b.get('article', '')}{b.get('item', '')}" for r, b in BASES])
def test_quoted_basis_text_is_in_the_corpus_article(store, rule_id, basis):
    if basis.get("verified") is False:
        law = store.resolve(basis["law"])
        assert not isinstance(law, Law) or not basis.get("article"), \
            f"{rule_id}: {basis['law']} {basis.get('article')} is in the corpus; it must be quoted, not left unverified"
        return
    assert basis.get("verified") is True and basis.get("text"), f"{rule_id}: {basis['law']} {basis.get('article')} not quoted"
    law = store.resolve(basis["law"])
    assert isinstance(law, Law), f"{rule_id}: {basis['law']} not in the corpus"
    article = store.article(law, to_int(basis["article"].strip("第条")))
    for line in basis["text"].split("\n"):
        assert line.strip() and line in article.text, f"{rule_id}: “{line}” is not in {basis['law']} {basis['article']}"
    if basis.get("item"):
        assert basis["text"].split("\n")[-1].startswith(basis["item"]), f"{rule_id}: item {basis['item']} not quoted"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_an_unverified_basis_stands_beside_a_verified_national_one(rule):
    """Exempt: rules whose basis comes from the jurisdiction profile (it quotes its own articles), the
    document-number rule, which rests on a technical standard (GB/T 9704) rather than a law, and the
    citation check, whose every finding quotes the cited (or repealing) article from the corpus itself."""
    if "profile" in rule.params or all("GB/T" in b["law"] for b in rule.basis) or rule.check == "verified_citation":
        return
    if any(b.get("verified") is False for b in rule.basis):
        assert any(b.get("verified") is True for b in rule.basis), f"{rule.id}: only unverified bases"


def test_the_fixed_bases_say_what_their_rules_say():
    """Issue #13 item 5: each of these rules rests on the article that states its rule."""
    cited = {r.id: {(b["law"], b.get("article"), b.get("item")) for b in r.basis} for r in RULES}
    assert ("中华人民共和国城市房地产管理法", "第十三条", None) in cited["LP-PRICE-REFUND"]
    assert not any(article == "第五十五条" for _, article, _ in cited["LP-PRICE-REFUND"])
    assert {("中华人民共和国城乡规划法", "第四十三条", None), ("中华人民共和国土地管理法", "第五十六条", None)} <= cited["UV-PLANNING-EXEMPTION"]
    assert not any(article == "第三十一条" for r in ("UV-PLANNING-EXEMPTION", "UV-APPROVAL-PROMISE") for _, article, _ in cited[r])
    assert {("中华人民共和国行政强制法", "第十三条", None), ("中华人民共和国行政强制法", "第四十三条", None)} <= cited["CMP-SET-MEASURE"]
    assert {("公平竞争审查条例", "第九条", "（三）"), ("公平竞争审查条例", "第九条", "（四）")} <= cited["FF-LOCAL-PREFERENCE"]
    missing_clause = [r for r in RULES if r.category == "missing-clause"]
    assert missing_clause and all(r.severity == "warning" for r in missing_clause)  # 民法典 第四百七十条: 一般包括
