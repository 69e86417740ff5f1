"""`graphhunt refresh`: scheduled incremental runs over a state directory.

Exit codes a scheduler can act on: 0 success (also when the input was already
applied), 2 bad input (fix the file, retry), 4 state locked (another refresh is
running: retry later), 5 state corrupt or incompatible (needs a human),
6 Neo4j push failed (the state is committed; push again later), 1 internal error.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import QUIET_HELP, Progress, guarded, parse_map, setup_logging, with_dedicated

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("refresh")
    @guarded
    def refresh_cmd(
        events: Annotated[list[Path], typer.Argument(help="New events file(s): CSV, Parquet or JSON Lines, or a directory of them (each file a slice).")],
        state: Annotated[Path, typer.Option("--state", "-s", help="State directory (created on first use).")],
        accounts: Annotated[Optional[Path], typer.Option("--accounts", "-a", help="Accounts file, merged into the state (an account it lists takes its row, blanks included, for the columns it has). An account "
                                                 "with no event in the retention window stays only while this run's "
                                                 "accounts file lists it: pass the full file on every run, or such "
                                                 "accounts drop out and their rings shrink.")] = None,
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output directory (default STATE/output).")] = None,
        config: Annotated[Optional[Path], typer.Option("--config", "-c", help="TOML config file, or a run.json (repeats that run's settings).")] = None,
        retention_days: Annotated[Optional[float], typer.Option(
            "--retention-days", help="Keep evidence this many days before the newest event seen (default: the "
                                     "state's setting; 30 for a new state).")] = None,
        column_map: Annotated[Optional[list[str]], typer.Option("--map", help="canonical=column (repeatable); common names (user_id, ts, client_ip, ...) are read without it, with a warning.")] = None,
        overrides: Annotated[Optional[list[str]], typer.Option("--set", help="section.key=value override (repeatable).")] = None,
        bad_rows: Annotated[Optional[str], typer.Option("--bad-rows", help="'error' (default) or 'drop' unparseable rows.")] = None,
        report: Annotated[bool, typer.Option("--report/--no-report", help="Also write report.html.")] = True,
        neo4j: Annotated[bool, typer.Option("--neo4j", help="Push the result (rings with their stable ids, memberships, evidence) to Neo4j after the state is committed; after a failed push, the same command again pushes it.")] = False,
        neo4j_uri: Annotated[Optional[str], typer.Option("--neo4j-uri", envvar="GRAPHHUNT_NEO4J_URI",
                                                         help="Bolt URI (default: GRAPHHUNT_NEO4J_URI; no silent localhost).")] = None,
        neo4j_user: Annotated[str, typer.Option("--neo4j-user", envvar="GRAPHHUNT_NEO4J_USER")] = "neo4j",
        no_verify: Annotated[bool, typer.Option("--no-verify", help="Skip SHA-256 checks of state files (size checks remain).")] = False,
        allow_jump: Annotated[bool, typer.Option("--allow-jump", help="Accept new events dated more than half the "
                                                 "retention window after the state's newest (they age out most of "
                                                 "the stored evidence); refused by default.")] = False,
        reviews: Annotated[Optional[Path], typer.Option("--reviews", help="Analysts' reviews (account_id, verdict benign|ring; `graphhunt review` writes them): accounts reviewed benign are not flagged again, and their rings are not reported as newly flagged. Pass the same file on every run.")] = None,
        allow_missing_columns: Annotated[bool, typer.Option("--allow-missing-columns", help="Accept a slice file "
                                                            "without a column every stored slice has (ip, prompt, "
                                                            "...); refused by default: map it with --map. A column "
                                                            "only a recent slice brought is never required.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    ) -> None:
        """Add EVENTS to the state in --state; update rings (stable ids) and write outputs plus changes.csv."""
        setup_logging(verbose)
        from ..config import load_config
        from ..refresh import refresh

        ov = with_dedicated(overrides, [("input.bad_rows", "--bad-rows", bad_rows)])
        cfg = load_config(config, ov or None)
        neo = None
        if neo4j:
            # password from the environment only; never echoed or logged
            neo = {"uri": neo4j_uri, "user": neo4j_user, "password": os.environ.get("GRAPHHUNT_NEO4J_PASSWORD")}
        prog = Progress(None if not quiet else False)
        try:
            rr = refresh(state, list(events), accounts, cfg, out=out, retention_days=retention_days,
                         column_map=parse_map(column_map), neo4j=neo, report=report, verify=not no_verify, progress=prog,
                         allow_jump=allow_jump, allow_missing_columns=allow_missing_columns, reviews=reviews)
        finally:
            prog.close()
        if quiet:
            return
        if not rr.applied:
            why = (f"all {rr.outside_window} new events are older than the retention window"
                   f"{f' ({rr.duplicate_events} more already applied)' if rr.duplicate_events else ''}"
                   if rr.outside_window else
                   f"all {rr.duplicate_events} events already applied" if rr.duplicate_events else
                   "no new events" if rr.timings.get("dedupe") is not None else "inputs already applied")
            pushed = "; pushed to Neo4j" if neo4j else ""
            ig, og = rr.inputs_generation, rr.outputs_generation
            if ig is not None and ig < rr.generation:  # an earlier day's refresh run again (a backfill)
                where = (f"{rr.out_dir}/ holds generation {ig}'s result" if og == ig else
                         f"outputs in {rr.out_dir}/ (the latest, generation {og})" if og == rr.generation else
                         f"{rr.out_dir}/ left as it is (see the warning)")
                typer.echo(f"nothing new: {why} in generation {ig} (the state is at generation {rr.generation}, "
                           f"run {rr.run_id}); {where}{pushed}")
                return
            typer.echo(f"nothing new: {why} (generation {rr.generation}, run {rr.run_id}); outputs in {rr.out_dir}/"
                       f"{pushed}")
            return
        ch = rr.changes["change"].value_counts().to_dict() if len(rr.changes) else {}
        c = rr.result.run_info["counts"]
        summary = ", ".join(f"{v} {k}" for k, v in sorted(ch.items())) or "no ring changes"
        typer.echo(f"generation {rr.generation} (run {rr.run_id}): +{rr.new_events} events"
                   f"{f' ({rr.duplicate_events} duplicates skipped)' if rr.duplicate_events else ''}"
                   f"{f' ({rr.outside_window} older than the retention window, not stored)' if rr.outside_window else ''}"
                   f"{f', {rr.dropped_by_retention} aged out' if rr.dropped_by_retention else ''}; "
                   f"{c['accounts']} accounts, {c['rings']} rings ({c['flagged_rings']} flagged), "
                   f"{c['flagged_accounts']} accounts flagged; "
                   f"changes: {summary}; "
                   f"wrote {rr.out_dir}/ in {rr.timings['total']:.1f}s{'; pushed to Neo4j' if neo4j else ''}")
