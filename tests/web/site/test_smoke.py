"""A first walk through the pages with data loaded."""

import pytest


@pytest.mark.django_db
def test_pages_render_with_data(client_as, loaded):
    c = client_as("manager")
    r = c.get("/dashboard/")
    assert r.status_code == 200, r.content[:2000]
    assert b"Repeat child protection plans" in r.content
    r = c.get("/repeat-plans/?period=2015-16")
    assert r.status_code == 200
    assert b"TL0001" in r.content
