"""Login and logout."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from normreview.web.pages import local, page
from normreview.web.security import csrf_protect

router = APIRouter()


@router.get("/", include_in_schema=False)
async def home():
    return RedirectResponse("/search", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", next=local(next), error=None)


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login(request: Request, name: str = Form(...), password: str = Form(...), next: str = Form("/")):
    user = request.app.state.users.authenticate(name, password)
    if user is None:
        return page(request, "login.html", status_code=401, next=local(next), error="用户名或密码错误。")
    request.session.clear()  # a fresh session (and CSRF token) at login: no fixation
    request.session["user"] = user.name
    return RedirectResponse(local(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/search", status_code=303)
