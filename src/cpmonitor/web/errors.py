"""Error pages that say what happened and leak nothing (no paths, no data, no stack)."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """The form expired or came from elsewhere: ask the user to go back and try again."""
    return render(request, "403_csrf.html", status=403)
