"""Web load: 20 signed-in users at once on the production server, loopback only.

The app runs as ``cpmonitor serve`` runs it (:func:`cpmonitor.cli.serve.server_commands`:
gunicorn with :mod:`cpmonitor.web.gunicorn_conf`, and the task worker) on 127.0.0.1, over
the synthetic demo council (13 census years) in SQLite in a temporary folder, or in the
database in ``DATABASE_URL`` (a scratch database: it is migrated and the demo imported).
Each of ``--users`` users (default 20) has its own session and sends ``--requests`` (default
10) requests one after another, all users at once, cycling the dashboard, the repeat-plans
cohort and a child's timeline. Baseline in the same run, on the same server: the same load on
``/health/`` (no session, no data). One warm-up request per page comes first (it fills the
shared cache, as the first visitor after an import does), so the measured load is the first
minute after an import: each worker still takes the new figures from the shared cache once.
Then the same load again, when every worker has served pages (printed apart; the target is
judged on the first).

Printed: p50, p95 and max latency, errors (any status but 200), requests per second, and the
ratio of each page's p50/p95 to ``/health/``'s. Traffic goes only to 127.0.0.1; every request
has a 30 s time-out and the whole run stops after ``--deadline`` seconds.

Each database runs in a fresh process: SQLite always, PostgreSQL too when
``CPMONITOR_BENCH_POSTGRES`` (or ``--postgres``, or a PostgreSQL ``DATABASE_URL``) names a
scratch database (it is migrated and the demo imported into it).

Run: ``uv run python -m perf web_load`` (or ``python -m perf.web_load
[--users N] [--requests N] [--workers N] [--postgres URL]``). Target (issue 11): p95 ≤ 300
ms, 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("CPMONITOR_DATA_DIR", tempfile.mkdtemp(prefix="cpmonitor-load-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, session: str | None) -> tuple[int, float]:
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    except OSError:
        return 0, time.perf_counter() - start
    finally:
        conn.close()


def _load(port, users, requests, paths, sessions, deadline) -> dict[str, list]:
    """Every user at once, each sending ``requests`` requests in turn over ``paths``."""
    results: dict[str, list] = {p: [] for p in paths}
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user(n: int) -> None:
        barrier.wait()
        for i in range(requests):
            if time.monotonic() > deadline:
                return
            path = paths[(n + i) % len(paths)]
            status, seconds = _get(port, path, sessions[n] if sessions else None)
            with lock:
                results[path].append((status, seconds))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results["_elapsed"] = [time.perf_counter() - start]
    return results


def _stats(samples: list[tuple[int, float]]) -> dict:
    times = sorted(s for _, s in samples)
    q = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times * 19
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": q[18],
        "max": times[-1],
        "errors": sum(1 for status, _ in samples if status != 200),
    }


def run(
    users: int = 20,
    requests: int = 10,
    workers: int | None = None,
    deadline: float = 300,
    postgres: str | None = None,
) -> dict:
    """The load on SQLite (a temporary folder) and, when ``postgres`` (else the environment's
    ``CPMONITOR_BENCH_POSTGRES``, else a ``postgres`` ``DATABASE_URL``) names a scratch
    database, on PostgreSQL too: each run in a fresh process, as a deployment starts."""
    import json
    import sys

    postgres = postgres or os.environ.get("CPMONITOR_BENCH_POSTGRES")
    if not postgres and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        postgres = os.environ["DATABASE_URL"]
    out = {}
    for name, url in [("sqlite", None), ("postgresql", postgres)]:
        if name == "postgresql" and not url:
            print("PostgreSQL: not run (set CPMONITOR_BENCH_POSTGRES to a scratch database)")
            continue
        from perf.cli_speed import bytecode_cache

        env = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CPMONITOR_DATA_DIR")
        }
        env.update(bytecode_cache(Path(tempfile.gettempdir()) / "cpmonitor-bench-bytecode"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if url:
            env["DATABASE_URL"] = url
        args = ["--users", str(users), "--requests", str(requests), "--deadline", str(deadline)]
        args += ["--workers", str(workers)] if workers else []
        done = subprocess.run(
            [sys.executable, "-m", "perf.web_load", "--one", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=deadline + 600,
            cwd=Path(__file__).resolve().parent.parent,
        )
        lines = done.stdout.strip().splitlines()
        print("\n".join(lines[:-1]), flush=True)
        if done.returncode or not lines:
            print(f"{name}: the load test failed (exit {done.returncode}): {done.stderr[-2000:]}")
            continue
        out[name] = json.loads(lines[-1])
    return out


def summary(result: dict) -> list[tuple[str, str, str, bool]]:
    """Rows for ``python -m perf``'s closing table: (what, figure, target, met)."""
    rows = []
    for name, r in result.items():
        a, h = r["all"], r["health"]
        rows.append(
            (
                f"20 users × 10 requests, {name} (dashboard, cohort, timeline)",
                f"p50 {a['p50'] * 1000:.0f} ms, p95 {a['p95'] * 1000:.0f} ms, max "
                f"{a['max'] * 1000:.0f} ms, {a['errors']} errors; /health/ p95 "
                f"{h['p95'] * 1000:.0f} ms (pages {a['p95'] / h['p95']:.0f}×)",
                "p95 ≤ 300 ms, 0 errors",
                a["p95"] <= 0.3 and a["errors"] == 0,
            )
        )
        if "again" in r:
            g = r["again"]
            rows.append(
                (
                    f"  the same again, {name} (every worker has served pages)",
                    f"p50 {g['p50'] * 1000:.0f} ms, p95 {g['p95'] * 1000:.0f} ms, max "
                    f"{g['max'] * 1000:.0f} ms, {g['errors']} errors",
                    "p95 ≤ 300 ms, 0 errors",
                    g["p95"] <= 0.3 and g["errors"] == 0,
                )
            )
    return rows


def run_one(
    users: int = 20, requests: int = 10, workers: int | None = None, deadline: float = 300
) -> dict:
    """One database (``DATABASE_URL``'s, else SQLite in a temporary folder), in this process."""
    _setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client

    from cpmonitor.cli import serve
    from cpmonitor.synth.councils import DEMO_LA
    from cpmonitor.web.accounts.roles import create_user
    from cpmonitor.web.store.models import ChildRef

    serve.load_demo(Path(settings.DATA_DIR) / "demo-returns")
    sessions = []
    for n in range(users):
        user = create_user(
            f"load-{n}-{time.time_ns()}", "load test password 1234", ["analyst"], [DEMO_LA]
        )
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    ref = ChildRef.objects.order_by("ref").values_list("ref", flat=True).first()
    pages = ["/dashboard/", "/repeat-plans/", f"/children/{ref}/"]
    vendor = connection.vendor
    connections.close_all()

    port = _free_port()
    env = {**os.environ}
    if workers:
        env["CPMONITOR_WEB_WORKERS"] = str(workers)
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for cmd in serve.server_commands("127.0.0.1", port)
    ]
    out: dict = {"database": vendor}
    try:
        stop = time.monotonic() + deadline
        while _get(port, "/health/", None)[0] != 200:
            if time.monotonic() > stop or procs[1].poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        for path in pages:  # warm-up: fills the shared cache once
            status, seconds = _get(port, path, sessions[0])
            print(f"warm-up {path.split('/')[1]}: {status} in {seconds:.2f} s", flush=True)
            if status != 200:  # a load of refusals would measure nothing
                raise SystemExit(f"{path} answered {status} to a signed-in analyst: not loaded")
        health = _load(port, users, requests, ["/health/"], None, stop)
        load = _load(port, users, requests, pages, sessions, stop)
        again = _load(port, users, requests, pages, sessions, stop)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    base = _stats(health["/health/"])
    total = sum(len(v) for k, v in load.items() if k != "_elapsed")
    print(
        f"{vendor}, {users} users × {requests} requests, "
        f"{env.get('CPMONITOR_WEB_WORKERS', 'default')} workers",
        flush=True,
    )
    print(
        f"  /health/: p50 {base['p50'] * 1000:.0f} ms, p95 {base['p95'] * 1000:.0f} ms, "
        f"max {base['max'] * 1000:.0f} ms, {base['errors']} errors, "
        f"{base['n'] / health['_elapsed'][0]:.0f} req/s",
        flush=True,
    )
    out["health"] = base
    for path in pages:
        s = _stats(load[path])
        name = path.split("/")[1]
        out[name] = s
        print(
            f"  {name}: p50 {s['p50'] * 1000:.0f} ms, p95 {s['p95'] * 1000:.0f} ms, "
            f"max {s['max'] * 1000:.0f} ms, {s['errors']} errors of {s['n']}; "
            f"× /health/: p50 {s['p50'] / base['p50']:.1f}, p95 {s['p95'] / base['p95']:.1f}",
            flush=True,
        )
    every = [x for p in pages for x in load[p]]
    s = _stats(every)
    out["all"] = s
    print(
        f"  all pages: p50 {s['p50'] * 1000:.0f} ms, p95 {s['p95'] * 1000:.0f} ms, max "
        f"{s['max'] * 1000:.0f} ms, {s['errors']} errors, {total / load['_elapsed'][0]:.0f} req/s "
        "(target p95 ≤ 300 ms, 0 errors)",
        flush=True,
    )
    s = _stats([x for p in pages for x in again[p]])
    out["again"] = s
    print(
        f"  the same load again (every worker has served pages): p50 {s['p50'] * 1000:.0f} ms, "
        f"p95 {s['p95'] * 1000:.0f} ms, max {s['max'] * 1000:.0f} ms, {s['errors']} errors, "
        f"{s['n'] / again['_elapsed'][0]:.0f} req/s",
        flush=True,
    )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--deadline", type=float, default=300)
    parser.add_argument("--postgres", help="a scratch PostgreSQL database to load too")
    parser.add_argument("--one", action="store_true", help="(internal) one database, here")
    args = parser.parse_args()
    if args.one:
        import json

        result = run_one(args.users, args.requests, args.workers, args.deadline)
        print(json.dumps(result))
    else:
        run(args.users, args.requests, args.workers, args.deadline, args.postgres)
