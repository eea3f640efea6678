"""A real uvicorn server (``normreview serve``) on a free port, users made by the CLI, and Debian's Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NORMREVIEW = Path(sys.executable).parent / "normreview"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "browser-test-password"
# The drafter's unit is one no other test submits for: the walk files its draft, which makes that
# submission public, and a draft of the same bytes by the same unit would be the same submission.
USERS = [("drafter", "drafter", "南浔区发展和改革局"), ("other", "drafter", "南浔区商务局"),
         ("reviewer", "reviewer", "区司法局"), ("auditor", "auditor", "区审计局")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(prefect_api, archive, tmp_path_factory):
    from prefect.settings import get_current_settings

    data = tmp_path_factory.mktemp("web-e2e-data")
    # The server process writes under this session's index prefix and runs its flows on this session's Prefect API.
    env = os.environ | {"NORMREVIEW_DATA": str(data), "PREFECT_API_URL": str(get_current_settings().api.url)}
    for name, role, unit in USERS:
        subprocess.run([str(NORMREVIEW), "user", "add", name, "--role", role, "--unit", unit, "--password-stdin"]
                       + (["--admin"] if role == "reviewer" else []),
                       input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True)
    port = _free_port()
    log = (data / "server.log").open("w")
    process = subprocess.Popen([str(NORMREVIEW), "serve", "--port", str(port)], env=env, cwd=REPO,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except OSError as exc:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {(data / 'server.log').read_text()}") from exc
            time.sleep(0.5)
    else:
        raise RuntimeError(f"server did not start: {(data / 'server.log').read_text()}")
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def browser():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def login(browser, server):
    """login(name) → a page in a fresh browser context, logged in as that user."""
    contexts = []

    def open_as(name: str | None):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        if name:
            page.goto(server + "/login")
            page.fill("input[name=name]", name)
            page.fill("input[name=password]", PASSWORD)
            page.click("button:has-text('登录')")
            page.wait_for_selector(".user-name")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: docs/img when NORMREVIEW_SCREENSHOTS=1 (to refresh the docs), else a temp dir."""
    if os.environ.get("NORMREVIEW_SCREENSHOTS") == "1":
        return REPO / "docs" / "img"
    return tmp_path_factory.mktemp("screenshots")
