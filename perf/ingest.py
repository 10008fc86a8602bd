"""Ingest benchmark: CIN census XML to the typed canonical tables, in MB/s.

One large synthetic return (15,000 children by default; written by ``cpmonitor.synth`` when it
is installed, else by the template below) is read by:

- **bare iterparse** — lxml ``iterparse`` over every end event, clearing each ``<Child>``
  (the practical ceiling: parsing the file and visiting every element, doing nothing else);
- **parse only** — lxml ``iterparse`` filtered to ``<Child>`` (libxml2 parsing, no Python
  per element; shown for reference);
- **cpmonitor** — :func:`cpmonitor.census.reader.read_return` (typed tables + issues);
- **xmlschema** — ``XMLSchema(CIN_schema_<year>.xsd).to_dict(file)``, how pooled-data tools
  read these files (its tables would still have to be built from the dicts).

Run: ``uv run python -m perf.ingest [--children N]``. Target (issue 11): cpmonitor at least
55 MB/s and at least 70% of the bare iterparse rate.
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
        "      <LEA>335</LEA>\n      <SoftwareCode>cpmonitor benchmark</SoftwareCode>\n"
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


def benchmark_return(folder: Path, children: int, template: bool = False) -> tuple[Path, str]:
    """The return to read: from the life-course simulator if present, else the template."""
    try:
        if template:
            raise ImportError
        from cpmonitor.synth import DEMO_LA, simulate, write_returns
    except ImportError:
        return synthetic_return(folder / f"cin_{YEAR}.xml", children), "built-in template"
    sim = simulate(DEMO_LA, years=[YEAR], children=children, seed=YEAR)
    (written,) = write_returns(sim, folder, years=[YEAR])
    return Path(written.path), "cpmonitor.synth"


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


def _measure(readers: dict, path: Path, repeat: int) -> tuple[dict, dict]:
    """Best wall-clock and CPU seconds of each reader, run in turn ``repeat`` times.

    Taking turns spreads any load from other processes evenly; CPU time (all threads of this
    process) is the steadier figure on a shared machine, and the ratios are taken from it.
    """
    wall = dict.fromkeys(readers, float("inf"))
    cpu = dict.fromkeys(readers, float("inf"))
    for _ in range(repeat):
        for name, fn in readers.items():
            w0, c0 = time.perf_counter(), time.process_time()
            fn(path)
            wall[name] = min(wall[name], time.perf_counter() - w0)
            cpu[name] = min(cpu[name], time.process_time() - c0)
    return wall, cpu


def run(
    children: int = 15_000, repeat: int = 5, with_xmlschema: bool = True, template: bool = False
) -> dict:
    """Measure, print and return MB/s of each reader over one synthetic return."""
    readers = {
        "bare_iterparse": bare_iterparse,
        "parse_only": parse_only,
        "cpmonitor": cpmonitor_read,
    }
    with tempfile.TemporaryDirectory(prefix="cpmonitor-bench-") as tmp:
        path, source = benchmark_return(Path(tmp), children, template)
        mb = path.stat().st_size / 1e6
        returned = read_return(path)
        kids, issues = returned.returns[0].children, len(returned.issues)
        parse_only(path)  # warm the page cache
        wall, cpu = _measure(readers, path, repeat)
        if with_xmlschema and XSD.is_file():
            w, c = _measure({"xmlschema_to_dict": xmlschema_to_dict}, path, 1)
            wall.update(w)
            cpu.update(c)
    rate = {k: mb / s for k, s in cpu.items()}
    result = {
        "return": source,
        "children": kids,
        "issues": issues,
        "file_mb": round(mb, 1),
        "wall_seconds": {k: round(s, 3) for k, s in wall.items()},
        "cpu_seconds": {k: round(s, 3) for k, s in cpu.items()},
        "mb_per_s": {k: round(r, 1) for k, r in rate.items()},  # by CPU time
        "cpmonitor_vs_bare_iterparse": round(rate["cpmonitor"] / rate["bare_iterparse"], 2),
        "cpmonitor_vs_parse_only": round(rate["cpmonitor"] / rate["parse_only"], 2),
    }
    if "xmlschema_to_dict" in rate:
        result["cpmonitor_vs_xmlschema"] = round(rate["cpmonitor"] / rate["xmlschema_to_dict"], 1)
    print(
        f"Synthetic return ({source}, {YEAR - 1}-{YEAR % 100}): {kids:,} children, {mb:.1f} MB, "
        f"{issues} issues; best of {repeat}, in turns"
    )
    print(f"  {'reader':<20} {'wall s':>8} {'CPU s':>8} {'MB/s (CPU)':>11}")
    for k in cpu:
        print(f"  {k:<20} {wall[k]:8.3f} {cpu[k]:8.3f} {rate[k]:11.1f}")
    print(
        f"  cpmonitor = {result['cpmonitor_vs_bare_iterparse']:.0%} of bare iterparse "
        f"(target >= 70%, >= 55 MB/s), {result['cpmonitor_vs_parse_only']:.0%} of parse only"
        + (
            f", {result['cpmonitor_vs_xmlschema']}x xmlschema to_dict"
            if "cpmonitor_vs_xmlschema" in result
            else ", xmlschema not measured"
        )
    )
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-xmlschema", action="store_true", help="skip the slow baseline")
    parser.add_argument(
        "--template", action="store_true", help="use the built-in template, not cpmonitor.synth"
    )
    args = parser.parse_args(argv)
    run(args.children, args.repeat, not args.no_xmlschema, args.template)


if __name__ == "__main__":
    main(sys.argv[1:])
