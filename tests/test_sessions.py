"""Sessions that end (issue 16, item 6): server-side sessions revoked on logout, password change and
disabling; throttling and lockout with a login log; no silent overwrite of a user; security headers;
private data files."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_flows import CLI, cli_env

from normreview.web import create_app
from normreview.web.settings import WebSettings
from normreview.web.users import MAX_FAILURES, UserExists, UserStore

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"


@pytest.fixture
def app(tmp_path, archive):
    application = create_app(WebSettings(data_dir=tmp_path / "data", secret_key="s" * 48), archive=archive)
    application.state.users.add("审核甲", PASSWORD, "reviewer", "区司法局", is_admin=True)
    application.state.users.add("起草乙", PASSWORD, "drafter", "甲局")
    return application


def _csrf(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _login(client: TestClient, name: str, password: str = PASSWORD):
    return client.post("/login", data={"name": name, "password": password, "csrf_token": _csrf(client, "/login")},
                       follow_redirects=False)


def _signed_in(client: TestClient) -> bool:
    return client.get("/users", follow_redirects=False).status_code == 200


def test_a_copied_cookie_is_dead_after_logout(app):
    client = TestClient(app)
    assert _login(client, "审核甲").status_code == 303 and _signed_in(client)
    stolen = dict(client.cookies)
    client.post("/logout", data={"csrf_token": _csrf(client, "/search")})
    replay = TestClient(app, cookies=stolen)
    assert not _signed_in(replay)


def test_password_change_and_disabling_end_every_session(app):
    first, second = TestClient(app), TestClient(app)
    _login(first, "审核甲")
    _login(second, "审核甲")
    app.state.users.set_password("审核甲", "another-password-9")
    assert not _signed_in(first) and not _signed_in(second)
    _login(first, "审核甲", "another-password-9")
    assert _signed_in(first)
    app.state.users.disable("审核甲")
    assert not _signed_in(first)
    assert _login(TestClient(app), "审核甲", "another-password-9").status_code == 401


def test_five_failures_lock_the_name_and_every_attempt_is_logged(app):
    client = TestClient(app)
    for _ in range(MAX_FAILURES):
        assert _login(client, "起草乙", "wrong-password").status_code == 401
    locked = _login(client, "起草乙")  # the right password, too late
    assert locked.status_code == 429 and "锁定" in locked.text
    log = app.state.users.login_log("起草乙")
    assert [entry["ok"] for entry in log] == [False] * (MAX_FAILURES + 1)
    assert _login(client, "审核甲").status_code == 303  # another name is not locked


def test_adding_an_existing_user_needs_replace_and_keeps_the_admin_flag(tmp_path):
    users = UserStore(tmp_path)
    users.add("管理员", PASSWORD, "reviewer", is_admin=True)
    with pytest.raises(UserExists):
        users.add("管理员", "new-password-1", "reviewer")
    users.add("管理员", "new-password-1", "reviewer", "区司法局", replace=True)
    assert users.get("管理员").is_admin and users.get("管理员").unit == "区司法局"
    env = cli_env(NORMREVIEW_DATA=str(tmp_path))
    refused = subprocess.run(CLI + ["user", "add", "管理员", "--role", "reviewer", "--password-stdin"],
                             input="another-pass-1\n", capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 2 and "--replace" in refused.stderr and "Traceback" not in refused.stderr
    done = subprocess.run(CLI + ["user", "add", "管理员", "--role", "reviewer", "--password-stdin", "--replace"],
                          input="another-pass-1\n", capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and users.get("管理员").is_admin


def test_security_headers_and_private_files(app, tmp_path):
    response = TestClient(app).get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    data = tmp_path / "data"
    assert oct(data.stat().st_mode & 0o777) == "0o700"
    assert oct((data / "users.sqlite3").stat().st_mode & 0o777) == "0o600"


def test_purge_deletes_old_uploads_temporary_folders_and_results_only(tmp_path, monkeypatch):
    import os
    import tempfile
    import time

    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings

    from normreview.flows.retention import purge

    monkeypatch.setenv("NORMREVIEW_DATA", str(tmp_path))
    old, new = tmp_path / "uploads" / "oldjob", tmp_path / "uploads" / "newjob"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "draft.docx").write_bytes(b"x")
    temporary = Path(tempfile.mkdtemp(prefix="normreview-ocr-"))
    results = tmp_path / "prefect-results"  # not the machine's own result store
    results.mkdir()
    stale, fresh = results / "stale-result", results / "fresh-result"
    stale.write_bytes(b"pickled")
    fresh.write_bytes(b"pickled")
    long_ago = time.time() - 40 * 86400
    for path in (old, temporary, stale):
        os.utime(path, (long_ago, long_ago))
    with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: results}):
        removed = purge(30)
    assert fresh.exists()
    assert not old.exists() and new.exists() and not temporary.exists() and not stale.exists()
    assert removed["uploads"] == 1 and removed["temporary"] >= 1 and removed["results"] == 1
