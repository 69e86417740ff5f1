"""Check that two ``detect`` output directories hold the same results.

``accounts.csv``, ``rings.csv``, ``shared.csv``, ``templates.csv`` and
``hubs.csv`` must be byte-identical and ``edges.parquet`` equal as a table.
Used before/after every performance change (same input, same seed)::

    python benchmarks/check_identical.py /tmp/out-before /tmp/out-after

Exit code 0 when identical, 1 otherwise (differences are printed).
"""
from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pandas as pd


def compare(a: Path, b: Path) -> list[str]:
    problems = []
    for name in ("accounts.csv", "rings.csv", "shared.csv", "templates.csv", "hubs.csv"):
        pa_, pb = a / name, b / name
        if not pa_.exists() or not pb.exists():
            problems.append(f"{name}: missing in {'first' if not pa_.exists() else 'second'}")
            continue
        if not filecmp.cmp(pa_, pb, shallow=False):
            da = pd.read_csv(pa_, keep_default_na=False, dtype=str)
            db = pd.read_csv(pb, keep_default_na=False, dtype=str)
            detail = f"shape {da.shape} vs {db.shape}"
            if da.shape == db.shape and list(da.columns) == list(db.columns):
                diff = (da != db).any(axis=0)
                cols = diff[diff].index.tolist()
                rows = int((da != db).any(axis=1).sum())
                detail = f"{rows} rows differ in columns {cols}"
            problems.append(f"{name}: differs ({detail})")
    ea, eb = a / "edges.parquet", b / "edges.parquet"
    if ea.exists() and eb.exists():
        x, y = pd.read_parquet(ea), pd.read_parquet(eb)
        if list(x.columns) != list(y.columns) or len(x) != len(y) or not x.equals(y):
            problems.append(f"edges.parquet: differs ({len(x)} vs {len(y)} rows)")
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    probs = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    for p in probs:
        print(p)
    print("IDENTICAL" if not probs else "DIFFERENT")
    sys.exit(1 if probs else 0)
