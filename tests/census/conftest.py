"""Fixtures for the census reader tests (the XML builders are in ``tests/cin_returns.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builders import SHARED

PEER_SAMPLES = SHARED / "peer-cin-samples"


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` (str or bytes) as ``name`` in a temporary folder; return the path."""

    def _write(text: str | bytes, name: str = "cin_2016.xml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    return _write


@pytest.fixture
def peer_samples() -> Path:
    if not PEER_SAMPLES.is_dir():
        pytest.fail(f"the shared peer samples are missing: {PEER_SAMPLES}")
    return PEER_SAMPLES
