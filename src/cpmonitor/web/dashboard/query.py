"""What a dashboard page's address asks for, read one way for every page: the council
(``?la=``) and the as-at date (``?as_at=``). Views read the request here and hand the plain
values to :mod:`.selectors`."""

from __future__ import annotations

from datetime import date

from cpmonitor.periods import PeriodError, parse_date

from .. import councils
from ..store import services


def council(request) -> str | None:
    """The council chosen (``?la=``), else the user's first loaded; ``None`` when none of the
    user's councils is loaded."""
    return councils.choose(request.user, services.loaded_las(), request.GET.get("la"))


def asked_date(request) -> tuple[date | None, str | None]:
    """The as-at date asked for (``None``: none, or not a date: then the message)."""
    text = request.GET.get("as_at", "").strip()
    if not text:
        return None, None
    try:
        return parse_date(text, "The date"), None
    except PeriodError as exc:
        return None, str(exc)
