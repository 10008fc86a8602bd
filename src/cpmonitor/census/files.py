"""Which files a load reads: the files given, and the returns and workbooks in the folders given.

Light to import (no polars, no reader): a command can look at its inputs before its own imports.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .issues import Issue, ReturnRejected

WORKBOOK_SUFFIX = ".xlsx"  # an Ofsted Annex A workbook
#: file suffixes read: CIN census returns and Ofsted Annex A workbooks
RETURN_SUFFIXES = (".xml", WORKBOOK_SUFFIX)


def split_workbooks(files: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(the census returns, the Annex A workbooks) among ``files``, each in order."""
    files = list(files)
    workbooks = [f for f in files if f.suffix.lower() == WORKBOOK_SUFFIX]
    return [f for f in files if f.suffix.lower() != WORKBOOK_SUFFIX], workbooks


def size_of(path: Path) -> int:
    """``path``'s size in bytes, 0 when it cannot be read (its reading then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def find_returns(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[Issue], list[ReturnRejected]]:
    """The files to read: those given, and the ``*.xml`` files under the folders given.

    Returns (files, notices about skipped files, paths that do not exist).
    """
    files: list[Path] = []
    skipped: list[Issue] = []
    missing: list[ReturnRejected] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(path).parts):
                    continue
                if found.suffix.lower() in RETURN_SUFFIXES and not found.name.startswith("~$"):
                    files.append(found)
                else:
                    skipped.append(
                        Issue(
                            str(found),
                            None,
                            None,
                            None,
                            "notice",
                            "not-xml-file",
                            "Not an .xml return or .xlsx Annex A workbook; skipped",
                        )
                    )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ReturnRejected(str(path), "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped, missing
