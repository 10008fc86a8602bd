"""The production server as ``cpmonitor serve`` runs it: gunicorn with several worker
processes and the background-task worker, started for real on 127.0.0.1 against the test
database (SQLite, or PostgreSQL with ``DATABASE_URL``), answering signed-in requests and
running an upload's check. Traffic only to 127.0.0.1; every wait is bounded."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from cpmonitor.cli import serve
from cpmonitor.web.store import services
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _get(port: int, path: str, session: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.fixture
def server(loaded):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CPMONITOR_WEB_WORKERS": "2",
        "CPMONITOR_WEB_THREADS": "2",
    }
    started = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for cmd in serve.server_commands("127.0.0.1", port)
    ]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/health/") == (200, "ok"):
                    break
            except OSError:
                pass
            if started[1].poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {started[1].stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield port, started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_gunicorn_serves_signed_in_pages_from_several_workers_and_the_worker_runs_jobs(
    server, make_user, returns_dir, settings
):
    # One test, one server start (starting gunicorn and the worker is most of its time).
    port, (_worker, web) = server
    client = Client()
    client.force_login(make_user("analyst"))
    session = client.cookies["sessionid"].value
    assert len(_children(web.pid)) == 2  # CPMONITOR_WEB_WORKERS
    status, page = _get(port, "/dashboard/", session)
    assert status == 200 and "LA 999" in page
    assert _get(port, "/repeat-plans/", session)[0] == 200
    assert _get(port, "/dashboard/")[0] == 302  # not signed in: to the sign-in page

    # The background worker started beside gunicorn runs an upload's check.
    user = make_user("analyst", "ann")
    folder = Path(settings.CPMONITOR_UPLOAD_DIR) / "server-test"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n, source in enumerate(sorted(returns_dir.glob("*.xml"))):
        path = folder / f"{n}" / source.name
        path.parent.mkdir()
        path.write_bytes(source.read_bytes())
        digest = services.file_sha256(path)
        files.append(
            {"name": source.name, "path": str(path), "sha256": digest, "size": path.stat().st_size}
        )
    job = UploadJob.objects.create(user=user, files=files)
    jobs.start_check(job)
    deadline = time.monotonic() + 60
    while job.status == UploadJob.CHECKING and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == UploadJob.CHECKED, job.report
    assert [r["census_year"] for r in job.report["returns"]] == [2016, 2017]
