"""Ingest benchmark: CIN census XML to the typed canonical tables, in MB/s.

One large synthetic return (15,000 children by default) is read by:

- **bare iterparse** — lxml ``iterparse`` over every end event, clearing each ``<Child>``
  (the practical ceiling: parsing the file and visiting every element, doing nothing else);
- **parse only** — lxml ``iterparse`` filtered to ``<Child>`` (libxml2 parsing, no Python
  per element; shown for reference);
- **cpmonitor** — :func:`cpmonitor.census.reader.read_return` (typed tables + issues);
- **xmlschema** — ``XMLSchema(CIN_schema_<year>.xsd).to_dict(file)``, how pooled-data tools
  read these files (its tables would still have to be built from the dicts).

Run: ``uv run python -m benchmarks.ingest [--children N]``. Target: cpmonitor at least 50% of
the bare iterparse rate.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from cpmonitor.census.reader import read_return

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
YEAR = 2023  # census year of the synthetic return (2022-23): the XSD we validate against
XSD = SHARED / "peer-cin-samples" / "liia-tools-pipeline-xsd" / f"CIN_schema_{YEAR}.xsd"

_ETHNICITY = [
    "WBRI",
    "WBRI",
    "WBRI",
    "WBRI",
    "WOTH",
    "MWBC",
    "MOTH",
    "AIND",
    "APKN",
    "BCRB",
    "BAFR",
    "OOTH",
    "NOBT",
]
_SOURCES = [
    "1A",
    "1B",
    "2A",
    "2B",
    "3A",
    "3B",
    "3E",
    "4",
    "5A",
    "5D",
    "6",
    "6",
    "6",
    "7",
    "8",
    "9",
    "10",
]
_NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
_FACTORS = [
    "1B",
    "2B",
    "3A",
    "3B",
    "4B",
    "5B",
    "6B",
    "8B",
    "9A",
    "10A",
    "11A",
    "14A",
    "16A",
    "17A",
    "18B",
    "18C",
    "19B",
    "19C",
    "20",
    "21",
    "22A",
    "24A",
]
_CATEGORIES = ["NEG", "NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL"]


def _d(day: date) -> str:
    return day.isoformat()


def synthetic_return(path: Path, children: int = 15_000, seed: int = 2023) -> Path:
    """Write a realistic CIN census return (``YEAR``) with ``children`` children to ``path``.

    Each child has one or two CIN episodes with an assessment (factors), a CIN plan, a
    section 47 enquiry and, for about two in five, a child protection plan with reviews.
    Dates, codes and IDs vary per child; the file is valid against ``CIN_schema_<YEAR>.xsd``.
    """
    rng = random.Random(seed)
    start = date(YEAR - 1, 4, 1)
    end = date(YEAR, 3, 31)
    out: list[str] = [
        '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n'
        "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
        f"      <Year>{YEAR}</Year>\n      <ReferenceDate>{_d(end)}</ReferenceDate>\n"
        "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
        "      <LEA>999</LEA>\n      <SoftwareCode>cpmonitor benchmark</SoftwareCode>\n"
        "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
        f"      <DateTime>{_d(end)}T12:00:00</DateTime>\n    </Source>\n  </Header>\n"
        "  <Children>\n"
    ]
    for n in range(children):
        born = start - timedelta(days=rng.randrange(0, 17 * 365))
        sex = rng.choice("1122")
        out.append(
            "    <Child>\n      <ChildIdentifiers>\n"
            f"        <LAchildID>{n:08d}</LAchildID>\n"
            f"        <UPN>A{rng.randrange(10**10, 10**11)}{rng.randrange(10)}</UPN>\n"
            f"        <PersonBirthDate>{_d(born)}</PersonBirthDate>\n"
            f"        <GenderCurrent>{sex}</GenderCurrent>\n"
            "      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
            f"        <Ethnicity>{rng.choice(_ETHNICITY)}</Ethnicity>\n"
            "        <Disabilities>\n"
            f"          <Disability>{rng.choice(['NONE'] * 6 + ['LD', 'AUT', 'COMM'])}</Disability>\n"
            "        </Disabilities>\n      </ChildCharacteristics>\n"
        )
        for _ in range(rng.choice((1, 1, 1, 2))):
            referral = start + timedelta(days=rng.randrange(0, 300))
            closed = referral + timedelta(days=rng.randrange(20, 400))
            icpc = referral + timedelta(days=rng.randrange(5, 20))
            episode = [
                "      <CINdetails>\n"
                f"        <CINreferralDate>{_d(referral)}</CINreferralDate>\n"
                f"        <ReferralSource>{rng.choice(_SOURCES)}</ReferralSource>\n"
                f"        <PrimaryNeedCode>{rng.choice(_NEEDS)}</PrimaryNeedCode>\n"
            ]
            if closed <= end:
                episode.append(
                    f"        <CINclosureDate>{_d(closed)}</CINclosureDate>\n"
                    f"        <ReasonForClosure>RC{rng.randrange(1, 10)}</ReasonForClosure>\n"
                )
            episode.append(
                f"        <DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>\n"
                "        <Assessments>\n"
                f"          <AssessmentActualStartDate>{_d(referral + timedelta(days=1))}"
                "</AssessmentActualStartDate>\n"
                "          <AssessmentAuthorisationDate>"
                f"{_d(referral + timedelta(days=rng.randrange(10, 45)))}"
                "</AssessmentAuthorisationDate>\n"
                "          <FactorsIdentifiedAtAssessment>\n"
                + "".join(
                    f"            <AssessmentFactors>{f}</AssessmentFactors>\n"
                    for f in rng.sample(_FACTORS, rng.randrange(1, 4))
                )
                + "          </FactorsIdentifiedAtAssessment>\n        </Assessments>\n"
                "        <CINPlanDates>\n"
                f"          <CINPlanStartDate>{_d(referral + timedelta(days=30))}"
                "</CINPlanStartDate>\n"
                + (
                    f"          <CINPlanEndDate>{_d(referral + timedelta(days=120))}"
                    "</CINPlanEndDate>\n"
                    if referral + timedelta(days=120) <= end
                    else ""
                )
                + "        </CINPlanDates>\n"
                "        <Section47>\n"
                f"          <S47ActualStartDate>{_d(referral + timedelta(days=2))}"
                "</S47ActualStartDate>\n"
                f"          <InitialCPCtarget>{_d(referral + timedelta(days=17))}"
                "</InitialCPCtarget>\n"
                f"          <DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>\n"
                "          <ICPCnotRequired>0</ICPCnotRequired>\n        </Section47>\n"
                "        <ReferralNFA>0</ReferralNFA>\n"
            )
            if rng.random() < 0.4:
                plan_end = icpc + timedelta(days=rng.randrange(60, 700))
                category = rng.choice(_CATEGORIES)
                last_review = min(plan_end, end)
                reviews = "".join(
                    f"            <CPPreviewDate>{_d(day)}</CPPreviewDate>\n"
                    for k in range(4)
                    if (day := icpc + timedelta(days=90 + 180 * k)) <= last_review
                )
                episode.append(
                    "        <ChildProtectionPlans>\n"
                    f"          <CPPstartDate>{_d(icpc)}</CPPstartDate>\n"
                    + (
                        f"          <CPPendDate>{_d(plan_end)}</CPPendDate>\n"
                        if plan_end <= end
                        else ""
                    )
                    + f"          <InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>\n"
                    f"          <LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>\n"
                    f"          <NumberOfPreviousCPP>{rng.choice('0000012')}</NumberOfPreviousCPP>\n"
                    + (f"          <Reviews>\n{reviews}          </Reviews>\n" if reviews else "")
                    + "        </ChildProtectionPlans>\n"
                )
            episode.append("      </CINdetails>\n")
            out.append("".join(episode))
        out.append("    </Child>\n")
    out.append("  </Children>\n</Message>\n")
    path.write_text("".join(out), encoding="utf-8")
    return path


def bare_iterparse(path: Path) -> int:
    """Every end event, clearing each child: the least a streaming reader must do."""
    n = 0
    for _event, el in etree.iterparse(str(path), events=("end",)):
        n += 1
        if el.tag == "Child":
            el.clear()
    return n


def parse_only(path: Path) -> int:
    """libxml2 parsing with Python seeing only the children."""
    n = 0
    for _event, el in etree.iterparse(str(path), events=("end",), tag="Child"):
        n += 1
        el.clear()
    return n


def cpmonitor_read(path: Path) -> int:
    return read_return(path).tables["children"].height


def xmlschema_to_dict(path: Path) -> int:
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD))
    data = schema.to_dict(str(path), validation="lax")
    return len(data)


def _best(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t0)
    return min(times)


def run(children: int = 15_000, repeat: int = 3, with_xmlschema: bool = True) -> dict:
    """Measure, print and return MB/s of each reader over one synthetic return."""
    with tempfile.TemporaryDirectory(prefix="cpmonitor-bench-") as tmp:
        path = synthetic_return(Path(tmp) / f"cin_{YEAR}.xml", children)
        mb = path.stat().st_size / 1e6
        parse_only(path)  # warm the page cache
        seconds = {
            "bare_iterparse": _best(bare_iterparse, path, repeat),
            "parse_only": _best(parse_only, path, repeat),
            "cpmonitor": _best(cpmonitor_read, path, repeat),
        }
        if with_xmlschema and XSD.is_file():
            seconds["xmlschema_to_dict"] = _best(xmlschema_to_dict, path, 1)
    rates = {k: mb / s for k, s in seconds.items()}
    result = {
        "children": children,
        "file_mb": round(mb, 1),
        "seconds": {k: round(s, 3) for k, s in seconds.items()},
        "mb_per_s": {k: round(r, 1) for k, r in rates.items()},
        "cpmonitor_vs_bare_iterparse": round(rates["cpmonitor"] / rates["bare_iterparse"], 2),
        "cpmonitor_vs_parse_only": round(rates["cpmonitor"] / rates["parse_only"], 2),
    }
    if "xmlschema_to_dict" in rates:
        result["cpmonitor_vs_xmlschema"] = round(rates["cpmonitor"] / rates["xmlschema_to_dict"], 1)
    print(f"Synthetic return: {children:,} children, {mb:.1f} MB (best of {repeat})")
    for k, s in seconds.items():
        print(f"  {k:<20} {s:7.3f} s  {rates[k]:7.1f} MB/s")
    print(
        f"  cpmonitor = {result['cpmonitor_vs_bare_iterparse']:.0%} of bare iterparse "
        f"(target >= 50%), {result['cpmonitor_vs_parse_only']:.0%} of parse only"
        + (
            f", {result['cpmonitor_vs_xmlschema']}x xmlschema to_dict"
            if "cpmonitor_vs_xmlschema" in result
            else ", xmlschema not measured (schema not found)"
        )
    )
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-xmlschema", action="store_true")
    args = parser.parse_args(argv)
    run(args.children, args.repeat, not args.no_xmlschema)


if __name__ == "__main__":
    main(sys.argv[1:])
