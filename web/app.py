"""The reviewers' workbench: a thin FastAPI layer over the flows, the archive and the reports."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from normreview.checks.citations import law_store
from normreview.checks.laws.lookup import LookupFailed, look_up
from normreview.checks.report import CATEGORY_ZH, SEVERITY_ZH
from normreview.extractors.tables import KIND_ZH as TABLE_KIND_ZH
from normreview.index import Archive, ArchiveUnavailable
from normreview.web.highlight import fragment_parts, segments
from normreview.web.jobs import ACCEPTED, PACKAGE, JobQueue, UploadRejected
from normreview.web.security import PUBLIC_STATUSES, UploadLimit, can_view, csrf_protect, csrf_token, search_scope
from normreview.web.settings import WebSettings
from normreview.web.users import User, UserStore

HERE = Path(__file__).parent
OPINIONS = ("合法", "应当予以修改", "不合法")
VERDICT_ZH = {"accepted": "采纳", "dismissed": "不采纳"}
KIND_ZH = {"normative": "规范性文件", "agreement": "投资监管协议", "other": "其他", **TABLE_KIND_ZH}
STATUS_ZH = {"draft": "草稿", "under_review": "审核中", "under-review": "审核中", "reviewed": "已审核",
             "published": "已发布", "filed": "已备案", "expired": "已失效", "repealed": "已废止"}
FACETS = {"kind": "类型", "issuer": "发文机关", "year": "年份", "status": "状态", "category": "问题类别",
          "opinion": "审核意见"}
DELIVERABLES = {"opinion_letter": "合法性审核意见书", "annotated_draft": "批注稿"}


def create_app(settings: WebSettings | None = None, archive: Archive | None = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.jobs.shutdown()

    app = FastAPI(title="normreview 审核工作台", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.users = UserStore(settings.data_dir)
    app.state.jobs = JobQueue(settings.data_dir)
    app.state.archive = archive or Archive()
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="normreview_session",
                       max_age=settings.session_hours * 3600, same_site="lax", https_only=settings.secure_cookies)
    app.add_middleware(UploadLimit, max_bytes=settings.max_upload_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(SEVERITY_ZH=SEVERITY_ZH, VERDICT_ZH=VERDICT_ZH, KIND_ZH=KIND_ZH, STATUS_ZH=STATUS_ZH,
                                 FACETS=FACETS, CATEGORY_ZH=CATEGORY_ZH, OPINIONS=OPINIONS, DELIVERABLES=DELIVERABLES)

    def current_user(request: Request) -> User | None:
        name = request.session.get("user")
        return app.state.users.get(name) if name else None

    def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, {"user": current_user(request), "csrf": csrf_token(request),
                                                              **context}, status_code=status_code)

    def require(request: Request, allowed) -> User:
        user = current_user(request)
        if user is None:
            raise HTTPException(status_code=401, detail="请先登录。")
        if not allowed(user):
            raise HTTPException(status_code=403, detail="当前账号无权执行此操作。")
        return user

    def visible_document(request: Request, doc_id: str) -> dict[str, Any]:
        doc = app.state.archive.get_document(doc_id)
        if doc is None or not can_view(current_user(request), doc):
            # The same answer for "absent" and "not yours", so drafts of other units cannot be probed.
            raise HTTPException(status_code=404, detail="未找到该文件，或当前账号无权查看。")
        return doc

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 401 and request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return page(request, "error.html", status_code=exc.status_code, message=exc.detail)

    @app.exception_handler(ArchiveUnavailable)
    async def archive_down(request: Request, exc: ArchiveUnavailable):
        return page(request, "error.html", status_code=503, message="档案库（Elasticsearch）暂不可用，请稍后再试。")

    @app.get("/", include_in_schema=False)
    async def home():
        return RedirectResponse("/search", status_code=303)

    # --- login -------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/"):
        return page(request, "login.html", next=_local(next), error=None)

    @app.post("/login", dependencies=[Depends(csrf_protect)])
    def login(request: Request, name: str = Form(...), password: str = Form(...), next: str = Form("/")):
        user = app.state.users.authenticate(name, password)
        if user is None:
            return page(request, "login.html", status_code=401, next=_local(next), error="用户名或密码错误。")
        request.session.clear()  # a fresh session (and CSRF token) at login: no fixation
        request.session["user"] = user.name
        return RedirectResponse(_local(next), status_code=303)

    @app.post("/logout", dependencies=[Depends(csrf_protect)])
    def logout(request: Request):
        request.session.clear()
        return RedirectResponse("/search", status_code=303)

    # --- submit ------------------------------------------------------------------------------
    @app.get("/submit", response_class=HTMLResponse)
    def submit_form(request: Request):
        user = require(request, lambda u: u.can_submit)
        jobs = app.state.jobs.recent(None if user.role == "reviewer" else user.name)
        return page(request, "submit.html", jobs=jobs, accepted="、".join(ACCEPTED + (PACKAGE,)),
                    max_mb=settings.max_upload_mb, error=None)

    @app.post("/submit", dependencies=[Depends(csrf_protect)])
    async def submit(request: Request, files: list[UploadFile] = File(...), drafting_unit: str = Form("")):
        user = require(request, lambda u: u.can_submit)
        # A drafter always submits for their own unit; a reviewer may name the unit.
        unit = user.unit if user.role == "drafter" else (drafting_unit.strip() or user.unit)
        uploads = [(f.filename or "未命名", await f.read()) for f in files if f.filename]
        try:
            job_id, stored = app.state.jobs.store_uploads(uploads)
        except UploadRejected as exc:
            return page(request, "submit.html", status_code=400, jobs=app.state.jobs.recent(user.name),
                        accepted="、".join(ACCEPTED + (PACKAGE,)), max_mb=settings.max_upload_mb, error=str(exc))
        app.state.jobs.submit(job_id, stored, submitted_by=user.name, drafting_unit=unit)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    def own_job(request: Request, job_id: str):
        user = require(request, lambda u: True)
        job = app.state.jobs.get(job_id)
        if job is None or (user.role == "drafter" and job.drafting_unit != user.unit):
            raise HTTPException(status_code=404, detail="未找到该审核任务。")
        return job

    @app.get("/jobs/{job_id}", response_class=HTMLResponse)
    def job_page(request: Request, job_id: str):
        return page(request, "job.html", job=own_job(request, job_id))

    @app.get("/api/jobs/{job_id}")
    def job_status(request: Request, job_id: str):
        return JSONResponse(own_job(request, job_id).to_dict())

    # --- review ------------------------------------------------------------------------------
    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def review_page(request: Request, doc_id: str):
        doc = visible_document(request, doc_id)
        findings = sorted(app.state.archive.get_findings(doc_id), key=lambda f: (f.get("start") or 0, f["rule"]))
        review = app.state.archive.get_review(doc_id)  # higher_law lives in the stored review, not the findings index
        higher_law = {f.finding_id(doc_id): f.higher_law for f in review.findings} if review else {}
        return page(request, "review.html", doc=doc, findings=findings, segments=segments(doc.get("text", ""), findings),
                    higher_law=higher_law, as_of=_draft_day(doc),
                    can_decide=bool(current_user(request) and current_user(request).can_decide),
                    downloadable=all(_deliverable(doc, kind) for kind in DELIVERABLES))

    @app.post("/documents/{doc_id}/decision", dependencies=[Depends(csrf_protect)])
    async def decide(request: Request, doc_id: str):
        user = require(request, lambda u: u.can_decide)
        doc = visible_document(request, doc_id)
        form = await request.form()
        opinion = form.get("opinion")
        if opinion not in OPINIONS:
            raise HTTPException(status_code=400, detail="请选择审核意见：合法、应当予以修改或不合法。")
        verdicts = []
        for finding in app.state.archive.get_findings(doc["doc_id"]):
            verdict = form.get(f"verdict-{finding['finding_id']}")
            if verdict in VERDICT_ZH:
                verdicts.append({"finding_id": finding["finding_id"], "verdict": verdict,
                                 "reason": str(form.get(f"reason-{finding['finding_id']}", "")).strip()})
        from normreview.flows.decision import record_decision

        # The same flow as `normreview decide`; it also rewrites the letter and the annotated draft.
        record_decision(doc["doc_id"], opinion, user.name, comments=str(form.get("comments", "")).strip(),
                        verdicts=verdicts, opinion_dir=str(settings.data_dir / "outputs" / doc["doc_id"]))
        return RedirectResponse(f"/documents/{doc['doc_id']}?saved=1", status_code=303)

    @app.get("/documents/{doc_id}/download/{kind}")
    def download(request: Request, doc_id: str, kind: str):
        require(request, lambda u: True)
        if kind not in DELIVERABLES:
            raise HTTPException(status_code=404, detail="没有这种文书。")
        doc = visible_document(request, doc_id)
        path = _deliverable(doc, kind)
        if path is None:
            raise HTTPException(status_code=404, detail="该文件的文书尚未生成，或不在本服务器上。")
        filename = f"{DELIVERABLES[kind]}-{doc.get('title') or doc['doc_id'][:12]}.docx"
        return FileResponse(path, filename=filename,
                            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    # --- search ------------------------------------------------------------------------------
    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "", sort: str = "relevance", after: str = ""):
        user = current_user(request)
        chosen = {k: request.query_params[k] for k in FACETS if request.query_params.get(k)}
        result = None
        if q.strip() or chosen:
            filters = chosen | search_scope(user)
            try:
                result = app.state.archive.search(q.strip(), filters=filters, sort="date" if sort == "date" else "relevance",
                                                  size=10, search_after=after or None, facets=True)
            except ValueError:
                raise HTTPException(status_code=400, detail="检索参数无效。") from None
        params = {k: v for k, v in request.query_params.items() if k != "after"}
        return page(request, "search.html", q=q, sort=sort, chosen=chosen, result=result,
                    next_after=result.get("next") if result else None,
                    query_with=lambda key, value: urlencode(params | {key: value}),
                    query_without=lambda key: urlencode({k: v for k, v in params.items() if k != key}),
                    facet_label=_facet_label, fragment_parts=fragment_parts)

    @app.get("/similar", response_class=HTMLResponse)
    def similar_page(request: Request, text: str = "", doc: str = "", finding: str = ""):
        user = current_user(request)
        if doc and finding:
            source_doc = visible_document(request, doc)
            match = [f for f in app.state.archive.get_findings(source_doc["doc_id"]) if f["finding_id"] == finding]
            if not match:
                raise HTTPException(status_code=404, detail="未找到该问题。")
            text = match[0].get("clause_text") or match[0].get("quote", "")
        results = []
        if text.strip():
            for clause in app.state.archive.similar_clauses(text.strip(), size=10, exclude_doc=doc or None):
                other = app.state.archive.get_document(clause["doc_id"])
                if other is not None and can_view(user, other):
                    results.append(clause | {"document": other})
        return page(request, "similar.html", text=text, results=results[:5])

    # --- law lookup (like `normreview law`) ---------------------------------------------------
    @app.get("/law", response_class=HTMLResponse)
    def law_page(request: Request, name: str = "", article: str = "", as_of: str = ""):
        require(request, lambda user: True)
        result, error = None, None
        if name.strip():
            try:
                result = look_up(law_store(), name.strip(), article.strip() or None, as_of.strip() or None)
            except LookupFailed as exc:
                error = str(exc)
        return page(request, "law.html", status_code=404 if error else 200, name=name, article=article, as_of=as_of,
                    result=result, error=error)

    # --- catalogue ---------------------------------------------------------------------------
    @app.get("/catalogue", response_class=HTMLResponse)
    def catalogue_page(request: Request):
        require(request, lambda u: u.role in ("reviewer", "auditor"))
        from normreview.index.catalogue import Catalogue

        catalogue = Catalogue(app.state.archive)
        issued = app.state.archive.search("", filters={"status": list(PUBLIC_STATUSES)}, sort="date", size=200,
                                          facets=False)["hits"]
        entries = [doc | {"filing": catalogue.entry(doc["doc_id"]) or {}} for doc in issued]
        from normreview.checks.audit import CATEGORY_ZH as AUDIT_ZH

        return page(request, "catalogue.html", entries=entries, audit=catalogue.latest_audit(), AUDIT_ZH=AUDIT_ZH)

    @app.post("/catalogue/audit", dependencies=[Depends(csrf_protect)])
    def run_audit(request: Request):
        require(request, lambda u: u.can_decide)
        from normreview.flows.audit import audit_catalogue

        audit_catalogue()
        return RedirectResponse("/catalogue", status_code=303)

    # --- users (admins) ----------------------------------------------------------------------
    @app.get("/users", response_class=HTMLResponse)
    def users_page(request: Request):
        require(request, lambda u: u.is_admin)
        return page(request, "users.html", users=app.state.users.all(), error=None)

    @app.post("/users", dependencies=[Depends(csrf_protect)])
    def add_user(request: Request, name: str = Form(...), password: str = Form(...), role: str = Form(...),
                 unit: str = Form("")):
        require(request, lambda u: u.is_admin)
        try:
            app.state.users.add(name, password, role, unit)
        except ValueError as exc:
            return page(request, "users.html", status_code=400, users=app.state.users.all(), error=str(exc))
        return RedirectResponse("/users", status_code=303)

    return app


def _local(target: str) -> str:
    """Only same-site paths as redirect targets (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _draft_day(doc: dict[str, Any]) -> str:
    """The day the review checked citations on (published, else signed): the law links show that version."""
    dates = doc.get("dates") or {}
    return dates.get("published") or dates.get("signed") or ""


def _facet_label(name: str, value: Any) -> str:
    return {"kind": KIND_ZH, "status": STATUS_ZH, "category": CATEGORY_ZH}.get(name, {}).get(str(value), str(value))


def _deliverable(doc: dict[str, Any], kind: str) -> Path | None:
    """The file the flow wrote and the archive recorded for this document, if it is on this server."""
    path = (doc.get("deliverables") or {}).get(kind)
    return Path(path) if path and Path(path).is_file() else None
