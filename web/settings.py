"""Web settings, read from the environment in one place."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from normreview.config import REPO_ROOT


def data_dir() -> Path:
    """Users, sessions' secret, uploads and jobs live here (NORMREVIEW_DATA, default .data/ in the repo)."""
    return Path(os.environ.get("NORMREVIEW_DATA") or REPO_ROOT / ".data")


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
    def from_env(cls, data: Path | None = None) -> "WebSettings":
        root = data or data_dir()
        root.mkdir(parents=True, exist_ok=True)
        return cls(
            data_dir=root,
            secret_key=os.environ.get("NORMREVIEW_SECRET") or _stored_secret(root),
            secure_cookies=os.environ.get("NORMREVIEW_SECURE_COOKIES", "0").lower() in ("1", "true", "yes"),
            max_upload_mb=int(os.environ.get("NORMREVIEW_MAX_UPLOAD_MB", "20")),
            session_hours=int(os.environ.get("NORMREVIEW_SESSION_HOURS", "8")),
        )


def _stored_secret(root: Path) -> str:
    """A random signing key made once per data dir, readable by its owner only."""
    path = root / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
