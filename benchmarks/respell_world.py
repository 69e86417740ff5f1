"""Respell a generated world's ring prompts, each ring account its own way: an evasion of template linking.

A careful operator keeps one template per ring but has every account spell it differently, so that no two
accounts share a word shingle: no-break spaces instead of spaces, a few Latin letters swapped for Cyrillic or
Greek look-alikes ("problеm"), or zero-width spaces inside words. The text reads the same to the model.
Benign prompts are left as they are. Used for docs/QUALITY.md, "Session 55".

Usage::

    python benchmarks/respell_world.py WORLD_DIR OUT_DIR [--seed 7]

``WORLD_DIR`` holds ``events.parquet`` and ``truth.csv`` (``is_ring``), as every generator here writes;
``OUT_DIR`` gets the respelt ``events.parquet`` and links to the other files.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

#: (Latin, look-alike) pairs an account draws three of
LOOKALIKES = [("e", "\u0435"), ("o", "\u043e"), ("a", "\u0430"), ("p", "\u0440"), ("c", "\u0441"),
              ("i", "\u0456"), ("a", "\u03b1"), ("o", "\u03bf")]


def respell(prompts: pa.Array, style: int, swaps: list[tuple[str, str]]) -> pa.Array:
    """One account's prompts in its style: 0 no-break spaces, 1 look-alike letters, 2 zero-width spaces."""
    if style == 0:
        return pc.replace_substring(prompts, " ", "\u00a0")
    if style == 1:
        for a, b in swaps:
            prompts = pc.replace_substring(prompts, a, b)
        return prompts
    return pc.replace_substring_regex(prompts, r"(\S\S)(\S\S+)", "\\1\u200b\\2")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("world", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    for f in a.world.iterdir():
        if f.name != "events.parquet" and not (a.out / f.name).exists():
            os.symlink(f.resolve(), a.out / f.name)
    t = pd.read_csv(a.world / "truth.csv", keep_default_na=False, dtype=str)
    ring = np.array(sorted(t.loc[t["is_ring"].str.lower().isin(["true", "1"]), "account_id"]), dtype=object)
    ev = pq.read_table(a.world / "events.parquet")
    rng = np.random.default_rng(a.seed)
    acc = ev.column("account_id").to_numpy(zero_copy_only=False).astype(str)
    code = pd.Index(ring).get_indexer(acc)  # -1: benign
    prompts = ev.column("prompt").combine_chunks()
    order = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[order], np.arange(-1, len(ring) + 1))
    parts, n_changed = [prompts.take(pa.array(order[bounds[0]:bounds[1]]))], 0
    for k in range(len(ring)):
        idx = order[bounds[k + 1]:bounds[k + 2]]
        swaps = [LOOKALIKES[j] for j in rng.choice(len(LOOKALIKES), 3, replace=False)]
        parts.append(respell(prompts.take(pa.array(idx)), int(rng.integers(3)), swaps))
        n_changed += len(idx)
    new = pa.concat_arrays([p.cast(prompts.type) for p in parts]).take(pa.array(np.argsort(order, kind="stable")))
    ev = ev.set_column(ev.schema.get_field_index("prompt"), "prompt", new)
    pq.write_table(ev, a.out / "events.parquet")
    print(f"{a.out}: {n_changed:,} ring prompts of {len(ring):,} accounts respelt, {ev.num_rows:,} events")


if __name__ == "__main__":
    main()
