"""WSGI entry point: ``cpmonitor.web.wsgi:application``."""

import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpmonitor.web.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Load, before a worker process takes its first request, what a first request would
    otherwise load while someone waits: the URL configuration (every view and what it
    imports) and its reverse index (every page's menu links are reversed: building it took a
    page's first request 40 ms), every template (compiled once into Django's cached
    template loader) and the code's digest that every shared-cache key holds
    (:func:`~cpmonitor.web.shared_cache.code_version`, some 20 ms of reading cpmonitor's
    files). Nothing is read from the database or the shared cache: a page takes
    what it needs of the data, a small part, when it is asked for (docs/web.md).

    Called by gunicorn's ``post_worker_init`` hook (:mod:`cpmonitor.web.gunicorn_conf`).
    """
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import NoReverseMatch, get_resolver, reverse

    from .shared_cache import code_version

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view module
    for namespace, (_prefix, included) in resolver.namespace_dict.items():
        # one name of each namespace reversed indexes it (and its prefix's resolver)
        name = next((n for n in included.reverse_dict if isinstance(n, str)), None)
        with contextlib.suppress(NoReverseMatch):  # one taking arguments: indexed all the same
            reverse(f"{namespace}:{name}")
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
    code_version()
