"""Unknown elements are dropped as the file is read, wherever they are and however large one is:
peak memory does not grow with them (issue 12, item 4). Measured in a fresh process by its peak
resident size."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cin_returns import child, message

SCRIPT = """
import resource, sys
from cpmonitor.census.reader import read_return
read_return(sys.argv[1])  # a small return: the interpreter, lxml and polars loaded
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = read_return(sys.argv[2])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
(unknown,) = [i for i in data.issues if i.code == "unknown-element"]
print(grown // 1024, data["children"].height, unknown.message)
"""


def test_thirty_megabytes_of_unknown_elements_between_children_add_little_memory(write):
    small = write(message(child("A1")), "cin_small_2016.xml")
    unit = b"<Unknown><Inner>text of an element cpmonitor does not know</Inner></Unknown>\n"
    head, tail = message(child("A1") + "@@" + child("A2")).encode().split(b"@@")
    times = 30 * 1024 * 1024 // len(unit)
    big = write(head + unit * times + tail, "cin_big_2016.xml")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(small), str(big)],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout.split(maxsplit=2)  # fmt: skip
    grown_mb, children, message_ = int(out[0]), int(out[1]), out[2]
    assert children == 2 and f"({times} times" in message_
    assert grown_mb < 40, grown_mb  # was about 120 MB when they were kept until the next <Child>


# One single unknown element of 100 MB: its finished content is dropped as it streams in,
# wherever it is (issue 12, item 4: peak memory bounded by a constant, not by the file).
ONE_ELEMENT = 100 * 1024 * 1024
BOUND_MB = 20  # growth of the peak resident size over a small return's: 0 MB; 496 MB before


def _one_huge_unknown_element(path, where: str) -> int:
    """Write a return holding one ``<Unknown>`` of 100 MB at ``where``; the line it opens on."""
    unit = b"<Inner>text of an element cpmonitor does not know</Inner>\n"
    if where == "between children":
        text = message(child("A1") + "@@" + child("A2"))
    elif where == "inside a child":
        text = message(child("A1") + child("A2", chars="<Ethnicity>WBRI</Ethnicity>\n@@"))
    else:  # at the top level
        text = message(child("A1") + child("A2")).replace("<Children>", "@@<Children>")
    head, tail = text.encode().split(b"@@")
    with open(path, "wb") as out:
        out.write(head + b"<Unknown>\n")
        block = unit * (1024 * 1024 // len(unit))
        for _ in range(ONE_ELEMENT // len(block)):
            out.write(block)
        out.write(b"</Unknown>\n" + tail)
    return head.count(b"\n") + 1


@pytest.mark.parametrize("where", ["between children", "inside a child", "at the top level"])
def test_one_unknown_element_of_100_megabytes_adds_little_memory_wherever_it_is(
    write, tmp_path, where
):
    small = write(message(child("A1")), "cin_small_2016.xml")
    big = tmp_path / "cin_big_2016.xml"
    line = _one_huge_unknown_element(big, where)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(small), str(big)],
        capture_output=True, text=True, check=True, timeout=600,
    ).stdout.split(maxsplit=2)  # fmt: skip
    grown_mb, children, notice = int(out[0]), int(out[1]), out[2]
    assert children == 2
    block = {"between children": "Children", "inside a child": "ChildCharacteristics"}
    assert notice.startswith(f"Unknown element <Unknown> in <{block.get(where, 'Message')}>")
    assert f"(once, first at line {line})" in notice
    assert grown_mb < BOUND_MB, grown_mb
