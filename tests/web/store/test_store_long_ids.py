"""An LAchildID longer than the specification allows is kept on import (on SQLite and
PostgreSQL, whose varchar length is enforced) and reported; one too long to store is refused
with a sentence, never a database error."""

from __future__ import annotations

import pytest
from web_returns import Kid, Plan, cin_xml

from cpmonitor.census.reader import read_return
from cpmonitor.web.store import services
from cpmonitor.web.store.models import CHILD_ID_STORED, TABLE_MODELS, ChildRef, DataIssue

pytestmark = pytest.mark.django_db


def _read(tmp_path, *ids: str):
    kids = [Kid(i, plans=[Plan("2015-07-01", previous=1)]) for i in ids]
    path = tmp_path / "cin_335_2016.xml"
    path.write_text(cin_xml("335", 2016, kids))
    return read_return(path)


@pytest.mark.parametrize("length", [42, 300])
def test_a_long_child_id_is_imported_whole_and_its_issue_stored(tmp_path, length):
    long_id = "L" * length
    services.import_census(_read(tmp_path, "SHORT1", long_id))
    assert TABLE_MODELS["children"].objects.filter(child_id=long_id).count() == 1
    assert TABLE_MODELS["cp_plans"].objects.filter(child_id=long_id).count() == 1
    assert ChildRef.objects.filter(child_id=long_id).exists()
    stored = DataIssue.objects.get(code="child-id-too-long")
    assert stored.child == long_id and f"{length} characters" in stored.message


def test_a_child_id_too_long_to_store_refuses_the_upload_with_a_sentence(tmp_path):
    data = _read(tmp_path, "X" * (CHILD_ID_STORED + 1))
    with pytest.raises(services.ImportRefused, match="501 characters long.*correct the return"):
        services.check_importable(data)
