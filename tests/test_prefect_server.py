"""The Prefect API a command uses, and `normreview serve` leaving no Prefect process behind."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from normreview.prefect_api import answers, resolve_api_url

REPO = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "normreview")
PASSWORD = "serve-test-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.unit
def test_the_configured_api_wins_and_a_silent_port_means_ephemeral_with_a_warning(capsys):
    assert resolve_api_url({"PREFECT_API_URL": "http://127.0.0.1:1/api"}) == "http://127.0.0.1:1/api"
    silent = str(free_port())
    assert resolve_api_url({"NORMREVIEW_PREFECT_PORT": silent}) is None
    warning = capsys.readouterr().err.strip()
    assert len(warning.splitlines()) == 1 and "临时服务" in warning and silent in warning


@pytest.mark.integration
def test_a_running_api_answers_its_health_check():
    from prefect.settings import PREFECT_API_URL

    assert answers(PREFECT_API_URL.value())  # the session's harness server
    assert not answers(f"http://127.0.0.1:{free_port()}/api")


def _login(client: httpx.Client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token},
                           follow_redirects=True)
    assert "退出" in response.text, response.text[:300]


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["ephemeral", "configured"])
def test_serve_stopped_with_sigterm_leaves_no_prefect_process(mode, tmp_path, archive, nanxun):
    from test_flows import cli_env

    env = cli_env(NORMREVIEW_DATA=str(tmp_path / "data"), PREFECT_HOME=str(tmp_path / "prefect-home"))
    if mode == "ephemeral":
        # No API configured and nothing on the local server's port: Prefect starts a temporary server.
        del env["PREFECT_API_URL"]
        env["NORMREVIEW_PREFECT_PORT"] = str(free_port())
    subprocess.run([CLI, "user", "add", "drafter", "--role", "drafter", "--unit", "南浔区经济发展局", "--password-stdin"],
                   input=PASSWORD + "\n", env=env, check=True, capture_output=True, text=True, timeout=120)
    port = free_port()
    server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get("/login")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                    time.sleep(0.5)
            _login(client, "drafter")
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/submit").text).group(1)
            response = client.post("/submit", data={"csrf_token": token},
                                   files=[("files", (nanxun.name, nanxun.read_bytes()))], follow_redirects=False)
            assert response.status_code == 303, response.text[:300]
            job_id = response.headers["location"].rsplit("/", 1)[1]
            for _ in range(480):
                status = client.get(f"/api/jobs/{job_id}").json()["status"]
                if status in ("done", "failed"):
                    break
                time.sleep(0.5)
            assert status == "done"
        children = _descendants(server.pid)
        if mode == "ephemeral":  # the review really ran on a temporary server of this process
            assert any("prefect.server" in " ".join(p.cmdline()) for p in children), [p.cmdline() for p in children]
        server.send_signal(signal.SIGTERM)  # the main process only, as a service manager would
        server.wait(timeout=60)
        time.sleep(1)
        left = [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert not left, [p.cmdline() for p in left]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.integration
def test_a_cli_runs_log_reaches_the_api_at_info_and_the_terminal_stays_quiet(nanxun):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName, LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import FlowRunSort
    from test_flows import cli_env

    done = subprocess.run([CLI, "review", "--no-archive", str(nanxun)], env=cli_env(), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Beginning flow run" not in done.stderr and "Finished in state" not in done.stderr
    with get_client(sync_client=True) as client:
        [run] = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["review_submission"])),
                                      sort=FlowRunSort.START_TIME_DESC, limit=1)
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
    info = [log.message for log in logs if log.level == 20]
    assert any("Beginning flow run" in m for m in info), [(log.level, log.message) for log in logs]
