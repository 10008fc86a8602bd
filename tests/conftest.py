"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import SHARED


@pytest.fixture
def shared() -> Path:
    """The read-only shared data folder beside the repository (../shared)."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED
