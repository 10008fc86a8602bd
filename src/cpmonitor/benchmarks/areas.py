"""Local-authority identity: DfE 3-digit LA numbers, ONS codes, names, and code changes.

The identity used throughout is DfE's 3-digit LA number (``old_la_code`` in EES files, ``LA
Number`` in LAIT, ``LA num`` in the statistical-neighbour tool). A council may be named by that
number, by any ONS code it has had (``new_la_code``), or by name; all three are accepted.

Code changes followed (from the distinct code/name/region combinations in EES table D3, 2025
release, with the first and last year each was used):

- same LA number, new ONS code: North Yorkshire 815 (E10000023 -> E06000065, 2023-24),
  Buckinghamshire 825 (E10000002 -> E06000060, 2020-21), Somerset 933 (E10000027 -> E06000066,
  2023-24);
- new councils: Dorset 835 -> 838 and Bournemouth 837 / Poole 836 -> BCP 839 (2019-20),
  Northamptonshire 928 -> North 940 / West 941 (2021-22), Cumbria 909 -> Cumberland 942 /
  Westmorland and Furness 943 (2023-24).

A predecessor and its successors are different councils: their series are not joined, but each
is told about the other.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..periods import year_label

ENGLAND = "E92000001"
LONDON = "E12000007"

#: English regions (ONS RGN codes) and the two London sub-regions EES reports beside them.
REGIONS: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
    "E13000001": "Inner London",
    "E13000002": "Outer London",
}

#: EES gives London boroughs the sub-region (Inner/Outer London); their region is London.
SUBREGION_OF = {"E13000001": LONDON, "E13000002": LONDON}

#: Councils replaced by others (local government reorganisation): old -> new, first new year.
REORGANISATIONS: tuple[tuple[tuple[str, ...], tuple[str, ...], int], ...] = (
    (("835",), ("838", "839"), 2020),  # Dorset CC (with Christchurch) -> Dorset, BCP
    (("836", "837"), ("839",), 2020),  # Poole, Bournemouth -> BCP
    (("928",), ("940", "941"), 2022),  # Northamptonshire -> North, West Northamptonshire
    (("909",), ("942", "943"), 2024),  # Cumbria -> Cumberland, Westmorland and Furness
)

# old_la_code,new_la_code,la_name,region_code,region_name,first_year,last_year
# (derived/la_codes_from_ees_d3.csv, from EES table D3, 2025 release)
_BUILT_IN = """\
201,E09000001,City of London,E13000001,Inner London,2013,2025
202,E09000007,Camden,E13000001,Inner London,2013,2025
203,E09000011,Greenwich,E13000002,Outer London,2013,2025
204,E09000012,Hackney,E13000001,Inner London,2013,2025
205,E09000013,Hammersmith and Fulham,E13000001,Inner London,2013,2025
206,E09000019,Islington,E13000001,Inner London,2013,2025
207,E09000020,Kensington and Chelsea,E13000001,Inner London,2013,2025
208,E09000022,Lambeth,E13000001,Inner London,2013,2025
209,E09000023,Lewisham,E13000001,Inner London,2013,2025
210,E09000028,Southwark,E13000001,Inner London,2013,2025
211,E09000030,Tower Hamlets,E13000001,Inner London,2013,2025
212,E09000032,Wandsworth,E13000001,Inner London,2013,2025
213,E09000033,Westminster,E13000001,Inner London,2013,2025
301,E09000002,Barking and Dagenham,E13000002,Outer London,2013,2025
302,E09000003,Barnet,E13000002,Outer London,2013,2025
303,E09000004,Bexley,E13000002,Outer London,2013,2025
304,E09000005,Brent,E13000002,Outer London,2013,2025
305,E09000006,Bromley,E13000002,Outer London,2013,2025
306,E09000008,Croydon,E13000002,Outer London,2013,2025
307,E09000009,Ealing,E13000002,Outer London,2013,2025
308,E09000010,Enfield,E13000002,Outer London,2013,2025
309,E09000014,Haringey,E13000001,Inner London,2013,2025
310,E09000015,Harrow,E13000002,Outer London,2013,2025
311,E09000016,Havering,E13000002,Outer London,2013,2025
312,E09000017,Hillingdon,E13000002,Outer London,2013,2025
313,E09000018,Hounslow,E13000002,Outer London,2013,2025
314,E09000021,Kingston upon Thames,E13000002,Outer London,2013,2025
315,E09000024,Merton,E13000002,Outer London,2013,2025
316,E09000025,Newham,E13000001,Inner London,2013,2025
317,E09000026,Redbridge,E13000002,Outer London,2013,2025
318,E09000027,Richmond upon Thames,E13000002,Outer London,2013,2025
319,E09000029,Sutton,E13000002,Outer London,2013,2025
320,E09000031,Waltham Forest,E13000002,Outer London,2013,2025
330,E08000025,Birmingham,E12000005,West Midlands,2013,2025
331,E08000026,Coventry,E12000005,West Midlands,2013,2025
332,E08000027,Dudley,E12000005,West Midlands,2013,2025
333,E08000028,Sandwell,E12000005,West Midlands,2013,2025
334,E08000029,Solihull,E12000005,West Midlands,2013,2025
335,E08000030,Walsall,E12000005,West Midlands,2013,2025
336,E08000031,Wolverhampton,E12000005,West Midlands,2013,2025
340,E08000011,Knowsley,E12000002,North West,2013,2025
341,E08000012,Liverpool,E12000002,North West,2013,2025
342,E08000013,St. Helens,E12000002,North West,2013,2025
343,E08000014,Sefton,E12000002,North West,2013,2025
344,E08000015,Wirral,E12000002,North West,2013,2025
350,E08000001,Bolton,E12000002,North West,2013,2025
351,E08000002,Bury,E12000002,North West,2013,2025
352,E08000003,Manchester,E12000002,North West,2013,2025
353,E08000004,Oldham,E12000002,North West,2013,2025
354,E08000005,Rochdale,E12000002,North West,2013,2025
355,E08000006,Salford,E12000002,North West,2013,2025
356,E08000007,Stockport,E12000002,North West,2013,2025
357,E08000008,Tameside,E12000002,North West,2013,2025
358,E08000009,Trafford,E12000002,North West,2013,2025
359,E08000010,Wigan,E12000002,North West,2013,2025
370,E08000016,Barnsley,E12000003,Yorkshire and The Humber,2013,2025
371,E08000017,Doncaster,E12000003,Yorkshire and The Humber,2013,2025
372,E08000018,Rotherham,E12000003,Yorkshire and The Humber,2013,2025
373,E08000019,Sheffield,E12000003,Yorkshire and The Humber,2013,2025
380,E08000032,Bradford,E12000003,Yorkshire and The Humber,2013,2025
381,E08000033,Calderdale,E12000003,Yorkshire and The Humber,2013,2025
382,E08000034,Kirklees,E12000003,Yorkshire and The Humber,2013,2025
383,E08000035,Leeds,E12000003,Yorkshire and The Humber,2013,2025
384,E08000036,Wakefield,E12000003,Yorkshire and The Humber,2013,2025
390,E08000037,Gateshead,E12000001,North East,2013,2025
391,E08000021,Newcastle upon Tyne,E12000001,North East,2013,2025
392,E08000022,North Tyneside,E12000001,North East,2013,2025
393,E08000023,South Tyneside,E12000001,North East,2013,2025
394,E08000024,Sunderland,E12000001,North East,2013,2025
420,E06000053,Isles of Scilly,E12000009,South West,2013,2025
800,E06000022,Bath and North East Somerset,E12000009,South West,2013,2025
801,E06000023,"Bristol, City of",E12000009,South West,2013,2025
802,E06000024,North Somerset,E12000009,South West,2013,2025
803,E06000025,South Gloucestershire,E12000009,South West,2013,2025
805,E06000001,Hartlepool,E12000001,North East,2013,2025
806,E06000002,Middlesbrough,E12000001,North East,2013,2025
807,E06000003,Redcar and Cleveland,E12000001,North East,2013,2025
808,E06000004,Stockton-on-Tees,E12000001,North East,2013,2025
810,E06000010,"Kingston upon Hull, City of",E12000003,Yorkshire and The Humber,2013,2025
811,E06000011,East Riding of Yorkshire,E12000003,Yorkshire and The Humber,2013,2025
812,E06000012,North East Lincolnshire,E12000003,Yorkshire and The Humber,2013,2025
813,E06000013,North Lincolnshire,E12000003,Yorkshire and The Humber,2013,2025
815,E10000023,North Yorkshire,E12000003,Yorkshire and The Humber,2013,2023
815,E06000065,North Yorkshire,E12000003,Yorkshire and The Humber,2024,2025
816,E06000014,York,E12000003,Yorkshire and The Humber,2013,2025
821,E06000032,Luton,E12000006,East of England,2013,2025
822,E06000055,Bedford,E12000006,East of England,2013,2025
823,E06000056,Central Bedfordshire,E12000006,East of England,2013,2025
825,E10000002,Buckinghamshire,E12000008,South East,2013,2020
825,E06000060,Buckinghamshire,E12000008,South East,2021,2025
826,E06000042,Milton Keynes,E12000008,South East,2013,2025
830,E10000007,Derbyshire,E12000004,East Midlands,2013,2025
831,E06000015,Derby,E12000004,East Midlands,2013,2025
835,E10000009,Dorset,E12000009,South West,2013,2019
836,E06000029,Poole,E12000009,South West,2013,2019
837,E06000028,Bournemouth,E12000009,South West,2013,2019
838,E06000059,Dorset,E12000009,South West,2020,2025
839,E06000058,"Bournemouth, Christchurch and Poole",E12000009,South West,2020,2025
840,E06000047,County Durham,E12000001,North East,2013,2025
841,E06000005,Darlington,E12000001,North East,2013,2025
845,E10000011,East Sussex,E12000008,South East,2013,2025
846,E06000043,Brighton and Hove,E12000008,South East,2013,2025
850,E10000014,Hampshire,E12000008,South East,2013,2025
851,E06000044,Portsmouth,E12000008,South East,2013,2025
852,E06000045,Southampton,E12000008,South East,2013,2025
855,E10000018,Leicestershire,E12000004,East Midlands,2013,2025
856,E06000016,Leicester,E12000004,East Midlands,2013,2025
857,E06000017,Rutland,E12000004,East Midlands,2013,2025
860,E10000028,Staffordshire,E12000005,West Midlands,2013,2025
861,E06000021,Stoke-on-Trent,E12000005,West Midlands,2013,2025
865,E06000054,Wiltshire,E12000009,South West,2013,2025
866,E06000030,Swindon,E12000009,South West,2013,2025
867,E06000036,Bracknell Forest,E12000008,South East,2013,2025
868,E06000040,Windsor and Maidenhead,E12000008,South East,2013,2025
869,E06000037,West Berkshire,E12000008,South East,2013,2025
870,E06000038,Reading,E12000008,South East,2013,2025
871,E06000039,Slough,E12000008,South East,2013,2025
872,E06000041,Wokingham,E12000008,South East,2013,2025
873,E10000003,Cambridgeshire,E12000006,East of England,2013,2025
874,E06000031,Peterborough,E12000006,East of England,2013,2025
876,E06000006,Halton,E12000002,North West,2013,2025
877,E06000007,Warrington,E12000002,North West,2013,2025
878,E10000008,Devon,E12000009,South West,2013,2025
879,E06000026,Plymouth,E12000009,South West,2013,2025
880,E06000027,Torbay,E12000009,South West,2013,2025
881,E10000012,Essex,E12000006,East of England,2013,2025
882,E06000033,Southend-on-Sea,E12000006,East of England,2013,2025
883,E06000034,Thurrock,E12000006,East of England,2013,2025
884,E06000019,"Herefordshire, County of",E12000005,West Midlands,2013,2025
885,E10000034,Worcestershire,E12000005,West Midlands,2013,2025
886,E10000016,Kent,E12000008,South East,2013,2025
887,E06000035,Medway,E12000008,South East,2013,2025
888,E10000017,Lancashire,E12000002,North West,2013,2025
889,E06000008,Blackburn with Darwen,E12000002,North West,2013,2025
890,E06000009,Blackpool,E12000002,North West,2013,2025
891,E10000024,Nottinghamshire,E12000004,East Midlands,2013,2025
892,E06000018,Nottingham,E12000004,East Midlands,2013,2025
893,E06000051,Shropshire,E12000005,West Midlands,2013,2025
894,E06000020,Telford and Wrekin,E12000005,West Midlands,2013,2025
895,E06000049,Cheshire East,E12000002,North West,2013,2025
896,E06000050,Cheshire West and Chester,E12000002,North West,2013,2025
908,E06000052,Cornwall,E12000009,South West,2013,2025
909,E10000006,Cumbria,E12000002,North West,2013,2023
916,E10000013,Gloucestershire,E12000009,South West,2013,2025
919,E10000015,Hertfordshire,E12000006,East of England,2013,2025
921,E06000046,Isle of Wight,E12000008,South East,2013,2025
925,E10000019,Lincolnshire,E12000004,East Midlands,2013,2025
926,E10000020,Norfolk,E12000006,East of England,2013,2025
928,E10000021,Northamptonshire,E12000004,East Midlands,2013,2021
929,E06000057,Northumberland,E12000001,North East,2013,2025
931,E10000025,Oxfordshire,E12000008,South East,2013,2025
933,E10000027,Somerset,E12000009,South West,2013,2023
933,E06000066,Somerset,E12000009,South West,2024,2025
935,E10000029,Suffolk,E12000006,East of England,2013,2025
936,E10000030,Surrey,E12000008,South East,2013,2025
937,E10000031,Warwickshire,E12000005,West Midlands,2013,2025
938,E10000032,West Sussex,E12000008,South East,2013,2025
940,E06000061,North Northamptonshire,E12000004,East Midlands,2022,2025
941,E06000062,West Northamptonshire,E12000004,East Midlands,2022,2025
942,E06000063,Cumberland,E12000002,North West,2024,2025
943,E06000064,Westmorland and Furness,E12000002,North West,2024,2025
"""


class UnknownArea(LookupError):
    """``--la`` matched no council."""


@dataclass(frozen=True)
class CodeSpell:
    """One combination of codes, name and region a council was published under."""

    code: str
    ons_code: str
    name: str
    region_code: str
    first_year: int
    last_year: int


@dataclass(frozen=True)
class LocalAuthority:
    """A council, identified by its DfE 3-digit LA number."""

    code: str
    name: str
    spells: tuple[CodeSpell, ...]
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)

    @property
    def ons_code(self) -> str:
        """The ONS code in use most recently."""
        return self.spells[-1].ons_code

    @property
    def ons_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.ons_code for s in self.spells))

    @property
    def region_code(self) -> str:
        """Its region (London boroughs: London, not the Inner/Outer sub-region)."""
        code = self.spells[-1].region_code
        return SUBREGION_OF.get(code, code)

    @property
    def region_name(self) -> str:
        return REGIONS.get(self.region_code, self.region_code)

    @property
    def first_year(self) -> int:
        return min(s.first_year for s in self.spells)

    @property
    def last_year(self) -> int:
        return max(s.last_year for s in self.spells)

    def ons_code_in(self, year: int) -> str:
        """The ONS code in the year ending 31 March ``year`` (the nearest one outside)."""
        for spell in self.spells:
            if spell.first_year <= year <= spell.last_year:
                return spell.ons_code
        if year < self.first_year:
            return self.spells[0].ons_code
        return self.spells[-1].ons_code

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "ons_codes": list(self.ons_codes),
            "region_code": self.region_code,
            "region_name": self.region_name,
            "predecessors": list(self.predecessors),
            "successors": list(self.successors),
        }


def normalise_name(name: str) -> str:
    """A council name reduced so the spellings DfE files use match each other.

    "Bedford Borough" = "Bedford", "Durham" = "County Durham", "St. Helens" = "St Helens",
    "Kingston Upon Hull, City of" = "Kingston upon Hull", "Bournemouth, Christchurch &
    Poole" = "Bournemouth, Christchurch and Poole", "Dorset (Pre LG)" = "Dorset".
    """
    text = name.lower().replace("&", " and ").replace(".", " ")
    text = re.sub(r"\(pre lg\)", " ", text)
    text = re.sub(r",\s*(city|county) of\s*$", " ", text)
    text = re.sub(r"^\s*county\s+", " ", text)
    text = re.sub(r"\s+borough\s*$", " ", text)
    text = re.sub(r"[,\s]+", " ", text)
    return text.strip()


def _built_in_spells() -> list[CodeSpell]:
    reader = csv.reader(io.StringIO(_BUILT_IN))
    return [
        CodeSpell(code, ons, name, region, int(first), int(last))
        for code, ons, name, region, _region_name, first, last in reader
    ]


def built_in_codes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 3-digit LA numbers of the built-in list: (current councils, former councils).

    Current: published in the list's latest year; former: since reorganised (Dorset,
    Bournemouth, Poole, Cumbria, Northamptonshire).
    """
    spells = _built_in_spells()
    latest = max(s.last_year for s in spells)
    current = {s.code for s in spells if s.last_year == latest}
    return tuple(sorted(current)), tuple(sorted({s.code for s in spells} - current))


class LaDirectory:
    """Every council known: the built-in list (EES D3, 2025 release) plus any imported."""

    def __init__(self, extra: Iterable[CodeSpell] = ()) -> None:
        spells: dict[tuple[str, str, str], CodeSpell] = {}
        for spell in [*_built_in_spells(), *extra]:
            key = (spell.code, spell.ons_code, spell.name)
            old = spells.get(key)
            if old is not None:
                spell = CodeSpell(
                    spell.code,
                    spell.ons_code,
                    spell.name,
                    spell.region_code or old.region_code,
                    min(old.first_year, spell.first_year),
                    max(old.last_year, spell.last_year),
                )
            spells[key] = spell
        by_code: dict[str, list[CodeSpell]] = {}
        for spell in spells.values():
            by_code.setdefault(spell.code, []).append(spell)
        predecessors: dict[str, set[str]] = {}
        successors: dict[str, set[str]] = {}
        for old_codes, new_codes, _year in REORGANISATIONS:
            for old in old_codes:
                successors.setdefault(old, set()).update(new_codes)
            for new in new_codes:
                predecessors.setdefault(new, set()).update(old_codes)
        self._las: dict[str, LocalAuthority] = {}
        for code, items in by_code.items():
            items.sort(key=lambda s: (s.last_year, s.first_year))
            self._las[code] = LocalAuthority(
                code=code,
                name=items[-1].name,
                spells=tuple(items),
                predecessors=tuple(sorted(predecessors.get(code, ()))),
                successors=tuple(sorted(successors.get(code, ()))),
                names=frozenset(normalise_name(s.name) for s in items),
            )
        self._by_ons = {s.ons_code.upper(): s.code for s in spells.values() if s.ons_code}

    def __iter__(self):
        return iter(sorted(self._las.values(), key=lambda la: la.code))

    def __len__(self) -> int:
        return len(self._las)

    def get(self, code: str) -> LocalAuthority | None:
        return self._las.get(code)

    def name(self, code: str) -> str:
        la = self._las.get(code)
        return la.name if la else code

    def resolve(self, text: str) -> LocalAuthority:
        """The council named by a 3-digit LA number, an ONS code or a name.

        A name two councils have shared (Dorset: 835 until 2018-19, 838 since) means the
        newer one; :meth:`history_note` then names the other.
        """
        query = text.strip()
        if re.fullmatch(r"\d{1,3}", query):
            la = self._las.get(query.zfill(3))
            if la:
                return la
        elif re.fullmatch(r"[A-Za-z]\d{8}", query):
            code = self._by_ons.get(query.upper())
            if code:
                return self._las[code]
        else:
            wanted = normalise_name(query)
            found = [la for la in self._las.values() if wanted in la.names]
            if found:
                # "Dorset (Pre LG)" (the LAIT spelling) means the council before reorganisation
                newest = "pre lg" not in query.lower()
                key = lambda la: (la.last_year, la.first_year)  # noqa: E731
                return max(found, key=key) if newest else min(found, key=key)
        raise UnknownArea(self._unknown_message(query))

    def _unknown_message(self, query: str) -> str:
        names = {normalise_name(la.name): la for la in self._las.values()}
        close = difflib.get_close_matches(normalise_name(query), list(names), n=3, cutoff=0.6)
        hint = (
            "; did you mean " + ", ".join(f"{names[c].name} ({names[c].code})" for c in close)
            if close
            else ""
        )
        return (
            f"no council matches {query!r}: give a 3-digit DfE LA number (e.g. 335), an ONS code "
            f"(e.g. E08000030) or a council name{hint}"
        )

    @staticmethod
    def _reorganised(new_codes: Iterable[str]) -> int:
        return min(year for _o, new, year in REORGANISATIONS if set(new) & set(new_codes))

    def history_note(self, la: LocalAuthority) -> str | None:
        """A sentence on its code changes and reorganisation, or ``None`` if it had none."""
        parts = []
        if len(la.ons_codes) > 1:
            changes = ", ".join(
                f"{s.ons_code} ({year_label(s.first_year)} to {year_label(s.last_year)})"
                for s in la.spells
            )
            parts.append(f"{la.name} ({la.code}) has had more than one ONS code: {changes}.")
        if la.successors:
            new = _and([f"{self.name(c)} ({c})" for c in la.successors])
            parts.append(
                f"{la.name} ({la.code}) was replaced by {new}; their figures start in "
                f"{year_label(self._reorganised(la.successors))}."
            )
        if la.predecessors:
            old = _and([f"{self.name(c)} ({c})" for c in la.predecessors])
            parts.append(
                f"{la.name} ({la.code}) replaced {old} in {year_label(self._reorganised([la.code]))}; "
                "earlier years are published under the old code"
                f"{'s' if len(la.predecessors) > 1 else ''}."
            )
        return " ".join(parts) or None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
