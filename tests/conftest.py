"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import CHROMIUM, SHARED, skip_without_chromium


@pytest.fixture
def shared() -> Path:
    """The read-only shared data folder beside the repository (../shared)."""
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module (Playwright driving Debian's /usr/bin/chromium).

    Module scope: Playwright's sync API keeps an event loop in the thread while it is open,
    which Django would take for async code; it is closed before other modules run.
    """
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-background-networking"]
        )
        yield b
        b.close()
