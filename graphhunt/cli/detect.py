"""`graphhunt detect`: events in, explained and scored rings out."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._text import counted
from ._common import QUIET_HELP, Progress, guarded, parse_map, setup_logging, terminate_as_interrupt, with_dedicated

__all__ = ["register", "run_detect"]


def _refresh_state_at_or_above(out: Path) -> Path | None:
    """The refresh state directory (a ``manifest.json`` of graphhunt's state format) that ``out`` is, or
    lies inside; None when there is none."""
    from ..refresh import MANIFEST, STATE_FORMAT

    for d in (out.resolve(), *out.resolve().parents):
        f = d / MANIFEST
        if f.is_file():
            try:
                with open(f, encoding="utf-8") as h:
                    if f'"{STATE_FORMAT}"' in h.read(1 << 12):
                        return d
            except OSError:
                continue
    return None


def _check_out(out: Path, inputs: list[Path], event_dirs: list[Path] = ()) -> None:
    """Before any work: ``--out`` must be a directory (or not exist yet), must not be a directory the
    events are read from (the result's files would sit among the events, and the next run would read
    them as events), and must not be where an input file lives under a name the result uses (``--out``
    = the input's folder would replace the user's ``accounts.csv`` with graphhunt's), nor a directory that
    holds files with a result's names but no graphhunt result (someone else's ``accounts.csv``)."""
    from ..errors import InputError
    from ..sinks.files import JOURNAL, OUTPUT_FILES, PREVIOUS

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("--out is an existing file, not a directory", file=str(out),
                         fix="pass a directory (it is created if needed)")
    state = _refresh_state_at_or_above(out)
    if state is not None:
        # a refresh state's files are immutable, and its gen-NNNNNN/ keep each generation's result for a
        # backfill or a roll-back: a detect into one replaced that generation's rings.csv with rank ids, and
        # refresh later handed them out as that generation's (session 52); STATE/output is refresh's own
        raise InputError(f"--out {out} is " + ("a refresh state directory" if state == out.resolve() else
                         f"inside the refresh state directory {state}") + ", whose files belong to "
                         "`graphhunt refresh`", file=str(out),
                         fix="write the detect result to a directory outside the state")
    for d in event_dirs:
        if out.exists() and d.resolve() == out.resolve():
            raise InputError(f"--out {out} is the directory the events are read from: the result's files would "
                             "sit among the events and be read as events by the next run", file=str(out),
                             fix="write the result to another directory (a subdirectory of it is fine)")
    # a directory the result cannot be written to is found now, not after the whole run (minutes at 1M):
    # a file (or, when --out does not exist yet, a directory) is created and removed where it would go
    from ..errors import SinkError
    from ..sinks.files import probe_writable

    probe = out if out.is_dir() else next((p for p in out.absolute().parents if p.exists()), None)
    if probe is not None and not probe.is_dir():
        raise InputError(f"--out cannot be created: {probe} is a file", file=str(out),
                         fix="pass a directory path")
    try:
        probe_writable(out)
    except OSError as e:
        raise SinkError(f"cannot write to {probe}: {e.strerror or e} (checked before the run; nothing was "
                        "written); choose another --out or fix the permissions") from None
    written = set(OUTPUT_FILES) | {"report.html"}
    for p in inputs:
        p = Path(p)
        if p.name in written and p.resolve().parent == out.resolve():
            raise InputError(f"--out {out} would overwrite this input file with graphhunt's {p.name}",
                             file=str(p), fix="write the result to another directory")
    if out.is_dir() and not any((out / n).exists() for n in ("run.json", JOURNAL, PREVIOUS)):
        # files with a result file's name in a directory that holds no graphhunt result (nor one being moved
        # in): someone else's accounts.csv, which the run would replace (a tester: `--out data/sample`)
        theirs = sorted(n for n in written if (out / n).exists())
        if theirs:
            raise InputError(f"--out {out} holds {', '.join(theirs)} but no graphhunt result (no run.json): the "
                             "run would replace them", file=str(out),
                             fix="write the result to a new or empty directory, or to a previous result's")


def run_detect(events: Path | list[Path], out: Path, accounts: Optional[Path] = None, config: Optional[Path] = None,
               column_map: Optional[list[str]] = None, overrides: Optional[list[str]] = None,
               progress: Optional[Progress] = None, report: bool = True, reviews: Optional[Path] = None):
    """Load, detect and write (plus ``report.html`` unless ``report=False``); returns the DetectionResult.
    ``events``: a file, a directory of files, or a list of them (:func:`graphhunt.io.event_files`),
    read as one input. ``reviews``: an analysts' reviews file (:mod:`graphhunt.reviews`), applied to the
    result before it is written."""
    from ..config import load_config
    from ..detector import Detector
    from ..io import account_overlap, check_mapped_columns, event_files, file_fingerprint, load_accounts, load_events
    from ..sinks.files import write_result

    from ..reviews import apply_reviews, load_reviews

    files = event_files(events, exclude=[accounts, out, reviews])  # (a directory may hold them: not events)
    _check_out(out, files + ([accounts] if accounts else []) + ([reviews] if reviews else []),
               [Path(e) for e in ([events] if isinstance(events, (str, Path)) else events) if Path(e).is_dir()])
    cfg = load_config(config, overrides or None)
    cmap = dict(cfg.input.column_map)
    cmap.update(parse_map(column_map))
    cfg = cfg.with_overrides({"input.column_map": cmap})  # checked, and stored in run.json (--map included)
    if progress:
        progress("load")
    t0 = time.perf_counter()
    ev = load_events(files, column_map=cmap, bad_rows=cfg.input.bad_rows, max_prompt_chars=cfg.input.max_prompt_chars,
                     aliases=cfg.input.column_aliases)
    ac = load_accounts(accounts, column_map=cmap, aliases=cfg.input.column_aliases,
                       bad_rows=cfg.input.bad_rows) if accounts else None
    flag_map = parse_map(column_map)
    check_mapped_columns(flag_map, [ev, ac])
    file_map = {k: v for k, v in cmap.items() if k not in flag_map}
    check_mapped_columns(file_map, [ev, ac], source=f"input.column_map of {config}" if config else "input.column_map")
    overlap = account_overlap(ev, ac, accounts) if ac is not None else None
    rv = load_reviews(reviews) if reviews else None  # (checked before the long run, applied after it)
    t_load = time.perf_counter() - t0
    # the CLI does not reuse the frame: columns are dropped once read (several GB at 1M accounts)
    det = Detector(cfg).fit(ev, ac, progress=progress, release_input=True)
    res = apply_reviews(det.result_, rv)
    tm = res.run_info.setdefault("timings_s", {})
    tm["load"] = round(t_load, 3)  # reading and validating the input files (before the pipeline's "total")
    fps = [file_fingerprint(f) for f in files]
    extra = {"inputs": {"events": fps[0] if len(fps) == 1 else fps}}
    if accounts:
        extra["inputs"]["accounts"] = file_fingerprint(accounts)
        extra["accounts_report"] = ac.attrs.get("load_report", {})
        extra["accounts_without_events"] = int((res.accounts["n_events"] == 0).sum())
        extra["accounts_report"].update(overlap)
    if reviews:
        extra["inputs"]["reviews"] = file_fingerprint(reviews)
    write_result(res, out, extra)
    try:
        if report:
            from ..sinks.report import write_report_safely

            write_report_safely(out)
    except KeyboardInterrupt as e:  # the result is complete; only the report is missing
        e.graphhunt_message = (f"the result in {out} is complete, without report.html "
                               f"(`graphhunt report {out}` writes it)")
        raise
    return res


def register(app: typer.Typer) -> None:
    @app.command("detect")
    @guarded
    def detect_cmd(
        events: Annotated[list[Path], typer.Argument(help="Events file(s): CSV, Parquet or JSON Lines (gzip allowed), or "
                                                     "a directory of them (daily exports); several are read as one input, "
                                                     "a row repeated in two files counted once.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (created if needed).")],
        accounts: Annotated[Optional[Path], typer.Option("--accounts", "-a", help="Optional accounts file.")] = None,
        config: Annotated[Optional[Path], typer.Option("--config", "-c", help="TOML config file, or a run.json (repeats that run's settings).")] = None,
        column_map: Annotated[Optional[list[str]], typer.Option("--map", help="canonical=column, e.g. ip=src_addr (repeatable). Without it, common names (user_id, ts, client_ip, prompt_text, ...) are read with a warning; --set input.column_aliases=false turns that off.")] = None,
        overrides: Annotated[Optional[list[str]], typer.Option("--set", help="section.key=value config override (repeatable).")] = None,
        reviews: Annotated[Optional[Path], typer.Option("--reviews", help="Analysts' reviews (account_id, verdict benign|ring; `graphhunt review` writes them): accounts reviewed benign are not flagged again.")] = None,
        seed: Annotated[Optional[int], typer.Option(help="Leiden seed (communities.seed).")] = None,
        resolution: Annotated[Optional[float], typer.Option(help="Leiden resolution (communities.resolution).")] = None,
        threshold: Annotated[Optional[float], typer.Option(help="Flag threshold on risk (scoring.threshold).")] = None,
        bad_rows: Annotated[Optional[str], typer.Option("--bad-rows", help="'error' (default) or 'drop' unparseable rows.")] = None,
        report: Annotated[bool, typer.Option("--report/--no-report", help="Also write report.html.")] = True,
        neo4j: Annotated[bool, typer.Option("--neo4j", help="Then push the result into Neo4j "
                                            "($GRAPHHUNT_NEO4J_URI/_USER/_PASSWORD; see `graphhunt push`).")] = False,
        neo4j_uri: Annotated[Optional[str], typer.Option("--neo4j-uri", envvar="GRAPHHUNT_NEO4J_URI",
                                                         help="Bolt URI for --neo4j (default: GRAPHHUNT_NEO4J_URI; no silent localhost).")] = None,
        neo4j_user: Annotated[Optional[str], typer.Option("--neo4j-user", envvar="GRAPHHUNT_NEO4J_USER",
                                                          help="Neo4j user for --neo4j (password: GRAPHHUNT_NEO4J_PASSWORD only).")] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    ) -> None:
        """Find and score coordinated account rings in EVENTS; write results to --out."""
        setup_logging(verbose)
        terminate_as_interrupt()
        ov = with_dedicated(overrides, [("communities.seed", "--seed", seed),
                                        ("communities.resolution", "--resolution", resolution),
                                        ("scoring.threshold", "--threshold", threshold),
                                        ("input.bad_rows", "--bad-rows", bad_rows)])
        if neo4j:  # a URI that can never connect is refused before the run (exit 3), not after it (6)
            from ..sinks.neo4j import check_uri

            check_uri(neo4j_uri)
        prog = Progress(None if not quiet else False)
        t_start = time.perf_counter()
        try:
            res = run_detect(events, out, accounts, config, column_map, ov, prog, report=report, reviews=reviews)
        finally:
            prog.close()
        # the whole command's work, reading the files through report.html (run.json's timings_s has the
        # stages: "total" is the pipeline's, without the load, the write and the report)
        elapsed = time.perf_counter() - t_start
        c = res.run_info["counts"]
        if not quiet:
            typer.echo(f"{counted(c['accounts'], 'account')}, {counted(c['events'], 'event')} -> "
                       f"{counted(c['rings'], 'ring')} ({c['flagged_rings']} flagged), "
                       f"{counted(c['flagged_accounts'], 'account')} flagged"
                       + (f" ({res.run_info['reviews']['accounts_unflagged']:,} more reviewed benign)"
                          if res.run_info.get("reviews") else "")
                       + f"; wrote {out}/ in {elapsed:.1f}s")
        if neo4j:
            from ..errors import SinkError
            from ..sinks.neo4j import push_result
            from .neo4j import _summary

            try:
                pushed = push_result(out, uri=neo4j_uri, user=neo4j_user)
            except SinkError as e:  # the detection is done and written: say so, and how to push it later
                raise SinkError(f"{e}; the result in {out} is complete and written: `graphhunt push {out}` "
                                "pushes it once Neo4j is reachable") from None
            except KeyboardInterrupt as e:
                e.graphhunt_message = (f"the result in {out} is complete; the Neo4j push was interrupted "
                                       f"(`graphhunt push {out}` finishes it)")
                raise
            if not quiet:
                typer.echo(_summary(pushed))
