"""Security plumbing: the Content-Security-Policy header and the no-personal-data log filter."""

from __future__ import annotations

import logging
import re
import traceback

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Add ``Content-Security-Policy`` (settings.CPMONITOR_CSP) to every response, and
    ``Cache-Control: no-store`` to every page a signed-in user sees.

    Django 5.2 has no built-in CSP; the policy allows only this origin (no inline script or
    style), so GOV.UK Frontend's assets are served by the app itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CPMONITOR_CSP)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # pages about children must not stay in a shared computer's browser cache
            response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


_QUERY = re.compile(r"\?\S*")


class NoPersonalDataFilter(logging.Filter):
    """Strip what could identify a child from log records, keeping what helps an operator.

    - ``django.request``: the request path is replaced by its URL pattern
      (``children/<ref>/``) and the request object dropped, so no handler can dump it.
    - ``django.server``: query strings are cut from request lines.
    - Exceptions keep their type and stack frames; their message (which may quote data) is
      withheld. A refused or bad request (4xx: 403, 404, 400) logs one line, no traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            match = getattr(request, "resolver_match", None)
            route = f"/{match.route}" if match is not None else "(unmatched URL)"
            paths = {request.path, request.get_full_path()}
            if isinstance(record.args, tuple):
                record.args = tuple(route if a in paths else a for a in record.args)
            record.request = None
        if record.name.startswith("django.server") and isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args
            )
        if record.name == "django.request" and getattr(record, "status_code", 500) < 500:
            record.exc_info = record.exc_text = None  # a refusal is one line, not a traceback
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb))
            record.exc_text = (
                f"Traceback (most recent call last):\n{frames}{kind.__qualname__}: "
                "(message withheld: it may contain personal data)"
            )
            record.exc_info = None
        return True
