"""Dashboard and cohort filters follow the GOV.UK error pattern of every other form.

Error summary linking to the first box, the field's own message, the typed value kept, GOV.UK
date inputs (day, month, year), and no figures shown under an error.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def boxes(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def test_the_dashboard_takes_a_govuk_date_and_shows_the_year_to_date(client_as, loaded):
    r = client_as("manager").get("/dashboard/", boxes("as_at", "31", "8", "2016"))
    assert r.status_code == 200 and r.context["as_at"] == date(2016, 8, 31)
    page = r.content.decode()
    assert 'name="as_at_0" type="text" inputmode="numeric" value="31"' in page
    assert "There is a problem" not in page


def test_a_bad_dashboard_date_is_an_error_summary_with_the_typed_value_and_no_figures(
    client_as, loaded
):
    r = client_as("manager").get("/dashboard/", boxes("as_at", "31", "13", "2016"))
    page = r.content.decode()
    assert r.status_code == 400
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert '<a href="#id_as_at_0">Year to date as at must be a real date</a>' in page
    assert 'id="id_as_at_1" name="as_at_1" type="text" inputmode="numeric" value="13"' in page
    assert "govuk-form-group--error" in page
    assert "Year to date:" not in page and "app-figure" not in page  # no figures
    assert "m" not in r.context or r.context.get("m") is None


def test_a_dashboard_date_missing_its_year_says_so(client_as, loaded):
    page = client_as("manager").get("/dashboard/", boxes("as_at", "31", "8", "")).content
    assert b"Year to date as at must include a year" in page


def test_the_cohort_takes_two_govuk_dates(client_as, loaded):
    query = {**boxes("start", "1", "4", "2015"), **boxes("end", "31", "3", "2017")}
    r = client_as("manager").get("/repeat-plans/", query)
    assert {row["child_id"] for row in r.context["rows"]} == {"TL0001", "TL0002", "TL0003"}
    assert "Repeat plans: 1 April 2015 to 31 March 2017" in r.content.decode()


def test_a_census_year_link_fills_the_boxes_and_keeps_the_years_name(client_as, loaded):
    page = client_as("manager").get("/repeat-plans/?period=2016-17").content.decode()
    assert "Repeat plans: 2016-17" in page
    assert 'name="start_2" type="text" inputmode="numeric" value="2016"' in page


@pytest.mark.parametrize(
    ("query", "anchor", "message"),
    [
        (
            {**boxes("start", "1", "4", "2016"), **boxes("end", "31", "3", "2016")},
            "id_end_0",
            "The date plans start up to must be the same as or after the date they start from",
        ),
        (boxes("start", "1", "4", "2016"), "id_end_0", "Enter the date plans start up to"),
        (
            {**boxes("start", "30", "2", "2016"), **boxes("end", "31", "3", "2017")},
            "id_start_0",
            "Plans starting from must be a real date",
        ),
        ({"period": "next year"}, "id_start_0", "next year is not a period"),
    ],
)
def test_a_bad_cohort_period_is_an_error_summary_and_no_table(
    client_as, loaded, query, anchor, message
):
    r = client_as("manager").get("/repeat-plans/", query)
    page = r.content.decode()
    assert f'<a href="#{anchor}">{message}' in page
    assert r.context["rows"] == [] and "repeat plans match" not in page and "<table" not in page


def test_no_export_under_an_error(client_as, loaded):
    r = client_as("manager").get("/repeat-plans/export/?period=next+year&format=csv")
    assert r.status_code == 400
