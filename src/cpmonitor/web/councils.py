"""The council boundary: a user sees the child data of their own councils only.

Every user belongs to one or more councils (:class:`accounts.models.Council`). Every view that
shows child data (figures, the cohort and its exports, timelines, data quality, reports,
conference requests and oversight, case audits, uploads) asks this module which councils the
signed-in user may see, and treats any other council's child, request or audit as not found.
``tests/web/site/test_councils.py`` walks every URL with users of two councils.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def councils_of(user) -> frozenset[str]:
    """The LA codes of ``user``'s councils (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cpmonitor_councils", None)
    if cached is None:
        cached = frozenset(user.councils.values_list("la", flat=True))
        user._cpmonitor_councils = cached
    return cached


def visible(user, las) -> list[str]:
    """Those of ``las`` the user may see, sorted; refused outright when they have no council."""
    mine = councils_of(user)
    if not mine:
        raise PermissionDenied("no council")
    return sorted(set(las) & mine)


def choose(user, las, chosen: str | None) -> str | None:
    """``chosen`` when the user may see it and it is among ``las``, else their first; ``None``
    when none of ``las`` is theirs."""
    shown = visible(user, las)
    if chosen in shown:
        return chosen
    return shown[0] if shown else None


def not_theirs(user, las) -> str | None:
    """Why ``user`` may not import returns for ``las`` (``None`` when every one is theirs)."""
    foreign = sorted(set(las) - councils_of(user))
    if not foreign:
        return None
    return (
        f"The returns include LA {', '.join(foreign)}, which is not one of your councils: "
        "nothing was imported (an administrator can add you to that council)"
    )
