"""`graphhunt push` (a run directory into Neo4j) and `graphhunt query` (investigator queries).

The password is read from GRAPHHUNT_NEO4J_PASSWORD only (a command-line
option would show in `ps` and shell history); it is never printed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import QUIET_HELP, guarded, setup_logging, terminal_safe

__all__ = ["register", "parse_params"]

URI_HELP = "Bolt URI (default: $GRAPHHUNT_NEO4J_URI), e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io"
USER_HELP = "User (default: $GRAPHHUNT_NEO4J_USER or neo4j). The password comes from $GRAPHHUNT_NEO4J_PASSWORD."
DB_HELP = "Database (default: $GRAPHHUNT_NEO4J_DATABASE or the server's default)."


def parse_params(items: list[str] | None) -> dict[str, object]:
    """``key=value`` pairs; values that parse as JSON numbers/booleans become those, else strings.
    Ids (``account_id``, ``ring_id``, any ``*_id``) always stay text: graphhunt stores every id as text,
    so ``--param account_id=12345`` must match the account ``"12345"``, not the number."""
    out: dict[str, object] = {}
    for it in items or []:
        if "=" not in it:
            raise typer.BadParameter(f"--param expects key=value, got {it!r}")
        k, _, v = it.partition("=")
        if k.strip().endswith("_id"):
            out[k.strip()] = v
            continue
        try:
            val = json.loads(v)
            out[k.strip()] = val if isinstance(val, (int, float, bool)) else v
        except ValueError:
            out[k.strip()] = v
    return out


def register(app: typer.Typer) -> None:
    @app.command("push")
    @guarded
    def push_cmd(
        run_dir: Annotated[Path, typer.Argument(help="A run directory written by `graphhunt detect --out`.")],
        neo4j_uri: Annotated[Optional[str], typer.Option("--neo4j-uri", help=URI_HELP)] = None,
        neo4j_user: Annotated[Optional[str], typer.Option("--neo4j-user", help=USER_HELP)] = None,
        database: Annotated[Optional[str], typer.Option("--database", help=DB_HELP)] = None,
        run_id: Annotated[Optional[str], typer.Option("--run-id", help="Run id (default: hash of config, inputs and the result's verdicts).")] = None,
        batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 5_000,
        no_linked: Annotated[bool, typer.Option("--no-linked", help="Skip the (:Account)-[:LINKED]->(:Account) graph (same as --linked none).")] = False,
        linked: Annotated[str, typer.Option("--linked", help="Which account-to-account edges to write as LINKED: all (every graph edge; gds-compare needs it), rings (only edges inside a ring) or none.")] = "all",
        workers: Annotated[int, typer.Option("--workers", min=1, help="Concurrent writer sessions (push_result's default; more helps only with idle server cores).")] = 2,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    ) -> None:
        """Push a run directory into Neo4j (idempotent: pushing the same run twice changes nothing)."""
        from ..sinks.neo4j import push_result

        setup_logging(verbose)
        if linked not in ("all", "rings", "none"):  # a command-line usage error (exit 3), before connecting
            raise typer.BadParameter(f"{linked!r} is not one of all, rings, none", param_hint="--linked")
        c = push_result(run_dir, neo4j_uri, neo4j_user, None, run_id=run_id, database=database,
                        batch_size=batch_size, linked="none" if no_linked else linked, workers=workers)
        if not quiet:
            typer.echo(_summary(c))

    @app.command("query")
    @guarded
    def query_cmd(
        name: Annotated[Optional[str], typer.Argument(help="A named query (see --list), or gds-compare.")] = None,
        param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="key=value query parameter (repeatable).")] = None,
        cypher: Annotated[Optional[str], typer.Option("--cypher", help="Run this Cypher instead of a named query.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
        show: Annotated[bool, typer.Option("--show", help="Print the query's Cypher and exit (no server needed).")] = False,
        list_: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
        neo4j_uri: Annotated[Optional[str], typer.Option("--neo4j-uri", help=URI_HELP)] = None,
        neo4j_user: Annotated[Optional[str], typer.Option("--neo4j-user", help=USER_HELP)] = None,
        database: Annotated[Optional[str], typer.Option("--database", help=DB_HELP)] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    ) -> None:
        """Run an investigator query against the pushed graph (see docs/NEO4J.md)."""
        from ..errors import UsageError
        from ..queries import QUERIES

        setup_logging(verbose)
        if list_ or (name is None and cypher is None):
            for q in QUERIES.values():
                ps = " ".join(f"--param {p}=..." for p in q.params)
                typer.echo(f"{q.name:<16} {q.description}" + (f"  [{ps}]" if ps else ""))
            typer.echo(f"{'gds-compare':<16} Leiden in Neo4j GDS on the LINKED graph vs graphhunt's rings "
                       "[--param gamma=1.0 --param seed=42]")
            return
        if fmt not in ("table", "csv", "json"):
            raise UsageError(f"unknown --format {fmt!r}", fix="use table, csv or json")
        if name is not None and cypher is not None:  # one of them would be silently ignored
            raise UsageError(f"both a named query ({name!r}) and --cypher given", fix="pass one of them")
        params = parse_params(param)
        if name == "gds-compare":
            from ..sinks.neo4j import NMI_CHANCE_SHUFFLES, gds_compare

            try:
                gamma, seed = float(params.get("gamma", 1.0)), int(params.get("seed", 42))
                if float(params.get("seed", 42)) != seed:  # seed=1.5 ran with seed 1
                    raise ValueError("not an integer")
            except (ValueError, TypeError):
                raise UsageError("gds-compare: --param gamma takes a number and --param seed an integer, found "
                                 f"gamma={params.get('gamma', 1.0)!r} seed={params.get('seed', 42)!r}") from None
            if show:
                typer.echo("gds-compare projects the LINKED graph in account_id order, runs "
                           "gds.leiden.stream (relationshipWeightProperty 'weight', gamma, randomSeed, concurrency 1) "
                           "and compares its communities with the latest run's MEMBER_OF rings; see "
                           "graphhunt.sinks.neo4j.gds_compare for the Cypher")
                return
            res = gds_compare(neo4j_uri, neo4j_user, None, database, gamma=gamma, seed=seed)
            # the summary goes to stderr for csv/json, so that stdout stays machine-readable
            typer.echo(f"accounts compared: {res['accounts_compared']}  ARI {res['ari']:.3f}  NMI {res['nmi']:.3f} "
                       f"(random relabelling of the rings: {res['nmi_chance']:.3f} mean, "
                       f"{res['nmi_chance_max']:.3f} max of {NMI_CHANCE_SHUFFLES})", err=fmt != "table")
            _emit(res["rings"], fmt)
            return
        if cypher is None:
            if name not in QUERIES:
                raise UsageError(f"no query named {name!r}",
                                 fix=f"use one of: {', '.join(QUERIES)}, gds-compare (or --cypher TEXT)")
            q = QUERIES[name]
            missing = [p for p in q.params if p not in params]
            if show:
                typer.echo(q.cypher)
                return
            if missing:
                raise UsageError(f"query {name!r} needs " + ", ".join(f"--param {p}=..." for p in missing))
        from ..sinks.neo4j import run_query

        df = run_query(cypher or name, params, neo4j_uri, neo4j_user, None, database)
        # an empty answer about one account or ring says why (no such id, not in the latest run, ...)
        about = QUERIES[name].params if cypher is None and name in QUERIES else ()
        if df.empty and fmt == "table" and "account_id" in about:
            from ..queries import ACCOUNT_STATUS, ACCOUNT_SUGGEST, empty_account_note

            st = run_query(ACCOUNT_STATUS, params, neo4j_uri, neo4j_user, None, database)
            status = st.iloc[0].to_dict() if len(st) else {}
            near = [] if status.get("known") else run_query(
                ACCOUNT_SUGGEST, params, neo4j_uri, neo4j_user, None, database)["id"].tolist()
            typer.echo(empty_account_note(name, params["account_id"], status, near))
            return
        if df.empty and fmt == "table" and "ring_id" in about:
            from ..queries import RING_STATUS, RING_SUGGEST, empty_ring_note, ring_number

            st = run_query(RING_STATUS, params, neo4j_uri, neo4j_user, None, database)
            status = st.iloc[0].to_dict() if len(st) else {}
            near = [] if status.get("known") else run_query(
                RING_SUGGEST, dict(params, number=ring_number(params["ring_id"])), neo4j_uri, neo4j_user, None,
                database)["id"].tolist()
            typer.echo(empty_ring_note(name, params["ring_id"], status, near))
            return
        _emit(df, fmt)
        if fmt == "table" and name == "ring-history" and len(df) > 1 and not df["stable_ids"].all():
            typer.echo("note: ring ids of `detect` runs are ranks within their run, so rows of different such runs "
                       "can be different groups that got the same rank; `graphhunt refresh` keeps ids across runs")


def _plain(v):
    """``v`` with Neo4j's temporal values (DateTime, Date, Duration) as ISO 8601 text at any depth: a
    ``properties(n)`` map or a ``collect(u.first_seen)`` list holds them too, and JSON has no such type."""
    if hasattr(v, "iso_format"):
        return v.iso_format()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def _csv_cell(v):
    """A list from Cypher as ``a;b`` (as rings.csv writes reasons), a map as JSON (also inside a list: a path's
    nodes); other values as they are, temporal values as ISO 8601 text."""
    import json

    v = _plain(v)
    if isinstance(v, (list, tuple)):
        return ";".join("" if x is None else json.dumps(x, default=str, sort_keys=True)
                        if isinstance(x, (dict, list)) else str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, default=str, sort_keys=True)
    return v


def _blank(v) -> bool:
    """A missing scalar (None, NaN, pandas' NA); a list or map is never blank."""
    import pandas as pd

    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _for_table(df):
    """``df`` as the table format prints it: missing values as blank cells (not None/NaN/<NA>), and whole
    numbers as integers where a missing value made a column of them floats (sizes of a ring-history with a
    dissolved row: 3.0); scores and weights stay decimal."""
    import numpy as np
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        col = out[c]
        vals = col.astype(object).tolist()
        if not any(_blank(v) for v in vals):
            continue
        nums = [v for v in vals if not _blank(v)]
        decimal = any(w in str(c).lower() for w in ("risk", "score", "weight", "share", "ari", "nmi"))
        whole = (not decimal and bool(nums) and all(isinstance(v, (float, np.floating)) and np.isfinite(v)
                                                    and float(v).is_integer() and abs(v) < 2 ** 53 for v in nums))
        out[c] = pd.Series(["" if _blank(v) else (str(int(v)) if whole else v) for v in vals], index=out.index,
                           dtype=object)
    return out


def _terminal_cell(v):
    """A table cell with its text's control characters shown as escapes (lists and maps element by element)."""
    if isinstance(v, str):
        return terminal_safe(v)
    if isinstance(v, (list, tuple)):
        return [_terminal_cell(x) for x in v]
    if isinstance(v, dict):
        return {_terminal_cell(k): _terminal_cell(x) for k, x in v.items()}
    return v


def _emit(df, fmt: str) -> None:
    if fmt == "csv":
        df = df.copy()
        for c in df.columns[df.dtypes == object]:
            df[c] = df[c].map(_csv_cell)
        typer.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        # Neo4j's temporal values (DateTime, Date, Duration) are not JSON types: ISO 8601 text
        df = df.copy()
        for c in df.columns[df.dtypes == object]:
            df[c] = df[c].map(_plain)
        typer.echo(df.to_json(orient="records", date_format="iso"))
    elif df.empty:
        typer.echo("(no rows)")
    else:
        import pandas as pd

        # cells are data (account ids, attribute values, template exemplars) printed to a terminal: control
        # characters are shown as escapes, as `explain` shows them, so an id holding ESC ] 0 ; ... BEL cannot
        # set the window title or clear the screen (csv and json carry the data as it is)
        out = _for_table(df)
        for c in out.columns:  # object or str columns (pandas 3 reads text as str)
            if not pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c]):
                out[c] = pd.Series([_terminal_cell(v) for v in out[c].tolist()], index=out.index, dtype=object)
        out.columns = [terminal_safe(str(c)) for c in out.columns]
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.max_colwidth", 60):
            typer.echo(out.to_string(index=False))


def _summary(c: dict) -> str:
    rate = c["relationships"] / c["seconds"] if c["seconds"] else 0.0
    hist = "" if c["latest"] else " (a newer run is already there: history only)"
    return (f"pushed run {c['run_id']}{hist}: {c['nodes']} nodes ({c['nodes_created']} new), "
            f"{c['relationships']} relationships ({c['relationships_created']} new) in {c['seconds']:.1f}s "
            f"({rate:,.0f} relationships/s)")
