"""Time report.html, explain and the GraphML export on a larger run.

    python benchmarks/bench_report.py [--benign 20000] [--tiny 1000] [--rings 500,200,50]

Builds a world with the tests' generator (prompt links off: this measures the
investigator outputs, not detection), runs detect once, then times each output.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--benign", type=int, default=20000)
    ap.add_argument("--tiny", type=int, default=1000)
    ap.add_argument("--rings", default="500,200,50")
    a = ap.parse_args()
    from _report_world import make_world

    from graphhunt.cli.detect import run_detect
    from graphhunt.explain import explain_account, load_run
    from graphhunt.sinks.export import export_graph
    from graphhunt.sinks.report import write_report

    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        sizes = tuple(int(x) for x in a.rings.split(",") if x)
        ep, acp = make_world(t / "w", n_benign=a.benign, ring_sizes=sizes, n_office=50, n_tiny_rings=a.tiny)
        t0 = time.perf_counter()
        res = run_detect(ep, t / "run", acp, overrides=["prompts.enabled=false"], report=False)
        c = res.run_info["counts"]
        print(f"world: {c['accounts']:,} accounts, {c['events']:,} events, {c['edges']:,} links, {c['rings']:,} rings "
              f"({c['flagged_rings']} flagged); detect {time.perf_counter() - t0:.1f} s")
        for label, fn in [
            ("report.html (100 ring details)", lambda: write_report(t / "run")),
            ("load_run(edges='rings')", lambda: load_run(t / "run", edges="rings")),
            ("explain one ring member (cold, from the dir)", lambda: explain_account(t / "run", "ring0-00")),
            ("export GraphML, all rings", lambda: print(f"  ({export_graph(t / 'run', t / 'g.graphml')[2]:,} links)")),
            ("export GEXF, flagged rings", lambda: export_graph(t / "run", t / "g.gexf", flagged_only=True)),
        ]:
            t0 = time.perf_counter()
            fn()
            print(f"{label}: {time.perf_counter() - t0:.2f} s")
        print(f"report.html size: {(t / 'run' / 'report.html').stat().st_size / 1e6:.1f} MB; "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
