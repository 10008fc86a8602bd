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


def test_a_new_release_reads_nothing_an_older_one_cached(db, loaded, monkeypatch):
    from cpmonitor.web import shared_cache

    cache.clear()
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert figures_cache.cached("t", ("999",), compute) == 1
    assert shared_cache.by_content("chart", (1, 2), compute) == 2
    assert figures_cache.cached("t", ("999",), compute) == 1  # the same code: cached
    monkeypatch.setattr(figures_cache, "code_version", lambda: "another release")
    monkeypatch.setattr(shared_cache, "code_version", lambda: "another release")
    assert figures_cache.cached("t", ("999",), compute) == 3  # figures computed again
    assert shared_cache.by_content("chart", (1, 2), compute) == 4  # and charts drawn again


def test_the_code_version_is_a_digest_of_the_package_files(tmp_path, monkeypatch):
    import cpmonitor
    from cpmonitor.web import shared_cache

    version = shared_cache.code_version.__wrapped__  # not the process's remembered one
    package = tmp_path / "cpmonitor"
    (package / "templates").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "__init__.py").write_text("x = 1\n")
    (package / "templates" / "page.html").write_text("<p>one</p>")
    monkeypatch.setattr(cpmonitor, "__file__", str(package / "__init__.py"))
    first = version()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert version() == first  # compiled files are not the code
    (package / "templates" / "page.html").write_text("<p>two</p>")
    assert version() != first  # a template changed
