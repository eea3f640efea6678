"""Searching the archive."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from normreview.web.highlight import fragment_parts
from normreview.web.pages import FACETS, INTERNAL_FACETS, current_user, facet_label, page
from normreview.web.security import search_scope

router = APIRouter()


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", sort: str = "relevance", after: str = ""):
    user = current_user(request)
    # Anonymous visitors neither filter by nor see the facets of findings and opinions.
    facets = [k for k in FACETS if user or k not in INTERNAL_FACETS]
    chosen = {k: request.query_params[k] for k in facets if request.query_params.get(k)}
    result = None
    if q.strip() or chosen:
        filters = chosen | search_scope(user)
        try:
            result = request.app.state.archive.search(q.strip(), filters=filters, sort="date" if sort == "date" else "relevance",
                                                      size=10, search_after=after or None, facets=True)
        except ValueError:
            raise HTTPException(status_code=400, detail="检索参数无效。") from None
        if not user:
            result["facets"] = {k: v for k, v in (result.get("facets") or {}).items() if k not in INTERNAL_FACETS}
    params = {k: v for k, v in request.query_params.items() if k != "after"}
    return page(request, "search.html", q=q, sort=sort, chosen=chosen, result=result,
                next_after=result.get("next") if result else None,
                query_with=lambda key, value: urlencode(params | {key: value}),
                query_without=lambda key: urlencode({k: v for k, v in params.items() if k != key}),
                facet_label=facet_label, fragment_parts=fragment_parts)
