"""The once-per-file part of reading a CIN census return: the prolog and the ``<Header>``.

- :func:`check_prolog` refuses what is not an XML document with a ``<Message>`` root, or that
  declares a document type, before the parser sees it.
- :class:`HeaderReader` reads ``Header/CollectionDetails`` and ``Header/Source`` and settles the
  census year and the LA (DfE *Children in need census* specification, "Header"): the LA is
  ``Source/LEA``; the year is the year of ``ReferenceDate`` when that is 31 March, else
  ``CollectionDetails/Year``; else the ``year``/``la`` given, else the file name, with a notice.
  The synthetic mark is read from ``SoftwareCode`` (:func:`.dataset.synthetic_mark`).

The per-child path is :mod:`.reader`, which builds on this module (never the other way round).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

from .dataset import YearSource
from .issues import ReturnRejected
from .spec import ELEMENTS, year_label

_PROLOG_LIMIT = 1 << 20  # the root element must start within the first MB
_CACHE_LIMIT = 100_000

_LOCAL: dict[object, str] = {}  # tag -> local name


def _local(tag: object) -> str | None:
    """Local name of an element tag (``{ns}Child`` -> ``Child``); ``None`` for non-elements."""
    if not isinstance(tag, str):
        return None
    name = tag.rpartition("}")[2]
    if len(_LOCAL) < _CACHE_LIMIT:
        _LOCAL[tag] = name
    return name


_XS_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?\s*", re.ASCII)


def parse_date(text: str) -> date | None:
    """An ``xs:date`` (``YYYY-MM-DD``, optionally with a time zone) or ``None``.

    The spec's dates are ``xs:date``: a time of day (``2016-04-01T00:00:00``) is not allowed.
    """
    m = _XS_DATE.fullmatch(text)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_COUNCILS: set[str] = set()


def _councils() -> set[str]:
    """The DfE 3-digit numbers of current and former councils (benchmarks.areas, built in)."""
    if not _COUNCILS:
        from ..benchmarks.areas import built_in_codes

        current, former = built_in_codes()
        _COUNCILS.update(current, former)
    return _COUNCILS


_PLAUSIBLE_YEARS = range(2000, 2100)  # census years; the child-level CIN census began in 2009
_FILE_FY = re.compile(r"(?<!\d)(20\d\d)[-_]?(\d\d)(?!\d)")
_FILE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def year_from_file_name(name: str) -> int | None:
    """Census year in a file name: ``cin_2015-16.xml`` -> 2016, ``CIN_2016.xml`` -> 2016.

    ``None`` when the name holds no year or several different ones.
    """
    stem = Path(name).stem
    for m in _FILE_FY.finditer(stem):
        first, second = int(m[1]), int(m[2])
        if second == (first + 1) % 100:
            return first + 1
    years = {int(y) for y in _FILE_YEAR.findall(stem)}
    return years.pop() if len(years) == 1 else None


_XML_DECL = re.compile(rb"<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def check_prolog(handle: IO[bytes], file: str) -> None:
    """Refuse what is not an XML document with a ``<Message>`` root, or that has a DOCTYPE.

    Reads up to the start of the root element: an empty file, a CSV, another XML root or a
    document type declaration (the vehicle of entity-expansion attacks) is rejected here,
    before the parser sees it.
    """
    head = handle.read(64 * 1024)
    if not head.strip():
        raise ReturnRejected(file, "the file is empty")
    encoding = "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif (m := _XML_DECL.match(head.lstrip())) is not None:
        encoding = m[1].decode("ascii")
    while True:
        try:
            text = head.decode(encoding, errors="replace")
        except LookupError:
            raise ReturnRejected(file, f"unknown character encoding {encoding!r}") from None
        root = _root_start(text)
        if root is not None or len(head) >= _PROLOG_LIMIT:
            break
        more = handle.read(64 * 1024)
        if not more:
            break
        head += more
    if root is None:
        raise ReturnRejected(file, "not an XML file (no root element found)")
    kind, name = root
    if kind == "doctype":
        raise ReturnRejected(
            file,
            "the file declares a document type (<!DOCTYPE>), which CIN census returns never "
            "do; refused for safety (entity expansion)",
        )
    if kind == "text":
        raise ReturnRejected(file, "not an XML file (it does not start with '<'; a CSV or text?)")
    if name.rpartition(":")[2] != "Message":
        raise ReturnRejected(
            file, f"the root element is <{name}>, not <Message>: not a CIN census return"
        )


def _root_start(text: str) -> tuple[str, str] | None:
    """What the prolog leads to: ("element", name), ("doctype", ""), ("text", "") or None."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\ufeff":
            i += 1
        elif c != "<":
            return ("text", "")
        elif text.startswith("<?", i):
            j = text.find("?>", i)
            if j < 0:
                return None
            i = j + 2
        elif text.startswith("<!--", i):
            j = text.find("-->", i)
            if j < 0:
                return None
            i = j + 3
        elif text.startswith("<!", i):
            return ("doctype", "")
        else:
            m = re.match(r"<([^\s/>]+)", text[i:])
            if m is None or i + len(m[0]) >= n:
                return None
            return ("element", m[1])
    return None


class HeaderReader:
    """The header's facts for one return, and the census year and LA settled from them.

    A base of :class:`.reader._ReturnReader`, which provides ``issue`` and ``note_unknown``
    (reporting) and sets the attributes below.
    """

    file: str
    year_arg: int | None
    la_arg: str | None
    header: dict[str, tuple[str, int]]  # item -> (text, line)
    collection: str | None
    la: str | None
    census_year: int | None
    year_source: YearSource | None
    seen_child: bool
    issue: Callable[..., None]
    note_unknown: Callable[..., None]

    def read_header(self, header) -> None:
        if self.seen_child:
            self.issue(
                header.sourceline,
                None,
                "Header",
                "warning",
                "header-late",
                "The header comes after the children; ignored",
            )
            return
        for block in header:
            bname = _local(block.tag)
            if bname in ("CollectionDetails", "Source"):
                for el in block:
                    name = _local(el.tag)
                    if name is None:
                        continue
                    if name not in ELEMENTS[bname]:
                        self.note_unknown(name, el, bname)
                    elif name not in self.header:
                        self.header[name] = ((el.text or "").strip(), el.sourceline)
            elif bname is not None:
                self.note_unknown(bname, block, "Header")
        if "Collection" in self.header:
            self.collection = self.header["Collection"][0]

    def settle_year(self) -> None:
        h = self.header
        header_year = None
        year_text, year_line = h.get("Year", ("", None))
        if year_text:
            if re.fullmatch(r"\d{4}", year_text) and int(year_text) in _PLAUSIBLE_YEARS:
                header_year = int(year_text)
            else:
                self.issue(
                    year_line,
                    None,
                    "Year",
                    "warning",
                    "bad-header",
                    f"Header Year {year_text[:20]!r} is not a year; ignored",
                )
        ref_text, ref_line = h.get("ReferenceDate", ("", None))
        ref = parse_date(ref_text) if ref_text else None
        if ref is not None and ref.year not in _PLAUSIBLE_YEARS:
            ref = None
        if ref_text and ref is None:
            self.issue(
                ref_line,
                None,
                "ReferenceDate",
                "warning",
                "bad-header",
                f"Header ReferenceDate {ref_text[:20]!r} is not a census date (YYYY-MM-DD); "
                "ignored",
            )
        year = None
        if ref is not None and (ref.month, ref.day) == (3, 31):
            year = ref.year
            if header_year is not None and header_year != year:
                self.issue(
                    year_line,
                    None,
                    "Year",
                    "warning",
                    "header-mismatch",
                    f"Header Year {header_year} disagrees with ReferenceDate {ref.isoformat()}; "
                    f"the return is read as {year_label(year)} (the year ending on the "
                    "ReferenceDate)",
                )
        else:
            if ref is not None:
                fallback = header_year or (ref.year + (ref.month > 3))
                self.issue(
                    ref_line,
                    None,
                    "ReferenceDate",
                    "warning",
                    "header-reference-date",
                    f"Header ReferenceDate {ref.isoformat()} is not 31 March; the return is "
                    f"read as {year_label(fallback)}"
                    + (" (from Year)" if header_year else " (the year containing it)"),
                )
                year = fallback
            else:
                year = header_year
        if year is not None:
            self.census_year, self.year_source = year, "header"
            if self.year_arg is not None and self.year_arg != year:
                self.issue(
                    None,
                    None,
                    "Year",
                    "warning",
                    "year-mismatch",
                    f"The header says {year_label(year)} but {year_label(self.year_arg)} was "
                    "given; the header is used",
                )
            return
        if self.year_arg is not None:
            if self.year_arg not in _PLAUSIBLE_YEARS:
                raise ReturnRejected(
                    self.file, f"{self.year_arg} is not a census year (e.g. 2016 for 2015-16)"
                )
            self.census_year, self.year_source = self.year_arg, "--year"
        else:
            from_name = year_from_file_name(self.file)
            if from_name is not None:
                self.census_year, self.year_source = from_name, "file name"
        if self.census_year is None:
            raise ReturnRejected(
                self.file,
                "no census year: the header has no ReferenceDate or Year, the file name holds "
                "none; give the census year (e.g. --year 2015-16)",
            )
        self.issue(
            None,
            None,
            "ReferenceDate",
            "notice",
            "year-not-in-header",
            f"The header gives no census year; read as {year_label(self.census_year)} "
            f"(from the {'--year option' if self.year_source == '--year' else 'file name'})",
        )

    def settle_la(self) -> None:
        lea, line = self.header.get("LEA", ("", None))
        if re.fullmatch(r"\d{3}", lea):
            self.la = lea
            if lea not in _councils():
                self.issue(
                    line,
                    None,
                    "LEA",
                    "warning",
                    "la-not-a-council",
                    f"LEA {lea} is not the number of an English council (DfE LA codes, "
                    "the built-in list of current and former councils); read as given",
                )
            if self.la_arg is not None and self.la_arg != lea:
                self.issue(
                    line,
                    None,
                    "LEA",
                    "warning",
                    "la-mismatch",
                    f"The header says LA {lea} but {self.la_arg} was given; the header is used",
                )
            return
        if self.la_arg is not None and not re.fullmatch(r"\d{3}", self.la_arg):
            raise ReturnRejected(self.file, f"{self.la_arg[:20]!r} is not a 3-digit LA code")
        if self.la_arg is None:
            why = f"LEA {lea[:20]!r} is not a 3-digit LA code" if lea else "no LA code (LEA)"
            raise ReturnRejected(self.file, f"{why} in the header; give one (e.g. --la 201)")
        self.la = self.la_arg
        self.issue(
            line,
            None,
            "LEA",
            "notice" if not lea else "warning",
            "la-not-in-header",
            f"The header gives {'no LA code' if not lea else f'LEA {lea[:20]!r}'}; read as LA "
            f"{self.la_arg} (given)",
        )
