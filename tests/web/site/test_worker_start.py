"""A web worker loads every view, URL name and template before its first request (gunicorn's
``post_worker_init`` hook); never matplotlib unless it draws a chart: charts are served from
the shared cache. A new worker serves a child's timeline from the one part of the shared
index that holds the child, without the history."""

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
        "from cpmonitor.web.shared_cache import code_version\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "print(json.dumps({'views': 'cpmonitor.web.dashboard.views' in sys.modules,\n"
        "  'code_version': code_version.cache_info().currsize,\n"
        "  'uploads': 'cpmonitor.web.uploads.views' in sys.modules,\n"
        "  'matplotlib': 'matplotlib' in sys.modules,\n"
        "  'templates': sorted(loader.get_template_cache)}))\n",
        tmp_path,
    )
    assert found["views"] and found["uploads"]
    assert found["code_version"] == 1  # read before a request needs it
    assert not found["matplotlib"]
    every = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    assert every <= set(found["templates"])


def test_gunicorn_warms_each_worker_up_before_it_serves(monkeypatch):
    calls = []
    monkeypatch.setattr("cpmonitor.web.wsgi.warm_up", lambda: calls.append(1))
    gunicorn_conf.post_worker_init(worker=None)
    assert calls == [1]


@pytest.mark.django_db
def test_a_new_worker_serves_a_timeline_from_one_part_of_the_index_not_the_history(
    client_as, loaded, monkeypatch
):
    from cpmonitor.web.dashboard import timeline
    from cpmonitor.web.store import services

    def nothing(*_args, **_kwargs):
        raise AssertionError("built, not taken")

    child = ChildRef.objects.filter(la="999").order_by("child_id").first()
    c = client_as("manager")
    first = c.get(f"/children/{child.ref}/")  # the first visitor builds the parts and shares them
    assert first.status_code == 200
    monkeypatch.setattr(services, "_history_cache", {})  # a new worker process
    monkeypatch.setattr(services, "_part_cache", {})
    monkeypatch.setattr("cpmonitor.history.build_history", nothing)
    monkeypatch.setattr(timeline, "by_shard", nothing)
    again = c.get(f"/children/{child.ref}/")
    assert again.status_code == 200
    assert again.context["events"] == first.context["events"]
    assert services._history_cache == {}  # the history was not taken: only the child's part
    assert [key[-1] for key in services._part_cache] == [timeline.shard_of(child.child_id)]
