"""Text written into a CSV or Excel file is never read back as a formula.

OWASP's advice on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection): a
cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)`` in an LAchildID becomes a
live link); prefixing a single quote makes it text. Numbers and dates are left as they are
(a negative number is a number, not text). Every CSV and XLSX the project writes goes through
:func:`neutralise` or :func:`neutralise_frame`: the web app's exports
(:mod:`cpmonitor.web.exports`), the report's workbook (:mod:`cpmonitor.report.excel`) and the
command line's ``--format csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a ``'`` in front when it is text a spreadsheet would take as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with :func:`neutralise` applied to every text column (and column name)."""
    import polars as pl

    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"
    text = [name for name, dtype in frame.schema.items() if dtype == pl.Utf8]
    frame = frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
    return frame.rename({n: neutralise(n) for n in frame.columns if neutralise(n) != n})
