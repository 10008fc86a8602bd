"""The dashboard's and the cohort's filters as GOV.UK forms, the same pattern as every other form.

GOV.UK date inputs (day, month, year; :class:`~cpmonitor.web.conferences.forms.DateField`),
the error summary and the field's own message, the typed value kept, and no figures shown
under an error (the view renders the form alone). Links and bookmarks may still say
``?as_at=2016-08-31`` or ``?period=2015-16`` (the dashboard links to the cohort that way):
those are read into the same boxes, so a bad one is an error like any other.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms

from cpmonitor.periods import (
    Period,
    PeriodError,
    check_date,
    financial_year_containing,
    parse_period,
)

from ..conferences.forms import DateField


class OptionalDateField(DateField):
    """A GOV.UK date that may be left blank (``None``)."""

    def __init__(self, *, label: str, help_text: str = ""):
        super().__init__(label=label, help_text=help_text)
        self.required = False

    def clean(self, value):
        if not value or not any(str(v or "").strip() for v in value):
            return None
        day = self.compress(value)
        try:
            return check_date(day, "The date")
        except PeriodError as exc:  # 9999-12-31 and the like: an answer, not an error page
            raise forms.ValidationError(str(exc)) from None


def _boxes(data, name: str, day: date | None, typed: str = "") -> None:
    """Put ``day`` (or, when the text was not a date, the text as typed) into the boxes."""
    parts = (day.day, day.month, day.year) if day else ("", "", typed)
    for i, part in enumerate(parts):
        data[f"{name}_{i}"] = str(part)


def _untouched(data, name: str) -> bool:
    return not any(data.get(f"{name}_{i}") for i in range(3))


def date_text_into_boxes(query, name: str):
    """A copy of ``query`` with a date sent as one text (``?as_at=2016-08-31`` from a link or
    a bookmark, or 31/08/2016 as people write it) read into the GOV.UK date's three boxes, so
    that a bad one is an error like any other; boxes already sent are left as they are."""
    data = query.copy()
    text = data.get(name, "").strip()
    if text and _untouched(data, name):
        parts = [p for p in re.split(r"\D+", text) if p]
        if len(parts) == 3:
            day, month, year = reversed(parts) if len(parts[0]) == 4 else parts
            data[f"{name}_0"], data[f"{name}_1"], data[f"{name}_2"] = day, month, year
        else:
            _boxes(data, name, None, text)
    return data


class AsAtForm(forms.Form):
    """The dashboard: the date the year to date runs to."""

    as_at = OptionalDateField(
        label="Year to date as at",
        help_text="For example, 31 8 2016. Leave it blank for the latest return's reference date.",
    )

    @classmethod
    def from_query(cls, query) -> AsAtForm:
        return cls(date_text_into_boxes(query, "as_at"))


class ListAsAtForm(AsAtForm):
    """A list of children as at a date (the early-warning list)."""

    as_at = OptionalDateField(
        label="As at",
        help_text="For example, 31 8 2016. Leave it blank for the latest return's reference date.",
    )


class CohortPeriodForm(forms.Form):
    """The cohort: plans starting from one date up to another (both, or neither for the year
    to date at the latest return)."""

    start = OptionalDateField(label="Plans starting from", help_text="For example, 1 4 2016")
    end = OptionalDateField(label="Up to and including", help_text="For example, 31 8 2016")

    @classmethod
    def from_query(cls, query) -> CohortPeriodForm:
        data = query.copy()
        text = data.get("period", "").strip()
        form_error = None
        if text and _untouched(data, "start") and _untouched(data, "end"):
            try:
                period = parse_period(text)
            except PeriodError:
                form_error = text
            else:
                _boxes(data, "start", period.start)
                _boxes(data, "end", period.end)
        form = cls(data)
        form.link_error = form_error
        return form

    def clean(self):
        cleaned = super().clean()
        if self.link_error:
            self.add_error(
                "start",
                f"{self.link_error} is not a period: enter the dates plans start from and up to",
            )
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        if start and not end:
            self.add_error("end", "Enter the date plans start up to")
        elif end and not start:
            self.add_error("start", "Enter the date plans start from")
        elif start and end and end < start:
            self.add_error(
                "end",
                "The date plans start up to must be the same as or after the date they start from",
            )
        return cleaned

    def period(self) -> Period | None:
        """The chosen period (``None``: the default), once the form is valid."""
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not (start and end):
            return None
        year = financial_year_containing(end)
        return year if (start, end) == (year.start, year.end) else Period(start, end)
