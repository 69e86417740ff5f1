"""`graphhunt report`, `graphhunt explain`, `graphhunt export`: the investigator's commands."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from ._common import guarded, setup_logging, terminal_safe

__all__ = ["register"]


def _escaped_ids(text: str, ids) -> str:
    """``text`` with every account id that holds a line break or a tab written as escapes (``a\\nb``):
    :func:`terminal_safe` keeps the text's own line breaks, and an id holding one printed a line of its own
    that looked like the explanation's (a review, session 75). Ids are rarely like that; the check is one
    vectorised match over the run's ids."""
    ids = ids.astype(str)
    odd = ids[ids.str.contains(r"[\n\r\t]", regex=True, na=False)]
    for i in sorted(set(odd), key=len, reverse=True):
        text = text.replace(i, i.encode("unicode_escape").decode("ascii"))
    return text


class _IdCommand(TyperCommand):
    """A command whose argument is an account id: an id that begins with ``-`` is parsed as an option (click's
    rule), and "No such option: -x" alone did not say to put it after ``--`` (a review, session 75)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given_args = list(args)  # (the parser consumes its list)
        try:
            return super().parse_args(ctx, args)
        except Exception as e:  # click's NoSuchOption (typer 0.29 vendors click: matched by name)
            if type(e).__name__ != "NoSuchOption":
                raise
            if getattr(e, "possibilities", None):  # a mistyped option ("--jsn"): click's suggestion says it
                raise
            given = next((a for a in given_args if a.startswith(e.option_name)), e.option_name)
            shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: m.group().encode("unicode_escape").decode("ascii"),
                           shlex.quote(given))  # (an id's line break printed a line of its own)
            e.message += (f". If {shown} is an account id, put it after -- : "
                          f"graphhunt {ctx.info_name} -r RUN -- {shown}")
            raise


def register(app: typer.Typer) -> None:
    @app.command("report")
    @guarded
    def report_cmd(
        run_dir: Annotated[Path, typer.Argument(help="A run directory written by `graphhunt detect --out`.")],
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file (default: RUN_DIR/report.html).")] = None,
        max_rings: Annotated[int, typer.Option(min=0, help="Detail sections for at most this many rings (highest risk).")] = 100,
        unflagged: Annotated[int, typer.Option("--unflagged", min=0, help="Of which at most this many unflagged rings.")] = 10,
        max_members: Annotated[int, typer.Option(min=1, help="Draw at most this many members per ring graph.")] = 150,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    ) -> None:
        """Write a self-contained HTML report (works offline) for RUN_DIR."""
        setup_logging(verbose)
        from ..sinks.report import write_report

        path = write_report(run_dir, out, max_ring_details=max_rings, unflagged_details=unflagged,
                            max_members=max_members)
        typer.echo(f"wrote {path}")

    @app.command("explain", cls=_IdCommand)
    @guarded
    def explain_cmd(
        ident: Annotated[str, typer.Argument(metavar="ACCOUNT_ID", help="An account id (or a ring id such as ring-0001); one that begins with - goes after --.")],
        run: Annotated[Path, typer.Option("--run", "-r", help="Run directory written by `graphhunt detect --out`.")],
        top: Annotated[int, typer.Option(min=1, help="How many strongest ties to list, and shared attributes per link "
                                               "type.")] = 5,
        as_json: Annotated[bool, typer.Option("--json", help="Print the facts as JSON instead of prose.")] = False,
    ) -> None:
        """Why an account is (or is not) in a ring, in plain words with the evidence and its weights."""
        setup_logging()
        from ..explain import explain_id, load_run, ring_facts

        ident = ident.strip()  # ids are trimmed on load
        data = load_run(run, edges={ident})
        kind, ex = explain_id(data, ident, top=top)
        if kind == "ring":
            rid = ident if (data.rings["ring_id"] == ident).any() else ident.lower()  # RING-0001 is ring-0001
            typer.echo(json.dumps({**ring_facts(data, rid), "text": ex}, indent=2, default=str) if as_json
                       else terminal_safe(_escaped_ids(ex, data.accounts["account_id"])))
            return
        # (JSON escapes control characters itself)
        typer.echo(json.dumps({**ex.facts, "text": ex.text}, indent=2, default=str) if as_json
                   else terminal_safe(_escaped_ids(ex.text, data.accounts["account_id"])))

    @app.command("export")
    @guarded
    def export_cmd(
        run_dir: Annotated[Path, typer.Argument(help="Run directory written by `graphhunt detect --out`.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .graphml or .gexf.")],
        fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="graphml or gexf (default: from --out's suffix).")] = None,
        ring: Annotated[Optional[list[str]], typer.Option("--ring", help="Only this ring (repeatable).")] = None,
        flagged_only: Annotated[bool, typer.Option("--flagged-only", help="Only flagged rings.")] = False,
        within: Annotated[bool, typer.Option("--within-rings", help="Drop links between different rings.")] = False,
    ) -> None:
        """Export ring members and their links as GraphML or GEXF (Gephi, Cytoscape)."""
        setup_logging()
        from ..sinks.export import export_graph

        path, n_nodes, n_edges = export_graph(run_dir, out, fmt, rings=ring or None,
                                              flagged_only=flagged_only, include_between=not within)
        typer.echo(f"wrote {path}: {n_nodes} accounts, {n_edges} links")
