"""Where cpmonitor keeps what a user imports (benchmarks store, web database): never the repo.

``CPMONITOR_DATA_DIR`` overrides the platform's user data directory (tests set it).

What is kept there holds children's personal data, so it is private to the user the program
runs as: folders 0700, files 0600 (:func:`private_dir`, :func:`private_file`). The web service
also sets its umask to 0077 (:func:`private_umask`, called by its settings), so every file it
or its libraries create (the SQLite database and its journal, the cache, uploads, job locks)
is born private.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def private_umask() -> None:
    """New files and folders of this process: readable by its user only."""
    os.umask(0o077)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """``path`` as a folder only its owner can enter (created if missing; made so if not)."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_DIR)
    return path


def private_file(path: str | os.PathLike[str]) -> None:
    """Make an existing file readable and writable by its owner only (missing: nothing)."""
    if os.name != "posix":
        return
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
    except FileNotFoundError:
        pass


def data_dir() -> Path:
    """The data directory, created if missing, private to the user (0700)."""
    return private_dir(
        os.environ.get("CPMONITOR_DATA_DIR") or user_data_dir("cpmonitor", appauthor=False)
    )
