"""WSGI entry point: ``cpmonitor.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Load, before a worker process takes its first request, what a first request would
    otherwise load while someone waits: the URL configuration (every view and what it
    imports), every template (compiled once into Django's cached template loader), and the
    timeline's index of each council the shared cache already holds one for
    (:func:`~cpmonitor.web.dashboard.selectors.keep_timelines_ready`; nothing is computed).

    Called by gunicorn's ``post_worker_init`` hook (:mod:`cpmonitor.web.gunicorn_conf`). A
    database not yet migrated, or not reachable, only means nothing is taken: the worker
    starts, and its pages say what is wrong.
    """
    from django.conf import settings
    from django.db import DatabaseError, connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
    from cpmonitor.web.dashboard.selectors import keep_timelines_ready

    try:
        keep_timelines_ready()
    except DatabaseError:
        pass
    finally:
        connections.close_all()  # each request thread opens its own
