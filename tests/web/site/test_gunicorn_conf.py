"""The production server's settings come from the environment; a bad one is one line."""

from __future__ import annotations

import importlib

import pytest


def _conf(monkeypatch, **env):
    for name in ("CPMONITOR_WEB_WORKERS", "CPMONITOR_WEB_THREADS", "CPMONITOR_WEB_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import cpmonitor.web.gunicorn_conf as conf

    return importlib.reload(conf)


def test_workers_threads_and_address_come_from_the_environment(monkeypatch):
    conf = _conf(
        monkeypatch,
        CPMONITOR_WEB_WORKERS="3",
        CPMONITOR_WEB_THREADS="2",
        CPMONITOR_WEB_BIND="0.0.0.0:9000",
    )
    assert (conf.workers, conf.threads, conf.bind) == (3, 2, ["0.0.0.0:9000"])
    assert conf.worker_class == "gthread" and conf.preload_app is False


def test_by_default_two_workers_per_core_on_loopback(monkeypatch):
    conf = _conf(monkeypatch)
    assert conf.workers == max(2, 2 * conf._cores()) and conf.bind == ["127.0.0.1:8000"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("many", "must be a whole number, not 'many'"), ("0", "must be 1 or more, not 0")],
)
def test_a_bad_number_of_workers_stops_with_one_line(monkeypatch, value, message):
    with pytest.raises(SystemExit, match=f"CPMONITOR_WEB_WORKERS {message}"):
        _conf(monkeypatch, CPMONITOR_WEB_WORKERS=value)


def test_stopping_serve_stops_the_web_server_and_the_worker_it_started(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    code = (
        "from cpmonitor.cli import serve\n"
        "serve.server_commands = lambda host, port: [['sleep', '120'], ['sleep', '120']]\n"
        "raise SystemExit(serve.run_server('127.0.0.1', 1))\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    children_file = Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
    deadline = time.monotonic() + 30
    children: list[int] = []
    while len(children) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        children = [int(p) for p in children_file.read_text().split()]
    assert len(children) == 2
    parent.send_signal(signal.SIGTERM)  # what a service manager sends
    assert parent.wait(timeout=60) == 0
    for pid in children:
        assert (
            not Path(f"/proc/{pid}").exists()
            or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
        )
