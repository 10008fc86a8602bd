"""The web app reads the council picture: validate's issues, the data's age, the synthetic mark,
and what an upload replaces and changes (issue 9)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from web_returns import KIDS_2017, TROUBLED_2016, TROUBLED_2017, Kid, Plan, cin_xml

from cpmonitor.census.load import load
from cpmonitor.rules import validation_issues
from cpmonitor.web.store import pictures, services
from cpmonitor.web.uploads import jobs
from cpmonitor.web.uploads.models import UploadJob


def _write(folder: Path, la: str, returns: dict[int, list[Kid]], mark: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    for year, kids in returns.items():
        text = cin_xml(la, year, kids)
        if mark is not None:
            text = text.replace("<SoftwareCode>cpmonitor tests</SoftwareCode>", mark)
        (folder / f"cin_{la}_{year}.xml").write_text(text)
    return sorted(folder.glob("*.xml"))


def _import(files):
    hashes = {str(f): services.file_sha256(f) for f in files}
    return services.import_census(load(files), hashes=hashes)


def _validate(files) -> list[tuple]:
    """What ``cpmonitor validate`` reports for the files: the reader's, the cross-return checks'
    and DfE's rules' issues."""
    data = load(files)
    return [
        (Path(i.file).name, i.line, i.child, i.code, i.severity, i.message)
        for i in validation_issues(data)
    ]


@pytest.fixture
def client_as(client_in):
    """Signed in as a user of LA 998's council, as well as the usual test councils."""
    return lambda role: client_in(role, ("998", "999", "335"))


@pytest.fixture
def troubled(db, tmp_path):
    """LA 998's two returns that contradict each other, imported."""
    files = _write(tmp_path / "troubled", "998", {2016: TROUBLED_2016, 2017: TROUBLED_2017})
    _import(files)
    return files


@pytest.mark.django_db
def test_the_data_quality_page_lists_exactly_what_validate_finds(client_as, troubled):
    expected = _validate(troubled)
    codes = {code for _f, _l, _c, code, _s, _m in expected}
    assert {"overlapping-plans", "previous-plans-below-history", "plan-ends-before-start"} <= codes
    r = client_as("analyst").get("/data-quality/?la=998")
    shown = [(i.file, i.line, i.child, i.code, i.severity, i.message) for i in r.context["page"]]
    assert sorted(shown, key=repr) == sorted(expected, key=repr)
    assert b"No issues." not in r.content
    by_code = {(x["severity"], x["code"]): x["n"] for x in r.context["by_code"]}
    assert by_code == Counter((s, code) for _f, _l, _c, code, s, _m in expected)
    errors = client_as("manager").get("/data-quality/?la=998&severity=error").context["page"]
    own = {i.code for i in errors if not i.code.startswith("dfe-")}
    assert own == {"overlapping-plans", "plan-ends-before-start"}


@pytest.mark.django_db
def test_the_dashboard_counts_the_same_issues_as_validate(client_as, troubled):
    expected = Counter(severity for *_rest, severity, _m in _validate(troubled))
    r = client_as("manager").get("/dashboard/?la=998")
    counts = {k: v for k, v in r.context["issue_counts"].items() if v}
    assert counts == dict(expected) and expected["error"] >= 2
    assert counts == {k: v for k, v in pictures.stored_picture("998").issue_counts.items() if v}
    page = r.content.decode()
    assert f"{expected['error']} errors" in page and "No issues" not in page


@pytest.mark.django_db
def test_a_year_to_date_asked_about_today_past_the_data_is_warned_about(
    client_as, troubled, monkeypatch
):
    monkeypatch.setattr(pictures, "today", lambda: date(2018, 12, 1))
    c = client_as("manager")
    page = c.get("/dashboard/?la=998").content.decode()
    assert "Data to <strong>31 March 2017, 20 months before 1 December 2018</strong>" in page
    assert "The returns loaded run to 31 March 2017" in page
    assert "for 1 December 2018 cannot include anything after that date" in page
    # a question about a day inside the data is not warned about
    inside = c.get("/dashboard/?la=998&as_at=2016-08-31").content.decode()
    assert "cannot include anything after that date" not in inside
    # on the day of the latest return, nothing is past the data
    monkeypatch.setattr(pictures, "today", lambda: date(2017, 3, 31))
    today = c.get("/dashboard/?la=998").content.decode()
    assert "cannot include anything after that date" not in today
    assert "31 March 2017, today" in today


@pytest.mark.django_db
def test_the_dashboard_never_sets_a_year_to_date_beside_another_years_benchmark(
    client_as, troubled
):
    r = client_as("manager").get("/dashboard/?la=998&as_at=2016-08-31")
    ytd = r.context["ytd"].label
    assert ytd == "2016-17 to 2016-08-31"
    # LA 998 has no published figures: England only, its latest whole year before 31 August 2016
    (england,) = r.context["comparators"]
    assert (england.name, england.same_period, england.label) == ("England", False, "2015-16")
    assert r.context["judgements"] == []
    assert "not the same period" in r.content.decode()
    # in the trend, England stands beside each full year with its own year's figure only
    trend = {t["label"]: t for t in r.context["trend"]}
    assert trend["2015-16"]["England"] == 17.9
    assert "England" not in trend[ytd]


@pytest.mark.django_db
def test_synthetic_returns_are_marked_on_every_page_that_shows_them(client_as, tmp_path):
    files = _write(
        tmp_path / "synth",
        "997",
        {2016: TROUBLED_2016},
        mark="<SoftwareCode>cpmonitor-synth</SoftwareCode>",
    )
    _import(files)
    assert services.census_data("997").returns[0].synthetic
    c = client_as("analyst")
    for path in ("/dashboard/", "/data-quality/", "/repeat-plans/?period=2015-16", "/reports/"):
        page = c.get(path).content.decode()
        assert "Synthetic data: the returns loaded for LA 997" in page, path
        assert '<section class="app-synthetic-banner" aria-labelledby="synthetic-title">' in page


@pytest.mark.django_db
def test_real_returns_carry_no_synthetic_banner(client_as, troubled):
    page = client_as("manager").get("/dashboard/?la=998").content.decode()
    assert not services.census_data("998").returns[0].synthetic
    assert "Synthetic data" not in page


@pytest.mark.django_db(transaction=True)
def test_the_upload_check_says_what_it_replaces_and_how_the_figures_change(client_as, loaded):
    """LA 999 is stored (2015-16: 2 repeat of 3 plans; 2016-17: 1 of 2). A corrected 2016-17
    return gives TL0005 a previous plan and adds a second 2015-16 plan for TL0001 that
    overlaps the stored one (found only with the stored returns: alone the file is clean)."""
    corrected = [
        Kid("TL0001", referral="2015-05-01", plans=[Plan("2015-11-01", None, "NEG", previous=2)]),
        *[k for k in KIDS_2017 if k.child_id != "TL0005"],
        Kid(
            "TL0005",
            birth="2010-10-10",
            referral="2016-04-20",
            plans=[Plan("2016-05-01", None, "NEG", previous=1)],
        ),
    ]
    text = cin_xml("999", 2017, corrected)
    c = client_as("analyst")
    r = c.post("/uploads/", {"files": [SimpleUploadedFile("cin_999_2017_v2.xml", text.encode())]})
    job = UploadJob.objects.latest("created")
    jobs.run_queued()  # the worker's loop, here in the test
    job.refresh_from_db()
    assert job.status == "checked", job.report
    (replaced,) = job.report["replaces"]
    assert (replaced["la"], replaced["year"], replaced["stored_file"]) == (
        "999",
        "2016-17",
        "cin_999_2017.xml",
    )
    changes = {x["year"]: x for x in job.report["changes"]}
    assert changes["2016-17"]["children"] == [3, 4]
    assert changes["2016-17"]["plans"] == [2, 2]
    assert changes["2016-17"]["repeat"] == [1, 2]
    assert changes["2016-17"]["percent"] == [50.0, 100.0]
    # the stored 2015-16 return is not replaced, but its year's figure changes too
    assert changes["2015-16"]["plans"] == [3, 4] and changes["2015-16"]["repeat"] == [2, 3]
    assert not changes["2015-16"]["uploaded"] and changes["2015-16"]["changed"]
    overlaps = [i for i in job.report["issues"] if i["code"] == "overlapping-plans"]
    assert [(i["child"], i["file"]) for i in overlaps] == [("TL0001", "cin_999_2017_v2.xml")]
    page = c.get(r["Location"]).content.decode()
    replaces = page.split('id="replaces"')[1].split("</table>")[0]
    assert "cin_999_2017.xml" in replaces and "cin_999_2017_v2.xml" in replaces
    figures = page.split('id="changes"')[1].split("</table>")[0]
    assert "50.0% → 100.0%" in figures and "66.7% → 75.0%" in figures
    assert "stored returns and these files together" in page


@pytest.mark.django_db
def test_the_dashboards_rolling_months_are_the_last_of_the_pictures_whole_series(
    client_as, troubled
):
    r = client_as("manager").get("/dashboard/?la=998")
    whole = pictures.stored_picture("998").rolling
    assert [row["end"] for row in r.context["rolling"]] == whole.get_column("period_end").to_list()[
        -24:
    ]
    assert pictures.stored_picture("998").rolling_recent.equals(whole.tail(24))


@pytest.mark.django_db
def test_the_data_quality_page_lists_one_kind_of_issue_with_the_dfe_rule_it_stands_for(
    client_as, troubled
):
    expected = _validate(troubled)
    dfe = Counter(code for _f, _l, _c, code, _s, _m in expected if code.startswith("dfe-"))
    code, n = dfe.most_common(1)[0]
    analyst = client_as("analyst")
    r = analyst.get(f"/data-quality/?la=998&code={code}")
    assert {i.code for i in r.context["page"]} == {code} and r.context["page"].paginator.count == n
    assert f"{code} issues ({n})".encode() in r.content
    row = next(x for x in r.context["by_code"] if x["code"] == code)
    assert row["what"].startswith(f"DfE {code.removeprefix('dfe-')} (")  # DfE's words, once
    own = next(x for x in r.context["by_code"] if not x["code"].startswith("dfe-"))
    assert own["what"] == ""  # cpmonitor's own issues say what is wrong in each row
    unknown = analyst.get("/data-quality/?la=998&code=no-such-code")
    assert unknown.context["code"] is None
    assert unknown.context["page"].paginator.count == len(expected)


def test_the_pages_of_a_list_keep_what_was_chosen_for_it(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(250), 100).get_page(2)
    request = rf.get("/data-quality/", {"la": "998", "code": "dfe-2885"})
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?la=998&amp;code=dfe-2885&amp;page=1"' in html
    assert 'href="?la=998&amp;code=dfe-2885&amp;page=3"' in html
