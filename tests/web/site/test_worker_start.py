"""A web worker loads every view and template, and the timelines' indexes the shared cache
already holds, before its first request (gunicorn's ``post_worker_init`` hook); never matplotlib unless
it draws a chart: charts are served from the shared cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpmonitor.web import gunicorn_conf
from cpmonitor.web.store.models import ChildRef

TEMPLATES = Path(__file__).resolve().parents[3] / "src/cpmonitor/web/templates"


def _fresh(code: str, tmp_path) -> dict:
    env = {**os.environ, "CPMONITOR_DATA_DIR": str(tmp_path)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_warm_up_loads_every_view_and_template_but_not_matplotlib(tmp_path):
    found = _fresh(
        "import json, sys\n"
        "from cpmonitor.web.wsgi import warm_up\n"
        "warm_up()\n"
        "from django.template import engines\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "print(json.dumps({'views': 'cpmonitor.web.dashboard.views' in sys.modules,\n"
        "  'uploads': 'cpmonitor.web.uploads.views' in sys.modules,\n"
        "  'matplotlib': 'matplotlib' in sys.modules,\n"
        "  'templates': sorted(loader.get_template_cache)}))\n",
        tmp_path,
    )
    assert found["views"] and found["uploads"]
    assert not found["matplotlib"]
    every = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    assert every <= set(found["templates"])


def test_gunicorn_warms_each_worker_up_before_it_serves(monkeypatch):
    calls = []
    monkeypatch.setattr("cpmonitor.web.wsgi.warm_up", lambda: calls.append(1))
    gunicorn_conf.post_worker_init(worker=None)
    assert calls == [1]


@pytest.mark.django_db
def test_a_new_worker_takes_the_timelines_already_shared_and_builds_none(
    client_as, loaded, monkeypatch
):
    from cpmonitor.web.dashboard.selectors import keep_timelines_ready
    from cpmonitor.web.store import services

    def nothing(*_args, **_kwargs):
        raise AssertionError("built, not taken")

    with monkeypatch.context() as m:  # nobody has asked yet: nothing to take, nothing built
        m.setattr(services, "_history_cache", {})
        m.setattr("cpmonitor.history.build_history", nothing)
        assert keep_timelines_ready() == []
        assert services._history_cache == {}
    ref = ChildRef.objects.filter(la="999").first().ref
    assert client_as("manager").get(f"/children/{ref}/").status_code == 200  # shares it
    monkeypatch.setattr(services, "_history_cache", {})  # a new worker process
    monkeypatch.setattr("cpmonitor.history.build_history", nothing)
    assert keep_timelines_ready() == ["999"]
    kinds = {key[-2:] for key in services._history_cache}
    assert kinds == {("derived:timeline-by-child", "999")}  # the history itself not needed
