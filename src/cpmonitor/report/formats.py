"""What the command line checks before it reads any return: the report's file formats and
the error a report raises for bad input. A light module (no polars, no measures), so that
``cpmonitor report`` starts reading at once and imports the report's code beside the
reading (:mod:`.warm`)."""

from __future__ import annotations

#: the file suffixes a report can be written to (the format is chosen by the suffix)
FORMATS = (".html", ".pdf", ".docx", ".xlsx")


class ReportError(ValueError):
    """The report cannot be made from what was given (message for the user)."""
