"""The HTML report in headless Chromium: axe-core finds no accessibility violation.

Skipped only when /usr/bin/chromium is absent and ``CPMONITOR_REQUIRE_BROWSER`` is not set
(CI sets it, so a missing browser fails there).
"""

from __future__ import annotations

import pytest

from builders import skip_without_chromium

skip_without_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("mode", ["published", "restricted"])
def test_html_report_has_no_axe_violations(browser, request, mode):
    rendered = request.getfixturevalue(mode)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(rendered.html.as_uri())
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations] == []
    # no request leaves the file: everything is inline
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    page.close()
