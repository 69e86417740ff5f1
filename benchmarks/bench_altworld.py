"""Detection quality on worlds from the independent generator (``benchmarks/altworld.py``).

graphhunt's own quality benchmark (``bench_quality.py``) uses the simulator the
detector was developed against. This one generates worlds with
``benchmarks/altworld.py`` (other distributions, evasions and benign
look-alikes), runs the CLI exactly as a user would::

    python -m graphhunt detect W/events.parquet --accounts W/accounts.csv --out RES --no-report
    python -m graphhunt evaluate --truth W/truth.csv --pred RES/accounts.csv --json RES/eval.json

and adds a diagnosis: per planted ring its size, evasion variant, recall and the
predicted ring(s) holding it (with their risk and reasons); per benign group
with flagged accounts, the group, its size and the predicted ring's reasons.
Writes ``benchmarks/results/altworld.json`` (after every world) and prints a
Markdown table.

Usage::

    python benchmarks/bench_altworld.py                         # the default matrix, 20k accounts
    python benchmarks/bench_altworld.py --worlds 1:0.05 2:0.01:small --accounts 5000

A world is ``SEED:RING_SHARE[:RING_SIZES[:PROXY_POOLS]]`` (ring sizes ``mixed``,
``small`` (3-15 accounts only) or ``large``; commercial residential proxy pools,
default 3).

``--generator world3`` uses the third generator (``benchmarks/world3.py``,
docs/WORLD3.md) instead; its worlds are ``SEED:RING_SHARE[:RING_SIZES]`` and the
results go to ``benchmarks/results/world3.json`` unless ``--out`` is given::

    python benchmarks/bench_altworld.py --generator world3 --worlds 1:0.05 5:0.002
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_WORLDS = ["1:0.05", "2:0.05", "3:0.05", "1:0.01", "2:0.01", "3:0.01", "4:0.05:small"]
WORLD3_WORLDS = ["1:0.05", "2:0.01", "3:0.05:small", "4:0.01:small", "5:0.002"]


def parse_world(s: str) -> tuple[int, float, str, int, str]:
    """(seed, share, sizes, proxy pools, ablation); a non-numeric 4th part is a world3 ablation."""
    parts = s.split(":")
    if len(parts) not in (2, 3, 4):
        raise SystemExit(f"bad world {s!r}: expected SEED:RING_SHARE[:RING_SIZES[:PROXY_POOLS|ABLATION]]")
    last = parts[3] if len(parts) == 4 else "3"
    return (int(parts[0]), float(parts[1]), parts[2] if len(parts) >= 3 else "mixed",
            int(last) if last.isdigit() else 3, "" if last.isdigit() else last)


def diagnose(truth: pd.DataFrame, pred: pd.DataFrame, rings: pd.DataFrame) -> dict:
    """Which planted rings were missed (and where they went), which benign groups were flagged."""
    t = truth.copy()
    t["is_ring"] = t["is_ring"].astype(str).str.lower().isin(["true", "1"])
    p = pred[["account_id", "ring_id", "risk_score", "flagged"]].rename(columns={"ring_id": "pred_ring"})
    m = t.merge(p, on="account_id", how="left")
    m["flagged"] = m["flagged"].astype(str).str.lower().isin(["true", "1"])
    rg = rings.set_index("ring_id")
    feat = [c for c in rg.columns if c.startswith("f_")]

    def ring_info(rid):
        if not isinstance(rid, str) or rid not in rg.index:
            return None
        r = rg.loc[rid]
        return {"pred_ring": rid, "size": int(r["size"]), "risk": round(float(r["risk_score"]), 4),
                "flagged": bool(str(r["flagged"]).lower() in ("true", "1")), "reasons": str(r.get("reasons", "")),
                "features": {f[2:]: round(float(r[f]), 3) for f in feat}}

    planted = []
    for g, d in m[m["is_ring"]].groupby("group_id", sort=True):
        top = d["pred_ring"].value_counts()
        planted.append({"ring": g, "cohort": d["cohort"].iloc[0], "variant": d["variant"].iloc[0], "size": len(d),
                        "recall": round(float(d["flagged"].mean()), 4), "pred_rings": int(d["pred_ring"].nunique()),
                        "main_pred": ring_info(top.index[0]) if len(top) else None,
                        "main_pred_share": round(float(top.iloc[0] / len(d)), 3) if len(top) else 0.0})
    flagged_benign = []
    fb = m[~m["is_ring"] & m["flagged"]]
    sizes = m.groupby("group_id", dropna=False).size()
    for (c, g), d in fb.groupby(["cohort", fb["group_id"].fillna("")], sort=True):
        top = d["pred_ring"].value_counts()
        flagged_benign.append({"cohort": c, "group": g, "flagged": len(d),
                               "group_size": int(sizes.get(g, len(d))) if g else None,
                               "main_pred": ring_info(top.index[0])})
    # recall per evasion component (world3 variants are "infra|timing|ua_x|flag|..."; altworld's are one word)
    by_part = {}
    r = m[m["is_ring"]]
    parts = r["variant"].fillna("").astype(str).str.split("|")
    for part in sorted({x for p in parts for x in p if x}):
        has = parts.map(lambda p, part=part: part in p)
        d = r[has.to_numpy()]
        by_part[part] = {"rings": int(d["group_id"].nunique()), "accounts": int(len(d)),
                         "recall": round(float(d["flagged"].mean()), 4)}
    return {"planted": planted, "flagged_benign": flagged_benign, "variant_recall": by_part}


def world_dirs(tag: str, generator: str, n: int, data: Path) -> tuple[Path, Path]:
    """(world dir, result dir) of a world tag as run_world names them."""
    seed, share, sizes, pools, ablate = parse_world(tag)
    prefix = "alt" if generator == "altworld" else "w3"
    name = f"{prefix}-s{seed}-r{share:g}-{sizes}-n{n}" + (f"-p{pools}" if pools != 3 else "") + \
        (f"-{ablate}" if ablate else "")
    return data / name, data / "results" / name


def run_world(seed: int, share: float, sizes: str, n: int, data: Path, pools: int = 3,
              generator: str = "altworld", ablate: str = "") -> dict:
    tag = f"{seed}:{share:g}:{sizes}" + (f":{pools}" if pools != 3 else "") + (f":{ablate}" if ablate else "")
    w, res = world_dirs(tag, generator, n, data)
    t = time.perf_counter()
    if not (w / "world.json").exists():
        if generator == "altworld":
            from altworld import Params, generate

            generate(Params(accounts=n, seed=seed, ring_share=share, ring_sizes=sizes, proxy_pools=pools), w)
        else:
            from world3 import Params, generate

            generate(Params(accounts=n, seed=seed, ring_share=share, ring_sizes=sizes, ablate=ablate), w)
    gen_s = time.perf_counter() - t
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    load0 = os.getloadavg()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graphhunt", "detect", str(w / "events.parquet"), "--accounts",
                    str(w / "accounts.csv"), "--out", str(res), "--no-report"], check=True, env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    det_s = time.perf_counter() - t
    subprocess.run([sys.executable, "-m", "graphhunt", "evaluate", "--truth", str(w / "truth.csv"), "--pred",
                    str(res / "accounts.csv"), "--json", str(res / "eval.json")], check=True, env=env, cwd=ROOT)
    ev = json.loads((res / "eval.json").read_text())
    world = json.loads((w / "world.json").read_text())
    diag = diagnose(pd.read_csv(w / "truth.csv", dtype={"group_id": str, "ring_id": str}),
                    pd.read_csv(res / "accounts.csv", dtype={"ring_id": str}), pd.read_csv(res / "rings.csv"))
    return {"world": tag, "accounts": world["accounts"], "events": world["events"],
            "ring_accounts": ev["ring_accounts"], "gen_seconds": round(gen_s, 1), "detect_seconds": round(det_s, 1),
            "load_at_start": [round(x, 2) for x in load0],
            **{k: ev[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn", "rings_found", "rings_total",
                                  "max_benign_cohort_fpr")},
            "cohorts": ev["cohorts"], "diagnosis": diag}


def table(rows: list[dict]) -> str:
    benign = sorted({c["cohort"] for r in rows for c in r["cohorts"] if not c["is_ring"]})
    kinds = sorted({c["cohort"] for r in rows for c in r["cohorts"] if c["is_ring"]})
    short = {c: c.replace("benign_", "").replace("ring_", "") for c in benign + kinds}
    head = (["world", "events", "ring accts", "P", "R", "F1", "rings found"] + [f"R {short[c]}" for c in kinds]
            + [f"FPR {short[c]}" for c in benign])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        rate = {c["cohort"]: c for c in r["cohorts"]}
        cells = [r["world"], f"{r['events']:,}", str(r["ring_accounts"]), f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                 f"**{r['f1']:.3f}**", f"{r['rings_found']}/{r['rings_total']}"]
        cells += [f"{rate[c]['rate']:.3f}" if c in rate else "–" for c in kinds]
        cells += [(f"{rate[c]['rate']:.4f} ({rate[c]['flagged']})" if c in rate else "–") for c in benign]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def diagnosis_md(rows: list[dict]) -> str:
    """Markdown lists of missed rings (recall < 0.5) and flagged benign groups per world."""
    out = []
    for r in rows:
        out.append(f"\n**{r['world']}**: missed rings")
        for p in r["diagnosis"]["planted"]:
            if p["recall"] >= 0.5:
                continue
            mp = p["main_pred"] or {}
            f = mp.get("features", {})
            out.append(f"- {p['ring']} ({p['size']}, {p['variant']}): recall {p['recall']:.2f}, over "
                       f"{p['pred_rings']} predicted ring(s); main one {mp.get('pred_ring')} of {mp.get('size')} "
                       f"holds {p['main_pred_share']:.0%}, risk {mp.get('risk')} (template {f.get('template_concentration')}, "
                       f"infra {f.get('shared_infrastructure')}, volume {f.get('volume')}, timing {f.get('machine_timing')})")
        vr = r["diagnosis"].get("variant_recall", {})
        if vr:
            out.append("  recall per evasion component: " + ", ".join(
                f"{k} {v['recall']:.2f} ({v['accounts']} accts/{v['rings']} rings)" for k, v in vr.items()))
        out.append("  flagged benign groups")
        for b in r["diagnosis"]["flagged_benign"]:
            mp = b["main_pred"] or {}
            out.append(f"- {b['cohort']} {b['group'] or '(no group)'}: {b['flagged']}/{b['group_size']} flagged, in "
                       f"{mp.get('pred_ring')} of {mp.get('size')} (risk {mp.get('risk')}): {mp.get('reasons')}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generator", choices=["altworld", "world3"], default="altworld")
    ap.add_argument("--worlds", nargs="+", default=None)
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--data", type=Path, default=None, help="world cache (default /tmp/graphhunt-GENERATOR)")
    ap.add_argument("--out", type=Path, default=None, help="default benchmarks/results/GENERATOR.json")
    ap.add_argument("--show", action="store_true", help="only print the table and diagnosis of --out")
    ap.add_argument("--rediagnose", action="store_true",
                    help="recompute the diagnosis of every world in --out from the kept world and result files")
    a = ap.parse_args(argv)
    a.out = a.out or HERE / "results" / f"{a.generator}.json"
    a.data = a.data or Path(f"/tmp/graphhunt-{a.generator}")
    a.worlds = a.worlds or (DEFAULT_WORLDS if a.generator == "altworld" else WORLD3_WORLDS)
    if a.rediagnose:
        doc = json.loads(a.out.read_text())
        for r in doc["worlds"]:
            w, res = world_dirs(r["world"], a.generator, r["accounts"], a.data)
            r["diagnosis"] = diagnose(pd.read_csv(w / "truth.csv", dtype={"group_id": str, "ring_id": str}),
                                      pd.read_csv(res / "accounts.csv", dtype={"ring_id": str}),
                                      pd.read_csv(res / "rings.csv"))
        a.out.write_text(json.dumps(doc, indent=1, default=str))
    if a.show or a.rediagnose:
        rows = json.loads(a.out.read_text())["worlds"]
        print(table(rows))
        print(diagnosis_md(rows))
        return 0
    worlds = [parse_world(s) for s in a.worlds]
    if a.generator == "world3" and any(w[3] != 3 for w in worlds):
        raise SystemExit("world3 worlds are SEED:RING_SHARE[:RING_SIZES[:ABLATION]] (no proxy-pool count)")
    if a.generator == "altworld" and any(w[4] for w in worlds):
        raise SystemExit("altworld worlds take a proxy-pool count, not an ablation")
    rows = []
    for seed, share, sizes, pools, ablate in worlds:
        r = run_world(seed, share, sizes, a.accounts, a.data, pools, a.generator, ablate)
        rows.append(r)
        print(f"{r['world']}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
              f"(detect {r['detect_seconds']} s, load {r['load_at_start'][0]})", flush=True)
        a.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = a.out.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"accounts": a.accounts, "worlds": rows}, indent=1, default=str))
        os.replace(tmp, a.out)
    print(table(rows))
    print(diagnosis_md(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
