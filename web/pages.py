"""What every router of the workbench shares: the signed-in user, roles as FastAPI dependencies,
page rendering, the visibility rule for documents, and the Chinese labels of the pages."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from normreview.checks.report import CATEGORY_ZH
from normreview.extractors.tables import KIND_ZH as TABLE_KIND_ZH
from normreview.web.security import can_view, csrf_token
from normreview.web.users import User

OPINIONS = ("合法", "应当予以修改", "不合法")
VERDICT_ZH = {"accepted": "采纳", "dismissed": "不采纳"}
KIND_ZH = {"normative": "规范性文件", "agreement": "投资监管协议", "other": "其他", **TABLE_KIND_ZH}
STATUS_ZH = {"draft": "草稿", "under_review": "待审核", "under-review": "待审核", "reviewed": "已审核",
             "published": "已发布", "filed": "已备案", "expired": "已失效", "repealed": "已废止"}
FACETS = {"kind": "类型", "issuer": "发文机关", "year": "年份", "status": "状态", "category": "问题类别",
          "opinion": "审核意见"}
DELIVERABLES = {"opinion_letter": "合法性审核意见书", "annotated_draft": "批注稿", "draft_letter": "意见书草稿（未经审核）"}
# Facets that would tell an anonymous visitor about findings and opinions (internal process records).
INTERNAL_FACETS = ("category", "opinion")


def current_user(request: Request) -> User | None:
    session_id = request.session.get("sid")  # a server-side session (web/users.py), revocable
    return request.app.state.users.session_user(session_id) if session_id else None


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, template, {"user": current_user(request), "csrf": csrf_token(request), **context}, status_code=status_code)


def role(allowed: Callable[[User], bool]) -> Callable[[Request], User]:
    """A dependency that gives the signed-in user allowed by ``allowed``: 401 without login, 403 otherwise."""
    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise HTTPException(status_code=401, detail="请先登录。")
        if not allowed(user):
            raise HTTPException(status_code=403, detail="当前账号无权执行此操作。")
        return user
    return dependency


SignedIn = Annotated[User, Depends(role(lambda user: True))]
Submitter = Annotated[User, Depends(role(lambda user: user.can_submit))]
Decider = Annotated[User, Depends(role(lambda user: user.can_decide))]
CatalogueReader = Annotated[User, Depends(role(lambda user: user.role in ("reviewer", "auditor")))]
Admin = Annotated[User, Depends(role(lambda user: user.is_admin))]


def visible_document(request: Request, doc_id: str) -> dict[str, Any]:
    archive = request.app.state.archive
    if len(doc_id) < 64:  # a short id in the URL (review and search print 8 characters)
        try:
            doc_id = archive.resolve_id(doc_id)
        except KeyError:
            doc_id = ""
    doc = archive.get_document(doc_id) if doc_id else None
    if doc is None or not can_view(current_user(request), doc):
        # The same answer for "absent" and "not yours", so drafts of other units cannot be probed.
        raise HTTPException(status_code=404, detail="未找到该文件，或当前账号无权查看。")
    return doc


def local(target: str) -> str:
    """Only same-site paths as redirect targets (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def draft_day(doc: dict[str, Any]) -> str:
    """The day the review checked citations on (published, else signed): the law links show that version."""
    dates = doc.get("dates") or {}
    return dates.get("published") or dates.get("signed") or ""


def facet_label(name: str, value: Any) -> str:
    return {"kind": KIND_ZH, "status": STATUS_ZH, "category": CATEGORY_ZH}.get(name, {}).get(str(value), str(value))


def deliverable(doc: dict[str, Any], kind: str) -> Path | None:
    """The file the flow wrote and the archive recorded for this document, if it is on this server."""
    path = (doc.get("deliverables") or {}).get(kind)
    return Path(path) if path and Path(path).is_file() else None
