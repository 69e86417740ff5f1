"""End-to-end ``detect`` benchmark: wall time and peak memory per stage, ring recovery.

Runs, in a fresh child process, what ``graphhunt detect EVENTS --accounts ACCOUNTS --out DIR``
runs -- the command line's own ``run_detect``: output checks, load -> prepare -> link ->
graph -> communities -> score -> write (with the inputs' SHA-256 for run.json) -> report
(``report.html``, written by default; ``--no-report`` as ``detect --no-report``) -- on a
cached synthetic world from ``_data.py``, then (unless ``--no-networkx``) the
networkx version an analyst would write on the same files, in a child process
with a timeout (``bench_networkx.py``), and prints both side by side.

Both sides are timed from their process's start (stage ``start``: interpreter, imports, set-up), and a
stage's peak memory includes the sampled private memory of its child processes (graphhunt's forked
dense-core workers), see ``_measure.py``. Before session 57's review the ``start`` stage, the inputs'
SHA-256 and ``report.html`` were left out of ``detect``'s time (about 1.5 + 0.3 + 2.7 s at 100k).

Usage::

    python benchmarks/bench_detect.py 10000 100000            # sizes in accounts
    python benchmarks/bench_detect.py 1000000 --no-networkx --set prompts.max_prompts_per_account_day=5
    python benchmarks/bench_detect.py 100000 --no-networkx --daily   # the same world as one Parquet file per day

Results go to ``$GRAPHHUNT_BENCH_DATA/results/detect-n<N>.json`` (and are printed).
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import bench_dir, make_dataset  # noqa: E402
from _measure import StageMeter, machine, save_json  # noqa: E402


def run_detect(d: Path, out: Path, overrides: list[str], events_name: str = "events.parquet",
               meter: StageMeter | None = None, report: bool = True) -> dict:
    import graphhunt.io as gio
    import graphhunt.sinks.files as gfiles
    import graphhunt.sinks.report as greport
    from graphhunt.cli.detect import run_detect as cli_run_detect
    from graphhunt.evaluate import evaluate

    import pandas as pd

    meter = meter or StageMeter()

    order = ["write", "report"]

    def staged(name, f):
        def g(*args, **kw):  # a stage opens once, in order (the report fingerprints files too)
            if meter._name not in order[order.index(name):]:
                meter(name)
            return f(*args, **kw)
        return g

    # the command line's run_detect calls progress("load") and Detector.fit the pipeline stages; the
    # writing after them is marked here (the functions are imported inside run_detect, so at call time)
    saved = (gio.file_fingerprint, gfiles.write_result, greport.write_report_safely)
    gio.file_fingerprint = staged("write", saved[0])  # the inputs' SHA-256, stored in run.json
    gfiles.write_result = staged("write", saved[1])
    greport.write_report_safely = staged("report", saved[2])
    try:
        res = cli_run_detect(d / events_name, out, d / "accounts.csv", None, None, overrides or None,
                             progress=meter, report=report)
    finally:
        gio.file_fingerprint, gfiles.write_result, greport.write_report_safely = saved
    meter.finish()
    truth = pd.read_csv(d / "truth.csv", dtype={"account_id": str, "ring_id": str}, keep_default_na=False)
    m = evaluate(truth, res.accounts)
    from bench_networkx import ring_recovery

    rr = ring_recovery(truth, res.accounts.set_index("account_id")["ring_id"])
    counts = res.run_info["counts"]
    return {
        "stages": meter.stages,
        "total_s": meter.total_seconds, "total_cpu_s": meter.total_cpu_seconds,
        "peak_rss_mb": meter.overall_peak_mb,
        "peak_exact": meter.exact, "report": report,
        "counts": {k: v for k, v in counts.items() if not isinstance(v, dict)},
        "prompts_sampled": res.run_info["artifacts"].get("prompts_sampled"),
        "memory_tuning": res.run_info.get("memory_tuning"),
        "effective_hub_max": res.run_info["effective_hub_max"],
        "quality": {k: m[k] for k in ("precision", "recall", "f1", "rings_found", "rings_total",
                                      "max_benign_cohort_fpr")},
        "partition": rr,
    }


def split_daily(d: Path) -> Path:
    """``d/daily/<YYYY-MM-DD>.parquet``: the world's events.parquet split by UTC day (once)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out = d / "daily"
    if (out / "_DONE").exists():
        return out
    out.mkdir(exist_ok=True)
    t = pq.read_table(d / "events.parquet")
    ts = t.column("timestamp")
    day = (pc.strftime(ts, format="%Y-%m-%d") if pa.types.is_timestamp(ts.type)
           else pc.utf8_slice_codeunits(ts.cast(pa.string()), 0, 10))
    for v in pc.unique(day).to_pylist():
        pq.write_table(t.filter(pc.equal(day, v)), out / f"{v}.parquet")
    (out / "_DONE").write_text("")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", type=int, nargs="+", help="numbers of accounts (about 20 events each)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", dest="overrides", action="append", default=[], help="config override section.key=value")
    ap.add_argument("--csv", action="store_true", help="read events.csv instead of events.parquet")
    ap.add_argument("--daily", action="store_true", help="read the events as a directory of one Parquet file per "
                    "UTC day (made once from events.parquet), as daily exports arrive")
    ap.add_argument("--no-report", action="store_true", help="as `detect --no-report`: no report.html")
    ap.add_argument("--no-networkx", action="store_true")
    ap.add_argument("--nx-projection", choices=["networkx", "pandas"], default="networkx",
                    help="how bench_networkx.py projects: networkx's weighted_projected_graph (default) or the "
                    "same projection as a pandas self-join")
    ap.add_argument("--nx-timeout", type=float, default=1800, help="seconds before the networkx run is stopped")
    ap.add_argument("--tag", default="", help="suffix for the result file name")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    for n in a.sizes:
        t0 = time.perf_counter()
        d = make_dataset(n, a.seed, csv_events=a.csv)
        gen_s = time.perf_counter() - t0
        out = bench_dir() / "out" / f"n{n}{a.tag}"
        # run each measurement in a fresh child so peaks do not leak between sizes
        cmd = [sys.executable, __file__, "--child", str(d), str(out), *sum((["--set", o] for o in a.overrides), [])]
        if a.csv:
            cmd.append("--csv")
        if a.no_report:
            cmd.append("--no-report")
        if a.daily:
            split_daily(d)
            cmd.append("--daily")
        # the child's stderr (stage progress, warnings) goes straight through, so a run that is
        # killed still shows how far it got
        r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise SystemExit(f"detect failed at n={n} (exit code {r.returncode})")
        res = json.loads(r.stdout.strip().splitlines()[-1])
        res.update({"n_accounts": n, "seed": a.seed, "dataset": str(d), "dataset_gen_s": round(gen_s, 1),
                    "overrides": a.overrides, "machine": machine(),
                    "format": "csv" if a.csv else "daily parquet files" if a.daily else "parquet"})
        if not a.no_networkx:
            nx_cmd = [sys.executable, str(Path(__file__).with_name("bench_networkx.py")), str(d), "--json",
                      "--projection", a.nx_projection]
            t1 = time.perf_counter()
            try:
                p = subprocess.run(nx_cmd, capture_output=True, text=True, timeout=a.nx_timeout)
                res["networkx"] = json.loads(p.stdout.strip().splitlines()[-1]) if p.returncode == 0 else {
                    "error": p.stderr[-500:]}
            except subprocess.TimeoutExpired:
                res["networkx"] = {"finished": False, "timeout_s": a.nx_timeout,
                                   "note": f"did not finish in {a.nx_timeout:.0f} s"}
            res["networkx"]["wall_s"] = round(time.perf_counter() - t1, 1)
            if res["networkx"].get("total_s"):
                res["speedup_vs_networkx"] = round(res["networkx"]["total_s"] / res["total_s"], 1)
                res["speedup_vs_networkx_cpu"] = round(res["networkx"]["total_cpu_s"] / res["total_cpu_s"], 1)
        save_json(res, bench_dir() / "results" / f"detect-n{n}{a.tag}.json")
        print(json.dumps(res, indent=1))


def child() -> None:
    meter = StageMeter(from_process_start=True)  # interpreter, imports and set-up are timed ("start")
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", action="store_true")
    ap.add_argument("dataset")
    ap.add_argument("out")
    ap.add_argument("--set", dest="overrides", action="append", default=[])
    ap.add_argument("--csv", action="store_true")
    ap.add_argument("--daily", action="store_true")
    ap.add_argument("--no-report", action="store_true")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from graphhunt._memory import tune_memory

    tune_memory()  # as the command line does (GRAPHHUNT_MEMORY_TUNING=0 measures without)
    res = run_detect(Path(a.dataset), Path(a.out), a.overrides,
                     "events.csv" if a.csv else "daily" if a.daily else "events.parquet", meter=meter,
                     report=not a.no_report)
    print(json.dumps(res))


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
