"""A child's timeline comes from the one part of the council's index that holds the child
(:func:`cpmonitor.web.store.services.history_part`), shared by every worker process: a new
import is never shown from the parts of the data it replaced, and a child with the same
LAchildID in two councils is shown each council's own record, to that council's users only."""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client
from web_returns import KIDS_2016, KIDS_2017, Plan, cin_xml

from cpmonitor.census.reader import read_return
from cpmonitor.web.store import services
from cpmonitor.web.store.models import ChildRef

pytestmark = pytest.mark.django_db


def _import(path, la: str, year: int, kids) -> None:
    path.write_text(cin_xml(la, year, kids))
    services.import_census(read_return(path), hashes={str(path): services.file_sha256(path)})


def _signed_in(make_user, name: str, councils: tuple[str, ...]) -> Client:
    client = Client()
    client.force_login(make_user("manager", name, councils=councils))
    return client


def test_a_replaced_return_is_shown_at_once_not_the_parts_built_before(loaded, make_user, tmp_path):
    c = _signed_in(make_user, "manager999", ("999",))
    ref = ChildRef.objects.get(la="999", child_id="TL0003").ref
    before = c.get(f"/children/{ref}/").content.decode()
    assert "15 September 2016" in before  # TL0003's second plan, from the 2016-17 return
    assert services._part_cache  # this process keeps the part it took

    # The 2016-17 return replaced: TL0003's second plan now starts on 1 October 2016.
    kids = [
        dataclasses.replace(k, plans=[Plan("2016-10-01", None, "PHY", previous=1)])
        if k.child_id == "TL0003"
        else k
        for k in KIDS_2017
    ]
    _import(tmp_path / "cin_999_2017_corrected.xml", "999", 2017, kids)
    after = c.get(f"/children/{ref}/")
    text = after.content.decode()
    assert "1 October 2016" in text and "Physical abuse" in text
    assert "15 September 2016" not in text

    services._part_cache.clear()  # another worker process, with only the shared cache
    services._history_cache.clear()
    assert c.get(f"/children/{ref}/").context["events"] == after.context["events"]


def test_the_same_lachildid_in_two_councils_is_each_councils_own_record(
    loaded, make_user, tmp_path
):
    # LA 998 has a TL0001 too, referred a year later: the same part number, another council.
    other = [dataclasses.replace(k, referral="2016-01-11") for k in KIDS_2016]
    _import(tmp_path / "cin_998_2016.xml", "998", 2016, other)
    ours = ChildRef.objects.get(la="999", child_id="TL0001").ref
    theirs = ChildRef.objects.get(la="998", child_id="TL0001").ref
    c998 = _signed_in(make_user, "manager998", ("998",))
    c999 = _signed_in(make_user, "manager999", ("999",))

    shown_998 = c998.get(f"/children/{theirs}/").content.decode()  # LA 998's part built first
    shown_999 = c999.get(f"/children/{ours}/").content.decode()
    assert "11 January 2016" in shown_998 and "1 May 2015" not in shown_998
    assert "1 May 2015" in shown_999 and "11 January 2016" not in shown_999
    assert c999.get(f"/children/{theirs}/").status_code == 404  # another council's child
    assert c998.get(f"/children/{ours}/").status_code == 404
