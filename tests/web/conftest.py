"""Web tests: Django settings, users per role, and small synthetic CIN census returns as XML."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
os.environ.setdefault("CPMONITOR_DATA_DIR", tempfile.mkdtemp(prefix="cpmonitor-web-tests-"))

import django  # noqa: E402

django.setup()  # pytest-django only sets Django up itself when configured in pyproject

from django.db.backends.base.operations import BaseDatabaseOperations  # noqa: E402

from cpmonitor.web.permissions import ROLES  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from web_returns import KIDS_2016, KIDS_2017, cin_xml  # noqa: E402

PASSWORD = "correct horse battery staple 42"
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "web"


@pytest.fixture
def returns_dir(tmp_path) -> Path:
    """Two returns for LA 999 (2015-16 and 2016-17) written as XML files."""
    (tmp_path / "cin_999_2016.xml").write_text(cin_xml("999", 2016, KIDS_2016))
    (tmp_path / "cin_999_2017.xml").write_text(cin_xml("999", 2017, KIDS_2017))
    return tmp_path


@pytest.fixture
def census(returns_dir):
    """The two returns read by the core's reader, with their file hashes."""
    from cpmonitor.census.dataset import CensusData
    from cpmonitor.census.reader import read_return
    from cpmonitor.web.store.services import file_sha256

    paths = sorted(returns_dir.glob("*.xml"))
    data = CensusData.concat(read_return(p) for p in paths)
    return data, {str(p): file_sha256(p) for p in paths}


@pytest.fixture
def loaded(db, census):
    """The two returns imported into the database."""
    from cpmonitor.web.store.services import import_census

    data, hashes = census
    return import_census(data, hashes=hashes)


# ------------------------------------------------------------------ flush

# (this file is imported twice, as conftest and by ``from conftest import``: patch once)
_execute_sql_flush = getattr(
    BaseDatabaseOperations.execute_sql_flush,
    "cpmonitor_original",
    BaseDatabaseOperations.execute_sql_flush,
)


def _flush_past_append_only_triggers(self, sql_list):
    """Transactional tests empty every table after each test; the append-only triggers refuse
    that (as they must), so the runner's flush alone suspends them and puts them back."""
    conn = self.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only%'"
            )
            triggers = cursor.fetchall()
            before = [f"DROP TRIGGER {name}" for name, _ in triggers]
            after = [sql for _, sql in triggers]
        else:
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%append_only%'"
            )
            tables = [row[0] for row in cursor.fetchall()]
            before = [f"ALTER TABLE {t} DISABLE TRIGGER USER" for t in tables]
            after = [f"ALTER TABLE {t} ENABLE TRIGGER USER" for t in tables]
    _execute_sql_flush(self, [*before, *sql_list, *after])


_flush_past_append_only_triggers.cpmonitor_original = _execute_sql_flush
BaseDatabaseOperations.execute_sql_flush = _flush_past_append_only_triggers


# ------------------------------------------------------------------ users


#: The councils a test user belongs to unless a test says otherwise (the test returns' LAs).
TEST_COUNCILS = ("999", "335")


@pytest.fixture
def make_user(db):
    from cpmonitor.web.accounts.roles import create_user

    def make(role: str | None, username: str | None = None, councils=TEST_COUNCILS):
        return create_user(
            username or f"{role or 'norole'}_user", PASSWORD, [role] if role else [], councils
        )

    return make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in with a user of the given role."""

    def sign_in(role: str | None):
        user = make_user(role)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def client_in(client, make_user):
    """A test client signed in with a user of the given role and councils."""

    def sign_in(role: str | None, councils: tuple[str, ...]):
        client.force_login(make_user(role, councils=councils))
        return client

    return sign_in


@pytest.fixture(params=sorted(ROLES))
def role(request) -> str:
    return request.param


# ------------------------------------------------------------------ background tasks


@pytest.fixture
def task_worker(transactional_db):
    """The database task worker (``db_worker``'s loop) in a thread, for live-server tests."""
    import threading

    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="task-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(30)


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Every test starts with an empty shared cache, as a new deployment does (figures cached
    by one test are not served to the next, whatever it patches)."""
    from django.core.cache import cache

    cache.clear()
    yield
