"""The council picture (:mod:`cpmonitor.picture`) over the stored returns.

Every web page that shows a council's figures, its data-quality issues or its data's age
reads them from one :class:`~cpmonitor.picture.CouncilPicture` built here, from the tables
and history the store caches per data version; no view picks years, benchmarks or issues.
"""

from __future__ import annotations

from datetime import date

from cpmonitor.census.issues import Issue
from cpmonitor.periods import Period
from cpmonitor.picture import CouncilPicture, council_picture

from . import services
from .cache import cached

SEVERITIES = ("error", "warning", "notice")


def today() -> date:
    """The day the questions are asked about ("year to date" means to today). Tests
    replace this function to fix the day."""
    return date.today()


def stored_picture(
    la: str, period: Period | None = None, as_at: date | None = None
) -> CouncilPicture:
    """The picture for council ``la`` from its stored returns (cached tables and history).

    Its data-quality issues (the cross-return checks and DfE's rules over every stored
    return) depend only on the data, so they are computed once per data version for every
    worker process (:mod:`cpmonitor.web.store.cache`).
    """
    picture = council_picture(
        services.stored_data(la),
        la,
        period,
        as_at,
        history=services.history(la),
        today=today(),
    )
    picture.__dict__["issues"] = cached("issues", (la,), lambda: picture.issues)
    return picture


def by_severity(issues: list[Issue]) -> list[Issue]:
    """The issues most serious first, otherwise in the order they were found."""
    return sorted(issues, key=lambda i: SEVERITIES.index(i.severity))
