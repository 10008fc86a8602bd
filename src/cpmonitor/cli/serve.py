"""``cpmonitor serve``: the web app with zero setup, for a local demonstration.

Creates the database (migrate), loads the demo council (synthetic returns generated into the
data directory by :mod:`cpmonitor.synth` the first time), creates one demo user per role with
a fresh random password printed once, then runs the production server: gunicorn with the
configuration of :mod:`cpmonitor.web.gunicorn_conf` (several worker processes), and the
background-task worker (``db_worker``) beside it. Ctrl+C stops both.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from .terminal import make_console

if TYPE_CHECKING:
    from cpmonitor.synth.demo import DemoCouncil

console = make_console()


def _setup_django(host: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
    hosts = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    if host not in ("0.0.0.0", "::") and host not in hosts.split(","):  # noqa: S104
        os.environ["DJANGO_ALLOWED_HOSTS"] = f"{hosts},{host}"
    import django

    django.setup()


def demo_returns(folder: Path, council: DemoCouncil | None = None) -> list[Path]:
    """The demo council's returns and Annex A workbook in ``folder`` (:mod:`cpmonitor.synth.demo`,
    the council ``make demo`` reports on), written there the first time (synthetic only)."""
    from cpmonitor.synth.demo import DEMO, write_demo

    council = council or DEMO

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "Writing census returns" and done == total:
            console.print(f"Wrote {total} census returns and an Annex A workbook.")

    if not (folder / "demo.json").is_file():
        console.print(
            f"Generating the synthetic demo council (LA {council.la}, census years "
            f"{council.first_year - 1}-{council.first_year % 100:02d} to "
            f"{council.last_year - 1}-{council.last_year % 100:02d}, Annex A at "
            f"{council.annex_a:%-d %B %Y}) into {folder} …"
        )
    return write_demo(folder, council, progress=progress).files


def load_demo(folder: Path, council: DemoCouncil | None = None) -> None:
    """Import the demo council unless some return is already in the database."""
    from cpmonitor.census.load import load
    from cpmonitor.web.store import services
    from cpmonitor.web.store.models import ImportBatch

    if ImportBatch.objects.exists():
        return
    files = demo_returns(folder, council)
    console.print(f"Importing {len(files)} demo files …")
    data = load(files, workers=None)  # in parallel on a large demo
    hashes = {str(f): services.file_sha256(f) for f in files}
    result = services.import_census(data, hashes=hashes)
    console.print(f"Imported {result.rows:,} records from {len(result.added)} files.")


def demo_users() -> list[tuple[str, str, str]]:
    """One user per role, ``demo-<role>``, each with a new random password, in the demo council."""
    from django.contrib.auth import get_user_model

    from cpmonitor import synth
    from cpmonitor.web.accounts.models import Council
    from cpmonitor.web.accounts.roles import create_user
    from cpmonitor.web.permissions import ROLES

    users = []
    model = get_user_model()
    for role in ROLES:
        username = f"demo-{role.replace('_', '-')}"
        password = secrets.token_urlsafe(12)
        user = model.objects.filter(username=username).first()
        if user is None:
            create_user(username, password, [role], (synth.DEMO_LA,))
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            Council.objects.get_or_create(la=synth.DEMO_LA)[0].members.add(user)
        users.append((username, role, password))
    return users


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Run the web app locally, with no setup. It makes the database, the demo council and
    demo users."""
    import cpmonitor.web.gunicorn_conf  # noqa: F401 - a bad CPMONITOR_WEB_* says so now

    _setup_django(host)
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    console.print(f"Data directory: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("purge_uploads", verbosity=0)  # uploads past their retention (docs/web.md)
    load_demo(settings.DATA_DIR / "demo-returns")
    users = demo_users()
    from cpmonitor import synth
    from cpmonitor.synth.demo import DEMO
    from cpmonitor.web.conferences import demo

    # the demo requests send their e-mails to this console: do it before the sign-in table,
    # so the passwords are the last thing printed and stay on screen
    note = ""
    team = demo.demo_team(synth.DEMO_LA)
    if team is not None and demo.demo_requests(team, timezone.localdate(), DEMO.annex_a):
        note = f"Conference requests: {team.name} has demo requests waiting."
    print_sign_in(users, host, port, note)
    from django.db import connections

    connections.close_all()
    raise typer.Exit(run_server(host, port))


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def server_commands(host: str, port: int) -> list[list[str]]:
    """The two processes of a running app: the background worker, then gunicorn."""
    python = sys.executable
    return [
        [python, "-m", "cpmonitor.web", "db_worker", "--no-startup-delay", "--no-reload"],
        [
            python,
            "-m",
            "gunicorn",
            "--config",
            "python:cpmonitor.web.gunicorn_conf",
            "--bind",
            _bind(host, port),
            "cpmonitor.web.wsgi:application",
        ],
    ]


def run_server(host: str, port: int) -> int:
    """Run the worker and gunicorn (fresh processes: nothing forked from this one, which has
    loaded the demo with polars) until either ends or Ctrl+C; return gunicorn's exit status."""
    worker_cmd, web_cmd = server_commands(host, port)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpmonitor.web.settings"}

    def stop(signum, _frame) -> None:  # a service manager's TERM stops both, as Ctrl+C does
        raise SystemExit(0)

    # the handlers come first: a TERM that arrives once a process is started stops it too
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    started: list[subprocess.Popen] = []
    try:
        started.append(subprocess.Popen(worker_cmd, env=env))
        started.append(web := subprocess.Popen(web_cmd, env=env))
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(started):
            try:
                process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                process.kill()


def print_sign_in(users: list[tuple[str, str, str]], host: str, port: int, note: str = "") -> None:
    """The demo users and their passwords (never cut: no column wraps), then where to go."""
    table = Table(title="Demo users (local demonstration only; passwords change each run)")
    for column in ("User name", "Role", "Password"):
        table.add_column(column, no_wrap=True)
    for username, role, password in users:
        table.add_row(username, role, password)
    console.print()
    console.print(table)
    if note:
        console.print(note)
    console.print(f"Open http://{host}:{port}/ and sign in. Press Ctrl+C to stop.")
