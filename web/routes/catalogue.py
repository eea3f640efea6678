"""The filing catalogue and its audit."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from normreview.checks.audit import CATEGORY_ZH as AUDIT_ZH
from normreview.index.catalogue import Catalogue
from normreview.web.pages import CatalogueReader, Decider, page
from normreview.web.security import PUBLIC_STATUSES, csrf_protect

router = APIRouter()


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request, user: CatalogueReader):
    archive = request.app.state.archive
    catalogue = Catalogue(archive)
    issued = archive.search("", filters={"status": list(PUBLIC_STATUSES)}, sort="date", size=200, facets=False)["hits"]
    entries = [doc | {"filing": catalogue.entry(doc["doc_id"]) or {}} for doc in issued]
    return page(request, "catalogue.html", entries=entries, audit=catalogue.latest_audit(), AUDIT_ZH=AUDIT_ZH)


@router.post("/catalogue/audit", dependencies=[Depends(csrf_protect)])
def run_audit(user: Decider):
    from normreview.flows.audit import audit_catalogue

    audit_catalogue()
    return RedirectResponse("/catalogue", status_code=303)
