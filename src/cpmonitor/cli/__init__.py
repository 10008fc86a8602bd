"""The ``cpmonitor`` command line: thin Typer commands over the core.

This module holds the Typer ``app`` (the ``cpmonitor`` console script), registers each
command from its own module and defines ``main``. Only light modules at the top
(``cpmonitor --help`` starts in well under 0.4 s): polars, the history and the measures are
imported by the commands that use them.
"""

from __future__ import annotations

import typer

from .benchmarks import app as benchmarks_app
from .demo import demo_command
from .measures import measures_command
from .report import report_command
from .risk import risk_command
from .serve import serve as serve_command
from .synth import synth_command
from .validate import validate_command

app = typer.Typer(
    name="cpmonitor",
    help="Repeat child protection plans: read CIN census returns, compute DfE measures, "
    "benchmark, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # Click's help: at 80 columns no option name or value is cut
)


app.add_typer(benchmarks_app, name="benchmarks")
app.command("serve")(serve_command)
app.command("report")(report_command)
app.command("demo")(demo_command)
app.command("synth")(synth_command)
app.command("risk")(risk_command)
app.command("measures")(measures_command)
app.command("validate")(validate_command)


@app.callback()
def main() -> None:
    """cpmonitor: which children come back onto a child protection plan, how often, how soon."""


def run() -> None:
    """The ``cpmonitor`` console script: the app, then no garbage collection as the process
    ends. Without ``gc.freeze()`` the interpreter's final collections walk every object the
    command made or imported (a few tenths of a second after a large read) only to free
    memory the operating system takes back anyway; nothing the command writes waits on them.
    """
    import gc

    try:
        app()
    finally:
        gc.freeze()
