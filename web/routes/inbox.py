"""The reviewers' inbox (待审核): drafts waiting for a decision, with the review period's working days left."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from normreview.web.pages import CatalogueReader, page

router = APIRouter()


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, user: CatalogueReader):
    from normreview.flows.audit import inbox

    return page(request, "inbox.html", items=inbox())
