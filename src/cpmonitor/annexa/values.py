"""Cell values of an Annex A workbook, each in every form councils' case systems export.

Every parser returns ``(value, problem)``: ``value`` is ``None`` for a blank cell or a value
that could not be read, and ``problem`` is then a short sentence for the data-quality issue
(``None`` when the cell was blank or read). Nothing here raises on bad input.

- Dates: an Excel date cell, an Excel serial number in an unformatted cell, or text as
  ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``) or ISO ``yyyy-mm-dd``
  (a midnight time after it is allowed).
- Categories of abuse (CIN census codes NEG, PHY, SAB, EMO, MUL): Ofsted's template values
  (``a) Neglect`` … ``e) Multiple/not recommended``), the plain words, or the codes.
- Yes/no: ``Y``/``N``, ``Yes``/``No``, ``a) Yes``/``b) No``, ``True``/``False``, in any case;
  ``Unknown`` (``c) Unknown``) is read as not recorded, without a problem.
- Gender: ``a) Male``/``b) Female``, the words, ``M``/``F``, or the census codes 1/2 (as the
  census reader normalises: M, F, else U).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

Parsed = tuple[object, str | None]

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_PREFIX = re.compile(r"^\s*([a-z])\)\s*", re.IGNORECASE)  # Ofsted's "a) " option letters
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, past its 1900 leap-year bug


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def parse_date(value: object) -> Parsed:
    """A date from an Excel date, an Excel serial number, ``dd/mm/yyyy`` or ISO text."""
    if _blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 2958465:  # Excel's 1900-01-01..9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value)), None
        return None, f"{_shown(value)!r} is not a date"
    text = str(value).strip()
    parts = None
    if m := _DMY.fullmatch(text):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif m := _ISO.fullmatch(text):
        parts = int(m[1]), int(m[2]), int(m[3])
    if parts is None:
        return None, f"{_shown(value)!r} is not a date (write dd/mm/yyyy or yyyy-mm-dd)"
    try:
        return date(*parts), None
    except ValueError:
        return None, f"{_shown(value)!r} is not a date that exists"


def _words(value: object) -> tuple[str | None, str]:
    """(option letter or None, the rest lower-cased with single spaces)."""
    text = str(value).strip()
    letter = None
    if m := _PREFIX.match(text):
        letter, text = m[1].lower(), text[m.end() :]
    return letter, " ".join(re.sub(r"[^a-z0-9/]+", " ", text.lower()).split())


#: Category of abuse: words and codes -> CIN census code; Ofsted's option letters.
_CATEGORY_WORDS = {
    "neglect": "NEG",
    "neg": "NEG",
    "physical abuse": "PHY",
    "physical": "PHY",
    "phy": "PHY",
    "sexual abuse": "SAB",
    "sexual": "SAB",
    "sab": "SAB",
    "emotional abuse": "EMO",
    "emotional": "EMO",
    "emo": "EMO",
    "multiple/not recommended": "MUL",
    "multiple / not recommended": "MUL",
    "multiple": "MUL",
    "mul": "MUL",
}
_CATEGORY_LETTERS = {"a": "NEG", "b": "PHY", "c": "SAB", "d": "EMO", "e": "MUL"}


def parse_category(value: object) -> Parsed:
    """A category of abuse as its CIN census code (NEG, PHY, SAB, EMO, MUL)."""
    if _blank(value):
        return None, None
    letter, words = _words(value)
    code = _CATEGORY_WORDS.get(words) or _CATEGORY_WORDS.get(words.replace(" / ", "/"))
    if code is None and letter and not words:
        code = _CATEGORY_LETTERS.get(letter)
    if code is None:
        return None, (
            f"{_shown(value)!r} is not a category of abuse "
            "(Neglect, Physical abuse, Sexual abuse, Emotional abuse, Multiple)"
        )
    return code, None


_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}
_UNKNOWN = {"unknown", "not known", "not recorded", "u"}


def parse_yes_no(value: object) -> Parsed:
    """True, False, or None (blank or Unknown)."""
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return value, None
    letter, words = _words(value)
    if words in _YES or (letter == "a" and not words):
        return True, None
    if words in _NO or (letter == "b" and not words):
        return False, None
    if words in _UNKNOWN or (letter == "c" and not words):
        return None, None
    return None, f"{_shown(value)!r} is not yes or no"


def parse_sex(value: object) -> Parsed:
    """M, F or U (as the census reader normalises gender)."""
    if _blank(value):
        return None, None
    letter, words = _words(value)
    if words in {"male", "m", "1", "boy"} or (letter == "a" and not words):
        return "M", None
    if words in {"female", "f", "2", "girl"} or (letter == "b" and not words):
        return "F", None
    return "U", None


def parse_count(value: object) -> Parsed:
    """A whole number of 0 or more."""
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"{_shown(value)!r} is not a number"
    if isinstance(value, int | float):
        if float(value).is_integer() and value >= 0:
            return int(value), None
        return None, f"{_shown(value)!r} is not a whole number of 0 or more"
    text = str(value).strip()
    if text.isdigit():
        return int(text), None
    return None, f"{_shown(value)!r} is not a whole number of 0 or more"


def parse_text(value: object) -> Parsed:
    """Trimmed text (a number exported into a text column loses its ``.0``)."""
    if _blank(value):
        return None, None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10], None
    return " ".join(str(value).split()), None


_ETHNIC_CODE = re.compile(r"^(?:[a-z]\)\s*)?([A-Z]{4})\b")


def parse_ethnicity(value: object) -> Parsed:
    """The CIN census ethnicity code when one is given (``a) WBRI``, ``WBRI``), else the text."""
    text, problem = parse_text(value)
    if text is None:
        return None, problem
    m = _ETHNIC_CODE.match(str(text))
    return (m[1] if m else text), None
