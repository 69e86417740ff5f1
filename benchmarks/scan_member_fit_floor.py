"""Account-level F1 of finished runs under other member fit floors, without re-running.

An account's score is ``ring risk * min(1, fit / floor)`` with ``floor = max(member_fit_floor,
member_fit_relative * median fit of its ring's members)``, flagged at ``scoring.threshold``; ring
risk (``rings.csv``) and fit (``members.parquet``) do not depend on the floor, so a run directory
holds everything needed to re-score it under another floor. Exact for
runs without the weak-member search (``communities.split_weak_members = false``, or code before
it, as in the session-9 scan): that search moves weak members into rings of their own, and which
members are weak depends on the floor, so for runs with it the scan is an approximation.

Usage::

    python benchmarks/scan_member_fit_floor.py RUN_DIR [RUN_DIR ...] [--floors 0.25 0.4 0.5]
    python benchmarks/scan_member_fit_floor.py RUN_DIR ... --floors 0.4 --relative 0 0.5 0.65 0.8

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


def rescore(run: Path, floors: list[float], relative: list[float] | None = None) -> dict:
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
    med = acc["ring_id"].map(acc[acc["ring_id"] != ""].groupby("ring_id")["fit"].median()).fillna(0.0).to_numpy()

    def floor_of(fl: float, rel: float) -> np.ndarray:
        return np.maximum(fl, rel * med)

    own = ring_risk * np.clip(f / floor_of(cfg["member_fit_floor"], cfg.get("member_fit_relative", 0.0)), 0, 1) \
        >= cfg["threshold"]
    flagged = acc["flagged"].astype(str).str.lower().eq("true").to_numpy()
    # fit is written rounded to 4 decimals: allow the odd account on the threshold
    assert (own != flagged).sum() <= 2, f"{run}: re-scoring does not reproduce the run's flags"
    out = {"run": run.name}
    for fl, rel in _cases(floors, relative):
        pred = ring_risk * np.clip(f / floor_of(fl, rel), 0, 1) >= cfg["threshold"]
        tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out[(fl, rel)] = (round(2 * p * r / max(p + r, 1e-12), 4), fp, fn)
    return out


def _cases(floors: list[float], relative: list[float] | None) -> list[tuple[float, float]]:
    return [(fl, rel) for fl in floors for rel in (relative if relative is not None else [0.0])]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--floors", nargs="+", type=float, default=[0.25, 0.35, 0.4, 0.45, 0.5])
    ap.add_argument("--relative", nargs="+", type=float, default=None,
                    help="member_fit_relative values to combine with each floor (default: 0, absolute floor only)")
    a = ap.parse_args(argv)
    cases = _cases(a.floors, a.relative)
    rows = [rescore(r, a.floors, a.relative) for r in a.runs]
    print("| run | " + " | ".join(f"floor {f}" + (f", rel {q}" if a.relative is not None else "") for f, q in cases) + " |")
    print("|---|" + "---|" * len(cases))
    for r in rows:
        print(f"| {r['run']} | " + " | ".join(f"{r[c][0]:.3f} ({r[c][1]}/{r[c][2]})" for c in cases) + " |")
    tot = {c: (np.mean([r[c][0] for r in rows]), min(r[c][0] for r in rows), sum(r[c][1] for r in rows),
               sum(r[c][2] for r in rows)) for c in cases}
    print("| mean F1 / min F1 / FP / FN | " + " | ".join(f"{m:.4f} / {lo:.3f} / {fp} / {fn}" for m, lo, fp, fn in tot.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
