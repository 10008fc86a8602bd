"""The reads a report job needs: the core's committee report from the stored returns."""

from __future__ import annotations

from datetime import date

from cpmonitor.periods import Period

from ..audits import selectors as audits
from ..conferences.selectors import report_records as conference_records
from ..store import services


def committee_report(
    la: str,
    period: Period | None,
    as_at: date | None,
    restricted: bool,
    audit: str,
):
    """The core's committee report (:func:`cpmonitor.report.build_report`) for ``la`` from
    its stored returns, with its conference authorisations and the case audit chosen
    (``audit``: its id as sent, blank for none); published unless ``restricted``. Raises
    :class:`~cpmonitor.report.ReportError` with a message for the user."""
    from cpmonitor.report import build_report

    return build_report(
        services.census_data(la),
        la,
        period=period,
        as_at=as_at,
        publish=not restricted,
        authorisations=conference_records(la),
        audit=audits.for_report(audit, la),
    )
