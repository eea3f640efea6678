"""Login and logout."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from normreview.web.pages import local, page
from normreview.web.security import csrf_protect
from normreview.web.users import LOCKOUT

router = APIRouter()


@router.get("/", include_in_schema=False)
async def home():
    return RedirectResponse("/search", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", next=local(next), error=None)


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login(request: Request, name: str = Form(..., max_length=100), password: str = Form(..., max_length=200),
          next: str = Form("/")):
    users = request.app.state.users
    client = request.client.host if request.client else ""
    if users.locked(name):  # checked before the password: a locked name learns nothing from guesses
        users.log_login(name, client, False)
        return page(request, "login.html", status_code=429, next=local(next),
                    error=f"登录失败次数过多，该账号已暂时锁定，请 {LOCKOUT.seconds // 60} 分钟后再试。")
    user = users.authenticate(name, password)
    users.log_login(name, client, user is not None)
    if user is None:
        return page(request, "login.html", status_code=401, next=local(next), error="用户名或密码错误。")
    if request.session.get("sid"):
        users.end_session(request.session["sid"])
    request.session.clear()  # a fresh session (and CSRF token) at login: no fixation
    request.session["sid"] = users.start_session(user.name, request.app.state.settings.session_hours)
    return RedirectResponse(local(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(request: Request):
    if request.session.get("sid"):
        request.app.state.users.end_session(request.session["sid"])  # the cookie is dead from now on
    request.session.clear()
    return RedirectResponse("/search", status_code=303)
