"""Detection across generators: run ``detect`` on worlds written by several generators, compare
configurations, and check whether feature weights learned on some generators carry over to another.

Usage::

    # detect on every world (a directory with truth.csv, accounts.csv, events.parquet); one output per world
    python benchmarks/bench_generalisation.py run --out /tmp/gen/default WORLD_DIR [WORLD_DIR ...] [--set k=v ...]
    # account-level F1 per world and generator, false positives by cohort, for one or more output roots
    python benchmarks/bench_generalisation.py compare /tmp/gen/default /tmp/gen/variant
    # leave-one-generator-out: learned weights vs the hand weights on the held-out generator
    python benchmarks/bench_generalisation.py logo /tmp/gen/default

A world's generator is the first ``-``-separated part of its output name (``run`` names outputs
``GEN-WORLD``, where GEN is ``--generator`` or guessed from the path: altworld ``alt-*``, world3
``w3-*``, world4 ``w4-*``, worldN ``/wN/`` for N = 5-12, else ``sim``). Session 20's figures:
``benchmarks/results/session20-generalisation.json`` and docs/QUALITY.md "Session 20".
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

FEATS = ["template_concentration", "volume", "reasoning", "output_tokens", "machine_timing", "burst_signup",
         "client_homogeneity", "link_rarity", "shared_infrastructure", "disclosed_org", "episodic"]
#: mitigating features: their weights are <= 0
MITIGATING = ("disclosed_org", "episodic")


def _gen(p: Path) -> str:
    n = p.name
    for pre, g in (("alt-", "alt"), ("w3-", "w3"), ("w4-", "w4")):
        if n.startswith(pre):
            return g
    for i in range(5, 13):
        if f"/w{i}/" in str(p):
            return f"w{i}"
    return "sim"


def run(worlds: list[Path], out: Path, overrides: list[str], generator: str | None) -> None:
    for w in worlds:
        name = f"{generator or _gen(w)}-{w.name}"
        o = out / name
        if (o / "run.json").exists():
            continue
        ev = next(iter(sorted(w.glob("events.*"))))
        t = time.time()
        cmd = ["graphhunt", "detect", str(ev), "-a", str(w / "accounts.csv"), "-o", str(o), "--no-report", "-q"]
        for s in overrides:
            cmd += ["--set", s]
        r = subprocess.run(cmd, capture_output=True, text=True)
        print(name, r.returncode, f"{time.time() - t:.0f}s", r.stderr[-300:] if r.returncode else "", flush=True)
        if r.returncode == 0:
            (o / "world_path").write_text(str(w))


def _truth(o: Path) -> pd.DataFrame:
    t = pd.read_csv(Path((o / "world_path").read_text()) / "truth.csv", keep_default_na=False, dtype={"account_id": str})
    t["is_ring"] = t["is_ring"].astype(str).str.lower().isin(["true", "1"])
    return t


def _accounts(o: Path) -> pd.DataFrame:
    a = pd.read_csv(o / "accounts.csv", keep_default_na=False, dtype={"account_id": str})
    a["flagged"] = a["flagged"].astype(str).str.lower().isin(["true", "1"])
    return a


def score_world(o: Path) -> dict:
    t = _truth(o)
    fl = _accounts(o).set_index("account_id")["flagged"]
    t["fl"] = t["account_id"].map(fl).fillna(False).astype(bool)
    tp = int((t.fl & t.is_ring).sum()); fp = int((t.fl & ~t.is_ring).sum()); fn = int((~t.fl & t.is_ring).sum())
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "tp": tp, "fp": fp, "fn": fn,
            "fp_by_cohort": {k: int(v) for k, v in t[t.fl & ~t.is_ring]["cohort"].value_counts().items()}}


def compare(roots: list[Path]) -> pd.DataFrame:
    rows = []
    for root in roots:
        for o in sorted(p for p in root.iterdir() if (p / "run.json").exists()):
            rows.append({"config": root.name, "world": o.name, "gen": o.name.split("-")[0], **score_world(o)})
    r = pd.DataFrame(rows)
    p = r.pivot(index="world", columns="config", values="f1")
    p["gen"] = p.index.str.split("-").str[0]
    print(p.round(3).to_string(), "\n")
    print("mean F1 per generator:\n", p.groupby("gen").mean().round(3).to_string(), "\n")
    print("mean F1 over all worlds:\n", p.drop(columns="gen").mean().round(4).to_string(), "\n")
    for c, sub in r.groupby("config"):
        fpc: dict = {}
        for d in sub["fp_by_cohort"]:
            for k, v in d.items():
                fpc[k] = fpc.get(k, 0) + v
        print(c, "TP", sub.tp.sum(), "FP", sub.fp.sum(), "FN", sub.fn.sum(), dict(sorted(fpc.items(), key=lambda x: -x[1])))
    return r


# --- leave one generator out ---------------------------------------------------------------------

def communities(root: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Every community of every world under ``root`` with its f_* features and truth composition."""
    rows, accs = [], {}
    for o in sorted(p for p in root.iterdir() if (p / "run.json").exists()):
        a = _accounts(o).merge(_truth(o)[["account_id", "is_ring"]], on="account_id", how="left")
        a["is_ring"] = a["is_ring"].fillna(False).astype(bool)
        r = pd.read_csv(o / "rings.csv")
        for f in FEATS:  # a run before the feature existed scored it 0
            if f"f_{f}" not in r.columns:
                r[f"f_{f}"] = 0.0
        comp = a[a.ring_id != ""].groupby("ring_id").agg(n=("is_ring", "size"), nring=("is_ring", "sum"))
        r = r.join(comp, on="ring_id").assign(world=o.name, gen=o.name.split("-")[0])
        rows.append(r)
        accs[o.name] = a
    return pd.concat(rows, ignore_index=True), accs


def ring_level_f1(R: pd.DataFrame, accs: dict, w: np.ndarray, cut: float) -> float:
    """Mean account-level F1 over the worlds in ``R`` when every member of a community whose weighted
    sum reaches ``cut`` is flagged (the member-fit step and session 24's harvest floor are left out, the
    same for every weight set: this compares weightings, not the tool's scoring)."""
    s = R[[f"f_{f}" for f in FEATS]].to_numpy() @ w + R["evidence_unmeasured"].to_numpy()
    f1 = []
    for wn, a in ((k, accs[k]) for k in R["world"].unique()):
        pred = a["ring_id"].isin(set(R["ring_id"][(R["world"] == wn).to_numpy() & (s >= cut)]))
        tp = (pred & a.is_ring).sum(); fp = (pred & ~a.is_ring).sum(); fn = (~pred & a.is_ring).sum()
        f1.append(2 * tp / max(2 * tp + fp + fn, 1))
    return float(np.mean(f1))


def fit_weights(R: pd.DataFrame, l2: float = 0.01) -> np.ndarray:
    """Logistic regression of "most members are ring accounts" on the features: each class and each
    world weighted equally; weights >= 0 except the mitigating features' (:data:`MITIGATING`) <= 0."""
    from scipy.optimize import minimize

    X = R[[f"f_{f}" for f in FEATS]].to_numpy()
    u = R["evidence_unmeasured"].to_numpy()
    y = (R["nring"] / R["n"] >= 0.5).to_numpy(float)
    n = R["n"].to_numpy(float)
    sw = np.where(y == 1, n / n[y == 1].sum(), n / n[y == 0].sum())
    sw = sw / pd.Series(sw).groupby(R["world"].to_numpy()).transform("sum").to_numpy()

    def nll(p):
        z = X @ p[:-1] + u - p[-1]
        return (sw * (np.logaddexp(0, -z) * y + np.logaddexp(0, z) * (1 - y))).sum() + l2 * (p[:-1] ** 2).sum()

    from graphhunt.config import ScoringConfig

    hand = ScoringConfig().weights
    p0 = np.r_[[hand[f] for f in FEATS], ScoringConfig().midpoint]
    res = minimize(nll, p0, method="L-BFGS-B", bounds=[(None, 0) if f in MITIGATING else (0, None) for f in FEATS] + [(None, None)])
    return res.x[:-1]


def logo(root: Path, l2: float = 0.01) -> list[dict]:
    from graphhunt.config import ScoringConfig

    sc = ScoringConfig()
    hand = np.array([sc.weights[f] for f in FEATS])
    R, accs = communities(root)
    out = []
    for g in sorted(R["gen"].unique()):
        train, test = R[R["gen"] != g], R[R["gen"] == g]
        w = fit_weights(train, l2)
        cut = max(np.arange(2, 12, 0.1), key=lambda c: ring_level_f1(train, accs, w, c))
        row = {"held_out": g, "worlds": int(test["world"].nunique()),
               "hand_f1": round(ring_level_f1(test, accs, hand, sc.midpoint), 4),
               "learned_f1": round(ring_level_f1(test, accs, w, cut), 4), "learned_cut": round(float(cut), 1),
               "learned_weights": dict(zip(FEATS, np.round(w, 2).tolist()))}
        print(row, flush=True)
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("worlds", nargs="+", type=Path)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--set", action="append", default=[])
    r.add_argument("--generator")
    c = sub.add_parser("compare")
    c.add_argument("roots", nargs="+", type=Path)
    lg = sub.add_parser("logo")
    lg.add_argument("root", type=Path)
    lg.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "run":
        run(a.worlds, a.out, a.set, a.generator)
    elif a.cmd == "compare":
        compare(a.roots)
    else:
        rows = logo(a.root)
        if a.json:
            a.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    sys.exit(main())
