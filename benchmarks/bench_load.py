"""The load stage alone (``load_events``) under each allocator setting: wall, user and system time, page faults.

At 1M accounts the load stage of ``detect`` was slower with graphhunt's memory settings
(graphhunt/_memory.py) than without them, where at 100k it was 4x faster (docs/PERFORMANCE.md,
sessions 29-30). This script shows where the time goes on a given machine: each setting runs
``load_events`` on a cached benchmark world (``_data.py``) in a fresh process, alternating, and reports
wall time, user and system CPU, minor page faults and peak RSS.

    python benchmarks/bench_load.py 1000000 [--settings tuned,off,arrow-mimalloc] [--repeat 1] [--pause 10]

Settings:

* ``off``: the libraries' defaults (``GRAPHHUNT_MEMORY_TUNING=0``);
* ``tuned``: :func:`graphhunt.tune_memory` (what the command line applies);
* ``arrow-mimalloc``: ``tuned``, then Arrow put back on its default pool (mimalloc);
* ``arrow-system``: ``tuned``, then Arrow on the system allocator (glibc, with the settings' mallopt);
* ``jemalloc-decay-MS``: ``tuned`` with jemalloc's dirty/muzzy decay set to MS ms first
  (``pyarrow.jemalloc_set_decay_ms``; Arrow's default is 0: freed pages go back to the kernel at once).

Results go to ``$GRAPHHUNT_BENCH_DATA/results/load-n<N>.json`` (and are printed).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import bench_dir, make_dataset  # noqa: E402
from _measure import machine, save_json  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
import pyarrow as pa
setting = sys.argv[1]
if setting.startswith("jemalloc-decay-"):
    pa.jemalloc_set_decay_ms(int(setting[len("jemalloc-decay-"):]))
from graphhunt._memory import tune_memory
tuning = tune_memory() if setting != "off" else {}
if setting == "arrow-mimalloc":
    pa.set_memory_pool(pa.mimalloc_memory_pool())
elif setting == "arrow-system":
    pa.set_memory_pool(pa.system_memory_pool())
from graphhunt.io import load_events
r0 = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
ev = load_events(sys.argv[2])
r1 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall_s": round(time.perf_counter() - t, 2), "user_s": round(r1.ru_utime - r0.ru_utime, 2),
                  "sys_s": round(r1.ru_stime - r0.ru_stime, 2), "minor_faults": r1.ru_minflt - r0.ru_minflt,
                  "peak_rss_mb": round(r1.ru_maxrss / 1024), "rows": len(ev),
                  "arrow_pool": pa.default_memory_pool().backend_name, "memory_tuning": tuning}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("accounts", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--settings", default="tuned,off,arrow-mimalloc")
    ap.add_argument("--repeat", type=int, default=1, help="rounds over the settings")
    ap.add_argument("--pause", type=float, default=10.0, help="seconds between runs")
    ap.add_argument("--tag", default="", help="appended to the result file name")
    a = ap.parse_args()
    d = make_dataset(a.accounts, a.seed)
    settings = [s.strip() for s in a.settings.split(",") if s.strip()]
    res = {"accounts": a.accounts, "dataset": str(d), "machine": machine(), "runs": []}
    env = {k: v for k, v in os.environ.items() if k != "GRAPHHUNT_MEMORY_TUNING"}
    repo = str(Path(__file__).resolve().parents[1])
    first = True
    for rnd in range(a.repeat):
        for s in settings:
            if not first:
                time.sleep(a.pause)
            first = False
            p = subprocess.run([sys.executable, "-c", CHILD, s, str(d / "events.parquet"), repo],
                               capture_output=True, text=True, env=env)
            if p.returncode:
                sys.exit(f"setting {s}: exit {p.returncode}\n{p.stderr[-2000:]}")
            r = {"setting": s, "round": rnd, "load_avg_at_start": list(os.getloadavg()),
                 **json.loads(p.stdout.strip().splitlines()[-1])}
            res["runs"].append(r)
            print(f"{s:22s} wall {r['wall_s']:7.1f} s  user {r['user_s']:6.1f} s  sys {r['sys_s']:6.1f} s  "
                  f"faults {r['minor_faults']:>10,}  peak {r['peak_rss_mb'] / 1024:5.1f} GB", flush=True)
    out = bench_dir() / "results" / f"load-n{a.accounts}{a.tag}.json"
    save_json(res, out)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
