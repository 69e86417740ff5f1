"""Prompt templates: masking, shared-text skeletons, MinHash/LSH families.

How a prompt becomes a template family, in four vectorised steps:

1. **Mask** the variable parts (URLs, emails, UUIDs, hex ids, IPs, numbers,
   quoted spans, code blocks) and lowercase: ``Solve problem 17: "x+1"`` ->
   ``solve problem <num> : <quote>``.
2. **Skeleton.** Hash word 3-shingles of the masked text. A shingle used by at
   least two *accounts* is shared text (template wording); one used by a single
   account is that account's own content (slot values, free text). A prompt's
   skeleton is its set of shared shingles, so two prompts from one template
   with different slot values get (nearly) the same skeleton.
3. **MinHash + LSH** over distinct skeletons (numpy, no per-pair Python):
   candidate pairs come from LSH band buckets (each bucket member paired with
   the bucket's first member, so a huge bucket costs O(n), not O(n²)), and a
   pair joins only if its estimated Jaccard reaches
   ``prompts.similarity_threshold``. This merges reworded variants of one
   template (paraphrase evasion).
4. **Families** are the connected components of verified pairs; the family id
   is a hash of its smallest skeleton, so it is stable between runs.

Only family ids, hashes and short redacted exemplars (words that belong to the
shared skeleton, everything else replaced by ``…``) leave this stage; raw
prompt text never does.

Reasoning elicitation ("step by step", "explain your reasoning", ...) is
flagged per prompt here too, since this is the one place that reads prompts.
"""
from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .base import Incidence, LinkContext

__all__ = [
    "mask_prompts",
    "REASONING_PATTERN",
    "reasoning_flags",
    "shingle_hashes",
    "minhash",
    "template_families",
    "build",
]

log = logging.getLogger(__name__)

_MASKS = [
    (r"```.*?```", " <code> "),
    (r"https?://\S+|www\.\S+", " <url> "),
    (r"[\w.+-]+@[\w-]+\.[\w.-]+", " <email> "),
    (r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", " <uuid> "),
    (r"\b\d{1,3}(?:\.\d{1,3}){3}\b", " <ip> "),
    (r"\b(?:0x)?[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*\b(?<=\w{8})|\b(?:0x)?[0-9a-f]*[a-f][0-9a-f]*\d[0-9a-f]*\b(?<=\w{8})", " <hex> "),
    (r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|«[^»\n]{1,400}»|'[^'\n]{3,400}'(?!\w)", " <quote> "),
    (r"[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?", " <num> "),
    (r"\b\w*\d\w*\b", " <id> "),
]
_MASK_RE = [(re.compile(p, re.IGNORECASE | re.DOTALL), r) for p, r in _MASKS]
_TOKEN_RE = re.compile(r"<\w+>|\w+|[^\w\s]")

REASONING_PATTERN = (
    r"step[- ]by[- ]step|chain[- ]of[- ]thought|show (?:your|all|the) (?:work|steps|reasoning)"
    r"|explain (?:your|the) reasoning|reason (?:step|through|carefully)|think (?:carefully|through|aloud|it through)"
    r"|let'?s think|walk me through|before (?:answering|giving the answer)|justify your answer"
    r"|provide (?:a |your )?(?:detailed )?(?:reasoning|rationale)|work through"
)
_REASONING_RE = re.compile(REASONING_PATTERN, re.IGNORECASE)

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def mask_prompts(prompts: pd.Series) -> pd.Series:
    """Mask variable parts of prompts and lowercase them.

    >>> mask_prompts(pd.Series(['Solve problem 17: "x+1", then mail a@b.io'])).iloc[0]
    'solve problem <num> : <quote> , then mail <email>'
    """
    s = prompts.astype("string").fillna("").str.lower()
    for rx, rep in _MASK_RE:
        s = s.str.replace(rx, rep, regex=True)
    # space out punctuation so tokens split cleanly, collapse whitespace
    s = s.str.replace(r"(?<=[^\w\s<>])|(?=[^\w\s<>])", " ", regex=True)
    s = s.str.replace(r"\s+", " ", regex=True).str.strip()
    return s


def reasoning_flags(prompts: pd.Series) -> np.ndarray:
    """True where a prompt asks for step-by-step reasoning / chain of thought."""
    return prompts.astype("string").str.contains(_REASONING_RE, na=False).to_numpy(dtype=bool)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 in, uint64 out)."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingle_hashes(texts: pd.Series, k: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word k-shingle hashes of each text.

    Returns ``(doc, pos, hash)``: for every shingle, its text index, the index
    of its first token in that text and a 64-bit hash. Texts shorter than ``k``
    tokens get one shingle of all their tokens; empty texts get none. Tokens are
    hashed through one global factorize, so no Python work per shingle.
    """
    toks = texts.astype("string").fillna("").str.findall(_TOKEN_RE)
    lens = toks.str.len().fillna(0).to_numpy(np.int64)
    flat = [t for lst in toks.tolist() for t in lst]
    if not flat:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0, np.uint64)
    tid, vocab = pd.factorize(pd.Series(flat, dtype=object))
    # stable token hashes: hash the token text, not its factorize order
    vocab_h = pd.util.hash_array(np.asarray(vocab, dtype=object), categorize=False).astype(np.uint64)
    th = vocab_h[tid]
    n = len(th)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    doc_of_tok = np.repeat(np.arange(len(lens)), lens)
    pos_in_doc = np.arange(n) - starts[doc_of_tok]
    # shingle at token i covers i..i+k-1 within the same doc
    valid = pos_in_doc + k <= lens[doc_of_tok]
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            shifted = np.zeros(n, np.uint64)
            shifted[: n - j] = th[j:]
            h = _mix64(h * np.uint64(31) + shifted)
    idx = np.flatnonzero(valid)
    doc = doc_of_tok[idx]
    pos = pos_in_doc[idx]
    hh = h[idx]
    # short texts (0 < len < k): one shingle over all tokens
    short = np.flatnonzero((lens > 0) & (lens < k))
    if len(short):
        sh = np.zeros(len(short), np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k - 1):
                has = j < lens[short]
                t = np.where(has, th[np.minimum(starts[short] + j, n - 1)], 0).astype(np.uint64)
                sh = _mix64(sh * np.uint64(31) + t)
        doc = np.concatenate([doc, short])
        pos = np.concatenate([pos, np.zeros(len(short), np.int64)])
        hh = np.concatenate([hh, sh])
    return doc.astype(np.int64), pos.astype(np.int64), hh


def minhash(group: np.ndarray, values: np.ndarray, n_groups: int, num_perm: int, seed: int = 1) -> np.ndarray:
    """MinHash signatures, vectorised: one column of minima per permutation.

    ``group`` (sorted ascending) says which set each hash value belongs to.
    Returns a ``(n_groups, num_perm)`` uint64 matrix; sets with no values get
    the maximum value in every column.
    """
    rng = np.random.default_rng(seed)
    seeds = rng.integers(1, 2**63 - 1, size=num_perm, dtype=np.int64).astype(np.uint64)
    sig = np.full((n_groups, num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    if len(values) == 0:
        return sig
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    owners = group[bounds]
    for p in range(num_perm):
        hv = _mix64(values ^ seeds[p])
        sig[owners, p] = np.minimum.reduceat(hv, bounds)
    return sig


def _lsh_pairs(sig: np.ndarray, bands: int, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs from LSH banding: each bucket member paired with the bucket's first member."""
    n, num_perm = sig.shape
    rows = num_perm // bands
    ids = np.flatnonzero(eligible)
    src, dst = [], []
    if len(ids) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    for b in range(bands):
        block = sig[ids, b * rows:(b + 1) * rows]
        key = block[:, 0].copy()
        for r in range(1, rows):
            key = _mix64(key * np.uint64(31) + block[:, r])
        order = np.argsort(key, kind="stable")
        ks = key[order]
        first = np.r_[True, ks[1:] != ks[:-1]]
        leader_pos = np.maximum.accumulate(np.where(first, np.arange(len(ks)), 0))
        m = ~first
        src.append(ids[order[leader_pos[m]]])
        dst.append(ids[order[m]])
    return np.concatenate(src), np.concatenate(dst)


def template_families(
    masked: pd.Series,
    account: np.ndarray,
    *,
    shingle_size: int = 3,
    num_perm: int = 64,
    bands: int = 16,
    threshold: float = 0.6,
    min_shingles: int = 2,
    seed: int = 1,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group masked prompts into template families.

    Parameters
    ----------
    masked : Series of str
        Output of :func:`mask_prompts`.
    account : array of int
        Account code of each prompt (shared text = used by >= 2 accounts).
    num_perm, bands : int
        MinHash size and LSH bands. With ``r = num_perm / bands`` rows per band
        a pair of Jaccard ``J`` becomes a candidate with probability
        ``1 - (1 - J**r)**bands``: 64/16 gives 0.98 at J=0.6 and 0.05 at J=0.2.
        More permutations estimate Jaccard better and cost linearly more.
    threshold : float
        Estimated Jaccard a candidate pair must reach to be merged.

    Returns
    -------
    family : ndarray of int64
        Family code per prompt, ``-1`` where the prompt shares no text with any
        other account.
    families : DataFrame
        One row per family: ``family`` (code), ``template_id`` (stable hash id),
        ``n_prompts``, ``n_skeletons``, ``exemplar`` (redacted), ``exemplar_doc``.
    """
    n_docs = len(masked)
    doc, pos, h = shingle_hashes(masked, shingle_size)
    account = np.asarray(account, dtype=np.int64)
    # distinct accounts per shingle
    ah = pd.DataFrame({"h": h, "a": account[doc]}).drop_duplicates()
    n_acc = ah.groupby("h", sort=False).size()
    shared_h = n_acc.index.to_numpy(np.uint64)[n_acc.to_numpy() >= 2]
    keep = np.isin(h, shared_h)
    kdoc, kh = doc[keep], h[keep]
    # skeleton id per doc = hash of the set of its shared shingles
    dd = pd.DataFrame({"d": kdoc, "h": kh}).drop_duplicates()
    with np.errstate(over="ignore"):
        mixed = _mix64(dd["h"].to_numpy(np.uint64))
        skel_hash = pd.Series(mixed).groupby(dd["d"].to_numpy()).sum()
        skel_size = dd.groupby("d").size()
    doc_skel = np.full(n_docs, -1, np.int64)
    if len(skel_hash) == 0:
        return doc_skel, _empty_families()
    sk_codes, sk_uniques = pd.factorize(skel_hash.to_numpy(np.uint64), sort=True)
    doc_skel[skel_hash.index.to_numpy()] = sk_codes
    n_sk = len(sk_uniques)
    sk_size = np.zeros(n_sk, np.int64)
    sk_size[sk_codes] = skel_size.reindex(skel_hash.index).to_numpy()
    # MinHash over one representative doc per skeleton
    rep_doc = np.full(n_sk, -1, np.int64)
    order = np.argsort(doc_skel, kind="stable")
    ds = doc_skel[order]
    firsts = np.r_[True, ds[1:] != ds[:-1]] & (ds >= 0)
    rep_doc[ds[firsts]] = order[firsts]
    rep_of_doc = np.zeros(n_docs, bool)
    rep_of_doc[rep_doc] = True
    sel = rep_of_doc[dd["d"].to_numpy()]
    g = doc_skel[dd["d"].to_numpy()[sel]]
    v = dd["h"].to_numpy(np.uint64)[sel]
    o = np.argsort(g, kind="stable")
    sig = minhash(g[o], v[o], n_sk, num_perm, seed)
    src, dst = _lsh_pairs(sig, bands, sk_size >= min_shingles)
    if len(src):
        est = (sig[src] == sig[dst]).mean(axis=1)
        ok = est >= threshold
        src, dst = src[ok], dst[ok]
    adj = sparse.coo_matrix((np.ones(len(src)), (src, dst)), shape=(n_sk, n_sk))
    _, comp = connected_components(adj, directed=False)
    # stable family code: order components by their smallest skeleton hash
    comp_min = pd.Series(sk_uniques).groupby(comp).min()
    rank = comp_min.rank(method="first").astype(np.int64).to_numpy() - 1
    fam_of_sk = rank[comp]
    family = np.where(doc_skel >= 0, fam_of_sk[np.maximum(doc_skel, 0)], -1)
    n_fam = len(comp_min)
    fam_hash = np.zeros(n_fam, np.uint64)
    fam_hash[rank] = comp_min.to_numpy(np.uint64)
    counts = np.bincount(family[family >= 0], minlength=n_fam)
    n_sk_f = np.bincount(fam_of_sk, minlength=n_fam)
    # exemplar: the first doc of the family's most common skeleton
    sk_count = np.bincount(doc_skel[doc_skel >= 0], minlength=n_sk)
    best_sk = pd.DataFrame({"f": fam_of_sk, "c": sk_count, "s": np.arange(n_sk)}).sort_values(
        ["f", "c", "s"], ascending=[True, False, True]).drop_duplicates("f")
    ex_doc = np.full(n_fam, -1, np.int64)
    ex_doc[best_sk["f"].to_numpy()] = rep_doc[best_sk["s"].to_numpy()]
    fams = pd.DataFrame({
        "family": np.arange(n_fam, dtype=np.int64),
        "template_id": [f"tpl-{x:016x}" for x in fam_hash.tolist()],
        "n_prompts": counts,
        "n_skeletons": n_sk_f,
        "exemplar_doc": ex_doc,
    })
    fams["exemplar"] = _redact(masked, doc, pos, h, keep, ex_doc, shingle_size)
    return family, fams


def _empty_families() -> pd.DataFrame:
    return pd.DataFrame({"family": pd.Series([], dtype=np.int64), "template_id": pd.Series([], dtype=str),
                         "n_prompts": pd.Series([], dtype=np.int64), "n_skeletons": pd.Series([], dtype=np.int64),
                         "exemplar_doc": pd.Series([], dtype=np.int64), "exemplar": pd.Series([], dtype=str)})


def _redact(masked: pd.Series, doc, pos, h, keep, ex_docs: np.ndarray, k: int, max_chars: int = 100) -> list[str]:
    """Short exemplar per family: shared-skeleton words kept, the rest replaced by '…'."""
    out = []
    sel = np.isin(doc, ex_docs)
    d_sel, p_sel, k_sel = doc[sel], pos[sel], keep[sel]
    by_doc = pd.DataFrame({"d": d_sel, "p": p_sel, "k": k_sel}).groupby("d")
    groups = {d: g for d, g in by_doc}
    for d in ex_docs.tolist():
        if d < 0:
            out.append("")
            continue
        toks = _TOKEN_RE.findall(masked.iloc[d] or "")
        kept = np.zeros(len(toks), bool)
        g = groups.get(d)
        if g is not None:
            for p in g["p"].to_numpy()[g["k"].to_numpy()]:
                kept[p:p + k] = True
        words, prev_dots = [], False
        for t, kk in zip(toks, kept):
            if kk or (t.startswith("<") and t.endswith(">")):
                words.append(t)
                prev_dots = False
            elif not prev_dots:
                words.append("…")
                prev_dots = True
        text = " ".join(words)
        out.append(text if len(text) <= max_chars else text[: max_chars - 1] + "…")
    return out


def build(ctx: LinkContext) -> list[Incidence]:
    """Template-family incidence; also leaves per-event family and reasoning flags in ``ctx.artifacts``."""
    ev = ctx.events
    if "prompt" not in ev.columns or not ctx.config.prompts.enabled:
        return []
    pc = ctx.config.prompts
    has = ev["prompt"].notna().to_numpy()
    idx = np.flatnonzero(has)
    if pc.max_prompts_per_account_day > 0 and len(idx):
        day = ev["ts"].to_numpy()[idx] // 86400
        rank = pd.DataFrame({"a": ev["acc"].to_numpy()[idx], "d": day}).groupby(["a", "d"]).cumcount().to_numpy()
        idx = idx[rank < pc.max_prompts_per_account_day]
        ctx.artifacts["prompts_sampled"] = int(len(idx))
    prompts = ev["prompt"].iloc[idx]
    masked = mask_prompts(prompts)
    fam, fams = template_families(
        masked.reset_index(drop=True), ev["acc"].to_numpy()[idx],
        shingle_size=pc.shingle_size, num_perm=pc.num_perm, bands=pc.bands,
        threshold=pc.similarity_threshold, min_shingles=max(1, pc.min_words - pc.shingle_size + 1), seed=pc.seed)
    family = np.full(len(ev), -1, np.int64)
    family[idx] = fam
    ctx.artifacts["template_family"] = family
    ctx.artifacts["template_families"] = fams.drop(columns=["exemplar_doc"])
    ctx.artifacts["reasoning"] = reasoning_flags(ev["prompt"])
    ok = family >= 0
    if not ok.any():
        return []
    df = pd.DataFrame({"acc": ev["acc"].to_numpy()[ok], "f": family[ok], "ts": ev["ts"].to_numpy()[ok]})
    g = df.groupby(["acc", "f"], sort=True).agg(n=("f", "size"), first=("ts", "min"), last=("ts", "max")).reset_index()
    return [Incidence(
        link_type="template",
        account=g["acc"].to_numpy(np.int32),
        attr=g["f"].to_numpy(np.int64),
        labels=fams["template_id"].to_numpy(dtype=object),
        n_events=g["n"].to_numpy(np.int32),
        first_seen=g["first"].to_numpy(np.int64),
        last_seen=g["last"].to_numpy(np.int64),
    )]
