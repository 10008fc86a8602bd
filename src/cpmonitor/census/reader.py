"""Read one CIN census return (XML) into the canonical tables, reporting what is wrong.

The file is streamed with lxml ``iterparse`` one ``<Child>`` at a time and cleared as it goes,
so memory stays flat however large the return. Elements are matched by local name (any
namespace, any order), never by position. Hostile input is refused: no DTD, no entity
expansion, no network (a file with a ``<!DOCTYPE`` is rejected outright).

Rules (DfE *Children in need census* specification of the year; see :mod:`.spec`):

- The LA is ``Header/Source/LEA``; the census year is the year of ``ReferenceDate`` when that is
  31 March, else ``CollectionDetails/Year``. Without them, ``year``/``la`` arguments or the file
  name (``cin_2015-16.xml``, ``..._2016.xml``) are used, and a notice says so.
- A bad value (unparseable date, code outside the year's code list, bad boolean or number) or a
  missing mandatory item is an :class:`Issue` (file, line, LAchildID, element); the value is
  left blank and the rest of the child still loads.
- A child without an ``LAchildID`` cannot be linked to its records in other years or to a
  decision about it: its records are not loaded, and an error says how many were left out.
- Unknown elements (e.g. ``PreProceedingsandFGDM``) and text outside data items are ignored
  with one notice per element name per file.
- A file that is not a CIN census return raises :class:`ReturnRejected` with a one-line reason.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import IO

import polars as pl
from lxml import etree

from .bounds import out_of_bounds
from .clean import ABSENT, MISS, CleanBlocks
from .dataset import CensusData, ReturnInfo, YearSource, synthetic_mark
from .exact_lines import Places, drop_open_content, exact_lines
from .header import (  # noqa: F401 - parse_date, year_from_file_name: part of this API
    _LOCAL,
    HeaderReader,
    _local,
    check_prolog,
    parse_date,
    year_from_file_name,
)
from .issues import Issue, ReturnRejected
from .spec import (
    BOOLEANS,
    CODE_LIST_OF,
    COUNT_ITEMS,
    DATE_ITEMS,
    ELEMENTS,
    FIRST_YEAR,
    LAST_YEAR,
    MANDATORY,
    REPEATED,
    SEX,
    YES_NO_ITEMS,
    Spec,
    spec,
    year_label,
)
from .tables import SCHEMAS, TABLES

Progress = Callable[[int, int], None]

_PARSER_OPTIONS = {
    "events": ("start", "end"),
    "tag": ("{*}Child", "{*}Header", "{*}Children", "{*}Message"),
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "remove_blank_text": True,
}
#: libxml2 keeps an element's line in 16 bits; beyond this only text (data items) is exact,
#: and the lines of issues on other elements are made exact by a second pass (.exact_lines).
_EXACT_LINES = 65_535
_CHUNK = 64 * 1024  # bytes fed to the parser at a time
_FLUSH_EVERY = 5000  # children read between turning rows into columns
#: Issues kept per kind (code) and file; the rest are counted in one issue, so memory does
#: not grow with a file of millions of bad records.
ISSUES_KEPT_PER_KIND = 1000

# --- values, parsed once at the edge -------------------------------------------------------

_EPOCH = date(1970, 1, 1).toordinal()
_CACHE_LIMIT = 100_000


class _KnownDates(dict):
    """Text -> days since 1970-01-01 of each valid date seen, and ``None`` for an absent item
    (.clean). ``.get`` finds only what is known; ``dates[text]`` also parses a text not seen
    before, giving ``MISS`` if it is not a date (what the clean readers use)."""

    def __missing__(self, text):
        days = _date_days(text) if text is not None else None
        return MISS if days is None else days


_DATES: dict[object, int | None] = _KnownDates({ABSENT: None})


def _date_days(text: str) -> int | None:
    d = parse_date(text)
    if d is None:
        return None
    days = d.toordinal() - _EPOCH
    if len(_DATES) < _CACHE_LIMIT:
        _DATES[text] = days
    return days


def _valid_years(list_name: str, code: str) -> str | None:
    """The spec years in which ``code`` is in ``list_name``, e.g. ``"2012-13 to 2019-20"``."""
    years = [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if code in spec(y).codes[list_name]]
    if not years:
        return None
    return f"{year_label(years[0])} to {year_label(years[-1])}"


# The block of each mandatory item, for reporting a blank one (the sex item is mandatory in
# the years it belongs to).
_MANDATORY_IN = {item: block for block, items in MANDATORY.items() for item in items}
_MANDATORY_IN.update(GenderCurrent="ChildIdentifiers", Sex="ChildIdentifiers")
_REQUIRED = {block: frozenset(MANDATORY.get(block, ())) for block in ELEMENTS}

_HOME = {}  # item -> the block it belongs in (the first, for DateOfInitialCPC)
for _block, _names in ELEMENTS.items():
    for _name in _names:
        _HOME.setdefault(_name, _block)

_BLOCK_NAMES = {
    "Child": "the child",
    "ChildIdentifiers": "the child's identifiers",
    "ChildCharacteristics": "the child's characteristics",
    "Disabilities": "Disabilities",
    "CINdetails": "the CIN episode",
    "Assessments": "the assessment",
    "FactorsIdentifiedAtAssessment": "FactorsIdentifiedAtAssessment",
    "CINPlanDates": "the CIN plan",
    "Section47": "the section 47 enquiry",
    "ChildProtectionPlans": "the child protection plan",
    "Reviews": "the plan's Reviews",
}


class _CountingReader:
    """A binary file that reports how many bytes have been read (for progress bars)."""

    def __init__(self, handle: IO[bytes], total: int, progress: Progress):
        self._handle, self._total, self._progress = handle, total, progress
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.done += len(data)
        self._progress(self.done, self._total)
        return data


# --- one return ------------------------------------------------------------------------------


def read_return(
    path: str | os.PathLike[str],
    year: int | None = None,
    *,
    la: str | None = None,
    progress: Progress | None = None,
) -> CensusData:
    """Read the CIN census return at ``path`` into canonical tables and issues.

    ``year`` (the census year, 2016 = 2015-16) and ``la`` (3-digit LA code) are used only when
    the header lacks them. ``progress(done_bytes, total_bytes)`` is called as the file is read.
    Raises :class:`ReturnRejected` when the file is not a readable CIN census return.
    """
    file = str(path)
    try:
        size = os.path.getsize(path)
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ReturnRejected(file, f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        check_prolog(handle, file)
        handle.seek(0)
        source: IO[bytes] | _CountingReader = handle
        if progress is not None:
            source = _CountingReader(handle, size, progress)
        reader = _ReturnReader(file, year, la)
        collecting = gc.isenabled()
        gc.disable()  # the reader makes no reference cycles; pausing the collector saves ~10%
        try:
            reader.read(source)
            return reader.result(size)
        except etree.XMLSyntaxError as exc:
            line = f" at line {exc.lineno}" if exc.lineno else ""
            reason = str(exc.msg or exc).split(", line ")[0]
            raise ReturnRejected(file, f"not well-formed XML{line}: {reason}") from None
        finally:
            if collecting:
                gc.enable()


class _ReturnReader(CleanBlocks, HeaderReader):
    """The state of reading one return: header facts, rows per table, issues.

    A clean block is read by :class:`.clean.CleanBlocks`; any other by the general path here
    (``check_*``, :meth:`fields`), which holds the rules and reports what is wrong.
    """

    def __init__(self, file: str, year: int | None, la: str | None):
        self.file = file
        self.year_arg, self.la_arg = year, la
        self.header: dict[str, tuple[str, int]] = {}  # item -> (text, line)
        self.collection: str | None = None
        self.la: str | None = None
        self.census_year: int | None = None
        self.year_source: YearSource | None = None
        self.spec: Spec | None = None
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.parts: dict[str, list[pl.DataFrame]] = {t: [] for t in TABLES}  # flushed rows
        self.issues: list[Issue] = []
        self.listed: dict[str, int] = {}  # code -> issues kept
        self.unlisted: dict[str, list] = {}  # code -> [issues not kept, severity]
        self.unknown: dict[str, list] = {}  # element name -> [first line, count, block]
        self.stray: list | None = None  # [first line, count]
        self.off_spec: set[str] = set()
        self.codes: dict[str, dict[str, str]] = {}
        self.booleans: dict[object, bool | None] = {**BOOLEANS, ABSENT: None}
        self.counts: dict[object, int | None] = {str(n): n for n in range(100)}
        self.counts[ABSENT] = None
        # block -> (how to read each item, by tag; the block's mandatory items)
        self.blocks: dict[str, tuple[dict[object, tuple], frozenset[str]]] = {}
        self.children = 0
        self.child_seq = 0  # <Child> end events so far (the place of an issue, .exact_lines)
        self.current_child = None  # the <Child> being read
        self.to_place: list[tuple[int, int, tuple[int, ...], object]] = []  # see issue_at
        self.exact: set[int] = set()  # indexes of issues past line 65,535 known exact
        self.seen_child = False
        self.children_el = None  # Message/Children, once the parser has begun it
        self.read_since = 0  # children under it read and not yet dropped (prune)
        self.last_read = None  # the last of them
        self.sex_item = "GenderCurrent"  # the year's sex item, and whether the year has
        self.has_cin_plans = self.has_seen_social_worker = True  # these items (spec)

    # -- reporting -----------------------------------------------------------------------

    def issue(self, line, child, element, severity, code, message) -> None:
        kept = self.listed.get(code, 0)
        if kept < ISSUES_KEPT_PER_KIND:
            self.listed[code] = kept + 1
            self.issues.append(Issue(self.file, line, child, element, severity, code, message))
        else:
            self.unlisted.setdefault(code, [0, severity])[0] += 1

    def issue_at(self, el, child, element, severity, code, message) -> None:
        """An issue on element ``el``, at its line.

        Past line 65,535 the line of a block or an empty element is approximate (libxml2):
        its place inside the ``<Child>`` being read is recorded, for :meth:`place_issues`.
        """
        line = el.sourceline
        mark = len(self.issues)
        self.issue(line, child, element, severity, code, message)
        if line is None or line < _EXACT_LINES or len(self.issues) == mark:
            return
        text = el.text
        if text is not None and "\n" not in text:  # a data item's line: its text's, exact
            self.exact.add(mark)
            return
        path = []
        node, top = el, self.current_child
        while node is not top:
            parent = node.getparent()
            if parent is None:  # not inside a child (the header): stays approximate
                return
            path.append(parent.index(node))
            node = parent
        self.to_place.append((mark, self.child_seq, tuple(reversed(path)), el.tag))

    def place_issues(self) -> None:
        """Give the issues recorded by :meth:`issue_at` their exact lines (a second pass)."""
        if not self.to_place:
            return
        places: Places = {}
        for _, seq, path, tag in self.to_place:
            places.setdefault(seq, []).append((path, tag))
        try:
            lines = exact_lines(self.file, places, _PARSER_OPTIONS, _CHUNK)
        except OSError:  # gone since the first pass: the lines stay approximate (the notice)
            return
        for index, seq, path, _ in self.to_place:
            line = lines.get((seq, path))
            if line is not None:
                self.issues[index] = replace(self.issues[index], line=line)
                self.exact.add(index)

    def forget_issues(self, mark: int, unlisted: dict[str, int]) -> None:
        """Drop the issues found since ``mark`` (and the count of those not kept since)."""
        if self.to_place or self.exact:
            self.to_place = [p for p in self.to_place if p[0] < mark]
            self.exact = {i for i in self.exact if i < mark}
        for i in self.issues[mark:]:
            self.listed[i.code] -= 1
        del self.issues[mark:]
        for code, entry in self.unlisted.items():
            entry[0] = unlisted.get(code, 0)

    def note_unknown(self, name: str, el, block: str) -> None:
        seen = self.unknown.get(name)
        if seen is None:
            self.unknown[name] = [el.sourceline, 1, block]
        else:
            seen[1] += 1

    def prune(self, children) -> None:
        """Drop the finished elements under ``<Children>`` but the last (which may still be
        being parsed): children already read, and unknown elements, noted first."""
        count = len(children)  # (cheap: pruned after each chunk)
        if count < 2:
            return
        last = children[-1]
        read = self.read_since - (last is self.last_read)  # read, among all but the last
        if read == count - 1:  # all but the last are children already read: one cut
            del children[:-1]
            self.read_since -= read
            return
        while (first := children[0]) is not last:
            name = _LOCAL.get(first.tag) or _local(first.tag)
            if name == "Child":
                self.read_since -= 1
            elif name is not None:
                self.note_unknown(name, first, "Children")
            del children[0]

    def prune_open(self, root) -> None:
        """Drop the finished content of every element still open that is not read as a block.

        The elements still being parsed are the last child of the root, its last child, and so
        on down. Where one of them is not a block whose items are read (:data:`.spec.ELEMENTS`:
        an unknown element, or a data item holding elements), its finished children are never
        read: they go, so one unknown element however large holds at most one child at each
        level (libxml2 limits the depth to 256 and a text to 10 MB). Finished unknown elements
        directly under ``<Message>`` are noted and dropped; ``<Children>`` is :meth:`prune`'s.
        """
        if len(root) > 1:
            for el in root[:-1]:
                name = _local(el.tag)
                if name not in ("Header", "Children"):
                    if name is not None:
                        self.note_unknown(name, el, "Message")
                    root.remove(el)
        drop_open_content(root)

    def note_stray(self, el, inside: bool = False) -> None:
        """Text outside any data item: after ``el`` (or inside container ``el``)."""
        if self.stray is None:
            where = f"inside <{_local(el.tag)}>" if inside else f"after <{_local(el.tag)}>"
            self.stray = [el.sourceline, 1, _local(el.tag), where]
        else:
            self.stray[1] += 1

    def note_off_spec(self, name: str, el, loaded: bool) -> None:
        if name in self.off_spec:
            return
        self.off_spec.add(name)
        assert self.spec is not None
        what = "loaded anyway" if loaded else "ignored"
        hint = ""
        if name in SEX:
            hint = f" (expected <{self.spec.sex_item}>)"
        self.issue_at(
            el,
            None,
            name,
            "notice",
            "not-in-spec-year",
            f"<{name}> is not part of the {self.spec.label} specification{hint}; {what} "
            "(reported once per file)",
        )

    def missing(self, el, cid: str | None, name: str, block: str) -> None:
        """A mandatory item (``MANDATORY`` in :mod:`.spec`) absent or blank in ``block``."""
        self.issue_at(
            el,
            cid,
            name,
            "error",
            "missing-item",
            f"{name} is missing from {_BLOCK_NAMES.get(block, block)} (it is mandatory)",
        )

    # -- the walk ------------------------------------------------------------------------

    def read(self, source) -> None:
        """Feed the file to the parser in chunks, handling each finished element as it comes.

        After each chunk, what has finished under ``<Children>`` and not been read (unknown
        elements) is noted and dropped (:meth:`prune`), so memory does not grow with them.
        """
        parser = etree.XMLPullParser(**_PARSER_OPTIONS)
        read_child = self.read_child
        root = children_el = None  # <Message> and <Message/Children>, once begun
        while chunk := source.read(_CHUNK):
            parser.feed(chunk)
            for event, el in parser.read_events():
                name = _LOCAL.get(el.tag) or _local(el.tag)
                if name == "Child":
                    if event == "start":
                        continue
                    if not self.seen_child:
                        self.start_children()
                    self.child_seq += 1
                    self.current_child = el
                    read_child(el)
                    if self.children % _FLUSH_EVERY == 0:
                        self.flush()
                    parent = el.getparent()
                    if parent is children_el:  # freed with the others after this chunk (prune)
                        self.read_since += 1
                        self.last_read = el
                        continue
                    # Elsewhere: free this child's content and the elements before it.
                    el.clear(keep_tail=True)
                    while parent is not None and parent[0] is not el:  # first to last
                        first = parent[0]
                        pname = _local(first.tag)
                        if pname not in (None, "Child"):
                            self.note_unknown(pname, first, "Children")
                        del parent[0]
                elif event == "start":
                    parent = el.getparent()
                    if name == "Children" and parent is not None and parent.getparent() is None:
                        self.children_el = children_el = el  # Message/Children
                    elif parent is None:
                        root = el  # Message
                elif name == "Header":
                    parent = el.getparent()
                    if parent is not None and parent.getparent() is None:  # Message/Header
                        self.read_header(el)
                        el.clear(keep_tail=True)
            if self.children_el is not None:
                self.prune(self.children_el)
            if root is not None:
                self.prune_open(root)
        root = parser.close()
        if root is not None:
            for el in root:
                name = _local(el.tag)
                if name == "Children":
                    for rest in el:
                        rname = _local(rest.tag)
                        if rname not in (None, "Child"):
                            self.note_unknown(rname, rest, "Children")
                elif name not in (None, "Header"):
                    self.note_unknown(name, el, "Message")
        if not self.seen_child:
            if self.collection is None and not self.header:
                raise ReturnRejected(
                    self.file, "no <Child> records and no CIN header: not a CIN census return"
                )
            self.start_children()
            self.issue(
                None, None, "Children", "warning", "no-children", "The return has no children"
            )

    def start_children(self) -> None:
        """Settle the LA and census year before the first child (rejects if neither is known)."""
        self.seen_child = True
        if self.collection is not None and self.collection.upper() != "CIN":
            raise ReturnRejected(
                self.file,
                f"the header says this is a {self.collection[:20]!r} collection, not CIN",
            )
        self.settle_year()
        self.settle_la()
        assert self.census_year is not None
        self.spec = spec(self.census_year)
        self.sex_item = self.spec.sex_item
        self.has_cin_plans = self.spec.has_item("CINPlanDates")
        self.has_seen_social_worker = self.spec.has_item("SeenSocialWorker")
        self.codes = {name: {c: c for c in self.spec.code_list(name)} for name in CODE_LIST_OF}
        for cache in self.codes.values():
            cache[ABSENT] = None  # type: ignore[index]
        self.clean_blocks()
        self.blocks = {
            block: ({name: self.item_entry(name) for name in names}, _REQUIRED[block])
            for block, names in ELEMENTS.items()
        }
        if self.spec.year != self.census_year:
            self.issue(
                None,
                None,
                None,
                "warning",
                "year-outside-spec",
                f"Census year {year_label(self.census_year)} is outside the years cpmonitor "
                f"knows ({year_label(FIRST_YEAR)} to {year_label(LAST_YEAR)}); its values are "
                f"checked against the {self.spec.label} code lists",
            )

    def clean_blocks(self) -> None:
        """What :class:`.clean.CleanBlocks` needs of the year: each block's data items (its
        elements less its blocks), mandatory items, and the caches of known texts."""
        leaves = {block: names - ELEMENTS.keys() for block, names in ELEMENTS.items()}
        other_sex = "Sex" if self.sex_item == "GenderCurrent" else "GenderCurrent"
        self.id_items = leaves["ChildIdentifiers"] - {other_sex}
        self.id_required = _REQUIRED["ChildIdentifiers"] | {self.sex_item}
        self.episode_items, self.episode_required = leaves["CINdetails"], _REQUIRED["CINdetails"]
        self.assessment_items = leaves["Assessments"]
        self.assessment_required = _REQUIRED["Assessments"]
        self.cin_plan_items = leaves["CINPlanDates"]
        self.cin_plan_required = _REQUIRED["CINPlanDates"]
        self.section47_items, self.section47_required = leaves["Section47"], _REQUIRED["Section47"]
        self.plan_items = leaves["ChildProtectionPlans"]
        if not self.has_seen_social_worker:  # noted by the general path
            self.plan_items = self.plan_items - {"SeenSocialWorker"}
        self.plan_required = _REQUIRED["ChildProtectionPlans"]
        rows = self.rows  # (each list is emptied in place by flush, never replaced)
        self.child_rows, self.episode_rows = rows["children"], rows["episodes"]
        self.assessments_rows, self.cin_plans_rows = rows["assessments"], rows["cin_plans"]
        self.section47_rows, self.cp_plans_rows = rows["section47"], rows["cp_plans"]
        self.reviews_rows = rows["reviews"]
        self.date_of = _DATES.__getitem__
        codes = self.codes
        self.sex_code, self.sex_of = codes[self.sex_item].get, SEX[self.sex_item]
        self.ethnicity_code = codes["Ethnicity"].get
        self.disability_code = codes["Disability"].get
        self.source_code = codes["ReferralSource"].get
        self.need_code = codes["PrimaryNeedCode"].get
        self.closure_code = codes["ReasonForClosure"].get
        self.factor_code = codes["AssessmentFactors"].get
        self.initial_code = codes["InitialCategoryOfAbuse"].get
        self.latest_code = codes["LatestCategoryOfAbuse"].get
        self.boolean, self.count = self.booleans.get, self.counts.get

    def item_entry(self, name: str) -> tuple[str, dict | None, bool]:
        """How ``fields`` reads an item: (name, cache of known texts -> values, repeatable).

        The caches are seeded with the year's codes; texts seen once are remembered.
        """
        if name in DATE_ITEMS and name not in REPEATED:  # (review dates keep their lines)
            values = _DATES
        elif name in CODE_LIST_OF:
            values = self.codes[name]
        elif name in YES_NO_ITEMS:
            values = self.booleans
        elif name in COUNT_ITEMS:
            values = self.counts
        else:
            values = None  # kept as the element: a block, LAchildID, or not loaded
        return (name, values, name in REPEATED)

    # -- values --------------------------------------------------------------------------

    def fields(self, block_el, block: str, cid: str | None, check: bool = True) -> dict:
        """The items of a block by name, their values parsed and checked on the way.

        Dates become days since 1970-01-01, codes are normalised, yes/no items booleans; a
        bad value is reported and becomes ``None``. Other items (blocks, ``LAchildID``) are
        elements; repeatable items are lists. Unknown items and stray text are noted, and
        absent mandatory items reported (``check``).
        """
        items, required = self.blocks[block]
        out: dict = {}
        el = None
        for el in block_el[:]:  # (a list of the children: faster to walk than the element)
            entry = items.get(el.tag)
            if entry is None:
                entry = self.other_item(el, block)
                if entry is None:
                    continue
            name, values, many = entry
            if values is not None:  # a value with a cache of known texts: date, code, ...
                value = values.get(el.text)
                if value is None:
                    value = self.parse_value(el, name, cid)
            else:
                value = el
            if many:
                same = out.get(name)
                if same is None:
                    same = out[name] = []
                if value is not None:
                    same.append(value)
            elif name in out:
                self.repeated(name, el, block, cid)
                out[name] = value
            else:
                out[name] = value
        # Stray text: the parser drops blank text between items unless the block holds other
        # text, so the last item's tail (or a bare block's text) shows whether to look closer.
        # (In an unindented file, text between items is missed unless it follows the last.)
        if (el.tail if el is not None else block_el.text) is not None:
            self.find_stray(block_el)
        if required and check and not required <= out.keys():
            self.check_present(block_el, out, block, cid)
        return out

    def check_present(self, block_el, items: dict, block: str, cid: str | None) -> None:
        for name in MANDATORY.get(block, ()):
            if name not in items:
                self.missing(block_el, cid, name, block)

    def find_stray(self, block_el) -> None:
        text = block_el.text
        if text is not None and not text.isspace():
            self.note_stray(block_el, inside=True)
        for el in block_el:
            tail = el.tail
            if tail is not None and not tail.isspace():
                self.note_stray(el)

    def other_item(self, el, block: str) -> tuple | None:
        """An item whose tag is not a known name: namespaced, unknown, or not an element."""
        name = _local(el.tag)
        if name is None:
            return None
        items = self.blocks[block][0]
        entry = items.get(name)
        if entry is None:
            self.note_unknown(name, el, block)
        elif len(items) < 1000:
            items[el.tag] = entry  # a namespaced tag of a known item: remember it
        return entry

    def parse_value(self, el, name: str, cid: str | None):
        """A value not seen before in this return (or a bad one: reported, ``None``)."""
        text = el.text
        if name in DATE_ITEMS:
            return self.date_value(el, name, text, cid)
        if name in YES_NO_ITEMS:
            return self.yes_no_value(el, name, text, cid)
        if name in COUNT_ITEMS:
            return self.count_value(el, name, text, cid)
        return self.code_value(el, name, text, cid)

    def repeated(self, name: str, el, block: str, cid: str | None) -> None:
        self.issue_at(
            el,
            cid,
            name,
            "warning",
            "repeated-item",
            f"{name} appears more than once in {_BLOCK_NAMES.get(block, block)}; the last one "
            "is used",
        )

    def blank(self, el, name: str, cid: str | None) -> None:
        """A data item with no value: an issue if the item is mandatory."""
        block = _MANDATORY_IN.get(name)
        if block is not None:
            self.missing(el, cid, name, block)

    def date_value(self, el, name: str, text: str | None, cid: str | None) -> int | None:
        """Days since 1970-01-01 of an ``xs:date`` item (the tables cast them to dates)."""
        if text is not None:
            days = _date_days(text)
            if days is not None:
                return days
        if text is None or text.isspace():
            self.blank(el, name, cid)
            return None
        self.issue_at(
            el,
            cid,
            name,
            "error",
            "bad-date",
            f"{name} {text.strip()[:40]!r} is not a date in the form YYYY-MM-DD; left blank",
        )
        return None

    def code_value(self, el, name: str, text: str | None, cid: str | None) -> str | None:
        """The code in ``text`` upper-cased and trimmed, if in the year's list; else an issue."""
        cache = self.codes[name]
        code = (text or "").strip().upper()
        if code in cache:
            if len(cache) < _CACHE_LIMIT:
                cache[text] = code  # type: ignore[index]
            return code
        if not code:
            self.blank(el, name, cid)
            return None
        assert self.spec is not None
        list_name = CODE_LIST_OF[name]
        valid = _valid_years(list_name, code)
        if valid:
            why = f"it is valid in {valid}"
        elif list_name in SEX:
            other = "Sex" if list_name == "GenderCurrent" else "GenderCurrent"
            why = f"{code!r} is a {other} code" if code in SEX[other] else ""
            why = why or "valid: " + ", ".join(sorted(self.spec.codes[list_name]))
        elif len(self.spec.codes[list_name]) <= 12:
            why = "valid: " + ", ".join(sorted(self.spec.codes[list_name]))
        else:
            why = ""
        self.issue_at(
            el,
            cid,
            name,
            "error",
            "bad-code",
            f"{name} {code[:40]!r} is not in the {self.spec.label} code list"
            + (f" ({why})" if why else "")
            + "; left blank",
        )
        return None

    def yes_no_value(self, el, name: str, text: str | None, cid: str | None) -> bool | None:
        """A yes/no item: 0/1 per the spec; true/false in any case accepted."""
        key = (text or "").strip().lower()
        value = BOOLEANS.get(key)
        if value is not None:
            if len(self.booleans) < _CACHE_LIMIT:
                self.booleans[text] = value  # type: ignore[index]
            return value
        if not key:
            self.blank(el, name, cid)
            return None
        self.issue_at(
            el,
            cid,
            name,
            "error",
            "bad-boolean",
            f"{name} {key[:40]!r} is not 0, 1, true or false; left blank",
        )
        return None

    def count_value(self, el, name: str, text: str | None, cid: str | None) -> int | None:
        """A whole number of 0 or more (``NumberOfPreviousCPP``)."""
        key = (text or "").strip()
        if key.isascii() and key.isdigit() and len(key) <= 6:
            if len(self.counts) < _CACHE_LIMIT:
                self.counts[text] = int(key)  # type: ignore[index]
            return int(key)
        text = key
        if not text:
            self.blank(el, name, cid)
            return None
        self.issue_at(
            el,
            cid,
            name,
            "error",
            "bad-number",
            f"{name} {text[:40]!r} is not a whole number of 0 or more; left blank",
        )
        return None

    # -- one child -----------------------------------------------------------------------

    def check_child(self, child) -> None:
        c = self.fields(child, "Child", None, check=False)
        ids = c.get("ChildIdentifiers")
        mark = len(self.issues)
        unlisted = {c: e[0] for c, e in self.unlisted.items()} if self.unlisted else {}
        f = self.fields(ids, "ChildIdentifiers", None, check=False) if ids is not None else {}
        cid_el = f.get("LAchildID")
        cid = (cid_el.text or "").strip() if cid_el is not None else ""
        details = c.get("CINdetails", ())
        if not cid:
            self.forget_issues(mark, unlisted)  # the child is not loaded: only that is reported
            self.skip_child(child, ids, details)
            return
        if len(self.issues) > mark:  # found before the LAchildID was known
            self.issues[mark:] = [replace(i, child=cid) for i in self.issues[mark:]]
        self.children += 1
        if not _REQUIRED["Child"] <= c.keys():
            self.check_present(child, c, "Child", cid)
        sex = None
        if ids is not None:
            if not _REQUIRED["ChildIdentifiers"] <= f.keys():
                self.check_present(ids, f, "ChildIdentifiers", cid)
            sex = self.sex(ids, f, cid)
        ethnicity = None
        disabilities = ""
        chars = c.get("ChildCharacteristics")
        if chars is not None:
            ch = self.fields(chars, "ChildCharacteristics", cid)
            ethnicity = ch.get("Ethnicity")
            dis = ch.get("Disabilities")
            if dis is not None:
                disabilities = ",".join(self.fields(dis, "Disabilities", cid).get("Disability", ()))
        get = f.get
        self.rows["children"].append(
            (
                child.sourceline,
                cid,
                get("PersonBirthDate"),
                get("ExpectedPersonBirthDate"),
                sex,
                ethnicity,
                disabilities,
                get("PersonDeathDate"),
            )
        )
        for episode in details:
            self.read_episode(episode, cid)

    def sex(self, ids, f: dict, cid: str) -> str | None:
        """Sex as M/F/U from ``GenderCurrent`` (to 2023-24) or ``Sex`` (from 2024-25)."""
        expected = self.sex_item
        other = "Sex" if expected == "GenderCurrent" else "GenderCurrent"
        if expected in f:
            item = expected
        elif other in f:
            item = other
            self.note_off_spec(item, ids, loaded=True)
        else:
            self.missing(ids, cid, expected, "ChildIdentifiers")
            return None
        code = f[item]
        return SEX[item][code] if code is not None else None

    def skip_child(self, child, ids, details) -> None:
        """Report a child without an LAchildID, whose records are not loaded."""
        where = child
        for el in ids if ids is not None else ():
            if _local(el.tag) == "LAchildID":
                where = el
        plans = sum(
            1
            for episode in details
            for el in episode
            if (_LOCAL.get(el.tag) or _local(el.tag)) == "ChildProtectionPlans"
        )
        self.issue_at(
            where,
            None,
            "LAchildID",
            "error",
            "missing-child-id",
            f"A child has {'a blank' if where is not child else 'no'} LAchildID, so its "
            "records cannot be linked to other returns; not loaded: the child, "
            f"{len(details)} CIN episode(s), {plans} child protection plan(s)",
        )

    def check_episode(self, episode, cid: str) -> None:
        f = self.fields(episode, "CINdetails", cid)
        get = f.get
        referral = get("CINreferralDate")
        self.rows["episodes"].append(
            (
                episode.sourceline,
                cid,
                referral,
                get("ReferralSource"),
                get("PrimaryNeedCode"),
                get("CINclosureDate"),
                get("ReasonForClosure"),
                get("DateOfInitialCPC"),
                get("ReferralNFA"),
            )
        )
        self.read_episode_blocks(
            cid,
            referral,
            get("Assessments", ()),
            get("CINPlanDates", ()),
            get("Section47", ()),
            get("ChildProtectionPlans", ()),
        )

    def check_assessment(self, el, cid: str, referral: int | None) -> None:
        fields = self.fields
        a = fields(el, "Assessments", cid)
        block = a.get("FactorsIdentifiedAtAssessment")
        factors = ""
        if block is not None:
            found = fields(block, "FactorsIdentifiedAtAssessment", cid)
            factors = ",".join(found.get("AssessmentFactors", ()))
        self.rows["assessments"].append(
            (
                el.sourceline,
                cid,
                referral,
                a.get("AssessmentActualStartDate"),
                a.get("AssessmentInternalReviewDate"),
                a.get("AssessmentAuthorisationDate"),
                factors,
            )
        )

    def check_cin_plan(self, el, cid: str, referral: int | None) -> None:
        p = self.fields(el, "CINPlanDates", cid)
        self.rows["cin_plans"].append(
            (el.sourceline, cid, referral, p.get("CINPlanStartDate"), p.get("CINPlanEndDate"))
        )

    def check_section47(self, el, cid: str, referral: int | None) -> None:
        s = self.fields(el, "Section47", cid)
        self.rows["section47"].append(
            (
                el.sourceline,
                cid,
                referral,
                s.get("S47ActualStartDate"),
                s.get("InitialCPCtarget"),
                s.get("DateOfInitialCPC"),
                s.get("ICPCnotRequired"),
            )
        )

    def check_plan(self, el, cid: str, referral: int | None) -> None:
        p = self.fields(el, "ChildProtectionPlans", cid)
        get = p.get
        start = get("CPPstartDate")
        self.rows["cp_plans"].append(
            (
                el.sourceline,
                cid,
                referral,
                start,
                get("CPPendDate"),
                get("InitialCategoryOfAbuse"),
                get("LatestCategoryOfAbuse"),
                get("NumberOfPreviousCPP"),
            )
        )
        seen = get("SeenSocialWorker")
        if seen is not None and not self.has_seen_social_worker:
            self.note_off_spec("SeenSocialWorker", seen, loaded=False)
        reviews = get("Reviews")
        if reviews is not None:
            self.read_reviews(reviews, cid, start)

    def check_reviews(self, reviews, cid: str, start: int | None) -> None:
        rows = self.rows["reviews"]
        for rel in self.fields(reviews, "Reviews", cid).get("CPPreviewDate", ()):
            day = _DATES.get(rel.text)
            if day is None:
                day = self.date_value(rel, "CPPreviewDate", rel.text, cid)
            if day is not None:
                rows.append((rel.sourceline, cid, start, day))

    def flush(self) -> None:
        """Turn the rows read so far into columns, so memory follows the tables' size."""
        for table, rows in self.rows.items():
            if rows or not self.parts[table]:
                self.parts[table].append(_frame(table, rows))
                rows.clear()

    # -- the result ----------------------------------------------------------------------

    def result(self, size: int) -> CensusData:
        for name, (line, count, block) in sorted(self.unknown.items(), key=lambda kv: kv[1][0]):
            times = "once" if count == 1 else f"{count} times"
            home = _HOME.get(name)
            if home is None:
                self.issue(
                    line,
                    None,
                    name,
                    "notice",
                    "unknown-element",
                    f"Unknown element <{name}> in <{block}> ignored ({times}, first at line "
                    f"{line})",
                )
            else:  # a CIN census item in the wrong place: its value is lost, so say so louder
                self.issue(
                    line,
                    None,
                    name,
                    "warning",
                    "misplaced-element",
                    f"<{name}> belongs in <{home}>, not <{block}>; ignored ({times}, first at "
                    f"line {line})",
                )
        if self.stray is not None:
            line, count, element, where = self.stray
            places = "once" if count == 1 else f"{count} places"
            self.issue(
                line,
                None,
                element,
                "notice",
                "stray-text",
                f"Text outside any data item ignored ({places}; first {where} at line {line})",
            )
        for code, (count, severity) in sorted(self.unlisted.items()):
            if count:
                self.issues.append(
                    Issue(
                        self.file, None, None, None, severity, code,
                        f"{count:,} more '{code}' issues in this file are not listed: the "
                        f"first {ISSUES_KEPT_PER_KIND:,} are",
                    )
                )  # fmt: skip
        assert self.la is not None and self.census_year is not None
        self.flush()
        consts = {"source_file": self.file, "la": self.la, "census_year": self.census_year}
        tables = {t: _table(t, self.parts[t], consts) for t in TABLES}
        # values outside the specification or sense: vectorised, once per file (bounds.py)
        self.issues.extend(out_of_bounds(tables, self.file, ISSUES_KEPT_PER_KIND))
        self.place_issues()
        approximate = sum(
            1
            for n, i in enumerate(self.issues)
            if i.line is not None and i.line >= _EXACT_LINES and n not in self.exact
        )
        if approximate:
            self.issue(
                None,
                None,
                None,
                "notice",
                "lines-approximate",
                f"{approximate:,} issue(s) past line {_EXACT_LINES:,} may give an approximate "
                "line, within a few lines (a limit of libxml2): a first line of an unknown "
                "element or of stray text, or a value outside the specification on a block",
            )
        self.issues.sort(key=lambda i: i.line or 0)  # file-level first, then in file order
        info = ReturnInfo(
            file=self.file,
            la=self.la,
            census_year=self.census_year,
            reference_date=date(self.census_year, 3, 31),
            year_source=self.year_source or "header",
            children=self.children,
            size_bytes=size,
            synthetic=synthetic_mark(self.header.get("SoftwareCode", ("", None))[0]),
        )
        return CensusData(tables=tables, issues=self.issues, returns=[info])


_CONSTANT = ("source_file", "la", "census_year")  # provenance, the same for a whole return


def _frame(table: str, rows: list[tuple]) -> pl.DataFrame:
    """Part of a canonical table from row tuples (line, child_id, …), without the constants."""
    schema = SCHEMAS[table]
    names = [c for c in schema if c not in _CONSTANT]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    data = {}
    for name, values in zip(names, columns, strict=True):
        dtype = schema[name]
        if dtype == pl.Date:
            data[name] = pl.Series(name, values, dtype=pl.Int32).cast(pl.Date)
        elif dtype == pl.List(pl.Utf8):  # codes joined with "," (codes never hold one)
            data[name] = (
                pl.Series(name, values, dtype=pl.Utf8)
                .str.split(",")
                .list.eval(pl.element().filter(pl.element() != ""))
            )
        else:
            data[name] = pl.Series(name, values, dtype=dtype)
    return pl.DataFrame(data)


def _table(table: str, parts: list[pl.DataFrame], consts: dict) -> pl.DataFrame:
    """A canonical table from its parts, with the constant provenance columns."""
    schema = SCHEMAS[table]
    frame = pl.concat(parts, how="vertical", rechunk=False) if len(parts) > 1 else parts[0]
    return frame.with_columns(
        pl.lit(consts[k], dtype=schema[k]).alias(k) for k in _CONSTANT
    ).select(list(schema))
