"""Data-quality issues: one record per problem, located by file, line, child and element.

Issues are how bad input is reported instead of crashing or silently blanking a value.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True)
class Issue:
    """One data-quality finding.

    ``severity``: ``error`` (the value or record is wrong and was not loaded as given),
    ``warning`` (loaded, but likely wrong or affects the measures), ``notice`` (informational,
    e.g. an unknown element ignored). ``child`` is the LAchildID (``None`` for file-level).
    """

    file: str
    line: int | None
    child: str | None
    element: str | None
    severity: Severity
    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


class ReturnRejected(Exception):
    """A whole file is not a readable CIN census return; ``reason`` is one line for the user."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self):  # pickles (a parallel read returns it from a worker process)
        return (type(self), (self.file, self.reason))
