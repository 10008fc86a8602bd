"""Project-level pages: home (sends each role to its first page), health, error pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader

from .permissions import has_capability

#: Where each capability's holders land after signing in, first match wins: where their
#: work is (a Group Manager's decisions waiting, an auditor's audits, the others' figures).
LANDING = (
    ("decide_conference_requests", "conferences:queue"),
    ("run_audits", "audits:index"),
    ("view_figures", "dashboard:index"),
    ("raise_conference_requests", "conferences:mine"),
    ("upload_returns", "uploads:index"),
    ("administer", "accounts:access_log"),
)


def home(request):
    """Send the user to the first page their roles allow, or explain they have none."""
    for capability, url_name in LANDING:
        if has_capability(request.user, capability):
            return redirect(url_name)
    return render(request, "no_role.html")


def health(request):
    """Liveness check for a load balancer: no data, no sign-in."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500: rendered without the request context, so nothing about the request can leak."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
