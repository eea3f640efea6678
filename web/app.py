"""The reviewers' workbench: a thin FastAPI layer over the flows, the archive and the reports.

``create_app`` wires state, middleware, templates and error pages; the routes live in
``web/routes/`` (one router per area) and the roles are dependencies (``web/pages.py``).
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from normreview.checks.report import CATEGORY_ZH, SEVERITY_ZH
from normreview.index import Archive, ArchiveUnavailable
from normreview.web.jobs import JobQueue
from normreview.web.pages import DELIVERABLES, FACETS, KIND_ZH, OPINIONS, STATUS_ZH, VERDICT_ZH, page
from normreview.web.routes import admin, auth, catalogue, documents, filing, inbox, laws, search, submission
from normreview.web.security import SecurityHeaders, UploadLimit
from normreview.web.settings import WebSettings
from normreview.web.users import UserStore

HERE = Path(__file__).parent


def create_app(settings: WebSettings | None = None, archive: Archive | None = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    # Everything the server writes (users, sessions, jobs, uploads, deliverables) is for its own account only:
    # files 0600, folders 0700.
    os.umask(0o077)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.jobs.shutdown()

    app = FastAPI(title="normreview 审核工作台", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.users = UserStore(settings.data_dir)
    app.state.jobs = JobQueue(settings.data_dir)
    app.state.archive = archive or Archive(interactive=True)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals.update(
        SEVERITY_ZH=SEVERITY_ZH, VERDICT_ZH=VERDICT_ZH, KIND_ZH=KIND_ZH, STATUS_ZH=STATUS_ZH, FACETS=FACETS,
        CATEGORY_ZH=CATEGORY_ZH, OPINIONS=OPINIONS, DELIVERABLES=DELIVERABLES)
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="normreview_session",
                       max_age=settings.session_hours * 3600, same_site="lax", https_only=settings.secure_cookies)
    app.add_middleware(UploadLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ArchiveUnavailable, _archive_down)
    app.add_exception_handler(RequestValidationError, _bad_request)
    for area in (auth, submission, documents, search, laws, catalogue, inbox, filing, admin):
        # Flat, so app.routes lists every route (FastAPI 0.150 keeps an included router as one nested entry).
        app.router.routes.extend(area.router.routes)
    return app


async def _http_error(request: Request, exc: StarletteHTTPException):
    if exc.status_code == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return page(request, "error.html", status_code=exc.status_code, message=exc.detail)


async def _bad_request(request: Request, exc: RequestValidationError):
    fields = "、".join(sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")}))
    return page(request, "error.html", status_code=400, message=f"请求参数无效：{fields or '格式错误'}。")


async def _archive_down(request: Request, exc: ArchiveUnavailable):
    return page(request, "error.html", status_code=503, message="档案库（Elasticsearch）暂不可用，请稍后再试。")
