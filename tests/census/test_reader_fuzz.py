"""Property: whatever is done to a valid return (elements dropped, duplicated, reordered, text
changed, the file cut short), the reader only ever reports: data with issues, or the file
refused with a reason (``ReturnRejected``). Never any other exception (issue 12)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cin_returns import child, episode, header, message, plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cpmonitor.census.dataset import CensusData
from cpmonitor.census.issues import ReturnRejected
from cpmonitor.census.reader import read_return

S47 = (
    "<Section47><S47ActualStartDate>2015-06-02</S47ActualStartDate>"
    "<InitialCPCtarget>2015-06-20</InitialCPCtarget><DateOfInitialCPC>2015-06-18</DateOfInitialCPC>"
    "<ICPCnotRequired>false</ICPCnotRequired></Section47>\n"
)
VALID = message(
    child("A1", episodes=episode(S47 + plan("2015-06-18", "2016-01-10", previous="1")))
    + child("A2", episodes=episode(plan("2015-09-01", None, "EMO", previous="0"), "2015-08-20"))
    + child("A3", episodes=episode(referral="2015-11-30", nfa="1")),
    header(2016, "335"),
)
TEXTS = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "999999", "9999-12-31", "0001-01-01", "[/]", "=1+1"]),
    st.text(max_size=50),
)


def _mutate(data, root) -> None:
    elements = list(root.iter())
    el = data.draw(st.sampled_from(elements))
    op = data.draw(st.sampled_from(["drop", "duplicate", "reorder", "text", "none"]))
    parent = el.getparent()
    if op == "drop" and parent is not None:
        parent.remove(el)
    elif op == "duplicate" and parent is not None:
        parent.insert(parent.index(el), etree.fromstring(etree.tostring(el)))
    elif op == "reorder" and len(el):
        kids = list(el)
        order = data.draw(st.permutations(range(len(kids))))
        for k in kids:
            el.remove(k)
        el.extend(kids[i] for i in order)
    elif op == "text":
        el.text = "".join(c for c in data.draw(TEXTS) if c.isprintable() or c in "\t\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_return_is_read_or_refused_never_crashes(data):
    root = etree.fromstring(VALID.encode())
    for _ in range(data.draw(st.integers(1, 6))):
        _mutate(data, root)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root)
    if data.draw(st.booleans()):
        body = body[: data.draw(st.integers(0, len(body)))]  # the file cut short
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cin_2016.xml"
        path.write_bytes(body)
        try:
            result = read_return(path)
        except ReturnRejected as exc:
            assert exc.reason
        else:
            assert isinstance(result, CensusData)
            assert all(i.message for i in result.issues)


def test_the_return_mutated_is_itself_valid(tmp_path):
    path = tmp_path / "cin_2016.xml"
    path.write_text(VALID)
    data = read_return(path)
    assert data["children"].height == 3 and data["cp_plans"].height == 2
    assert [i for i in data.issues if i.severity == "error"] == []
