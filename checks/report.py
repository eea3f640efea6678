"""The review object of the contract, and its readable Chinese renderings."""
from __future__ import annotations

from typing import Any

from checks.finding import Finding
from extractors.document import Document

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def review_object(document: Document, findings: list[Finding], opinion: str) -> dict[str, Any]:
    return {
        "document": {
            "doc_id": document.doc_id, "kind": document.kind, "title": document.title,
            "doc_number": document.doc_number, "issuer": document.issuer, "dates": document.dates,
            "units": [{"path": u.path, "label": u.label, "kind": u.kind, "text": u.text, "start": u.start, "end": u.end}
                      for u in document.units],
        },
        "findings": [f.to_dict() for f in findings],
        "opinion": opinion,
    }


def _basis(finding: dict[str, Any]) -> str:
    return "；".join(f"《{b['law']}》{b.get('article', '')}{b.get('item', '')}" for b in finding["basis"]) or "—"


def render_text(review: dict[str, Any]) -> str:
    """Plain text for the terminal, grouped by unit."""
    doc = review["document"]
    lines = [f"《{doc['title']}》", f"文号：{doc['doc_number'] or '无'}　审核意见：{review['opinion']}　问题：{len(review['findings'])} 项", ""]
    for unit, group in _by_unit(review["findings"]):
        lines.append(f"■ {unit or '全文'}")
        for f in group:
            lines.append(f"  [{SEVERITY_ZH[f['severity']]}] {f['category']} {f['rule']}：{f['message']}")
            lines.append(f"    原文：「{f['quote']}」")
            lines.append(f"    依据：{_basis(f)}")
            lines.append(f"    建议：{f['suggestion']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(review: dict[str, Any]) -> str:
    doc = review["document"]
    rows = ["| 位置 | 类别 | 级别 | 原文 | 依据 | 修改建议 |", "| --- | --- | --- | --- | --- | --- |"]
    for f in review["findings"]:
        cells = [f["unit"] or "全文", f["category"], SEVERITY_ZH[f["severity"]], f["quote"], _basis(f), f["suggestion"]]
        rows.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join([f"# 合法性审核：{doc['title']}", "", f"- 文号：{doc['doc_number'] or '无'}",
                      f"- 审核意见：**{review['opinion']}**", f"- 问题数：{len(review['findings'])}", "", *rows, ""])


def _by_unit(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        groups.setdefault(f["unit"], []).append(f)
    return list(groups.items())
