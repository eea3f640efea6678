"""Users of the workbench in a small SQLite database; passwords hashed with argon2id."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
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
)
"""


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
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "users.sqlite3"
        with self._connect() as db:
            db.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def add(self, name: str, password: str, role: str, unit: str = "", is_admin: bool = False) -> User:
        """Create a user, or replace the password, role and unit of an existing one."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if not name.strip():
            raise ValueError("the user name is empty")
        if len(password) < 8:
            raise ValueError("the password needs at least 8 characters")
        if role == "drafter" and not unit.strip():
            raise ValueError("a drafter needs a unit (--unit)")
        with self._connect() as db:
            db.execute("INSERT INTO users (name, role, unit, is_admin, password_hash) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET role=excluded.role, unit=excluded.unit, "
                       "is_admin=excluded.is_admin, password_hash=excluded.password_hash",
                       (name.strip(), role, unit.strip(), int(is_admin), _hasher.hash(password)))
        return User(name.strip(), role, unit.strip(), is_admin)

    def get(self, name: str) -> User | None:
        with self._connect() as db:
            row = db.execute("SELECT name, role, unit, is_admin FROM users WHERE name = ?", (name,)).fetchone()
        return User(row[0], row[1], row[2], bool(row[3])) if row else None

    def all(self) -> list[User]:
        with self._connect() as db:
            rows = db.execute("SELECT name, role, unit, is_admin FROM users ORDER BY name").fetchall()
        return [User(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        with self._connect() as db:
            row = db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
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
