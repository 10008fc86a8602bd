"""Reading the DfE files as published: layouts, symbols, rounding, refusals."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from cpmonitor.benchmarks.catalogue import STATUS_SYMBOLS
from cpmonitor.benchmarks.layouts import BenchmarkFileError, read_file
from cpmonitor.stats import percent

D3_COUNTS = ("CPP_start", "CPP_subsequent", "CPP_subsequent_percent")


def _raw_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_published_la_percent_in_d3_2025_is_reproduced_with_round_half_up(dfe):
    frame = read_file(dfe.D3_2025).frame.filter(
        (pl.col("level") == "la")
        & pl.col("numerator").is_not_null()
        & (pl.col("denominator") > 0)
        & pl.col("value").is_not_null()
    )
    assert frame.height == 1924  # every LA row with both counts (DfE README)
    mismatches = [
        r
        for r in frame.iter_rows(named=True)
        if percent(r["numerator"], r["denominator"]) != r["value"]
    ]
    assert mismatches == []


def test_the_two_ties_python_round_gets_wrong(dfe):
    frame = read_file(dfe.D3_2025).frame.filter(pl.col("level") == "la")
    ties = [
        (r["area"], r["year"], r["numerator"], r["denominator"], r["value"])
        for r in frame.filter(
            pl.col("numerator").is_not_null() & (pl.col("denominator") > 0)
        ).iter_rows(named=True)
        if round(100 * r["numerator"] / r["denominator"], 1) != r["value"]
    ]
    assert sorted(ties) == [("213", 2014, 7, 112, 6.3), ("333", 2023, 115, 368, 31.3)]
    # Sandwell 2022-23: 31.25 -> 31.3 (half up); Westminster 2013-14: 6.25 -> 6.3
    assert percent(115, 368) == 31.3 and round(100 * 115 / 368, 1) == 31.2
    assert percent(7, 112) == 6.3 and round(100 * 7 / 112, 1) == 6.2


def test_symbols_are_kept_as_statuses_never_zeros(dfe):
    raw = _raw_rows(dfe.D3_2025)
    symbols_in_file = sum(
        1 for row in raw for c in D3_COUNTS if not row[c].replace(".", "").isdigit()
    )
    frame = read_file(dfe.D3_2025).frame
    statuses = frame.select(
        pl.col("numerator_status").is_not_null().sum()
        + pl.col("denominator_status").is_not_null().sum()
        + pl.col("value_status").is_not_null().sum()
    ).item()
    assert symbols_in_file == statuses > 0
    # a status never comes with a number beside it
    assert frame.filter(
        pl.col("value_status").is_not_null() & pl.col("value").is_not_null()
    ).is_empty()

    def la(code: str, year: int) -> dict:
        return frame.filter((pl.col("area") == code) & (pl.col("year") == year)).row(0, named=True)

    hampshire = la("850", 2024)  # u: low reliability
    assert (hampshire["numerator"], hampshire["denominator"], hampshire["value"]) == (None,) * 3
    assert hampshire["value_status"] == "u" and hampshire["denominator_status"] == "u"
    scilly = la("420", 2024)  # z: not applicable, with 0 starts
    assert (scilly["denominator"], scilly["value"], scilly["value_status"]) == (0, None, "z")
    doncaster = la("371", 2022)  # u in the 2025 release
    assert doncaster["value"] is None and doncaster["value_status"] == "u"
    hackney = la("204", 2022)  # x: not available
    assert hackney["value_status"] == "x"
    city = la("201", 2013)  # c: suppressed numerator
    assert city["denominator"] == 6 and city["numerator_status"] == "c" and city["value"] is None
    assert set(frame.get_column("value_status").drop_nulls()) <= set(STATUS_SYMBOLS)


def test_percent_published_with_a_suppressed_denominator_is_kept(dfe):
    frame = read_file(dfe.D3_2025).frame
    rows = frame.filter(
        (pl.col("denominator_status") == "c") & (pl.col("numerator") == 0) & (pl.col("value") == 0)
    )
    assert rows.height == 12  # City of London and Isles of Scilly (DfE README)
    assert set(rows.get_column("area")) == {"201", "420"}


def test_release_label_and_identity(dfe, tmp_path):
    parsed = read_file(dfe.D3_2025)
    assert parsed.label == "D3 2025"
    assert read_file(dfe.D3_2024).label == "D3 2024"
    # the same content with a byte-order mark and CRLF line ends is the same release
    copy = tmp_path / "d3_copy.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + dfe.D3_2025.read_bytes().replace(b"\n", b"\r\n"))
    again = read_file(copy)
    assert again.release_id == parsed.release_id
    assert again.file_sha256 != parsed.file_sha256


def test_time_period_means_year_ending_31_march(dfe):
    frame = read_file(dfe.D3_2025).frame
    walsall = frame.filter((pl.col("area") == "335") & (pl.col("year") == 2016)).row(0, named=True)
    assert (walsall["numerator"], walsall["denominator"], walsall["value"]) == (93, 541, 17.2)
    england = frame.filter((pl.col("level") == "national") & (pl.col("year") == 2016))
    assert england.row(0, named=True)["area"] == "E92000001"


def test_d5_b1_c1_are_recognised_with_their_measures(dfe):
    d5 = read_file(dfe.D5).frame
    walsall = d5.filter(
        (pl.col("measure") == "plans_open_2_years_or_more")
        & (pl.col("area") == "335")
        & (pl.col("year") == 2025)
    )
    assert walsall.height == 1
    assert {"ees_b1", "ees_c1"} == {read_file(dfe.B1).layout.name, read_file(dfe.C1).layout.name}
    c1 = read_file(dfe.C1).frame.filter(
        (pl.col("measure") == "rereferrals")
        & (pl.col("level") == "national")
        & (pl.col("year") == 2025)
    )
    assert c1.select("numerator", "denominator", "value").row(0) == (142900, 632830, 22.6)


def test_lait_parquet_only_its_own_measures_and_same_content_as_csv(dfe):
    parquet = read_file(dfe.LAIT)
    assert parquet.layout.name == "lait_long" and parquet.label == "LAIT 2025"
    measures = set(parquet.frame.get_column("measure"))
    assert "repeat_plans" not in measures  # D3 carries that one
    assert {
        "plans_ended_2_years_or_more",
        "conferences_within_15_days",
        "plan_starts_rate",
    } <= measures
    # "-" is a status; England is LA number 970, the regions 980-990
    walsall = parquet.frame.filter(
        (pl.col("measure") == "plans_ended_2_years_or_more")
        & (pl.col("area") == "335")
        & (pl.col("year") == 2016)
    ).row(0, named=True)
    assert walsall["value"] is None and walsall["value_status"] == "-"
    england = parquet.frame.filter(
        (pl.col("measure") == "plans_ended_2_years_or_more")
        & (pl.col("level") == "national")
        & (pl.col("year") == 2016)
    ).row(0, named=True)
    assert (england["area"], england["value"]) == ("E92000001", 3.8)
    assert set(parquet.frame.filter(pl.col("level") == "region").get_column("area")) == {
        *(f"E1200000{k}" for k in range(1, 10)),
        "E13000001",
        "E13000002",
    }
    assert read_file(dfe.LAIT_CSV).release_id == parquet.release_id


WALSALL_2021 = ["831", "354", "874", "861", "350", "357", "332", "333", "382", "894"]
WALSALL_2025 = ["354", "861", "357", "336", "371", "831", "350", "372", "812", "333"]


def _neighbours_of(parsed, la: str) -> list[str]:
    return parsed.frame.filter(pl.col("la") == la).sort("rank").get_column("neighbour").to_list()


def test_statistical_neighbours_april_2021_csv_with_repeated_snp_header(dfe):
    parsed = read_file(dfe.SN_2021_CSV)
    assert parsed.layout.name == "sn_tool" and parsed.label == "SN 2021"
    assert _neighbours_of(parsed, "335") == WALSALL_2021
    assert (
        parsed.frame.filter(pl.col("la") == "335").get_column("closeness").to_list()[-1] == "close"
    )
    # the "Old SNs" section is read; 942/943 are not in the 2021 list
    assert {"835", "836", "837", "928", "940", "941"} <= set(parsed.frame.get_column("la"))
    assert not {"942", "943"} & set(parsed.frame.get_column("la"))


def test_lait_xlsx_with_three_header_rows_is_the_same_list(dfe):
    csv_list = read_file(dfe.SN_2021_CSV)
    xlsx_list = read_file(dfe.SN_2021_XLSX)
    assert xlsx_list.release_id == csv_list.release_id
    assert any("942" in note for note in xlsx_list.notes)  # empty "-" rows reported
    may = read_file(dfe.SN_2025_XLSX)
    assert may.label == "SN 2025" and _neighbours_of(may, "335") == WALSALL_2025


def test_may_2025_model_csv_trims_closeness(dfe):
    parsed = read_file(dfe.SN_2025_CSV)
    assert parsed.layout.name == "sn_model" and parsed.label == "SN 2025"
    assert _neighbours_of(parsed, "335") == WALSALL_2025
    assert _neighbours_of(parsed, "942")[:1] == ["943"]
    closeness = set(parsed.frame.get_column("closeness"))
    assert "close" in closeness and not any(c != c.strip() for c in closeness)


def test_neighbour_list_needs_a_year(dfe, tmp_path):
    nameless = tmp_path / "neighbours.csv"
    nameless.write_bytes(dfe.SN_2025_CSV.read_bytes())
    with pytest.raises(BenchmarkFileError, match="--neighbours-year"):
        read_file(nameless)
    assert read_file(nameless, neighbours_year=2025).label == "SN 2025"


def test_unknown_layout_is_refused_naming_the_expected_columns(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BenchmarkFileError) as caught:
        read_file(other)
    message = str(caught.value)
    assert str(other) in message and "Its columns: a, b" in message
    for expected in ("CPP_subsequent_percent", "Short Desc", "SN_10P", "SNP", "time_period"):
        assert expected in message


def test_a_near_miss_says_what_is_missing(dfe):
    with pytest.raises(BenchmarkFileError, match="lacks: time_period"):
        read_file(dfe.LA_CODES)


def _d3_with_cell(dfe, tmp_path, line: int, field: int, value: str):
    """A copy of D3 (2025) with one cell changed (``line`` 1-based, as a user counts)."""
    lines = dfe.D3_2025.read_text(encoding="utf-8").splitlines()
    fields = lines[line - 1].split(",")
    fields[field] = value
    lines[line - 1] = ",".join(fields)
    path = tmp_path / "d3_changed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_figure_that_is_neither_number_nor_symbol_is_refused_with_its_place(dfe, tmp_path):
    bad = _d3_with_cell(dfe, tmp_path, line=6, field=-1, value="12a")
    with pytest.raises(BenchmarkFileError, match=r"line 6, column CPP_subsequent_percent: '12a'"):
        read_file(bad)


def test_a_blank_figure_is_refused_not_read_as_missing(dfe, tmp_path):
    bad = _d3_with_cell(dfe, tmp_path, line=41, field=-3, value="")
    with pytest.raises(BenchmarkFileError, match="line 41, column CPP_start"):
        read_file(bad)
