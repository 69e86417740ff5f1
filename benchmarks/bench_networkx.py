"""The pipeline an analyst would write with networkx, on the same data as ``bench_detect.py``.

Bipartite account-attribute graph (payment method, IP, and a template-like
attribute: the first six words of the lowercased prompt with digits masked),
attributes held by fewer than 2 or more than 500 accounts dropped (the same hub
cap as graphhunt's default, so the projection stays feasible), networkx
``bipartite.weighted_projected_graph`` (weight = number of shared attributes),
then ``louvain_communities(weight="weight", seed=42)``. No scoring, no
evidence, no output files: this is the cheapest honest version of those steps.

Its graph is not small, though: the six-word key joins every pair of accounts
that pasted the opening of one moderately popular public prompt (2-500
accounts). On the 100k world that is 29.7M of the ~33M projected pairs (IP
3.7M, payment 7k), against 6.2M edges in graphhunt's graph; Louvain's time and
memory follow the edge count. The whole masked prompt as the key (as simple)
gives 0.25M template pairs at 100k, recovers every planted ring at 10k and 30k,
and at 30k makes a graph of 1.08M edges instead of 6.25M and runs in ~23 CPU-s
instead of 172-215; ten words gives 2.8x the six-word edges at 10k. So the
speed ratio depends on this choice far more than on anything else here, in
either direction (session 57 review, /work/notes/bench57.md).

``--projection pandas`` computes the same weighted projection (identical edges
and weights, checked at 10k and 30k accounts) the other way an analyst who
knows pandas writes it: a self-join of the incidence table on the attribute,
``a < b``, a group-by count, then the networkx graph from those rows. networkx's
``weighted_projected_graph`` visits every pair from both ends and rebuilds a
neighbour set per pair. Session 57's review (a loaded host, load 8-9): the
projection stage took 31.0 s instead of 85.3 s at 30k accounts (the whole run
177 s instead of 225 s; 5.2 instead of 9.2 s at 10k). Louvain is the same call
on the same graph. The default stays networkx's own function, the issue's
"bipartite weighted projection"; the option shows how much the ratio depends on it.

The timing starts when the process starts (interpreter and imports included,
stage ``start``), as ``bench_detect.py`` times ``detect``.

Usage::

    python benchmarks/bench_networkx.py /tmp/graphhunt-bench/n10000-s0-v2 [--json] [--projection pandas]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # graphhunt without an install (its allocator settings)
from _measure import StageMeter  # noqa: E402

HUB_MAX = 500


def ring_recovery(truth: pd.DataFrame, label: pd.Series) -> dict:
    """Planted rings recovered by a partition (no scoring involved).

    A planted ring counts as recovered when at least half of its members sit in
    one community and at least half of that community are the ring's members.
    ``label`` maps account_id -> community label (NaN/"" = none).
    """
    t = truth[truth["is_ring"].astype(str).str.lower().isin(["true", "1"])][["account_id", "ring_id"]].copy()
    lab = label.replace("", np.nan)
    t["c"] = lab.reindex(t["account_id"]).to_numpy()
    sizes = lab.dropna().value_counts()
    found = 0
    rings = t.groupby("ring_id")
    for _, g in rings:  # one iteration per planted ring
        vc = g["c"].dropna().value_counts()
        if not len(vc):
            continue
        c, m = vc.index[0], int(vc.iloc[0])
        if m >= len(g) / 2 and m >= sizes.get(c, 0) / 2:
            found += 1
    return {"rings_recovered": found, "rings_total": int(rings.ngroups)}


def run(d: Path, projection: str = "networkx", from_process_start: bool = False) -> dict:
    meter = StageMeter(from_process_start=from_process_start)  # before the networkx import: it is timed
    import networkx as nx
    from networkx.algorithms import bipartite

    meter("load")
    ev = pd.read_parquet(d / "events.parquet", columns=["account_id", "ip", "prompt"])
    acc = pd.read_csv(d / "accounts.csv", usecols=["account_id", "payment_method"], dtype=str)
    meter("incidences")
    tpl = ev["prompt"].str.lower().str.replace(r"\d+", "#", regex=True).str.split().str[:6].str.join(" ")
    inc = pd.concat([
        pd.DataFrame({"a": ev["account_id"], "x": "ip:" + ev["ip"]}),
        pd.DataFrame({"a": ev["account_id"], "x": "tpl:" + tpl}),
        pd.DataFrame({"a": acc["account_id"], "x": "pm:" + acc["payment_method"]}),
    ], ignore_index=True).dropna().drop_duplicates()
    k = inc["x"].map(inc["x"].value_counts())
    inc = inc[(k >= 2) & (k <= HUB_MAX)]
    accounts = pd.concat([ev["account_id"], acc["account_id"]]).unique().tolist()
    del ev, tpl
    if projection == "networkx":
        meter("bipartite")
        B = nx.Graph()
        B.add_nodes_from(accounts, bipartite=0)
        B.add_nodes_from(inc["x"].unique().tolist(), bipartite=1)
        B.add_edges_from(zip(inc["a"].tolist(), inc["x"].tolist()))
        meter("projection")
        G = bipartite.weighted_projected_graph(B, accounts)
        del B
    else:  # the same projection as a pandas self-join on the attribute
        meter("projection")
        e = inc.merge(inc, on="x")
        e = e[e["a_x"] < e["a_y"]].groupby(["a_x", "a_y"]).size().reset_index(name="weight")
        del inc
        G = nx.Graph()
        G.add_nodes_from(accounts)
        G.add_weighted_edges_from(zip(e["a_x"], e["a_y"], e["weight"]))
        del e
    n_edges = G.number_of_edges()
    meter("louvain")
    comms = nx.community.louvain_communities(G, weight="weight", seed=42)
    meter.finish()
    label = {}
    for i, c in enumerate(comms):  # result unpacking, once per account
        if len(c) >= 3:
            for a in c:
                label[a] = i
    truth = pd.read_csv(d / "truth.csv", dtype={"account_id": str, "ring_id": str}, keep_default_na=False)
    q = ring_recovery(truth, pd.Series(label, dtype=float))
    return {"finished": True, "projection": projection, "stages": meter.stages, "total_s": meter.total_seconds,
            "total_cpu_s": meter.total_cpu_seconds, "peak_rss_mb": meter.overall_peak_mb, "edges": n_edges, "communities": len(comms), **q}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--projection", choices=["networkx", "pandas"], default="networkx",
                    help="networkx: bipartite.weighted_projected_graph (default); pandas: the same projection "
                    "as a self-join of the incidence table")
    a = ap.parse_args()
    # the same allocator settings as graphhunt's command line (graphhunt/_memory.py), so that the speed
    # ratio compares the pipelines, not the allocators (GRAPHHUNT_MEMORY_TUNING=0 turns them off in both)
    from graphhunt._memory import tune_memory

    tuning = tune_memory()
    res = run(a.dataset, a.projection, from_process_start=True)
    res["memory_tuning"] = tuning
    print(json.dumps(res) if a.json else json.dumps(res, indent=1))
