"""Looking up an article of the statute corpus, like `normreview law`; every basis on a review page links here."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from normreview.checks.laws.lookup import LookupFailed, look_up
from normreview.checks.laws.store import law_store
from normreview.web.pages import SignedIn, page

router = APIRouter()


@router.get("/law", response_class=HTMLResponse)
def law_page(request: Request, user: SignedIn, name: str = "", article: str = "", as_of: str = ""):
    result, error = None, None
    if name.strip():
        try:
            result = look_up(law_store(), name.strip(), article.strip() or None, as_of.strip() or None)
        except LookupFailed as exc:
            error = str(exc)
    return page(request, "law.html", status_code=404 if error else 200, name=name, article=article, as_of=as_of,
                result=result, error=error)
