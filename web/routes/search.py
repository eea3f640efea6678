"""Searching the archive."""
from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from normreview.index.queries import ROW_FILTERS
from normreview.index.rows import ROW_KINDS
from normreview.web.highlight import fragment_parts
from normreview.web.pages import FACETS, INTERNAL_FACETS, current_user, facet_label, page
from normreview.web.security import can_see_review, can_view, search_scope

router = APIRouter()


class SearchParams(BaseModel):
    """The parameters of /search; anything else is a 400 with a Chinese message."""
    model_config = ConfigDict(extra="ignore")

    q: str = Field("", max_length=500)
    sort: Literal["relevance", "date"] = "relevance"
    after: str = Field("", max_length=400)
    kind: str | None = Field(None, max_length=40)
    issuer: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=1900, le=2200)
    status: str | None = Field(None, max_length=40)
    category: str | None = Field(None, max_length=80)
    opinion: str | None = Field(None, max_length=40)


def search_params(request: Request) -> SearchParams:
    raw = {k: v for k, v in request.query_params.items() if v != ""}
    try:
        return SearchParams.model_validate(raw)
    except ValidationError as exc:
        fields = "、".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}))
        raise HTTPException(status_code=400, detail=f"检索参数无效：{fields}。") from None


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, params: Annotated[SearchParams, Depends(search_params)]):
    q, sort, after = params.q, params.sort, params.after
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
    rows, row_findings = _rows(request, user, q.strip(), chosen) if q.strip() and not after else ([], {})
    params = {k: v for k, v in request.query_params.items() if k != "after"}
    return page(request, "search.html", q=q, sort=sort, chosen=chosen, result=result,
                rows=rows, row_findings=row_findings, show_findings=bool(row_findings), doc_link=True, ROW_KINDS=ROW_KINDS,
                next_after=result.get("next") if result else None,
                query_with=lambda key, value: urlencode(params | {key: value}),
                query_without=lambda key: urlencode({k: v for k, v in params.items() if k != key}),
                facet_label=facet_label, fragment_parts=fragment_parts)


def _rows(request: Request, user, q: str, chosen: dict[str, str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """The rows of discretion standards and exemption lists that cover the query (a violation), from the
    documents this user may see; the findings on a row only where the user may see that document's review."""
    filters = {k: v for k, v in chosen.items() if k in ROW_FILTERS}
    rows = [row for row in request.app.state.archive.search_rows(q, filters=filters, size=20)["hits"]
            if can_view(user, row)][:10]
    row_findings = {row["row_id"]: row["findings"] for row in rows if can_see_review(user, row)}
    return rows, row_findings
