"""The dashboard's figures and charts are computed once per data version and shared through
Django's cache (a file cache every worker process reads), and a new import changes them."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cpmonitor import charts
from cpmonitor.web.store import cache as figures_cache
from cpmonitor.web.store import services

pytestmark = pytest.mark.django_db


def test_a_second_process_serves_the_dashboard_from_the_shared_cache(
    client_as, loaded, monkeypatch
):
    cache.clear()
    c = client_as("manager")
    first = c.get("/dashboard/")
    assert first.status_code == 200

    # Another worker process: no history in its memory, and none may be built or drawn.
    def nothing(*_args, **_kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(services, "_history_cache", {})
    monkeypatch.setattr(services, "history", nothing)
    monkeypatch.setattr(charts, "trend_chart", nothing)
    monkeypatch.setattr(charts, "rolling_chart", nothing)
    second = c.get("/dashboard/")
    assert second.status_code == 200
    assert second.context["m"] == first.context["m"]
    assert second.context["trend_chart"] == first.context["trend_chart"]
    assert second.context["rolling_chart"] == first.context["rolling_chart"]


def test_the_data_version_changes_when_a_return_is_replaced(db, census):
    from dataclasses import replace

    data, hashes = census
    services.import_census(data, hashes=hashes)
    before = figures_cache.fingerprint()
    assert figures_cache.fingerprint() == before  # unchanged data: the same version
    changed = {path: "0" * 64 for path in hashes}  # the same returns sent again, new files
    data.returns[:] = [replace(r) for r in data.returns]
    services.import_census(data, hashes=changed)
    assert figures_cache.fingerprint() != before


def test_cached_figures_are_computed_once_per_version(db, loaded):
    cache.clear()
    calls = []
    compute = lambda: calls.append(1) or {"n": len(calls)}  # noqa: E731
    assert figures_cache.cached("t", ("999",), compute) == {"n": 1}
    assert figures_cache.cached("t", ("999",), compute) == {"n": 1}
    assert figures_cache.cached("t", ("888",), compute) == {"n": 2}  # other parts, other key
    assert len(calls) == 2
