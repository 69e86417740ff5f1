"""The `graphhunt` command line: one module per command group, thin over the library.

Exit codes: 0 success, 1 internal error, 2 bad input, 3 bad config,
4 state locked, 5 state corrupt/incompatible, 6 sink (e.g. Neo4j) failure.
"""
from __future__ import annotations

import typer

from . import detect, evaluate, neo4j, refresh, report, simulate

__all__ = ["app", "main"]

app = typer.Typer(
    name="graphhunt",
    help="Find coordinated account rings (distillation rings) in LLM API logs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _mod in (detect, simulate, refresh, evaluate, report, neo4j):
    _mod.register(app)


@app.callback()
def _root() -> None:
    """graphhunt: link accounts by shared payment, IP and prompt templates; find and score rings."""


def main() -> None:
    app()
