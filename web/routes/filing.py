"""Filing (备案) in the workbench: a reviewer enters a decided document in the catalogue, through the
same ``file_document`` flow as `normreview file`."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from normreview.index.catalogue import Catalogue
from normreview.web.pages import Decider, page, visible_document
from normreview.web.security import csrf_protect

router = APIRouter()
FIELDS = {"published": "公布日期", "filed": "报送备案日期", "expires": "有效期至"}


def _decided(request: Request, doc_id: str) -> dict:
    doc = visible_document(request, doc_id)
    if not doc.get("decision_id"):
        raise HTTPException(status_code=409, detail="该文件尚无审核决定，不能登记备案。")
    return doc


@router.get("/documents/{doc_id}/filing", response_class=HTMLResponse)
def filing_page(request: Request, user: Decider, doc_id: str):
    doc = _decided(request, doc_id)
    entry = Catalogue(request.app.state.archive).entry(doc["doc_id"]) or {}
    return page(request, "filing.html", doc=doc, entry=entry, error=None)


@router.post("/documents/{doc_id}/filing", dependencies=[Depends(csrf_protect)])
async def file_in_workbench(request: Request, user: Decider, doc_id: str):
    from normreview.flows.filing import file_document

    doc = _decided(request, doc_id)
    form = await request.form()
    days: dict[str, date | None] = {}
    for name, label in FIELDS.items():
        value = str(form.get(name, "")).strip()
        try:
            days[name] = date.fromisoformat(value) if value else None
        except ValueError:
            days[name] = None
            error = f"{label}“{value}”不是有效日期，请按 YYYY-MM-DD 填写。"
            return page(request, "filing.html", status_code=400, doc=doc, entry=dict(form), error=error)
    if days["published"] is None:
        return page(request, "filing.html", status_code=400, doc=doc, entry=dict(form), error="请填写公布日期。")
    file_document(doc["doc_id"], days["published"], doc_number=str(form.get("doc_number", "")).strip() or None,
                  filed=days["filed"], expires=days["expires"], filed_by=user.name)
    return RedirectResponse(f"/documents/{doc['doc_id']}/filing?saved=1", status_code=303)
