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
