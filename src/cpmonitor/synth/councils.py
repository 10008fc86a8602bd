"""Council codes: the 3-digit DfE LA numbers a synthetic council may take.

A synthetic council borrows a real LA code so its figures can sit beside the DfE's published
ones (benchmarks, statistical neighbours); everything it holds is synthetic.
"""

from __future__ import annotations

from ..benchmarks.areas import built_in_codes

#: The built-in demo council: Walsall's code (the 2016 report's council), synthetic data.
DEMO_LA = "335"
DEMO_CHILDREN = 5000  # about 350 plan starts a year, like the report's council

#: The councils in DfE's 2024-25 *Children in need* tables, and those since reorganised
#: (the benchmarks' built-in list of EES table D3 codes: one list of councils).
CURRENT_LA_CODES, FORMER_LA_CODES = built_in_codes()

LA_CODES = tuple(sorted(CURRENT_LA_CODES + FORMER_LA_CODES))


class CouncilCodeError(ValueError):
    """An LA code that is not a 3-digit English council number."""


def check_la(code: str) -> str:
    """``code`` trimmed, if it is a known 3-digit DfE LA number; else a clear error."""
    text = str(code).strip()
    if len(text) != 3 or not text.isdigit():
        raise CouncilCodeError(
            f"LA code {code!r} is not a 3-digit DfE LA number (for example {DEMO_LA}, Walsall)"
        )
    if text not in LA_CODES:
        raise CouncilCodeError(
            f"LA code {text} is not an English council in DfE's tables "
            f"(codes run {LA_CODES[0]}..{LA_CODES[-1]}; for example {DEMO_LA}, Walsall)"
        )
    return text
