"""The overall opinion of a review, per 国办发〔2018〕115号: 合法, 应当予以修改 or 不合法.

Rule: any error in a category that makes the clause unlawful in itself (a licence, penalty,
compulsory measure or fee set without power, a government guarantee, or a clause that contradicts a
higher law: a fine outside its range, an act it expressly forbids) gives 不合法; any
other error or warning gives 应当予以修改; only info findings, or none, give 合法.
Warnings of the second net (rule ``NET-SIMILAR-…``, checks/second_net.py) are left out: a learned
guess asks the reviewer to look, it does not by itself change the opinion.
"""
from __future__ import annotations

from normreview.model import Finding, Opinion

NET_RULE_PREFIX = "NET-SIMILAR-"  # checks/second_net.py RULE_PREFIX
UNLAWFUL_CATEGORIES = {"licensing", "penalty", "compulsion", "fee", "government-guarantee", "higher-law-conflict"}


def overall_opinion(findings: list[Finding]) -> Opinion:
    findings = [f for f in findings if not f.rule.startswith(NET_RULE_PREFIX)]
    if any(f.severity == "error" and f.category in UNLAWFUL_CATEGORIES for f in findings):
        return Opinion.UNLAWFUL
    if any(f.severity in ("error", "warning") for f in findings):
        return Opinion.AMEND
    return Opinion.LAWFUL
