"""``cpmonitor --help`` starts without the heavy libraries (imported by the commands)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("polars", "numpy", "scipy", "matplotlib", "django", "weasyprint", "lxml", "openpyxl")


def test_the_command_line_and_its_help_import_no_heavy_library():
    code = (
        "import sys\n"
        "from cpmonitor.cli import app\n"
        "sys.argv = ['cpmonitor', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print('heavy:', ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "Commands" in out and "measures" in out
    assert out.strip().splitlines()[-1] == "heavy:"


def test_lazy_packages_still_give_their_names_and_the_function_beside_its_module():
    import cpmonitor.measures.summary  # noqa: F401 - the submodule, imported first
    from cpmonitor import measures, synth
    from cpmonitor.report import build_report

    assert callable(measures.summary) and callable(synth.simulate) and callable(build_report)
    assert "repeat_plan_table" in dir(measures)


def test_the_console_script_keeps_the_commands_exit_status_and_skips_the_final_collection(
    monkeypatch,
):
    import gc

    import pytest

    import cpmonitor.cli as cli

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr("sys.argv", ["cpmonitor", "measures", "/no/such/folder"])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 2 and frozen == [True]
