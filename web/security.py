"""Who may see and do what, CSRF tokens, and the upload size limit."""
from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import HTTPException, Request

from normreview.index.records import ISSUED_STATUSES
from normreview.web.users import User

# Issued documents are public; drafts and reviews are not.
PUBLIC_STATUSES = ISSUED_STATUSES


def can_view(user: User | None, doc: dict[str, Any]) -> bool:
    """Issued documents are public; drafters see their own unit's; reviewers and auditors see all."""
    return doc.get("status") in PUBLIC_STATUSES or can_see_review(user, doc)


def can_see_review(user: User | None, doc: dict[str, Any]) -> bool:
    """Findings, verdicts, opinions, reviewers and letters are internal process records: reviewers and auditors
    see them; a drafter sees those of their own unit's documents; an anonymous visitor never."""
    if user is None:
        return False
    if user.role in ("reviewer", "auditor"):
        return True
    return bool(user.unit) and doc.get("drafting_unit") == user.unit


def search_scope(user: User | None) -> dict[str, Any]:
    """Filters every search of this user is held to, whatever the request asks for."""
    if user is None:
        return {"status": list(PUBLIC_STATUSES)}
    if user.role == "drafter":
        return {"drafting_unit": user.unit}
    return {}


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def csrf_protect(request: Request) -> None:
    """A dependency of every POST route: the form's token must match the session's."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="表单已失效或来源不明（CSRF 校验失败），请刷新页面后重试。")


class UploadLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` before it is parsed or stored."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(send)
        seen = 0

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted_receive, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send):
        body = f"上传内容超过 {self.max_bytes // 2**20} MB 的上限。".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


# Sent with every response: scripts, styles and images from this site only, no framing, no MIME sniffing,
# no referrer beyond the site.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                                 b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)
