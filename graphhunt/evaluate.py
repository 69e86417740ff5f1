"""Compare predictions with ground truth: precision, recall, F1, ring recovery, FP per cohort."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

log = logging.getLogger(__name__)

__all__ = ["evaluate", "evaluate_files"]


def _bool(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    return s.astype(str).str.strip().str.lower().isin(["true", "1", "yes", "t"])


def evaluate(truth: pd.DataFrame, pred: pd.DataFrame, _files: tuple[str, str] | None = None) -> dict:
    """Account-level metrics of ``pred`` (accounts.csv) against ``truth`` (truth.csv).

    ``truth`` needs ``account_id, is_ring`` and optionally ``ring_id, cohort``;
    ``pred`` needs ``account_id, flagged`` and optionally ``ring_id``.
    Accounts missing from ``pred`` count as not flagged.

    Returns a dict with ``precision, recall, f1, tp, fp, fn``, ``rings`` (per
    truth ring: size, recall, best predicted ring and its purity) and
    ``cohorts`` (per cohort: accounts, flagged, rate).
    """
    for name, df, cols in (("truth", truth, ["account_id", "is_ring"]), ("pred", pred, ["account_id", "flagged"])):
        miss = [c for c in cols if c not in df.columns]
        if miss:
            what = {"truth": ("the ground truth (--truth)", "a truth.csv with account_id,is_ring (as "
                              "`graphhunt simulate` writes)"),
                    "pred": ("the predictions (--pred)", "a run's accounts.csv (`graphhunt detect ... --out DIR` "
                             "writes DIR/accounts.csv)")}[name]
            raise InputError(f"{what[0]} is missing column(s) {', '.join(miss)}", column=miss[0],
                             file=_files[0 if name == "truth" else 1] if _files else None,
                             fix=f"pass {what[1]}")
    t = truth.copy()
    t["account_id"] = t["account_id"].astype(str)
    t["is_ring"] = _bool(t["is_ring"])
    p = pred[["account_id", "flagged"] + (["ring_id"] if "ring_id" in pred.columns else [])].copy()
    p["account_id"] = p["account_id"].astype(str)
    p["flagged"] = _bool(p["flagged"])
    m = t.merge(p, on="account_id", how="left", suffixes=("", "_pred"))
    missing = int(m["flagged"].isna().sum())
    if missing:  # a prediction file of another run, or a sample of it: they count as not flagged
        log.warning(
            "%d of %d truth accounts are not in the predictions; they count as not flagged", missing, len(m))
    m["flagged"] = m["flagged"].fillna(False).astype(bool)
    tp = int((m["is_ring"] & m["flagged"]).sum())
    fp = int((~m["is_ring"] & m["flagged"]).sum())
    fn = int((m["is_ring"] & ~m["flagged"]).sum())
    prec = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
           "tp": tp, "fp": fp, "fn": fn, "accounts": int(len(m)), "ring_accounts": int(m["is_ring"].sum())}
    rings = []
    pred_ring = "ring_id_pred" if "ring_id_pred" in m.columns else None
    if "ring_id" in t.columns:
        for rid, g in m[m["is_ring"]].groupby("ring_id", sort=True):
            row = {"ring_id": rid, "size": int(len(g)), "recall": round(float(g["flagged"].mean()), 4)}
            if "cohort" in g.columns:
                row["cohort"] = str(g["cohort"].iloc[0])
            if pred_ring:
                pr = g[pred_ring].replace("", np.nan).dropna()
                if len(pr):
                    best = pr.value_counts().index[0]
                    row["best_pred_ring"] = best
                    row["coverage"] = round(float((pr == best).sum() / len(g)), 4)
            rings.append(row)
    out["rings"] = rings
    out["rings_found"] = int(sum(r["recall"] >= 0.5 for r in rings))
    out["rings_total"] = len(rings)
    cohorts = []
    if "cohort" in t.columns:
        for c, g in m.groupby("cohort", sort=True):
            cohorts.append({"cohort": c, "is_ring": bool(g["is_ring"].iloc[0]), "accounts": int(len(g)),
                            "flagged": int(g["flagged"].sum()), "rate": round(float(g["flagged"].mean()), 4)})
    out["cohorts"] = cohorts
    benign = [c for c in cohorts if not c["is_ring"]]
    out["max_benign_cohort_fpr"] = max((c["rate"] for c in benign), default=0.0)
    return out


def evaluate_files(truth_path: str | Path, pred_path: str | Path) -> dict:
    """:func:`evaluate` on ``truth.csv`` and a run's ``accounts.csv``."""
    from .io import read_table

    truth, _ = read_table(truth_path)
    pred, _ = read_table(pred_path)
    return evaluate(truth, pred, _files=(str(truth_path), str(pred_path)))
