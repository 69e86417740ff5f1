"""The `graphhunt` command line: one module per command group, thin over the library.

Exit codes: 0 success, 1 internal error, 2 bad input, 3 bad config or command-line usage,
4 state locked, 5 state corrupt/incompatible, 6 sink (e.g. Neo4j) failure or refresh outputs
after the commit, 7 refresh could not write its state (nothing committed).
"""
from __future__ import annotations

import typer

from . import detect, evaluate, neo4j, refresh, report, review, simulate

__all__ = ["app", "main"]

app = typer.Typer(
    name="graphhunt",
    help="Find coordinated account rings (distillation rings) in LLM API logs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _mod in (detect, simulate, refresh, evaluate, report, review, neo4j):
    _mod.register(app)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"graphhunt {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print graphhunt's version and exit.", callback=_version,
                                 is_eager=True),
) -> None:
    """graphhunt: link accounts by shared payment, IP and prompt templates; find and score rings."""


def _empty_argument(argv: list[str]) -> str | None:
    """The first empty argument of ``argv`` (``""`` or ``--opt=``), described, or None.

    A path given as ``""`` reads as ``Path("")``, the current directory: ``graphhunt detect "$EVENTS"
    --out ...`` with ``$EVENTS`` unset read every events file under the job's working directory, and
    ``--out "$OUT"`` wrote the result there. No option of graphhunt takes an empty value."""
    for i, a in enumerate(argv):
        if a == "":
            before = f" (after {argv[i - 1]})" if i else ""
            return f"argument {i + 1}{before} is empty"
        if a.startswith("--") and "=" in a and a.split("=", 1)[1] == "":
            return f"{a.split('=', 1)[0]} has an empty value"
    return None


def main() -> None:
    """The console script. A command-line usage error (unknown option, missing --state) exits 3, like a
    bad configuration: exit 2 means bad input data, and a scheduler must not read a broken DAG command
    as a bad data file (click's convention gives both 2)."""
    import sys

    from .._memory import tune_memory
    from ..errors import EXIT_CONFIG

    empty = _empty_argument(sys.argv[1:])
    if empty:
        typer.echo(f"error: {empty}: an unset variable in the command? An empty path would be read as the current "
                   "directory. Fix: give the value, or leave the option out", err=True)
        raise SystemExit(EXIT_CONFIG)
    tune_memory()  # this process only runs graphhunt: allocator settings for its large arrays (_memory.py)
    try:
        rv = typer.main.get_command(app).main(prog_name="graphhunt", standalone_mode=False)
    except Exception as e:  # click's exceptions (typer may vendor its own click: matched by class name)
        kinds = {c.__name__ for c in type(e).__mro__}
        if "UsageError" in kinds or "ClickException" in kinds:
            e.show()  # type: ignore[attr-defined]
            raise SystemExit(EXIT_CONFIG if "UsageError" in kinds else e.exit_code) from None  # type: ignore[attr-defined]
        if "Abort" in kinds:
            typer.echo("Aborted!", err=True)
            raise SystemExit(1) from None
        raise
    raise SystemExit(rv if isinstance(rv, int) else 0)
