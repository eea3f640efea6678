"""Submitting drafts, and the review jobs they become."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from normreview.web.jobs import ACCEPTED, PACKAGE, Job, UploadRejected
from normreview.web.pages import SignedIn, Submitter, page
from normreview.web.security import csrf_protect
from normreview.web.users import User

router = APIRouter()


def _form(request: Request, jobs: list[Job], status_code: int = 200, error: str | None = None):
    return page(request, "submit.html", status_code=status_code, jobs=jobs, accepted="、".join(ACCEPTED + (PACKAGE,)),
                max_mb=request.app.state.settings.max_upload_mb, error=error)


@router.get("/submit", response_class=HTMLResponse)
def submit_form(request: Request, user: Submitter):
    return _form(request, request.app.state.jobs.recent(None if user.role == "reviewer" else user.name))


@router.post("/submit", dependencies=[Depends(csrf_protect)])
async def submit(request: Request, user: Submitter, files: list[UploadFile] = File(...), drafting_unit: str = Form(""),
                 package: str = Form("")):
    # A drafter always submits for their own unit; a reviewer may name the unit.
    unit = user.unit if user.role == "drafter" else (drafting_unit.strip() or user.unit)
    uploads = [(f.filename or "未命名", await f.read()) for f in files if f.filename]
    jobs = request.app.state.jobs
    try:
        jobs.admit(user.name, 1)  # before storing anything: a full queue costs no disk
        job_id, stored = jobs.store_uploads(uploads)
    except UploadRejected as exc:
        return _form(request, jobs.recent(user.name), status_code=400, error=str(exc))
    # One package (a draft with its materials) only when the user says so; otherwise one review per file.
    units = [(job_id, stored)] if package else jobs.split(job_id, stored)
    try:
        jobs.admit(user.name, len(units))
    except UploadRejected as exc:
        jobs.discard([own_id for own_id, _ in units])
        return _form(request, jobs.recent(user.name), status_code=400, error=str(exc))
    for own_id, own_files in units:
        jobs.submit(own_id, own_files, submitted_by=user.name, drafting_unit=unit)
    return RedirectResponse(f"/jobs/{units[0][0]}" if len(units) == 1 else "/submit", status_code=303)


@router.post("/jobs/{job_id}/retry", dependencies=[Depends(csrf_protect)])
def retry(request: Request, user: Submitter, job_id: str):
    job = _own_job(request, user, job_id)
    if job.status != "failed":
        raise HTTPException(status_code=409, detail="只有失败的审核任务可以重试。")
    request.app.state.jobs.retry(job.id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _own_job(request: Request, user: User, job_id: str) -> Job:
    job = request.app.state.jobs.get(job_id)
    if job is None or (user.role == "drafter" and job.drafting_unit != user.unit):
        raise HTTPException(status_code=404, detail="未找到该审核任务。")
    return job


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, user: SignedIn, job_id: str):
    return page(request, "job.html", job=_own_job(request, user, job_id))


@router.get("/api/jobs/{job_id}")
def job_status(request: Request, user: SignedIn, job_id: str):
    return JSONResponse(_own_job(request, user, job_id).to_dict())
