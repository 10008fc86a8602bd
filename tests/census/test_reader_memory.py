"""Unknown elements under <Children> are dropped as the file is read: peak memory does not
grow with them (issue 12, item 4). Measured in a fresh process by its peak resident size."""

from __future__ import annotations

import subprocess
import sys

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
