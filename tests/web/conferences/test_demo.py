"""``cpmonitor serve``'s conference demo: a team, and requests on synthetic children."""

from __future__ import annotations

from datetime import date

import pytest

from cpmonitor.cli import serve
from cpmonitor.web.conferences import demo, selectors
from cpmonitor.web.conferences.models import ConferenceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_council(tmp_path):
    from cpmonitor import synth
    from cpmonitor.census.load import load
    from cpmonitor.web.store.services import import_census

    sim = synth.simulate(children=300, years=range(2015, 2018), profile=synth.DEMO_PROFILE)
    synth.write_returns(sim, tmp_path)
    import_census(load(sorted(tmp_path.glob("*.xml"))))
    return synth.DEMO_LA


def test_demo_team_and_requests(demo_council):
    serve.demo_users()
    team = demo.demo_team(demo_council)
    assert {u.username for u in team.members.all()} == {demo.WORKER, demo.MANAGER}
    assert [u.username for u in team.group_managers()] == [demo.MANAGER]
    today = date(2026, 11, 26)
    assert demo.demo_requests(team, today) == 4
    rows = {r.child_id: r for r in selectors.with_state(ConferenceRequest.objects.all())}
    states = sorted(selectors.state_of(r.last_kind) for r in rows.values())
    assert states == ["authorised", "awaiting", "awaiting", "not_required"]
    overdue = [r for r in rows.values() if r.conference_due < today]
    assert len(overdue) == 1  # started 19 working days ago
    assert demo.demo_requests(team, today) == 0  # only once
    assert demo.demo_team(demo_council).pk == team.pk
