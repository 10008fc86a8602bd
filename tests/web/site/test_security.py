"""Security: headers, CSRF, cookies, settings by environment, error pages, sessions, logs."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cpmonitor.web.store.models import ChildRef

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    for url in ("/sign-in/", "/dashboard/", "/no-such-page/"):
        r = client.get(url)
        csp = r["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert r["X-Frame-Options"] == "DENY"
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Referrer-Policy"] == "same-origin"
        assert r["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_static_assets_are_served_by_the_app_with_headers(client):
    """Whitenoise serves GOV.UK Frontend from the app (no CDN), anonymous, with headers."""
    r = client.get("/static/govuk/govuk-frontend.min.css")
    assert r.status_code == 200 and b".govuk-header" in b"".join(r.streaming_content)
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in r["Content-Security-Policy"]
    r = client.get("/static/govuk/assets/fonts/bold-b542beb274-v2.woff2")
    assert r.status_code == 200
    r = client.get("/static/cpmonitor/init.js")
    assert r.status_code == 200 and "javascript" in r["Content-Type"]


@pytest.mark.django_db
def test_signed_in_pages_are_not_cached(client_as, loaded):
    c = client_as("manager")
    ref = ChildRef.objects.get(child_id="TL0001").ref
    for url in ("/dashboard/", f"/children/{ref}/", "/repeat-plans/"):
        assert "no-store" in c.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_csrf_is_enforced_on_sign_in():
    c = Client(enforce_csrf_checks=True)
    r = c.post("/sign-in/", {"username": "x", "password": "y"})
    assert r.status_code == 403
    assert b"The form has expired" in r.content


def test_every_post_form_has_a_csrf_token():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", text, flags=re.S | re.I):
            assert "{% csrf_token %}" in form, path


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site(client, make_user):
    from conftest import PASSWORD

    make_user("manager", "sam")
    r = client.post("/sign-in/", {"username": "sam", "password": PASSWORD})
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" or int(cookie["max-age"]) <= 1800


def _settings_in(env: dict) -> dict:
    """Import the settings in a fresh interpreter with ``env``; return a few values."""
    code = (
        "import json; from cpmonitor.web import settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_SECURE': s.CSRF_COOKIE_SECURE,"
        "'HSTS': s.SECURE_HSTS_SECONDS, 'KEY': s.SECRET_KEY, 'ENGINE': s.DATABASES['default']['ENGINE'],"
        "'HASHER': s.PASSWORD_HASHERS[0]}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CPMONITOR_", "DJANGO_", "DATABASE_URL"))
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(out.stdout)


def test_settings_come_from_the_environment(tmp_path):
    base = {"CPMONITOR_DATA_DIR": str(tmp_path)}
    plain = _settings_in(base)
    assert plain["DEBUG"] is False and plain["SECURE"] is False
    assert plain["ENGINE"] == "django.db.backends.sqlite3"
    assert plain["HASHER"].endswith("Argon2PasswordHasher")
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == plain["KEY"] and len(plain["KEY"]) > 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert _settings_in(base)["KEY"] == plain["KEY"]  # kept, not regenerated
    assert _settings_in({**base, "DJANGO_SECRET_KEY": "from-env"})["KEY"] == "from-env"
    assert _settings_in({**base, "CPMONITOR_DEBUG": "1"})["DEBUG"] is True
    assert _settings_in({**base, "CPMONITOR_DEBUG": "true"})["DEBUG"] is False
    https = _settings_in({**base, "CPMONITOR_HTTPS": "1"})
    assert https["SECURE"] and https["CSRF_SECURE"] and https["HSTS"] > 0
    pg = _settings_in({**base, "DATABASE_URL": "postgres://u:p@localhost:5432/x"})
    assert pg["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_sessions_expire_after_thirty_minutes_without_a_request(client_as):
    c = client_as("manager")
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=20)):
        assert c.get("/account/sign-ins/").status_code == 200  # activity renews the session
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=45)):
        assert c.get("/account/sign-ins/").status_code == 200  # 25 minutes since the last
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=76)):
        r = c.get("/account/sign-ins/")
    assert r.status_code == 302 and r["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_not_found_page_leaks_nothing(client_as):
    c = client_as("manager")
    r = c.get("/children/TL0001-secret/")
    assert r.status_code == 404
    assert b"TL0001" not in r.content and b"Traceback" not in r.content
    assert b"Page not found" in r.content


@pytest.mark.django_db
def test_server_error_page_leaks_nothing(client_as, loaded, monkeypatch):
    from cpmonitor.web.store import services

    def broken(la=None):
        raise ValueError("child TL0001 has a bad date in /srv/data/cin.xml")

    monkeypatch.setattr(services, "history", broken)
    c = client_as("manager")
    c.raise_request_exception = False
    r = c.get("/dashboard/")
    assert r.status_code == 500
    assert b"Sorry, there is a problem with the service" in r.content
    for leak in (b"TL0001", b"/srv/data", b"ValueError", b"Traceback"):
        assert leak not in r.content


@pytest.fixture
def log_output():
    """What the project's console log handler actually writes."""
    handler = logging.getLogger("django").handlers[0]
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


@pytest.mark.django_db
def test_no_child_id_reaches_the_logs(client_as, loaded, log_output, monkeypatch):
    c = client_as("manager")
    ref = ChildRef.objects.get(child_id="TL0001").ref
    assert c.get(f"/children/{ref}/").status_code == 200
    assert c.get("/repeat-plans/export/?period=2015-16&format=csv").status_code == 200
    c.get("/children/TL0002/")  # someone types an ID into the address bar: 404, logged
    c.post("/children/", {"child_id": "TL0003"})

    from cpmonitor.web.store import services

    def broken(*_args):
        child = "TL" + "0004"  # as data, not in the source line a traceback quotes
        raise ValueError(f"child {child} has a bad date")

    monkeypatch.setattr(services, "history", broken)
    monkeypatch.setattr(services, "history_part", broken)  # the timeline's index of the history
    c.raise_request_exception = False
    c.get(f"/children/{ref}/")
    text = log_output.getvalue()
    assert "Not Found" in text and "Internal Server Error" in text and "ValueError" in text
    for child in ("TL0001", "TL0002", "TL0003", "TL0004"):
        assert child not in text, text
