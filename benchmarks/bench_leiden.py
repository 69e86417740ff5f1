"""Leiden alone on the graph a ``detect`` run projected, so graphhunt's overhead is visible.

Reads ``edges.parquet`` from a ``detect`` output directory (written by
``bench_detect.py``), builds the igraph the same way graphhunt does, and times:

* igraph ``Graph.community_leiden`` with graphhunt's settings (CPM, resolution
  0.35, beta 0.01, ``communities.n_iterations`` iterations: 2 by default) -- the
  Leiden call the ``communities`` stage makes first -- and iterated until stable;
* leidenalg ``find_partition`` (CPMVertexPartition, same resolution, iterated until
  stable), with a timeout, since it was 12-17x slower in calibration.

Usage::

    python benchmarks/bench_leiden.py /tmp/graphhunt-bench/out/n100000 [--leidenalg-timeout 600]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import machine, peak_mb, reset_peak, save_json  # noqa: E402


def _graph(out: Path):
    import igraph as ig

    e = pd.read_parquet(out / "edges.parquet", columns=["src", "dst", "weight"])
    acc = pd.read_csv(out / "accounts.csv", usecols=["account_id"], dtype=str)["account_id"]
    ids = pd.Index(acc)
    src = ids.get_indexer(e["src"]).astype(np.int64)
    dst = ids.get_indexer(e["dst"]).astype(np.int64)
    t = time.perf_counter()
    g = ig.Graph(n=len(ids), edges=list(zip(src.tolist(), dst.tolist())), directed=False)
    g.es["weight"] = e["weight"].to_numpy(np.float64)
    return g, time.perf_counter() - t


def _leidenalg(out: Path, resolution: float, seed: int, q: mp.Queue) -> None:
    import leidenalg as la

    g, _ = _graph(out)
    t = time.perf_counter()
    p = la.find_partition(g, la.CPMVertexPartition, weights="weight", resolution_parameter=resolution,
                          seed=seed, n_iterations=-1)
    q.put({"seconds": round(time.perf_counter() - t, 2), "communities": len(p)})


def main() -> None:
    import igraph as ig

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a detect output directory")
    ap.add_argument("--resolution", type=float, default=0.35)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--leidenalg-timeout", type=float, default=600)
    a = ap.parse_args()
    res: dict = {"out": str(a.out), "machine": machine()}
    reset_peak()
    g, build_s = _graph(a.out)
    res.update({"vertices": g.vcount(), "edges": g.ecount(), "igraph_build_s": round(build_s, 2)})
    rng = random.Random(a.seed)
    ig.set_random_number_generator(rng)
    from graphhunt.config import Config

    n_iter = Config().communities.n_iterations
    res["graphhunt_n_iterations"] = n_iter
    t = time.perf_counter()
    p = g.community_leiden(objective_function="CPM", weights="weight", resolution=a.resolution, beta=0.01,
                           n_iterations=n_iter)
    res["igraph_leiden_graphhunt_iterations_s"] = round(time.perf_counter() - t, 2)
    res["igraph_leiden_graphhunt_iterations_communities"] = len(p)
    ig.set_random_number_generator(random.Random(a.seed))
    t = time.perf_counter()
    p = g.community_leiden(objective_function="CPM", weights="weight", resolution=a.resolution, beta=0.01,
                           n_iterations=-1)
    res["igraph_leiden_s"] = round(time.perf_counter() - t, 2)
    res["igraph_leiden_communities"] = len(p)
    res["peak_rss_mb"] = round(peak_mb())
    run = json.loads((a.out / "run.json").read_text())
    res["detect_communities_stage_s"] = run["timings_s"].get("communities")
    res["detect_graph_stage_s"] = run["timings_s"].get("graph")
    res["detect_total_s"] = run["timings_s"].get("total")
    del g
    q: mp.Queue = mp.Queue()
    proc = mp.Process(target=_leidenalg, args=(a.out, a.resolution, a.seed, q))
    proc.start()
    proc.join(a.leidenalg_timeout)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        res["leidenalg"] = {"finished": False, "note": f"did not finish in {a.leidenalg_timeout:.0f} s"}
    else:
        res["leidenalg"] = q.get() if not q.empty() else {"error": f"exit code {proc.exitcode}"}
    save_json(res, a.out.parent.parent / "results" / f"leiden-{a.out.name}.json")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
