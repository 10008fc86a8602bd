"""Walking the project's URL patterns, with a sample value for each kind of URL argument
(the role matrix and the council boundary walk every URL this way)."""

from __future__ import annotations

import uuid

from django.urls import URLPattern, URLResolver

SAMPLE = {
    "ref": "0000000000000000",
    "job": uuid.UUID(int=1),
    "object_id": "1",
    "id": "1",
    "pk": "1",
    "app_label": "auth",
    "content_type_id": "1",
    "url": "nothing-here",
}


def walk_urls(patterns, namespace: str | None = None):
    """(view name, pattern) for every URL pattern under ``patterns``, namespaces joined."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if p.namespace and namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from walk_urls(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = p.name or p.lookup_str
            yield (f"{namespace}:{name}" if namespace else name), p
