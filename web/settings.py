"""The web workbench's settings: the shared Settings plus the session's signing key."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from normreview.settings import settings


@dataclass(frozen=True)
class WebSettings:
    data_dir: Path
    secret_key: str
    secure_cookies: bool = False  # set NORMREVIEW_SECURE_COOKIES=1 behind HTTPS
    max_upload_mb: int = 20
    session_hours: int = 8

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @classmethod
    def from_env(cls, data: Path | None = None) -> WebSettings:
        current = settings()
        root = data or current.data_dir
        root.mkdir(parents=True, exist_ok=True)
        return cls(data_dir=root, secret_key=current.secret or _stored_secret(root),
                   secure_cookies=current.secure_cookies, max_upload_mb=current.max_upload_mb,
                   session_hours=current.session_hours)


def _stored_secret(root: Path) -> str:
    """A random signing key made once per data dir, readable by its owner only."""
    path = root / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
