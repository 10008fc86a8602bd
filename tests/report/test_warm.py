"""The report command's warm-up: what a report needs is imported in a thread while the
returns are read (see :mod:`cpmonitor.report.warm`)."""

from __future__ import annotations

import subprocess
import sys

from cpmonitor.report import warm


def test_a_pdf_report_warms_weasyprint_and_an_html_one_does_not():
    pdf, html = warm.modules_for([".PDF"]), warm.modules_for([".html"])
    assert "weasyprint" in pdf and "weasyprint" not in html
    assert {"scipy.stats", "cpmonitor.charts", "cpmonitor.report.build"} <= set(html)
    assert len(warm.modules_for([".docx", ".xlsx"])) == len(
        set(warm.modules_for([".docx", ".xlsx"]))
    )


def test_the_thread_imports_the_modules_and_computes_the_bank_holidays():
    # a fresh interpreter: in the test process these are imported already
    code = (
        "import sys\n"
        "from cpmonitor.report.warm import warm_up\n"
        "assert 'scipy.stats' not in sys.modules and 'weasyprint' not in sys.modules\n"
        "warm_up(['.pdf']).join()\n"
        "from cpmonitor.workdays import _calendar\n"
        "print(all(m in sys.modules for m in ('scipy.stats', 'weasyprint', 'matplotlib.figure')),"
        " _calendar.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["True", "1"]


def test_a_module_that_cannot_be_imported_does_not_stop_the_others(monkeypatch):
    imported = []
    monkeypatch.setattr(
        warm.importlib, "import_module", lambda name: imported.append(name) or 1 / (name != "bad")
    )
    warm._warm(["bad", "cpmonitor.charts"])  # no exception: the command meets it later
    assert imported == ["bad", "cpmonitor.charts"]
