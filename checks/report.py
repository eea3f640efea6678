"""The review object of the contract, and its readable Chinese renderings."""
from __future__ import annotations

from typing import Any

from normreview.checks.profile import ProfileChoice, choose_profile
from normreview.model import Basis, Document, Finding, Opinion, Precedent, Review, ReviewProfile

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def review_object(document: Document, findings: list[Finding], opinion: Opinion | str,
                  profile: ProfileChoice | None = None, **extra: Any) -> Review:
    """The review of the contract; ``Review.model_dump(mode="json")`` is its JSON. ``profile`` is the
    jurisdiction the findings were made under (by default the one chosen from the document's issuer)."""
    from normreview.checks.engine import checks_run  # the engine loads spaCy; the renderings below do not need it

    profile = profile or choose_profile(document)
    extra.setdefault("checked", checks_run(document, package=bool(extra.get("materials"))))
    return Review(document=document, findings=findings, opinion=opinion,
                  profile=ReviewProfile(name=profile.name, reason=profile.reason), **extra)


NOTHING_FOUND = "未发现问题"


def opinion_line(review: Review) -> str:
    """The opinion as a person reads it: with no finding, "未发现问题" and what was checked, never a bare
    合法 (the review object's ``opinion`` stays 合法 for machines, beside ``checked``)."""
    if review.findings:
        return str(review.opinion)
    return f"{NOTHING_FOUND}（已检查 {len(review.checked)} 类事项）"


def checked_text(review: Review) -> str:
    """The categories that were checked, in Chinese: 行政许可、行政处罚…"""
    return "、".join(CATEGORY_ZH.get(entry.split(":")[0], entry.split(":")[0]) for entry in review.checked)


def basis_text(basis: list[Basis]) -> str:
    return "；".join(
        f"《{b.law}》{b.article}{getattr(b, 'paragraph', None) or ''}{getattr(b, 'item', None) or ''}"
        + (("（所引条文未规定该数值，待核实）" if b.text else "（条文待核实）") if b.verified is False else "")
        for b in basis
    ) or "—"


def render_text(review: Review) -> str:
    """Plain text for the terminal, grouped by unit."""
    doc = review.document
    lines = [f"《{doc.title}》", f"文号：{doc.doc_number or '无'}　审核意见：{opinion_line(review)}　问题：{len(review.findings)} 项"]
    if review.profile:
        lines.append(f"适用规定：{review.profile.name}（{review.profile.reason}）")
    if review.checked:
        lines.append(f"已检查：{checked_text(review)}")
    lines += [f"提示：{warning}" for warning in doc.warnings]
    lines.append("")
    for unit, group in group_by_unit(review.findings):
        lines.append(f"■ {unit or '全文'}")
        for f in group:
            lines.append(f"  [{SEVERITY_ZH[f.severity]}] {CATEGORY_ZH.get(f.category, f.category)} {f.rule}：{f.message}")
            details = finding_details(f)
            details.insert(1, f"问题编号：{f.rule}:{f.start}（normreview decide 用）")  # the id decide takes
            lines += [f"    {line}" for line in details]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def finding_details(finding: Finding) -> list[str]:
    """What every rendering shows under a finding's message: the quote, the basis, the higher law, the
    suggestion and the precedents."""
    return [f"原文：「{finding.quote}」", f"依据：{basis_text(finding.basis)}", *higher_law_lines(finding),
            f"建议：{finding.suggestion}", *precedent_lines(finding.precedents)]


def precedent_lines(precedents: list[Precedent]) -> list[str]:
    """Precedents as lines of text: where each comes from, the clause, the outcome and the similarity."""
    if not precedents:
        return []
    lines = ["类似先例："]
    for number, p in enumerate(precedents, 1):
        where = "案例库" if p.origin == "library" else "本系统已审核"
        lines.append(f"  {number}. 〔{where}〕{p.title}（{p.date or '日期不详'}）相似度 {p.similarity:.2f}：{p.outcome}")
        lines.append(f"     「{p.clause}」 来源：{p.source}")
    return lines


def higher_law_lines(finding: Finding) -> list[str]:
    """上位法：《…》第X条（相似度0.62）, one line per matched article of higher law."""
    return [f"上位法：《{h.law}》{h.article}（相似度{h.similarity:.2f}）" for h in finding.higher_law]


def render_markdown(review: Review) -> str:
    """Markdown, grouped by unit like the terminal text, each finding with its basis and suggestion."""
    doc = review.document
    lines = [f"# 合法性审核：{doc.title}", "", f"- 文号：{doc.doc_number or '无'}",
             f"- 审核意见：**{opinion_line(review)}**", f"- 问题数：{len(review.findings)}"]
    if review.profile:
        lines.append(f"- 适用规定：{review.profile.name}（{review.profile.reason}）")
    if review.checked:
        lines.append(f"- 已检查：{checked_text(review)}")
    lines.append("")
    for unit, group in group_by_unit(review.findings):
        lines += [f"## {unit or '全文'}", ""]
        for f in group:
            lines.append(f"- **{SEVERITY_ZH[f.severity]}** `{f.rule}`（{CATEGORY_ZH.get(f.category, f.category)}）：{f.message}")
            lines += [f"  - {line}" if not line.startswith(" ") else f"    {line}" for line in finding_details(f)]
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
    "citation": "引用法律条文有误", "retroactivity": "溯及既往", "higher-law-conflict": "与上位法抵触",
    "discretion-range": "裁量幅度", "exemption-conditions": "免罚条件",
}
APPLIES_ZH = {"normative": "规范性文件", "agreement": "协议", "both": "规范性文件、协议"}


def rule_record(rule: Any) -> dict[str, Any]:
    """One catalogue rule as data, for `normreview rules --json`."""
    return {
        "id": rule.id, "category": rule.category, "severity": rule.severity, "applies_to": rule.applies_to,
        "scope": rule.scope, "title": rule.title, "why": rule.why, "basis": rule.basis, "message": rule.message,
        "suggestion": rule.suggestion, "instead": rule.instead, "examples": rule.examples,
        "frame": [frame_record(spec) for spec in rule.frame],
    }


BOUND_ZH = {"party": "公民、法人或其他组织", "agency": "行政机关（含协议甲方）"}
MODALITY_ZH = {"obligation": "应当、必须", "prohibition": "不得、禁止", "precondition": "……后方可、未经……不得",
               "permission": "可以", "none": "无情态词"}
# The ties of checks/ties.py: what a condition looks at, and what it opens.
TIE_ZH = {"local-registration": "在本地注册、纳税、设立机构", "local-firm": "本地企业或本地商品", "outside": "外地企业或外地商品",
          "ownership": "所有制", "size": "规模（注册资本、营业收入、成立年限等）", "tax": "纳税额", "operator": "特定企业",
          "named-firm": "点名的特定企业", "chosen-operator": "机关选定、推荐或合作的经营者、名单、平台",
          "operator-cap": "限定经营者数量"}
GATE_ZH = {"procurement": "采购招标", "entry": "准入经营", "benefit": "奖补优惠", "factor": "要素价格和收费", "designation": "指定交易"}
RELATION_ZH = {"require": "作为必须具备的资格条件", "prefer": "给予优先、加分或优惠", "designate": "指定", "burden": "增加额外负担"}
MEASURE_ZH = {"approval": "审批、许可、证明", "payment": "缴费、押金、保证金", "penalty": "处罚", "compulsion": "强制措施",
              "rights-restriction": "限制权利", "location-tie": "注册、纳税、统计等属地要求", "benefit": "奖励、补贴、返还",
              "guarantee": "担保、兜底", "exclusivity": "指定、独家", "price": "价格、收费标准"}


def frame_record(spec: Any) -> dict[str, Any]:
    """A rule's frame as data: only what it constrains."""
    record = {"bound": spec.bound, "modality": list(spec.modality), "measures": list(spec.measures),
              "parts": list(spec.parts) if spec.parts != ("main",) else [], "with": list(spec.with_),
              "place": spec.place, "amount": spec.amount, "anchored": spec.anchored, "statutory": spec.statutory,
              "negated": spec.negated, "text": spec.text.pattern if spec.text else None,
              "tie": list(spec.tie), "gate": list(spec.gate), "relation": list(spec.relation)}
    return {k: v for k, v in record.items() if v not in (None, [], False) or k == "anchored" and v is False}


def frame_text(spec: Any) -> str:
    """A rule's frame for a legal officer: 约束对象、情态、措施、地点、依据."""
    parts = []
    if spec.bound:
        parts.append(f"约束{BOUND_ZH[spec.bound]}")
    if spec.modality:
        parts.append("情态：" + "／".join(MODALITY_ZH[m] for m in spec.modality))
    if spec.measures:
        where = "（在条件部分）" if "condition" in spec.parts and "main" not in spec.parts else ""
        parts.append("措施：" + "／".join(MEASURE_ZH.get(m, m) for m in spec.measures) + where)
    if spec.with_:
        parts.append("同时有：" + "／".join(MEASURE_ZH.get(m, m) for m in spec.with_))
    if spec.place:
        parts.append("写明地点（本区、某县等）")
    if spec.amount:
        parts.append("写明金额或比例")
    if spec.text:
        parts.append(f"含“{spec.text.pattern}”")
    if spec.tie:
        gates = "／".join(GATE_ZH[g] for g in spec.gate) if spec.gate else "采购招标、准入经营、奖补、要素价格或指定交易"
        how = f"（{'／'.join(RELATION_ZH[r] for r in spec.relation)}）" if spec.relation else ""
        parts.append(f"以{'／'.join(TIE_ZH[t] for t in spec.tie)}为条件决定{gates}{how}")
    if spec.anchored is False:
        parts.append("本条款未写明法律依据")
    if spec.statutory:
        parts.append("法律、行政法规已设定的许可除外")
    return "；".join(parts)


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
            for spec in rule.frame:
                lines.append(f"    条款特征：{frame_text(spec)}")
            lines.append(f"    示例：「{rule.examples['match'][0].splitlines()[-1]}」")
            lines.append(f"    可改为：「{rule.instead}」")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
