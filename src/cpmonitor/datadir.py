"""Where cpmonitor keeps what a user imports (benchmarks store, web database): never the repo.

``CPMONITOR_DATA_DIR`` overrides the platform's user data directory (tests set it).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    """The data directory, created if missing."""
    path = Path(os.environ.get("CPMONITOR_DATA_DIR") or user_data_dir("cpmonitor", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
