"""gunicorn's configuration for cpmonitor, from the environment (``docs/web.md``).

Production: ``gunicorn -c python:cpmonitor.web.gunicorn_conf cpmonitor.web.wsgi:application``
(with ``python -m cpmonitor.web db_worker`` beside it for background work);
``cpmonitor serve`` runs the same configuration. gunicorn (a pre-fork WSGI server, the one
Django's deployment guide lists first) rather than an ASGI server: the app is synchronous
Django, and each worker process keeps its own database connection and caches nothing that
other processes need (shared caches live in Django's cache, see ``settings.CACHES``).

- ``CPMONITOR_WEB_BIND``: address:port (default ``127.0.0.1:8000``)
- ``CPMONITOR_WEB_WORKERS``: worker processes (default 2 per core, at least 2)
- ``CPMONITOR_WEB_THREADS``: threads per worker (default 4; the ``gthread`` worker)
- ``CPMONITOR_WEB_TIMEOUT``: seconds before a silent worker is restarted (default 120)
- ``CPMONITOR_WEB_ACCESS_LOG=1``: log each request (method, URL pattern-free path, status)
"""

from __future__ import annotations

import os


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {text!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be 1 or more, not {value}")
    return value


bind = [os.environ.get("CPMONITOR_WEB_BIND", "127.0.0.1:8000")]
workers = _int("CPMONITOR_WEB_WORKERS", max(2, 2 * _cores()))
threads = _int("CPMONITOR_WEB_THREADS", 4)
worker_class = "gthread"
timeout = _int("CPMONITOR_WEB_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# Uploads of returns are large; the request line and headers are not.
limit_request_line = 8190
accesslog = "-" if os.environ.get("CPMONITOR_WEB_ACCESS_LOG") == "1" else None
errorlog = "-"
loglevel = "info"
# No gunicornc control socket (gunicorn 25.1+ makes one in $HOME by default, one path for
# every instance of the user's).
control_socket_disable = True
# Each worker sets Django up itself: nothing is imported into the master and then forked.
preload_app = False


def post_worker_init(worker) -> None:
    """Each worker loads every view and template before its first request
    (:func:`cpmonitor.web.wsgi.warm_up`): no visitor waits for a cold worker."""
    from cpmonitor.web.wsgi import warm_up

    warm_up()


raw_env = [
    f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'cpmonitor.web.settings')}"
]
