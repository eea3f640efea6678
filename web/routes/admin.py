"""User management, for admins."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from normreview.web.pages import Admin, page
from normreview.web.security import csrf_protect

router = APIRouter()


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: Admin):
    return page(request, "users.html", users=request.app.state.users.all(), error=None)


@router.post("/users", dependencies=[Depends(csrf_protect)])
def add_user(request: Request, user: Admin, name: str = Form(...), password: str = Form(...), role: str = Form(...),
             unit: str = Form(""), replace: bool = Form(False)):
    try:  # an existing user is overwritten only when the form confirms it; the admin flag is kept
        request.app.state.users.add(name, password, role, unit, replace=replace)
    except ValueError as exc:
        return page(request, "users.html", status_code=400, users=request.app.state.users.all(), error=str(exc))
    return RedirectResponse("/users", status_code=303)
