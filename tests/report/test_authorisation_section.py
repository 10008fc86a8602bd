"""The report's Group Manager authorisation section: only with records; suppressed when published."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from builders import make_data, plan, s47
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.disclosure import is_small
from cpmonitor.measures.authorisation import (
    EVENT_SCHEMA,
    REQUEST_SCHEMA,
    AuthorisationRecords,
)
from cpmonitor.periods import Period
from cpmonitor.report import build_report, write_report
from cpmonitor.report.sections.authorisation import PARTS

PERIOD = Period(date(2016, 4, 1), date(2016, 7, 31))
TODAY = date(2016, 8, 1)


def data():
    plans = [plan(f"F{i:02}", f"2016-{4 + i % 4:02}-10", prev=0, year=2017) for i in range(20)]
    plans += [
        plan("A", "2015-05-01", "2015-12-01", prev=0, year=2016),
        plan("A", "2016-06-15", prev=1, year=2017),
        plan("B", "2014-05-01", "2015-01-20", prev=0, year=2015),
        plan("B", "2016-07-20", prev=1, year=2017),
    ]
    section47 = [
        s47("A", "2016-06-01", "2016-06-15", year=2017),
        s47("B", "2016-07-04", "2016-07-20", year=2017),
    ]
    return make_data(plans, section47=section47)


def records() -> AuthorisationRecords:
    """June: 8 requests, 2 needing none, 6 authorised after 2, 4 … 12 hours (A's among
    them); July: B's request, declined after 20 hours."""
    raised = datetime(2016, 6, 5, 9, tzinfo=UTC)
    requests, events = [], []
    for i in range(8):
        needs = i < 6
        child = "A" if i == 0 else f"K{i}"
        start = date(2016, 6, 1)
        requests.append((i + 1, "335", child, raised + timedelta(days=i), start, needs))
        events.append((i + 1, 1, raised + timedelta(days=i), "raised" if needs else "not_required"))
        if needs:
            events.append((i + 1, 2, raised + timedelta(days=i, hours=2 * (i + 1)), "authorised"))
    july = datetime(2016, 7, 5, 9, tzinfo=UTC)
    requests.append((9, "335", "B", july, date(2016, 7, 4), True))
    events += [(9, 1, july, "raised"), (9, 2, july + timedelta(hours=20), "declined")]
    req = pl.DataFrame(requests, schema=REQUEST_SCHEMA, orient="row")
    ev = pl.DataFrame([(*e, None) for e in events], schema=EVENT_SCHEMA, orient="row")
    return AuthorisationRecords(req, ev, rule_from=date(2016, 4, 1), today=TODAY)


def section(publish: bool, with_records: bool = True):
    rep = build_report(
        data(),
        "335",
        period=PERIOD,
        publish=publish,
        store=None,
        compare_published=False,
        today=TODAY,
        authorisations=records() if with_records else None,
    )
    return rep, next((s for s in rep.sections if s.key == "authorisation"), None)


@pytest.fixture(autouse=True)
def _no_benchmarks(tmp_path, monkeypatch):
    monkeypatch.setenv("CPMONITOR_DATA_DIR", str(tmp_path))


def test_no_records_no_section():
    _rep, found = section(publish=True, with_records=False)
    assert found is None


def test_restricted_shows_the_hand_worked_figures():
    rep, found = section(publish=False)
    table = rep.table("authorisations")
    rows = {r[0]: r for r in table.rows}
    labels = [c.label for c in table.columns]
    june = dict(zip(labels, rows["Jun 2016"], strict=True))
    assert (june["Requests"], june["Not needing authorisation"], june["Authorised"]) == (8, 2, 6)
    assert (june["Median hours to decision"], june["90th percentile hours"]) == (7.0, 11.0)
    assert (
        june["Conferences, child with a previous plan"],
        june["Without a recorded authorisation"],
    ) == (1, 0)
    july = dict(zip(labels, rows["Jul 2016"], strict=True))
    assert (july["Declined"], july["Without a recorded authorisation"]) == (1, 1)
    total = dict(zip(labels, rows["Total"], strict=True))
    # hours 2, 4, 6, 8, 10, 12, 20: median 8; 90th percentile 12 + 0.4 × 8 = 15.2
    assert (
        total["Requests"],
        total["Median hours to decision"],
        total["90th percentile hours"],
    ) == (9, 8.0, 15.2)
    assert rows["Apr 2016"][1] == 0
    listed = rep.table("unauthorised_conferences")
    assert listed.rows == [["B", date(2016, 7, 20), "DateOfInitialCPC (section 47)", 1, 1]]
    text = " ".join(b.text for b in found.blocks if hasattr(b, "text"))
    assert "asked to convene 9 initial child protection conferences" in text
    assert "7 were for a child who had had a child protection plan before" in text
    assert "6 authorised, 1 declined" in text


def test_published_suppresses_small_numbers_and_lists_no_child():
    rep, found = section(publish=True)
    table = rep.table("authorisations")
    labels = [c.label for c in table.columns]
    rows = {r[0]: dict(zip(labels, r, strict=True)) for r in table.rows}
    restricted = {
        r[0]: dict(zip(labels, r, strict=True))
        for r in section(publish=False)[0].table("authorisations").rows
    }
    for key, row in rows.items():
        for label, value in row.items():
            if isinstance(restricted[key][label], int) and is_small(restricted[key][label]):
                assert value == C, (key, label)
    # no total shows with exactly one hidden part (it could be worked out)
    names = {
        "requests": "Requests",
        "not_needing": "Not needing authorisation",
        "needing": "Needing authorisation",
        "authorised": "Authorised",
        "declined": "Declined",
        "open": "Still open",
        "withdrawn": "Withdrawn",
    }
    for row in rows.values():
        for parts, total in PARTS[:2]:
            members = [row[names[p]] for p in parts] + [row[names[total]]]
            assert sum(m == C for m in members) != 1
    assert rows["Jul 2016"]["Median hours to decision"] == C  # one decision behind it
    assert rows["Jun 2016"]["Median hours to decision"] == 7.0  # six behind it
    with pytest.raises(KeyError):
        rep.table("unauthorised_conferences")


def test_the_section_renders_in_every_format(tmp_path):
    rep, _found = section(publish=True)
    for ext in ("html", "docx", "xlsx"):
        path = write_report(rep, tmp_path / f"report.{ext}")
        assert path.stat().st_size > 0
    html = (tmp_path / "report.html").read_text()
    assert "Group Manager authorisation of conferences" in html
    assert (
        "LAchildID"
        not in html.split("Group Manager authorisation of conferences")[1].split("</section>")[0]
    )
