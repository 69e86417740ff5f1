"""Score graphhunt's output on world4 worlds: account precision/recall/F1, false positives by benign
cohort, recall by ring evasion (each "|" component of ``variant``) and by ring size band.

Usage::

    python benchmarks/world4_eval.py /tmp/world4/w1 /tmp/world4/w2 ... \
        --json benchmarks/results/world4.json --md benchmarks/results/world4.md

Each world directory holds ``truth.csv``, ``world.json`` and ``out/accounts.csv`` (graphhunt detect's output).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from graphhunt.evaluate import evaluate

BANDS = [(3, 6, "3-6"), (7, 15, "7-15"), (16, 60, "16-60"), (61, 400, "61-400")]


def score_world(w: Path) -> dict:
    truth = pd.read_csv(w / "truth.csv", keep_default_na=False)
    pred = pd.read_csv(w / "out" / "accounts.csv", keep_default_na=False, dtype={"account_id": str})
    info = json.loads((w / "world.json").read_text())
    base = evaluate(truth, pred)
    flagged = pred.set_index("account_id")["flagged"].astype(str).str.lower().isin(["true", "1"])
    t = truth.assign(flagged=truth["account_id"].map(flagged).fillna(False).astype(bool))
    ring = t[t["is_ring"].astype(bool)].copy()
    benign = t[~t["is_ring"].astype(bool)]
    fp = benign.groupby("cohort")["flagged"].agg(["size", "sum"]).rename(columns={"size": "accounts", "sum": "fp"})
    fp["rate"] = fp["fp"] / fp["accounts"]
    comp = ring.assign(c=ring["variant"].str.split("|")).explode("c")
    by_ev = comp.groupby("c")["flagged"].agg(["size", "sum", "mean"])
    by_ev["rings"] = comp.groupby("c")["ring_id"].nunique()
    size = ring.groupby("ring_id")["account_id"].transform("size")
    ring["band"] = pd.cut(size, [b[0] - 1 for b in BANDS] + [10 ** 6], labels=[b[2] for b in BANDS])
    by_band = ring.groupby("band", observed=True)["flagged"].agg(["size", "sum", "mean"])
    by_band["rings"] = ring.groupby("band", observed=True)["ring_id"].nunique()
    per_ring = ring.groupby("ring_id").agg(size=("account_id", "size"), recall=("flagged", "mean"),
                                           variant=("variant", "first"))
    p = info["params"]
    return {
        "world": f"{p['seed']}:{p['ring_share']}:{p['ring_sizes']} ({p['accounts'] // 1000}k)"
        + ("" if p.get("evasions", "random") == "random" else f" ev={p['evasions']}"),
        "events": info["events"], "accounts": info["accounts"], "ring_accounts": info["ring_accounts"],
        "rings": int(ring["ring_id"].nunique()),
        "precision": base["precision"], "recall": base["recall"], "f1": base["f1"],
        "tp": base["tp"], "fp": base["fp"], "fn": base["fn"],
        "rings_any_member_flagged": int((per_ring["recall"] > 0).sum()),
        "fp_by_cohort": {c: {"accounts": int(r.accounts), "fp": int(r.fp), "rate": round(float(r.rate), 4)}
                         for c, r in fp.iterrows()},
        "recall_by_evasion": {c: {"accounts": int(r["size"]), "rings": int(r["rings"]), "flagged": int(r["sum"]),
                                  "recall": round(float(r["mean"]), 3)} for c, r in by_ev.iterrows()},
        "recall_by_size": {str(c): {"accounts": int(r["size"]), "rings": int(r["rings"]), "flagged": int(r["sum"]),
                                    "recall": round(float(r["mean"]), 3)} for c, r in by_band.iterrows()},
        "per_ring": {rid: {"size": int(r["size"]), "recall": round(float(r["recall"]), 3), "variant": r["variant"]}
                     for rid, r in per_ring.iterrows()},
    }


def markdown(rows: list[dict]) -> str:
    out = ["| world | events | ring accts (rings) | precision | recall | F1 | TP | FP | FN | rings hit |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['world']} | {r['events']:,} | {r['ring_accounts']} ({r['rings']}) | {r['precision']:.3f} | "
                   f"{r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} | "
                   f"{r['rings_any_member_flagged']}/{r['rings']} |")
    cohorts = sorted({c for r in rows for c in r["fp_by_cohort"]})
    out += ["", "False positives by benign cohort (flagged / accounts):", "",
            "| cohort | " + " | ".join(r["world"] for r in rows) + " |", "|---|" + "---:|" * len(rows)]
    for c in cohorts:
        cells = [(lambda d: f"{d['fp']} / {d['accounts']}" if d else "-")(r["fp_by_cohort"].get(c)) for r in rows]
        out.append(f"| {c} | " + " | ".join(cells) + " |")
    for key, title in (("recall_by_evasion", "Recall by ring variant component (flagged / ring accounts, rings)"),
                       ("recall_by_size", "Recall by ring size band (flagged / ring accounts, rings)")):
        comps = sorted({c for r in rows for c in r[key]})
        out += ["", title + ":", "", "| component | " + " | ".join(r["world"] for r in rows) + " |",
                "|---|" + "---:|" * len(rows)]
        for c in comps:
            cells = [(lambda d: f"{d['recall']:.2f} ({d['flagged']}/{d['accounts']}, {d['rings']})" if d else "-")(
                r[key].get(c)) for r in rows]
            out.append(f"| {c} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def pooled(rows: list[dict]) -> str:
    """Recall pooled over worlds: by infrastructure, and with/without each evasion among the rings whose
    infrastructure is a pool shared with benign users (rotpool, mobproxy)."""
    r = pd.DataFrame([{"size": v["size"], "hit": v["recall"] * v["size"], "parts": v["variant"].split("|")}
                      for w in rows for v in w["per_ring"].values()])
    r["infra"] = r["parts"].str[0]
    out = ["| infrastructure | rings | ring accounts | recall |", "|---|---:|---:|---:|"]
    for k, g in r.groupby("infra"):
        out.append(f"| {k} | {len(g)} | {int(g['size'].sum())} | {g['hit'].sum() / g['size'].sum():.2f} |")
    pool = r[r["infra"].isin(["rotpool", "mobproxy"])]
    out += ["", "| evasion (rotpool + mobproxy rings) | recall with (accounts, rings) | recall without |", "|---|---:|---:|"]
    for e in ("aged", "cover", "lowvol", "tmplpool", "cot"):
        has = pool["parts"].map(lambda p: e in p)
        cell = [f"{g['hit'].sum() / g['size'].sum():.2f} ({int(g['size'].sum())}, {len(g)})" if len(g) else "-"
                for g in (pool[has], pool[~has])]
        out.append(f"| {e} | {cell[0]} | {cell[1]} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("worlds", nargs="+", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--md", type=Path)
    a = ap.parse_args(argv)
    rows = [score_world(w) for w in a.worlds]
    md = markdown(rows)
    if len(rows) > 1:
        md += "\nPooled over these worlds:\n\n" + pooled(rows)
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1))
    if a.md:
        a.md.write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
