"""``cpmonitor serve``'s set-up: demo returns imported once, one demo user per role."""

from __future__ import annotations

import pytest
import typer
from django.contrib.auth import authenticate

from cpmonitor.cli import serve
from cpmonitor.web.permissions import ROLES, roles_of
from cpmonitor.web.store.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_demo_returns_are_imported_once(tmp_path):
    from cpmonitor.synth.demo import sized
    from cpmonitor.web.store.models import AnnexAWorkbook

    serve.load_demo(tmp_path / "demo", sized(children=30))
    assert ImportBatch.objects.count() == 14
    assert AnnexAWorkbook.objects.count() == 1  # the Annex A workbook, as make demo reads it
    first = list(ImportBatch.objects.values_list("id", flat=True))
    serve.load_demo(tmp_path / "demo", sized(children=30))
    assert list(ImportBatch.objects.values_list("id", flat=True)) == first


def test_the_demo_council_is_generated_when_absent_with_its_annex_a(tmp_path):
    from cpmonitor.synth.demo import sized

    files = serve.demo_returns(tmp_path / "demo", sized(children=30))  # make demo's council
    names = [f.name for f in files]
    assert names[0] == "cin_census_335_2012-13.xml" and len(names) == 15
    assert names[-2:] == ["cin_census_335_2025-26.xml", "annex_a_335_2026-08-31.xlsx"]


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
    monkeypatch.setattr(
        demo, "demo_requests", lambda team, today, data_end: printed.append("e-mails") or 3
    )
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
