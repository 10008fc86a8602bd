"""Conference authorisation fixtures: a team with a social worker and two Group Managers."""

from __future__ import annotations

import pytest

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def people(db):
    """A team for LA 999 (the web tests' synthetic council) and who is in it."""
    from cpmonitor.web.accounts.models import Team
    from cpmonitor.web.accounts.roles import create_user

    sam = create_user("sam", PASSWORD, ["social_worker"], ("999",), email="sam@example.org")
    sue = create_user("sue", PASSWORD, ["social_worker"], ("999",), email="sue@example.org")
    gina = create_user("gina", PASSWORD, ["group_manager"], ("999",), email="gina@example.org")
    gus = create_user("gus", PASSWORD, ["group_manager"], ("999",), email="gus@example.org")
    other_gm = create_user("olga", PASSWORD, ["group_manager"], ("999",), email="olga@example.org")
    team = Team.objects.create(name="Safeguarding North", la="999")
    team.members.add(sam, sue, gina, gus)
    other = Team.objects.create(name="Safeguarding South", la="999")
    other.members.add(other_gm)
    return {
        "sam": sam,
        "sue": sue,
        "gina": gina,
        "gus": gus,
        "olga": other_gm,
        "team": team,
        "other": other,
    }


def date_boxes(name: str, day) -> dict:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def date_fields():
    return date_boxes


@pytest.fixture
def raise_request(people):
    """Raise a request through the service (as the pages do), returning it."""
    from datetime import date

    from cpmonitor.web.conferences import services

    def make(child_id="TL0002", s47=date(2017, 1, 10), user=None, **extra):
        return services.raise_request(
            user=user or people["sam"],
            team=people["team"],
            child_id=child_id,
            s47_start=s47,
            proposed_date=extra.pop("proposed", s47),
            reasons=extra.pop(
                "reasons", "Injuries seen at school; the enquiry found them not accidental"
            ),
            what_changed=extra.pop("what_changed", "New partner in the home"),
            **extra,
        )

    return make
