"""One demo council everywhere: ``make demo``'s report and ``cpmonitor serve``'s app show the
same council, the same period, the same headline figure and the same Group Manager
authorisation section, and the served app's conference
record lies inside the data's period, so its oversight figures and report are not empty."""

from __future__ import annotations

from datetime import date

import pytest

from cpmonitor.census.load import load
from cpmonitor.cli import serve
from cpmonitor.cli.demo import run_demo
from cpmonitor.history import build_history
from cpmonitor.periods import parse_period
from cpmonitor.report import build_report, words, write_report
from cpmonitor.synth.conferences import demo_records
from cpmonitor.synth.demo import DEMO, sized
from cpmonitor.web.conferences import demo
from cpmonitor.web.conferences import selectors as conferences
from cpmonitor.web.reports.selectors import committee_report
from cpmonitor.web.store import services

pytestmark = pytest.mark.django_db

#: The demo council at a test's size (``make demo --children``): big enough that the year to
#: date's repeat plans are more than 5, so the published report does not suppress them.
CHILDREN = 1200


def _serve(tmp_path, children: int):
    """``cpmonitor serve``'s demo set-up: its council in its data folder, and its users."""
    serve.load_demo(tmp_path / "data" / "demo-returns", sized(children=children))
    serve.demo_users()
    return tmp_path / "data" / "demo-returns"


@pytest.fixture
def served(tmp_path):
    return _serve(tmp_path, 300)


def test_the_demo_report_and_the_served_app_show_the_same_council_and_headline(tmp_path, client_in):
    served = _serve(tmp_path, CHILDREN)
    written = run_demo(tmp_path / "out", children=CHILDREN, benchmark_files=None, formats=("html",))
    html = written[0].read_text(encoding="utf-8")
    made = sorted((tmp_path / "out" / "returns").glob("*.xml"))
    assert [p.read_bytes() for p in made] == [p.read_bytes() for p in sorted(served.glob("*.xml"))]

    r = client_in("manager", (DEMO.la,)).get(f"/dashboard/?la={DEMO.la}")
    assert r.status_code == 200
    period, m = r.context["ytd"], r.context["m"]
    assert r.context["as_at"] == DEMO.annex_a  # the Annex A extract: the year to date
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-04-01", "2026-08-31")
    assert m["repeat"] > 5  # shown in the published report, not suppressed
    headline = f"Repeat plans, {words.period_name(period)}"
    assert headline in html
    figure = html.split(headline)[1][:400]
    assert words.pct(m["percent"]) in figure
    assert f"{words.count(m['repeat'])} of the {words.count(m['plans_started'])} plans" in figure
    assert f"LA {DEMO.la}" in html and DEMO.name in html

    # the same conference record: the served app's (written into its database, with the
    # Group Manager's queue made on 1 December, after the period) and make demo's report's
    team = demo.demo_team(DEMO.la)
    assert demo.demo_requests(team, date(2026, 12, 1), DEMO.annex_a) > 4
    served_report = committee_report(DEMO.la, None, None, restricted=False, audit="")
    assert served_report.as_at == DEMO.annex_a
    served_html = write_report(served_report, tmp_path / "served.html").read_text(encoding="utf-8")
    section = _section(html, "authorisation")
    assert section == _section(served_html, "authorisation")
    figures = conferences.oversight(DEMO.la, period).totals
    cli_history = build_history(load([tmp_path / "out" / "returns"]))
    cli = demo_records(cli_history, DEMO.la, DEMO.annex_a)
    assert cli.oversight(cli_history, period, DEMO.la).totals == figures
    assert figures["requests"] == figures["authorised"] > 5  # shown, not suppressed
    assert figures["median_hours"] is not None
    assert f"asked to convene {words.in_prose(figures['requests'])} initial" in section
    assert "Conference requests and Group Manager decisions, by month" in section


def _section(html: str, key: str) -> str:
    """The report section ``key`` as HTML, from after its heading to its end."""
    start = html.index(f'id="{key}-h"')
    return html[html.index("</h2>", start) : html.index("</section>", start)]


def test_the_served_demo_has_a_conference_record_inside_the_data_period(served):
    team = demo.demo_team(DEMO.la)
    made = demo.demo_requests(team, DEMO.annex_a.replace(month=12, day=1), DEMO.annex_a)
    assert made > 4  # the record, then the four waiting now
    last_year = conferences.oversight(DEMO.la, parse_period("2025-26"))
    # every conference the returns show for a child with a previous plan was asked for and
    # authorised, but one
    assert last_year.totals["repeat_conferences"] > 1
    assert last_year.totals["without_authorisation"] == 1
    assert last_year.totals["authorised"] == last_year.totals["requests"] > 0
    assert last_year.totals["not_needing"] == 0
    this_year = conferences.oversight(DEMO.la, parse_period("2026-04-01..2026-08-31"))
    assert this_year.totals["authorised"] > 0 and this_year.totals["median_hours"] is not None
    records = conferences.report_records(DEMO.la)
    report = build_report(  # restricted: counts of 1 to 5 are not suppressed
        services.census_data(DEMO.la), DEMO.la, authorisations=records, publish=False
    )
    assert report.as_at == DEMO.annex_a
    table = report.table("authorisations")
    total = next(row for row in table.rows if row[0] == "Total")
    assert total[1] == this_year.totals["requests"] > 0
