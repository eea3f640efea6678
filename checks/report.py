"""The review object of the contract, and its readable Chinese renderings."""
from __future__ import annotations

from typing import Any

from normreview.checks.profile import ProfileChoice, choose_profile
from normreview.model import Basis, Document, Finding, Opinion, Review, ReviewProfile

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def review_object(document: Document, findings: list[Finding], opinion: Opinion | str,
                  profile: ProfileChoice | None = None, **extra: Any) -> Review:
    """The review of the contract; ``Review.model_dump(mode="json")`` is its JSON. ``profile`` is the
    jurisdiction the findings were made under (by default the one chosen from the document's issuer)."""
    profile = profile or choose_profile(document)
    return Review(document=document, findings=findings, opinion=opinion,
                  profile=ReviewProfile(name=profile.name, reason=profile.reason), **extra)


def basis_text(basis: list[Basis]) -> str:
    return "；".join(
        f"《{b.law}》{b.article}{getattr(b, 'paragraph', None) or ''}{getattr(b, 'item', None) or ''}"
        + (("（所引条文未规定该数值，待核实）" if b.text else "（条文待核实）") if b.verified is False else "")
        for b in basis
    ) or "—"


def render_text(review: Review) -> str:
    """Plain text for the terminal, grouped by unit."""
    doc = review.document
    lines = [f"《{doc.title}》", f"文号：{doc.doc_number or '无'}　审核意见：{review.opinion}　问题：{len(review.findings)} 项"]
    if review.profile:
        lines.append(f"适用规定：{review.profile.name}（{review.profile.reason}）")
    lines += [f"提示：{warning}" for warning in doc.warnings]
    lines.append("")
    for unit, group in group_by_unit(review.findings):
        lines.append(f"■ {unit or '全文'}")
        for f in group:
            lines.append(f"  [{SEVERITY_ZH[f.severity]}] {CATEGORY_ZH.get(f.category, f.category)} {f.rule}：{f.message}")
            lines.append(f"    原文：「{f.quote}」")
            lines.append(f"    依据：{basis_text(f.basis)}")
            lines += [f"    {line}" for line in higher_law_lines(f)]
            lines.append(f"    建议：{f.suggestion}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def higher_law_lines(finding: Finding) -> list[str]:
    """上位法：《…》第X条（相似度0.62）, one line per matched article of higher law."""
    return [f"上位法：《{h.law}》{h.article}（相似度{h.similarity:.2f}）" for h in finding.higher_law]


def render_markdown(review: Review) -> str:
    """Markdown, grouped by unit like the terminal text, each finding with its basis and suggestion."""
    doc = review.document
    lines = [f"# 合法性审核：{doc.title}", "", f"- 文号：{doc.doc_number or '无'}",
             f"- 审核意见：**{review.opinion}**", f"- 问题数：{len(review.findings)}"]
    if review.profile:
        lines.append(f"- 适用规定：{review.profile.name}（{review.profile.reason}）")
    lines.append("")
    for unit, group in group_by_unit(review.findings):
        lines += [f"## {unit or '全文'}", ""]
        for f in group:
            lines.append(f"- **{SEVERITY_ZH[f.severity]}** `{f.rule}`（{CATEGORY_ZH.get(f.category, f.category)}）：{f.message}")
            lines.append(f"  - 原文：「{f.quote}」")
            lines.append(f"  - 依据：{basis_text(f.basis)}")
            lines += [f"  - {line}" for line in higher_law_lines(f)]
            lines.append(f"  - 建议：{f.suggestion}")
        lines.append("")
    return "\n".join(lines)


def group_by_unit(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.unit, []).append(f)
    return list(groups.items())


CATEGORY_ZH = {
    "licensing": "行政许可", "penalty": "行政处罚", "compulsion": "行政强制", "fee": "收费", "obligation": "增加义务、减损权利",
    "power-expansion": "扩权卸责", "market-access": "市场准入", "factor-flow": "商品要素流动", "selective-incentive": "选择性优惠",
    "business-conduct": "经营行为", "government-guarantee": "政府担保", "land-price": "土地价格", "ultra-vires-commitment": "越权承诺",
    "missing-clause": "协议缺少条款", "repealed-citation": "引用已废止法律", "validity-period": "有效期", "effective-date": "施行日期",
    "doc-number": "发文字号", "procedure-materials": "送审材料",
    # rows of discretion standards and exemption lists (checks/discretion.py)
    "discretion-range": "裁量幅度超出法定幅度", "discretion-kind": "处罚种类无依据", "discretion-overlap": "裁量档次重叠",
    "discretion-gap": "裁量档次空档", "citation": "引用法律或条文有误", "higher-law-conflict": "与上位法抵触", "citation-relevance": "引用条文不对应",
    "exemption-conditions": "免罚条件", "exemption-mandatory": "不得免罚", "exemption-provision": "免罚依据缺失",
}
APPLIES_ZH = {"normative": "规范性文件", "agreement": "协议", "both": "规范性文件、协议"}


def rule_record(rule: Any) -> dict[str, Any]:
    """One catalogue rule as data, for `normreview rules --json`."""
    return {
        "id": rule.id, "category": rule.category, "severity": rule.severity, "applies_to": rule.applies_to,
        "scope": rule.scope, "title": rule.title, "why": rule.why, "basis": rule.basis, "message": rule.message,
        "suggestion": rule.suggestion, "instead": rule.instead, "examples": rule.examples,
    }


def render_rules(rules: Any) -> str:
    """The catalogue for a legal officer: by category, each rule with its basis, reason and advice."""
    lines = [f"审核规则目录（共 {len(rules)} 条）", ""]
    for category, label in CATEGORY_ZH.items():
        group = [r for r in rules if r.category == category]
        if not group:
            continue
        lines.append(f"【{label}】{category}")
        for rule in group:
            lines.append(f"  {rule.id}（{SEVERITY_ZH[rule.severity]}，适用：{APPLIES_ZH[rule.applies_to]}）{rule.title}")
            lines.append(f"    依据：{basis_text([Basis.model_validate(b) for b in rule.basis])}")
            lines.append(f"    理由：{rule.why}")
            lines.append(f"    示例：「{rule.examples['match'][0].splitlines()[-1]}」")
            lines.append(f"    可改为：「{rule.instead}」")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
