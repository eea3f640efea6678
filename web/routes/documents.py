"""A document's review page, the reviewer's decision, the Word deliverables, similar clauses."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

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
from normreview.web.security import can_view, csrf_protect

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def review_page(request: Request, doc_id: str):
    doc = visible_document(request, doc_id)
    findings = sorted(request.app.state.archive.get_findings(doc_id), key=lambda f: (f.get("start") or 0, f["rule"]))
    user = current_user(request)
    # Precedents and higher law live in the stored review, not the findings index.
    stored = request.app.state.archive.get_review(doc_id)
    precedents = {f.finding_id(doc_id): f.precedents for f in stored.findings} if stored else {}
    higher_law = {f.finding_id(doc_id): f.higher_law for f in stored.findings} if stored else {}
    return page(request, "review.html", doc=doc, findings=findings, segments=segments(doc.get("text", ""), findings),
                precedents=precedents, higher_law=higher_law, as_of=draft_day(doc),
                can_decide=bool(user and user.can_decide),
                downloadable=all(deliverable(doc, kind) for kind in DELIVERABLES))


@router.post("/documents/{doc_id}/decision", dependencies=[Depends(csrf_protect)])
async def decide(request: Request, user: Decider, doc_id: str):
    from normreview.flows.decision import record_decision

    doc = visible_document(request, doc_id)
    form = await request.form()
    opinion = form.get("opinion")
    if opinion not in OPINIONS:
        raise HTTPException(status_code=400, detail="请选择审核意见：合法、应当予以修改或不合法。")
    verdicts = []
    for finding in request.app.state.archive.get_findings(doc["doc_id"]):
        verdict = form.get(f"verdict-{finding['finding_id']}")
        if verdict in VERDICT_ZH:
            verdicts.append({"finding_id": finding["finding_id"], "verdict": verdict,
                             "reason": str(form.get(f"reason-{finding['finding_id']}", "")).strip()})
    # The same flow as `normreview decide`; it also rewrites the letter and the annotated draft.
    record_decision(doc["doc_id"], opinion, user.name, comments=str(form.get("comments", "")).strip(),
                    verdicts=verdicts, opinion_dir=str(request.app.state.settings.data_dir / "outputs" / doc["doc_id"]))
    return RedirectResponse(f"/documents/{doc['doc_id']}?saved=1", status_code=303)


@router.get("/documents/{doc_id}/download/{kind}")
def download(request: Request, user: SignedIn, doc_id: str, kind: str):
    if kind not in DELIVERABLES:
        raise HTTPException(status_code=404, detail="没有这种文书。")
    doc = visible_document(request, doc_id)
    path = deliverable(doc, kind)
    if path is None:
        raise HTTPException(status_code=404, detail="该文件的文书尚未生成，或不在本服务器上。")
    return FileResponse(path, filename=f"{DELIVERABLES[kind]}-{doc.get('title') or doc['doc_id'][:12]}.docx", media_type=DOCX)


@router.get("/similar", response_class=HTMLResponse)
def similar_page(request: Request, text: str = "", doc: str = "", finding: str = ""):
    archive = request.app.state.archive
    if doc and finding:
        source_doc = visible_document(request, doc)
        match = [f for f in archive.get_findings(source_doc["doc_id"]) if f["finding_id"] == finding]
        if not match:
            raise HTTPException(status_code=404, detail="未找到该问题。")
        text = match[0].get("clause_text") or match[0].get("quote", "")
    results = []
    if text.strip():
        user = current_user(request)
        for clause in archive.similar_clauses(text.strip(), size=10, exclude_doc=doc or None):
            other = archive.get_document(clause["doc_id"])
            if other is not None and can_view(user, other):
                results.append(clause | {"document": other})
    return page(request, "similar.html", text=text, results=results[:5])
