"""A small synthetic Ofsted Annex A workbook for LA 999 (the web tests' council): its file
name and its List 7 rows, written with :func:`annexa_workbooks.write_workbook`."""

from __future__ import annotations

from datetime import date

from annexa_workbooks import LIST7, list7_row

BOOK = "annex_a_999_2017-08-31.xlsx"


def list7_rows(visit_tl0005="30/08/2017"):
    """A List 7 sheet (children on a plan) for LA 999 at 31 August 2017: four children,
    one bad date."""
    return [
        ["Annex A List 7 as at 31 August 2017"],
        LIST7,
        # in the 2016-17 return too, open there: the workbook ends it
        list7_row("TL0003", "15/09/2016", end="10/07/2017", prev=1, visit="01/07/2017"),
        list7_row("TL0005", date(2016, 5, 1), prev=0, visit=visit_tl0005, team="Team B"),
        list7_row("TL0009", "2017-05-01", prev=None, visit="01/08/2017", alone="b) No"),
        list7_row("TL0010", "01/06/2017", visit="32/13/2017"),  # a bad date: an issue
    ]
