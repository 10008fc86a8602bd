"""Lines past 65,535 (libxml2 keeps an element's line in 16 bits): issues' lines are exact.

Each return is written on the fly; expected lines are found by searching the written text.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from cin_returns import child, episode, message, plan

import cpmonitor.census.reader as reader
from cpmonitor.census.reader import read_return

FILLER = 4700  # plain children: about 75,000 lines before the ones under test


def codes(data, code: str) -> list:
    return [i for i in data.issues if i.code == code]


def line_of(text: str, needle: str, after: str) -> int:
    """The 1-based line where ``needle`` first starts after ``after`` in ``text``."""
    start = text.index(needle, text.index(after))
    return text.count("\n", 0, start) + 1


@pytest.fixture
def second_passes(monkeypatch) -> list:
    """Count the calls of the second pass (the real one still runs)."""
    calls = []
    real = reader.exact_lines

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(reader, "exact_lines", counted)
    return calls


def test_a_block_and_an_empty_element_past_line_70000_get_their_exact_lines(write, second_passes):
    no_start = plan().replace("<CPPstartDate>2015-07-01</CPPstartDate>\n", "")
    last = child(
        "LAST",
        episodes=episode(no_start).replace(
            "<ReferralSource>6</ReferralSource>", "<ReferralSource/>"
        ),
    )
    last = last.replace("\n", "\n\n   ")  # blank lines and indentation between the elements
    text = message("".join(child(f"C{n}") for n in range(FILLER)) + last)
    data = read_return(write(text))
    plan_line = line_of(text, "<ChildProtectionPlans>", "LAST")
    empty_line = line_of(text, "<ReferralSource/>", "LAST")
    assert plan_line > 70_000 and empty_line > 70_000
    missing = {i.element: i for i in codes(data, "missing-item")}
    assert missing.keys() == {"CPPstartDate", "ReferralSource"}
    assert missing["CPPstartDate"].line == plan_line
    assert missing["ReferralSource"].line == empty_line
    assert codes(data, "lines-approximate") == []
    assert len(second_passes) == 1


def test_a_child_without_its_characteristics_past_line_70000_is_placed_at_its_child_tag(
    write, second_passes
):
    bare = child("BARE").replace("<ChildCharacteristics>\n<Ethnicity>WBRI</Ethnicity>\n", "")
    bare = bare.replace("</ChildCharacteristics>\n", "")
    text = message("".join(child(f"C{n}") for n in range(FILLER)) + child("NEXT") + bare)
    data = read_return(write(text))
    (issue,) = codes(data, "missing-item")
    assert issue.element == "ChildCharacteristics" and issue.child == "BARE"
    start = text.rindex("<Child>", 0, text.index("BARE"))
    assert issue.line == text.count("\n", 0, start) + 1 > 70_000
    assert codes(data, "lines-approximate") == []


def test_a_long_file_whose_issues_have_exact_lines_is_parsed_once(write, second_passes):
    text = message(
        child("FIRST", episodes=episode(referral=""))  # a blank item near the top
        + "".join(child(f"C{n}") for n in range(FILLER))
        + child("LAST", episodes=episode(referral="2015-13-01"))  # a data item: its text's line
    )
    data = read_return(write(text))
    (bad,) = codes(data, "bad-date")
    assert bad.line == line_of(text, "<CINreferralDate>2015-13-01", "LAST") > 65_535
    (blank,) = codes(data, "missing-item")
    assert blank.line == line_of(text, "<CINreferralDate>", "FIRST") < 65_535
    assert second_passes == []
    assert codes(data, "lines-approximate") == []


def test_a_valid_long_file_is_parsed_once_and_has_no_issue(write, second_passes):
    text = message("".join(child(f"C{n}") for n in range(FILLER)))
    assert text.count("\n") > 70_000
    data = read_return(write(text))
    assert data.issues == [] and second_passes == []


def test_an_unknown_element_first_seen_past_line_65535_still_says_its_line_is_approximate(
    write, second_passes
):
    text = message(
        "".join(child(f"C{n}") for n in range(FILLER)) + "<Extra>\n<Note>x</Note>\n</Extra>\n"
    )
    data = read_return(write(text))
    (unknown,) = codes(data, "unknown-element")
    assert unknown.line > 65_535 and second_passes == []
    (note,) = codes(data, "lines-approximate")
    assert note.line is None and note.message.startswith("1 issue(s) past line 65,535")


MEMORY_SCRIPT = """
import resource, sys
import cpmonitor.census.reader as reader
calls = []
real = reader.exact_lines
reader.exact_lines = lambda *a: calls.append(1) or real(*a)
reader.read_return(sys.argv[1])  # a small return: the interpreter, lxml and polars loaded
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = reader.read_return(sys.argv[2])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
(issue,) = [i for i in data.issues if i.code == "missing-item"]
print(grown // 1024, len(calls), issue.line)
"""


def test_the_second_pass_drops_what_it_has_read_as_the_first_does(write):
    small = write(message(child("A1")), "cin_small_2016.xml")
    unit = b"<Unknown><Inner>text of an element cpmonitor does not know</Inner></Unknown>\n"
    no_ethnicity = child("LAST").replace("<Ethnicity>WBRI</Ethnicity>", "")
    head, tail = message(child("A1") + "@@" + no_ethnicity).encode().split(b"@@")
    big = head + unit * (30 * 1024 * 1024 // len(unit)) + tail
    path = write(big, "cin_big_2016.xml")
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(small), str(path)],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout.split()  # fmt: skip
    grown_mb, calls, line = (int(x) for x in out)
    start = big.index(b"<ChildCharacteristics>", big.index(b"LAST"))
    assert calls == 1 and line == big.count(b"\n", 0, start) + 1 > 65_535
    assert grown_mb < 40, grown_mb


def test_a_comment_over_several_lines_inside_a_block_does_not_shift_its_line(write):
    no_start = plan().replace("<CPPstartDate>2015-07-01</CPPstartDate>\n", "")
    commented = no_start.replace(
        "<ChildProtectionPlans>\n", "<ChildProtectionPlans><!-- a note\nover\nlines -->\n"
    )
    last = child("LAST", chars="", episodes=episode(commented))
    last = last.replace("<Child>\n", "<Child><?pi a\nb?><!--\n-->\n")
    last = last.replace("<ChildCharacteristics>\n\n</ChildCharacteristics>\n", "")
    text = message("".join(child(f"C{n}") for n in range(FILLER)) + last)
    data = read_return(write(text))
    missing = {i.element: i for i in codes(data, "missing-item")}
    assert missing["CPPstartDate"].line == line_of(text, "<ChildProtectionPlans>", "LAST")
    start = text.rindex("<Child>", 0, text.index("LAST"))
    assert missing["ChildCharacteristics"].line == text.count("\n", 0, start) + 1
