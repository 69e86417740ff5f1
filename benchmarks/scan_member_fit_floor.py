"""Account-level F1 of finished runs under other ``scoring.member_fit_floor`` values, without re-running.

An account's score is ``ring risk * min(1, fit / member_fit_floor)`` and it is flagged at
``scoring.threshold``; ring risk (``rings.csv``) and fit (``members.parquet``) do not depend on the
floor, so a run directory holds everything needed to re-score it under another floor. Exact for
runs without the weak-member search (``communities.split_weak_members = false``, or code before
it, as in the session-9 scan): that search moves weak members into rings of their own, and which
members are weak depends on the floor, so for runs with it the scan is an approximation.

Usage::

    python benchmarks/scan_member_fit_floor.py RUN_DIR [RUN_DIR ...] [--floors 0.25 0.4 0.5]

Each RUN_DIR is a ``graphhunt detect --out`` directory with the world's ``truth.csv`` copied into it
(columns ``account_id``, ``is_ring``). Prints F1 (false positives / false negatives) per run and floor,
and the totals; the run's own floor (from ``run.json``) must reproduce its ``flagged`` column.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd


def rescore(run: Path, floors: list[float]) -> dict:
    cfg = json.loads((run / "run.json").read_text())["config"]["scoring"]
    acc = pd.read_csv(run / "accounts.csv", dtype={"account_id": str, "ring_id": str}, keep_default_na=False)
    fit = pd.read_parquet(run / "members.parquet", columns=["account_id", "fit"]).astype({"account_id": str})
    acc = acc.merge(fit, on="account_id", how="left")
    rings = pd.read_csv(run / "rings.csv", dtype={"ring_id": str}, keep_default_na=False)
    truth = pd.read_csv(run / "truth.csv", dtype={"account_id": str}, keep_default_na=False)
    is_ring = truth.set_index("account_id")["is_ring"].astype(str).str.lower().isin(["true", "1"])
    y = is_ring.reindex(acc["account_id"]).fillna(False).to_numpy(bool)
    ring_risk = acc["ring_id"].map(rings.set_index("ring_id")["risk_score"]).fillna(0.0).to_numpy()
    f = acc["fit"].fillna(0.0).to_numpy()
    own = ring_risk * np.clip(f / cfg["member_fit_floor"], 0, 1) >= cfg["threshold"]
    flagged = acc["flagged"].astype(str).str.lower().eq("true").to_numpy()
    # fit is written rounded to 4 decimals: allow the odd account on the threshold
    assert (own != flagged).sum() <= 2, f"{run}: re-scoring does not reproduce the run's flags"
    out = {"run": run.name}
    for fl in floors:
        pred = ring_risk * np.clip(f / fl, 0, 1) >= cfg["threshold"]
        tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out[fl] = (round(2 * p * r / max(p + r, 1e-12), 4), fp, fn)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--floors", nargs="+", type=float, default=[0.25, 0.35, 0.4, 0.45, 0.5])
    a = ap.parse_args(argv)
    rows = [rescore(r, a.floors) for r in a.runs]
    print("| run | " + " | ".join(f"floor {f}" for f in a.floors) + " |")
    print("|---|" + "---|" * len(a.floors))
    for r in rows:
        print(f"| {r['run']} | " + " | ".join(f"{r[f][0]:.3f} ({r[f][1]}/{r[f][2]})" for f in a.floors) + " |")
    tot = {f: (np.mean([r[f][0] for r in rows]), min(r[f][0] for r in rows), sum(r[f][1] for r in rows),
               sum(r[f][2] for r in rows)) for f in a.floors}
    print("| mean F1 / min F1 / FP / FN | " + " | ".join(f"{m:.4f} / {lo:.3f} / {fp} / {fn}" for m, lo, fp, fn in tot.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
