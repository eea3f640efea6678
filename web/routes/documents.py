"""A document's review page, the reviewer's decision, the Word deliverables, similar clauses.

Two states are kept apart: the machine's 初审意见（供参考）(``auto_opinion`` and the findings) and, once a
reviewer decided, the 审核意见 with the letter. Findings, verdicts, opinions and reviewers are shown only to
those ``can_see_review`` allows (never to anonymous visitors)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from normreview.index.rows import ROW_KINDS
from normreview.model import Category
from normreview.web.highlight import segments
from normreview.web.pages import (
    DELIVERABLES,
    OPINIONS,
    VERDICT_ZH,
    Decider,
    SignedIn,
    current_user,
    deliverable,
    draft_day,
    page,
    visible_document,
)
from normreview.web.security import can_see_review, can_view, csrf_protect

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABLE_KINDS = ("discretion-standard", "exemption-list")


def decided(doc: dict[str, Any]) -> bool:
    return bool(doc.get("decision_id"))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def review_page(request: Request, doc_id: str):
    doc = visible_document(request, doc_id)
    user = current_user(request)
    internal = can_see_review(user, doc)
    findings = sorted(request.app.state.archive.get_findings(doc_id), key=lambda f: (f.get("start") or 0, f["rule"])) if internal else []
    decision = (doc.get("decision") or {}) if internal else {}
    # Precedents and higher law live in the stored review, not the findings index; internal like the findings.
    stored = request.app.state.archive.get_review(doc_id) if internal else None
    precedents = {f.finding_id(doc_id): f.precedents for f in stored.findings} if stored else {}
    higher_law = {f.finding_id(doc_id): f.higher_law for f in stored.findings} if stored else {}
    # A discretion standard or exemption list shows its rows as a table, the findings on each row beside it.
    rows = request.app.state.archive.get_rows(doc["doc_id"]) if doc.get("kind") in TABLE_KINDS else []
    row_findings = {row["row_id"]: [f for f in findings if f.get("unit") == row["unit"]] for row in rows} if internal else {}
    return page(request, "review.html", doc=doc, findings=findings, internal=internal, decided=decided(doc),
                rows=rows, row_findings=row_findings, show_findings=internal, ROW_KINDS=ROW_KINDS,
                precedents=precedents, higher_law=higher_law, as_of=draft_day(doc),
                decision=decision, verdicts={v["finding_id"]: v for v in decision.get("verdicts", [])},
                segments=segments(doc.get("text", ""), findings),
                can_decide=bool(user and user.can_decide), categories=list(Category),
                downloads={kind: label for kind, label in DELIVERABLES.items()
                           if internal and deliverable(doc, kind) and may_download(user, doc, kind)})


def may_download(user, doc: dict[str, Any], kind: str) -> bool:
    """The letter only after the decision; the marked draft letter only to reviewers, and only before it."""
    if kind == "opinion_letter":
        return decided(doc)
    if kind == "draft_letter":
        return bool(user and user.can_decide) and not decided(doc)
    return True


def _text(form, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def added_findings(request: Request, doc: dict[str, Any], form) -> list[dict[str, Any]]:
    """The reviewer's own finding from the form, built as `normreview decide --add` builds it."""
    from normreview.flows.decision import EditRefused, reviewer_finding

    message = _text(form, "added-message")
    if not message:
        return []
    if not _text(form, "added-category"):
        raise HTTPException(status_code=400, detail="请为新增问题选择问题类别。")
    try:
        return [reviewer_finding(doc, request.app.state.archive.get_review(doc["doc_id"]), message=message,
                                 category=_text(form, "added-category"), quote=_text(form, "added-quote"),
                                 unit=_text(form, "added-unit"), suggestion=_text(form, "added-suggestion"),
                                 bases=[(_text(form, "added-law"), _text(form, "added-article"))])]
    except EditRefused as exc:
        raise HTTPException(status_code=400, detail=f"{exc}。") from None


@router.post("/documents/{doc_id}/decision", dependencies=[Depends(csrf_protect)])
async def decide(request: Request, user: Decider, doc_id: str):
    from normreview.flows.decision import record_decision, with_earlier_added

    doc = visible_document(request, doc_id)
    form = await request.form()
    opinion = form.get("opinion")
    if opinion not in OPINIONS:
        raise HTTPException(status_code=400, detail="请选择审核意见：合法、应当予以修改或不合法。")
    ids = {finding["finding_id"] for finding in request.app.state.archive.get_findings(doc["doc_id"])}
    verdicts = []
    for finding_id in sorted(ids):
        verdict = form.get(f"verdict-{finding_id}")
        if verdict not in VERDICT_ZH:
            continue
        reason = _text(form, f"reason-{finding_id}")
        if verdict == "dismissed" and not reason:
            raise HTTPException(status_code=400, detail="不采纳的问题须写明理由。")
        merged_into = _text(form, f"merge-{finding_id}")
        if merged_into and merged_into not in ids:
            raise HTTPException(status_code=400, detail="合并的目标问题不存在。")
        verdicts.append({"finding_id": finding_id, "verdict": verdict, "reason": reason,
                         "message": _text(form, f"message-{finding_id}"),
                         "suggestion": _text(form, f"suggestion-{finding_id}"), "merged_into": merged_into})
    # An earlier decision's added findings stay; the form adds at most one more each time.
    added = with_earlier_added(doc, added_findings(request, doc, form))
    # The same flow as `normreview decide`; it writes the letter and the annotated draft of the decision.
    record_decision(doc["doc_id"], opinion, user.name, comments=_text(form, "comments"), verdicts=verdicts,
                    added=added, opinion_dir=str(request.app.state.settings.data_dir / "outputs" / doc["doc_id"]))
    return RedirectResponse(f"/documents/{doc['doc_id']}?saved=1", status_code=303)


@router.get("/documents/{doc_id}/download/{kind}")
def download(request: Request, user: SignedIn, doc_id: str, kind: str):
    if kind not in DELIVERABLES:
        raise HTTPException(status_code=404, detail="没有这种文书。")
    doc = visible_document(request, doc_id)
    if not can_see_review(user, doc):
        raise HTTPException(status_code=404, detail="未找到该文件，或当前账号无权查看。")
    if not may_download(user, doc, kind):
        raise HTTPException(status_code=403, detail="审核人作出审核决定之前，不能出具合法性审核意见书；审核人可下载标注“草稿（未经审核）”的草稿。"
                            if kind == "opinion_letter" else "意见书草稿只供审核人在作出审核决定之前参考。")
    path = deliverable(doc, kind)
    if path is None:
        raise HTTPException(status_code=404, detail="该文件的文书尚未生成，或不在本服务器上。")
    return FileResponse(path, filename=f"{DELIVERABLES[kind]}-{doc.get('title') or doc['doc_id'][:12]}.docx", media_type=DOCX)


@router.get("/similar", response_class=HTMLResponse)
def similar_page(request: Request, text: str = "", doc: str = "", finding: str = ""):
    archive = request.app.state.archive
    user = current_user(request)
    if doc and finding:
        source_doc = visible_document(request, doc)
        if not can_see_review(user, source_doc):
            raise HTTPException(status_code=404, detail="未找到该问题。")
        match = [f for f in archive.get_findings(source_doc["doc_id"]) if f["finding_id"] == finding]
        if not match:
            raise HTTPException(status_code=404, detail="未找到该问题。")
        text = match[0].get("clause_text") or match[0].get("quote", "")
    results = []
    if text.strip():
        for clause in archive.similar_clauses(text.strip(), size=10, exclude_doc=doc or None):
            other = archive.get_document(clause["doc_id"])
            if other is not None and can_view(user, other):
                # Another unit's findings and verdicts are not this user's to read.
                internal = can_see_review(user, other)
                results.append(clause | {"document": other, "internal": internal,
                                         "findings": clause.get("findings") if internal else []})
    return page(request, "similar.html", text=text, results=results[:5])
