"""What the web tests' browser tests share: a page per test in the suite's Chromium, the demo
council, signing in, screenshots and the axe-core accessibility checks.

Importing this skips the importing module when /usr/bin/chromium is absent and
``CPMONITOR_REQUIRE_BROWSER`` is not set (CI sets it, so a missing browser fails there); a
browser test module imports the fixtures it uses from here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ARTIFACTS, PASSWORD

from builders import skip_without_chromium

skip_without_chromium()

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# (users, checks) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Page  # noqa: E402

SERIOUS = {"serious", "critical"}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def demo_returns(tmp_path_factory) -> Path:
    """A small synthetic council (cpmonitor.synth): four years, a few hundred children."""
    from cpmonitor import synth

    folder = tmp_path_factory.mktemp("demo")
    sim = synth.simulate(children=400, years=range(2014, 2018), profile=synth.DEMO_PROFILE)
    synth.write_returns(sim, folder)
    return folder


@pytest.fixture
def demo_loaded(demo_returns):
    from cpmonitor.census.load import load
    from cpmonitor.web.store import services

    files = sorted(demo_returns.glob("*.xml"))
    hashes = {str(f): services.file_sha256(f) for f in files}
    return services.import_census(load(files), hashes=hashes)


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_accessibility(page: Page, name: str) -> None:
    """axe-core: no serious or critical violation on the page as shown."""
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
    assert not bad, f"{name}: {report}"


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def no_axe_violations(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ux-{name}.png"), full_page=True)
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == [], name
