"""The clean readers (census/clean.py) give exactly what the general path gives: the same seven
tables and the same issues, in the same order, on clean returns and on any mutated one; and a
clean return is read by them alone (issue 11: the single-process reader's speed)."""

from __future__ import annotations

import importlib.util
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from cin_returns import child, episode, header, message, plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cpmonitor.census.clean import CleanBlocks
from cpmonitor.census.issues import ReturnRejected
from cpmonitor.census.reader import _ReturnReader, read_return

REPO = Path(__file__).resolve().parents[2]
#: each clean reader and the general path's reader of the same block
PAIRS = {
    "read_child": "check_child",
    "read_episode": "check_episode",
    "read_assessment": "check_assessment",
    "read_cin_plan": "check_cin_plan",
    "read_section47": "check_section47",
    "read_plan": "check_plan",
    "read_reviews": "check_reviews",
}

ASSESSMENT = (
    "<Assessments><AssessmentActualStartDate>2015-05-02</AssessmentActualStartDate>"
    "<AssessmentAuthorisationDate>2015-05-20</AssessmentAuthorisationDate>"
    "<FactorsIdentifiedAtAssessment><AssessmentFactors>2B</AssessmentFactors>"
    "<AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\n"
)
S47 = (
    "<Section47><S47ActualStartDate>2015-06-02</S47ActualStartDate>"
    "<InitialCPCtarget>2015-06-20</InitialCPCtarget><DateOfInitialCPC>2015-06-18</DateOfInitialCPC>"
    "<ICPCnotRequired>0</ICPCnotRequired></Section47>\n"
)
CIN_PLAN = "<CINPlanDates><CINPlanStartDate>2015-07-01</CINPlanStartDate></CINPlanDates>\n"


def example(year: int) -> str:
    """A clean return of census ``year`` using every block."""
    sex = "<Sex>F</Sex>" if year >= 2025 else "<GenderCurrent>2</GenderCurrent>"
    seen = "<SeenSocialWorker>1</SeenSocialWorker>" if year <= 2016 else ""
    plans = CIN_PLAN if year >= 2022 else ""
    return message(
        child("A1", sex=sex, episodes=episode(ASSESSMENT + S47 + plan("2015-06-18")))
        + child(
            "A2",
            sex=sex,
            ids="<UPN>A123456789012</UPN>",
            chars="<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability>"
            "</Disabilities>",
            episodes=episode(plans + plan("2015-09-01", None, "EMO", extra=seen), "2015-08-20"),
        )
        + child("A3", sex=sex, episodes=episode(referral="2015-11-30", nfa="1")),
        header(year, "335"),
    )


def outcome(path: Path) -> tuple:
    try:
        data = read_return(path)
    except ReturnRejected as exc:
        return ("refused", exc.reason)
    tables = {name: table.to_dict(as_series=False) for name, table in data.tables.items()}
    return ("read", tables, data.issues, data.returns)


def general_path_outcome(path: Path) -> tuple:
    """What the reader makes of ``path`` with every block read by the general path."""
    with pytest.MonkeyPatch.context() as mp:
        for clean, general in PAIRS.items():
            mp.setattr(CleanBlocks, clean, getattr(_ReturnReader, general))
        return outcome(path)


def general_path_calls(path: Path) -> Counter:
    """How often each block went to the general path while ``path`` was read."""
    calls: Counter = Counter()
    with pytest.MonkeyPatch.context() as mp:
        for general in PAIRS.values():
            method = getattr(_ReturnReader, general)

            def counted(self, *args, _method=method, _name=general):
                calls[_name] += 1
                return _method(self, *args)

            mp.setattr(_ReturnReader, general, counted)
        read_return(path)
    return calls


@pytest.mark.parametrize("year", [2016, 2017, 2022, 2025])
def test_a_clean_return_read_again_goes_through_the_clean_readers_alone(write, year):
    path = write(example(year), f"cin_{year}.xml")
    assert read_return(path).issues == []  # (the first reading learns the texts)
    assert general_path_calls(path) == Counter()


@pytest.mark.parametrize("year", [2016, 2017, 2022, 2025])
def test_the_clean_readers_give_the_general_paths_tables_on_a_clean_return(write, year):
    path = write(example(year), f"cin_{year}.xml")
    assert outcome(path) == general_path_outcome(path)


def test_the_benchmark_return_gives_the_same_tables_both_ways(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_ingest", REPO / "perf" / "ingest.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = bench.synthetic_return(tmp_path / "cin_2023.xml", children=300, seed=11)
    assert outcome(path) == general_path_outcome(path)
    assert general_path_calls(path) == Counter()


def test_the_peer_samples_give_the_same_tables_and_issues_both_ways(peer_samples):
    for path in sorted(peer_samples.rglob("*.xml")):
        assert outcome(path) == general_path_outcome(path), path


TEXTS = st.sampled_from(
    [None, "", " ", "0", "1", "true", "x", "-1", "2015-13-01", " 2015-06-01 ", "9999-12-31",
     "n1", "rc9", "neg", "1a", "24A", "18A", "M", "u", "9", "NONE"]
)  # fmt: skip
NAMES = st.sampled_from(
    ["PreProceedingsandFGDM", "Sex", "GenderCurrent", "SeenSocialWorker", "CINPlanDates",
     "Reviews", "Disability", "LAchildID", "DateOfInitialCPC", "Assessments"]
)  # fmt: skip


def _mutate(data, root) -> None:
    elements = list(root.iter())
    el = data.draw(st.sampled_from(elements))
    parent = el.getparent()
    op = data.draw(
        st.sampled_from(["drop", "repeat", "text", "tail", "rename", "add", "nest", "move"])
    )
    if op == "drop" and parent is not None:
        parent.remove(el)
    elif op == "repeat" and parent is not None:
        parent.insert(parent.index(el), etree.fromstring(etree.tostring(el, with_tail=False)))
    elif op == "text":
        el.text = data.draw(TEXTS)
    elif op == "tail" and parent is not None:
        el.tail = data.draw(st.sampled_from([" stray ", "x", "\n"]))
    elif op == "rename" and parent is not None:
        el.tag = data.draw(NAMES)
    elif op == "add":
        etree.SubElement(el, data.draw(NAMES)).text = data.draw(TEXTS)
    elif op == "nest" and parent is not None:
        etree.SubElement(el, "Unknown").text = "1"
    elif op == "move" and parent is not None:
        target = data.draw(st.sampled_from(elements))
        if target is not el and el not in target.iterancestors():
            target.append(el)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_return_gives_the_same_tables_and_issues_both_ways(data):
    year = data.draw(st.sampled_from([2016, 2017, 2022, 2025]))
    root = etree.fromstring(example(year).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(data, root)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if data.draw(st.booleans()):
        body = body.replace(b"\n", b"")  # no line breaks: all on one line
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"cin_{year}.xml"
        path.write_bytes(body)
        clean = outcome(path)
        assert clean == general_path_outcome(path)


def _one_edit(root, index: int, op: str) -> bool:
    """Apply edit ``op`` to the ``index``-th element of ``root``; False if it does not apply."""
    el = list(root.iter())[index]
    parent = el.getparent()
    if parent is None:
        return False
    if op == "drop":
        parent.remove(el)
    elif op == "repeat":
        el.addnext(etree.fromstring(etree.tostring(el, with_tail=False)))
    elif op == "empty":
        el.text = None
    elif op == "bad":
        el.text = "x"
    elif op == "tail":
        el.tail = " stray "
    elif op == "unknown":
        el.tag = "PreProceedingsandFGDM"
    return True


@pytest.mark.parametrize("year", [2016, 2025])
def test_every_single_edit_of_every_element_gives_the_same_tables_and_issues_both_ways(
    tmp_path, year
):
    text = example(year).encode()
    count = len(list(etree.fromstring(text).iter()))
    different = []
    for index in range(count):
        for op in ("drop", "repeat", "empty", "bad", "tail", "unknown"):
            root = etree.fromstring(text)
            if not _one_edit(root, index, op):
                continue
            path = tmp_path / f"cin_{year}.xml"
            path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
            if outcome(path) != general_path_outcome(path):
                different.append((index, op))
    assert different == []
