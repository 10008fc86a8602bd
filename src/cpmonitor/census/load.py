"""Load many CIN census returns (files or folders) into one :class:`CensusData`.

A file that cannot be read as a CIN census return is listed in ``CensusData.rejected`` with a
one-line reason; every other file still loads. Folders are searched recursively for ``*.xml``
returns and ``*.xlsx`` Ofsted Annex A workbooks; their other files are skipped with a notice
(hidden files silently). Workbooks are read after the returns (a workbook may take its council
from them) and joined into the history by :func:`cpmonitor.annexa.join.with_annex_a`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from .dataset import CensusData
from .issues import Issue, ReturnRejected
from .reader import read_return

LoadProgress = Callable[[int, int, str], None]

#: file suffixes read: CIN census returns and Ofsted Annex A workbooks
RETURN_SUFFIXES = (".xml", ".xlsx")


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


def load(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    year: int | None = None,
    la: str | None = None,
    progress: LoadProgress | None = None,
    annex_la: str | None = None,
    as_at: date | None = None,
) -> CensusData:
    """Read every return in ``paths`` (files or folders) and put them together.

    ``year`` and ``la`` apply to returns whose header lacks them (see
    :func:`~cpmonitor.census.reader.read_return`). ``progress(done_bytes, total_bytes, file)``
    is called as files are read, for a progress bar. ``.xlsx`` files are Annex A workbooks:
    ``annex_la`` (else ``la``) is their council and ``as_at`` their extract date when the
    workbook does not say (see :func:`~cpmonitor.annexa.reader.read_annex_a`).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files, skipped, missing = find_returns(paths)
    workbooks = [f for f in files if f.suffix.lower() == ".xlsx"]
    files = [f for f in files if f.suffix.lower() != ".xlsx"] + workbooks
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    parts: list[CensusData] = []
    rejected: list[ReturnRejected] = list(missing)
    done = 0
    census_parts = len(files) - len(workbooks)
    annexes = []
    for index, (file, size) in enumerate(zip(files, sizes, strict=True)):
        name = str(file)
        on_bytes = None
        if progress is not None:
            progress(done, total, name)

            def on_bytes(n: int, size: int, start: int = done, file: str = name) -> None:
                progress(start + min(n, size), total, file)

        try:
            if index < census_parts:
                parts.append(read_return(file, year, la=la, progress=on_bytes))
            else:
                from ..annexa.reader import read_annex_a

                census_las = {r.la for p in parts for r in p.returns}
                annexes.append(read_annex_a(file, annex_la or la, as_at, census_las))
        except ReturnRejected as exc:
            rejected.append(exc)
        except Exception as exc:  # a defect of ours must not lose the other returns
            rejected.append(
                ReturnRejected(name, f"could not be read (internal error: {type(exc).__name__})")
            )
        done += size
        if progress is not None:
            progress(done, total, name)
    data = CensusData.concat(parts)
    if annexes:
        from ..annexa.join import with_annex_a

        data = with_annex_a(data, annexes)
    data.issues[:0] = skipped
    data.rejected.extend(rejected)
    return data


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
