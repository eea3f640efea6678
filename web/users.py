"""Users of the workbench in a small SQLite database; passwords hashed with argon2id."""
from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("drafter", "reviewer", "auditor")
ROLE_ZH = {"drafter": "起草人", "reviewer": "审核人", "auditor": "审计（只读）"}

_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown name as slow as one for a known name.
_DUMMY_HASH = _hasher.hash("not a password of anyone")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    is_admin INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS sessions (      -- server-side sessions: the cookie holds only the id
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL               -- fixed at login: a session does not slide
);
CREATE TABLE IF NOT EXISTS logins (        -- the login log, and what throttling counts
    name TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    ok INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS logins_by_name ON logins (name, at);
"""
# Throttling: this many failed logins of one name within LOCKOUT locks the name for LOCKOUT.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class UserExists(ValueError):
    """``add`` of a name that exists, without ``replace``."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    unit: str
    is_admin: bool = False

    @property
    def role_zh(self) -> str:
        return ROLE_ZH[self.role] + ("（管理员）" if self.is_admin else "")

    @property
    def can_submit(self) -> bool:
        return self.role in ("drafter", "reviewer")

    @property
    def can_decide(self) -> bool:
        return self.role == "reviewer"


class UserStore:
    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(data_dir, 0o700)  # users, sessions, uploads: for the service's account only
        self.path = data_dir / "users.sqlite3"
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        with self._connect() as db:
            db.executescript(SCHEMA)
            if "disabled" not in {row[1] for row in db.execute("PRAGMA table_info(users)")}:
                db.execute("ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def add(self, name: str, password: str, role: str, unit: str = "", is_admin: bool | None = None,
            replace: bool = False) -> User:
        """Create a user; an existing one is replaced (password, role, unit) only with ``replace``, keeps its
        admin flag unless ``is_admin`` is given, and loses its sessions."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if not name.strip():
            raise ValueError("the user name is empty")
        if len(password) < 8:
            raise ValueError("the password needs at least 8 characters")
        if role == "drafter" and not unit.strip():
            raise ValueError("a drafter needs a unit (--unit)")
        name = name.strip()
        existing = self.get(name)
        if existing and not replace:
            raise UserExists(f"用户“{name}”已存在；确认要覆盖其密码、角色和单位时请加 --replace")
        admin = existing.is_admin if is_admin is None and existing else bool(is_admin)
        with self._connect() as db:
            db.execute("INSERT INTO users (name, role, unit, is_admin, password_hash) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET role=excluded.role, unit=excluded.unit, "
                       "is_admin=excluded.is_admin, password_hash=excluded.password_hash, disabled=0",
                       (name, role, unit.strip(), int(admin), _hasher.hash(password)))
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))
        return User(name, role, unit.strip(), admin)

    def set_password(self, name: str, password: str) -> None:
        """A new password; every session of the user ends."""
        if len(password) < 8:
            raise ValueError("the password needs at least 8 characters")
        with self._connect() as db:
            db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_hasher.hash(password), name))
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def disable(self, name: str) -> None:
        """The user can no longer sign in; every session ends."""
        with self._connect() as db:
            db.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,))
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    # ---- sessions ------------------------------------------------------------------------------
    def start_session(self, name: str, hours: float) -> str:
        """A new server-side session; the cookie carries its random id only."""
        session_id = secrets.token_urlsafe(32)
        now = _now()
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE expires_at < ?", (now.isoformat(),))
            db.execute("INSERT INTO sessions (id, name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                       (session_id, name, now.isoformat(), (now + timedelta(hours=hours)).isoformat()))
        return session_id

    def session_user(self, session_id: str) -> User | None:
        """The user of a live session: not ended, not expired, the user not disabled."""
        with self._connect() as db:
            row = db.execute("SELECT name FROM sessions WHERE id = ? AND expires_at > ?",
                             (session_id, _now().isoformat())).fetchone()
        return self.get(row[0]) if row else None

    def end_session(self, session_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # ---- login log and throttling ----------------------------------------------------------------
    def locked(self, name: str) -> bool:
        """MAX_FAILURES failed logins of ``name`` within LOCKOUT, and no success since."""
        since = (_now() - LOCKOUT).isoformat()
        with self._connect() as db:
            rows = db.execute("SELECT ok FROM logins WHERE name = ? AND at > ? ORDER BY at DESC", (name, since)).fetchall()
        failures = 0
        for (ok,) in rows:
            if ok:
                break
            failures += 1
        return failures >= MAX_FAILURES

    def log_login(self, name: str, client: str, ok: bool) -> None:
        with self._connect() as db:
            db.execute("INSERT INTO logins (name, client, at, ok) VALUES (?, ?, ?, ?)",
                       (name, client, _now().isoformat(), int(ok)))

    def login_log(self, name: str | None = None) -> list[dict]:
        with self._connect() as db:
            rows = db.execute("SELECT name, client, at, ok FROM logins" + (" WHERE name = ?" if name else "")
                              + " ORDER BY at", (name,) if name else ()).fetchall()
        return [{"name": r[0], "client": r[1], "at": r[2], "ok": bool(r[3])} for r in rows]

    def get(self, name: str) -> User | None:
        with self._connect() as db:
            row = db.execute("SELECT name, role, unit, is_admin FROM users WHERE name = ? AND disabled = 0",
                             (name,)).fetchone()
        return User(row[0], row[1], row[2], bool(row[3])) if row else None

    def all(self) -> list[User]:
        with self._connect() as db:
            rows = db.execute("SELECT name, role, unit, is_admin FROM users ORDER BY name").fetchall()
        return [User(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        with self._connect() as db:
            row = db.execute("SELECT password_hash FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
        stored = row[0] if row else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(stored):
            with self._connect() as db:
                db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_hasher.hash(password), name))
        return self.get(name)
