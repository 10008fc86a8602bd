"""Council codes: the 3-digit DfE LA numbers a synthetic council may take.

A synthetic council borrows a real LA code so its figures can sit beside the DfE's published
ones (benchmarks, statistical neighbours); everything it holds is synthetic.
"""

from __future__ import annotations

#: The built-in demo council: Walsall's code (the 2016 report's council), synthetic data.
DEMO_LA = "335"

#: The 153 councils in DfE's 2024-25 *Children in need* tables (EES d3, ``old_la_code``).
CURRENT_LA_CODES = (
    "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213",
    "301", "302", "303", "304", "305", "306", "307", "308", "309", "310", "311", "312", "313",
    "314", "315", "316", "317", "318", "319", "320", "330", "331", "332", "333", "334", "335",
    "336", "340", "341", "342", "343", "344", "350", "351", "352", "353", "354", "355", "356",
    "357", "358", "359", "370", "371", "372", "373", "380", "381", "382", "383", "384", "390",
    "391", "392", "393", "394", "420", "800", "801", "802", "803", "805", "806", "807", "808",
    "810", "811", "812", "813", "815", "816", "821", "822", "823", "825", "826", "830", "831",
    "838", "839", "840", "841", "845", "846", "850", "851", "852", "855", "856", "857", "860",
    "861", "865", "866", "867", "868", "869", "870", "871", "872", "873", "874", "876", "877",
    "878", "879", "880", "881", "882", "883", "884", "885", "886", "887", "888", "889", "890",
    "891", "892", "893", "894", "895", "896", "908", "916", "919", "921", "925", "926", "929",
    "931", "933", "935", "936", "937", "938", "940", "941", "942", "943",
)  # fmt: skip

#: Codes of councils since reorganised (Dorset, Bournemouth, Poole, Cumbria, Northamptonshire).
FORMER_LA_CODES = ("835", "836", "837", "909", "928")

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
