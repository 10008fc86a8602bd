"""``cpmonitor serve``'s set-up: demo returns imported once, one demo user per role."""

from __future__ import annotations

import pytest
import typer
from django.contrib.auth import authenticate

from cpmonitor.cli import serve
from cpmonitor.web.permissions import ROLES, roles_of
from cpmonitor.web.store.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_demo_returns_are_imported_once(returns_dir):
    serve.load_demo(returns_dir)
    assert ImportBatch.objects.count() == 2
    first = list(ImportBatch.objects.values_list("id", flat=True))
    serve.load_demo(returns_dir)
    assert list(ImportBatch.objects.values_list("id", flat=True)) == first


def test_demo_returns_are_generated_when_absent(tmp_path, monkeypatch):
    from cpmonitor import synth

    real = synth.simulate
    monkeypatch.setattr(
        synth, "simulate", lambda **kw: real(children=30, years=range(2015, 2017), **kw)
    )
    files = serve.demo_returns(tmp_path / "demo")
    assert [f.name for f in files] == ["cin_census_335_2014-15.xml", "cin_census_335_2015-16.xml"]


def test_one_demo_user_per_role_with_a_fresh_password():
    users = serve.demo_users()
    assert sorted(role for _, role, _ in users) == sorted(ROLES)
    for username, role, password in users:
        user = authenticate(username=username, password=password)
        assert user is not None and roles_of(user) == {role}
    again = dict((u, p) for u, _, p in serve.demo_users())
    assert all(again[u] != p for u, _, p in users)
    assert authenticate(username=users[0][0], password=users[0][2]) is None


def test_the_passwords_are_printed_after_the_demo_emails(monkeypatch, capsys):
    """The demo requests' e-mails go to the console: the sign-in table must come after them."""
    from cpmonitor.web.conferences import demo

    printed: list[str] = []
    monkeypatch.setattr(serve, "_setup_django", lambda host: None)
    monkeypatch.setattr(serve, "load_demo", lambda folder: None)
    monkeypatch.setattr(demo, "demo_team", lambda la: type("Team", (), {"name": "Demo team"})())
    monkeypatch.setattr(demo, "demo_requests", lambda team, today: printed.append("e-mails") or 3)
    monkeypatch.setattr(
        serve, "print_sign_in", lambda users, host, port, note: printed.append(f"users: {note}")
    )
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    monkeypatch.setattr(serve, "run_server", lambda host, port: printed.append("server") or 0)
    with pytest.raises(typer.Exit):
        serve.serve(host="127.0.0.1", port=8000)
    assert printed == [
        "e-mails",
        "users: Conference requests: Demo team has demo requests waiting.",
        "server",
    ]


def test_every_password_is_shown_whole_at_80_columns(monkeypatch):
    from rich.console import Console

    narrow = Console(width=80, record=True)
    monkeypatch.setattr(serve, "console", narrow)
    users = [("demo-group-manager", "group_manager", "Xy9_longpasswordABCDEFG")]
    serve.print_sign_in(users, "127.0.0.1", 8000)
    text = narrow.export_text()
    assert "Xy9_longpasswordABCDEFG" in text and "demo-group-manager" in text
    assert text.rstrip().endswith("Press Ctrl+C to stop.")
