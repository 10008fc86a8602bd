"""The ``cpmonitor`` command line: thin Typer commands over the core."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="cpmonitor",
    help="Repeat child protection plans: read CIN census returns, compute DfE measures, "
    "benchmark, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


@app.callback()
def main() -> None:
    """cpmonitor: which children come back onto a child protection plan, how often, how soon."""
