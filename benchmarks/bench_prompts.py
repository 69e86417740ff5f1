"""Benchmark of the prompt stage (template extraction + MinHash/LSH families).

Usage (from the repo root)::

    python benchmarks/bench_prompts.py recovery     # template recovery, plain and paraphrased
    python benchmarks/bench_prompts.py exact        # LSH vs exact pairwise Jaccard on 20k prompts
    python benchmarks/bench_prompts.py throughput [N] [K,K,..] [VARIANT]   # 1M prompts: prompts/s, peak memory, sampling
    python benchmarks/bench_prompts.py oracle       # paraphrase recall with the generator's edits undone
    python benchmarks/bench_prompts.py wordings     # the same, given each account's exact wording
    python benchmarks/bench_prompts.py system       # every prompt with a platform's default system message
    python benchmarks/bench_prompts.py all

Reads the shared data from ``../shared/data`` (or ``$GRAPHHUNT_SHARED_DATA``);
prints JSON and merges it into ``benchmarks/results/prompts.json``.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import prompts_data as pdx  # noqa: E402

from graphhunt.config import Config  # noqa: E402
from graphhunt.links import prompts as P  # noqa: E402
from graphhunt.links.base import LinkContext  # noqa: E402

RESULTS = HERE / "results" / "prompts.json"


def _kw(cfg=None) -> dict:
    return P.family_options((cfg or Config()).prompts)


#: configurations compared by ``recovery``: the default and the paraphrase-tolerant opt-in
VARIANTS = {"default": {}, "close_gaps_t0.5": {"close_gaps": True, "similarity_threshold": 0.5},
            "align_0.8": {"align_threshold": 0.8}, "align_0.85": {"align_threshold": 0.85},
            "repeat_cap_20": {"repeat_cap": 20}}


def _cfg(variant: str) -> Config:
    cfg = Config()
    for k, v in VARIANTS[variant].items():
        setattr(cfg.prompts, k, v)
    return cfg


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _scores(df: pd.DataFrame, fam: np.ndarray) -> dict:
    out = {}
    tpl = (df["source"] == "template").to_numpy()
    for col in ("truth", "truth_merged", "truth_near"):
        out[col] = {"all": pdx.pair_scores(df[col].to_numpy(), fam),
                    "templates_only": pdx.pair_scores(df[col].to_numpy()[tpl], fam[tpl])}
    return out


def recovery(seed: int = 0) -> dict:
    res = {}
    for name, para in (("plain", False), ("paraphrase", True)):
        w = pdx.make_world(prompts_per_template=20, paraphrase=para, benign_prompts=10_000, seed=seed)
        df = w.prompts
        for variant in VARIANTS:
            t = time.perf_counter()
            fam, fams = P.template_families(df["prompt"], df["account"].to_numpy(), **_kw(_cfg(variant)))
            dt = time.perf_counter() - t
            r = _scores(df, fam)
            r.update(n_prompts=len(df), n_templates=w.n_templates, n_untemplated=w.n_untemplated,
                     mean_chars=round(float(df["prompt"].str.len().mean()), 1), seconds=round(dt, 2),
                     n_families=len(fams), largest_family=int(fams["n_prompts"].max()) if len(fams) else 0,
                     share_without_family=round(float((fam < 0).mean()), 4), load=_load())
            res[name if variant == "default" else f"{name}/{variant}"] = r
    return res


#: a chat API's default system message, the same for every account (``system``)
PLATFORM_SYSTEM = "You are a helpful, harmless and honest assistant. Answer the user's question clearly and concisely."


def system_message(seed: int = 0) -> dict:
    """Template recovery when every prompt carries one platform-wide system message (as a chat log read by
    ``graphhunt.io.chat_message_text`` gives it: system message first, or after the user's text), with
    ``prompts.boilerplate_line_share`` and ``prompts.boilerplate_share`` off and on: pairwise precision / recall
    (``truth_near``, all prompts) and the number of families."""
    res = {}
    for name, para in (("plain", False), ("paraphrase", True)):
        df = pdx.make_world(prompts_per_template=20, paraphrase=para, benign_prompts=10_000, seed=seed).prompts
        acc = df["account"].to_numpy()
        for where in ("none", "first", "last"):
            text = {"none": df["prompt"], "first": PLATFORM_SYSTEM + "\n" + df["prompt"],
                    "last": df["prompt"] + "\n" + PLATFORM_SYSTEM}[where]
            # (boilerplate_line_share, boilerplate_share): both off, the line rule (the default since session 79),
            # the shingle rule (opt-in, session 78), both
            for lines, share in ((0.0, 0.0), (0.25, 0.0), (0.0, 0.25), (0.25, 0.25)):
                cfg = Config()
                cfg.prompts.boilerplate_share = share
                cfg.prompts.boilerplate_line_share = lines
                t = time.perf_counter()
                fam, fams = P.template_families(text, acc, **_kw(cfg))
                s = pdx.pair_scores(df["truth_near"].to_numpy(), fam)
                res[f"{name}/{where}/boilerplate_line_share={lines:g}/boilerplate_share={share:g}"] = {
                    "precision": round(s["precision"], 3), "recall": round(s["recall"], 3), "n_families": len(fams),
                    "seconds": round(time.perf_counter() - t, 2), "load": _load()}
    return res


def _undo(text: str, steps: set[str]) -> str:
    """The paraphrase world's edits undone with the generator's own word lists (an oracle, not a method)."""
    import re

    if "synonyms" in steps:  # back to the template's word; longest replacement first ("sum up" before "up")
        for syn, word in sorted(((v, k) for k, v in pdx.SYNONYMS.items()), key=lambda x: -len(x[0])):
            text = re.sub(r"\b" + re.escape(syn) + r"\b", word, text)
    drop = set(pdx.FILLERS) if "fillers" in steps else set()
    if "prefixes" in steps:
        drop |= {re.sub(r"[^a-z]", "", w) for p in pdx.PREFIXES for w in p.lower().split()}
    return " ".join(t for t in text.split(" ") if re.sub(r"[^a-z]", "", t.lower()) not in drop)


def oracle(seed: int = 0) -> dict:
    """Upper bound of paraphrase recall for the shingle skeletons: undo the generator's inserted fillers,
    prefixes and synonyms with its own word lists (adjacent swaps stay), then run the stage as usual."""
    w = pdx.make_world(prompts_per_template=20, paraphrase=True, benign_prompts=10_000, seed=seed)
    df = w.prompts
    res = {}
    for steps in (("fillers",), ("fillers", "prefixes"), ("fillers", "prefixes", "synonyms")):
        text = df["prompt"].map(lambda t: _undo(t, set(steps)))
        for variant in ("default", "close_gaps_t0.5", "align_0.8"):
            fam, _ = P.template_families(text, df["account"].to_numpy(), **_kw(_cfg(variant)))
            s = pdx.pair_scores(df["truth_near"].to_numpy(), fam)
            res[f"{'+'.join(steps)}/{variant}"] = {k: round(s[k], 3) for k in ("precision", "recall")}
    # ablation: worlds with only some of the edits (each its own draws)
    for ops in (("prefix",), ("filler",), ("swap",), ("synonyms",)):
        w = pdx.make_world(prompts_per_template=20, paraphrase=True, benign_prompts=10_000, seed=seed,
                           paraphrase_ops=frozenset(ops))
        df = w.prompts
        for variant in ("default", "align_0.8"):
            fam, _ = P.template_families(df["prompt"], df["account"].to_numpy(), **_kw(_cfg(variant)))
            s = pdx.pair_scores(df["truth_near"].to_numpy(), fam)
            res[f"only_{ops[0]}/{variant}"] = {k: round(s[k], 3) for k in ("precision", "recall")}
    return res


def wordings(seed: int = 0) -> dict:
    """Bound for methods that compare per-account wordings: the generator's *exact* wording of every
    (template, account) of the paraphrase world, compared pair by pair.

    No skeleton extraction can do better than being handed each account's wording; what is left is how far
    apart two rewordings of one template are against two different templates of one dataset. Two
    measures: IDF-weighted cosine of the wordings' word sets (order-free: survives swaps) and normalised
    Indel similarity of their word sequences (order-aware, as the alignment pass). Pairwise precision and
    recall over the cross-account prompt pairs of the templated prompts (a wording pair counts for
    n_a * n_b prompt pairs; ``truth_near``); candidates for Indel are the pairs with cosine >= 0.3.
    """
    import re

    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cpdist
    from scipy import sparse

    w = pdx.make_world(prompts_per_template=20, paraphrase=True, benign_prompts=10_000, seed=seed)
    wd = w.wordings.reset_index(drop=True)
    n = wd["account"].map(w.prompts[w.prompts["source"] == "template"].groupby("account").size())
    n = n.fillna(0).to_numpy(np.float64)
    seqs = [re.findall(r"[a-z]+|\{\}", s.lower()) for s in wd["wording"]]
    sets = [sorted(set(s)) for s in seqs]
    codes, vocab = pd.factorize(pd.Series([x for s in sets for x in s], dtype=object))
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    B = sparse.csr_matrix((np.ones(len(codes)), (rows, codes)), shape=(len(sets), len(vocab)))
    idf = np.log(len(sets) / np.asarray(B.sum(axis=0)).ravel())
    X = sparse.csr_matrix(B.multiply(idf[None, :]))
    X = sparse.diags(1 / np.maximum(np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel()), 1e-12)) @ X
    S = sparse.triu(X @ X.T, k=1).tocoo()
    keep = S.data >= 0.3
    a, b, cos = S.row[keep], S.col[keep], S.data[keep]
    # one code point per word: Indel over word sequences
    word_id = {x: i for i, x in enumerate(vocab)}
    enc = ["".join(chr(0x100 + word_id[x]) for x in s) for s in seqs]
    ind = cpdist([enc[i] for i in a], [enc[i] for i in b], scorer=Indel.normalized_similarity, workers=-1)
    truth = wd["truth_near"].to_numpy()
    same = truth[a] == truth[b]
    per = pd.DataFrame({"t": truth, "n": n}).groupby("t")["n"]
    total = float(((per.sum() ** 2 - per.apply(lambda x: (x ** 2).sum())) / 2).sum())
    wt = n[a] * n[b]
    out = {"wordings": len(wd), "same_template_cross_account_prompt_pairs": total}
    for name, sim, ths in (("idf_word_set_cosine", cos, (0.5, 0.6, 0.7, 0.8, 0.9)),
                           ("indel_word_sequence", ind, (0.6, 0.7, 0.75, 0.8, 0.85))):
        for th in ths:
            k = sim >= th
            tp, fp = wt[k & same].sum(), wt[k & ~same].sum()
            out[f"{name}>={th}"] = {"precision": round(float(tp / max(tp + fp, 1)), 3),
                                    "recall": round(float(tp / max(total, 1)), 3)}
    return out


def exact(n: int = 20_000, seed: int = 0) -> dict:
    """LSH families vs families from exact Jaccard of every skeleton pair, on the same skeletons.

    Both paths share masking, shingling and skeletons and the mode-seeking
    clustering; they differ in how similar skeleton pairs are found. Times of
    the pair search alone are taken by wrapping the functions that do it.
    """
    w = pdx.make_world(prompts_per_template=10, benign_prompts=5_000, seed=seed)
    df = w.prompts.sample(n=min(n, len(w.prompts)), random_state=seed).reset_index(drop=True)
    kw = _kw()
    timers = {"lsh": 0.0, "exact": 0.0}

    def timed(fn, key):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                timers[key] += time.perf_counter() - t0
        return wrapper

    orig = {name: getattr(P, name) for name in ("minhash", "_lsh_candidates", "_verify", "_exact_pairs")}
    try:
        for name in ("minhash", "_lsh_candidates", "_verify"):
            setattr(P, name, timed(orig[name], "lsh"))
        P._exact_pairs = timed(orig["_exact_pairs"], "exact")
        t = time.perf_counter()
        f_lsh, _ = P.template_families(df["prompt"], df["account"].to_numpy(), **kw)
        t_lsh = time.perf_counter() - t
        t = time.perf_counter()
        f_ex, fams_ex = P.template_families(df["prompt"], df["account"].to_numpy(), _exact=True, **kw)
        t_ex = time.perf_counter() - t
    finally:
        for name, fn in orig.items():
            setattr(P, name, fn)
    f_ex_truth = np.where(f_ex >= 0, f_ex, -1 - np.arange(len(f_ex)))  # "no family" = own class
    agree = pdx.pair_scores(f_ex_truth, f_lsh)
    return {"n_prompts": len(df), "n_skeletons": int(fams_ex["n_skeletons"].sum()), "load": _load(),
            "stage_seconds_lsh": round(t_lsh, 2), "stage_seconds_exact": round(t_ex, 2),
            "pair_search_seconds_lsh": round(timers["lsh"], 3), "pair_search_seconds_exact": round(timers["exact"], 3),
            "pair_search_speed_ratio": round(timers["exact"] / max(timers["lsh"], 1e-9), 2),
            "lsh_vs_exact_pair_precision": agree["precision"], "lsh_vs_exact_pair_recall": agree["recall"],
            "same_family_assignment": round(float(((f_ex >= 0) == (f_lsh >= 0)).mean()), 4),
            "exact_vs_truth_near": pdx.pair_scores(df["truth_near"].to_numpy(), f_ex),
            "lsh_vs_truth_near": pdx.pair_scores(df["truth_near"].to_numpy(), f_lsh)}


def _make_big(path: Path, n_target: int, seed: int) -> None:
    ppt = int(n_target * 0.9 / 2085)
    w = pdx.make_world(prompts_per_template=ppt, accounts_per_template=(3, 8), benign_prompts=n_target - ppt * 2085,
                       seed=seed)
    df = w.prompts
    rng = np.random.default_rng(seed)
    df["ts"] = 1_767_225_600 + rng.integers(0, 3 * 86400, len(df))
    df.to_parquet(path, index=False)


def _stage_worker(path: str, k: int, variant: str = "default") -> None:
    """Run in a fresh process: load the events, run the whole prompt stage (build), report time and peak RSS."""
    df = pd.read_parquet(path)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cfg = _cfg(variant)
    cfg.prompts.max_prompts_per_account_day = k
    ids, acc = np.unique(df["account"].to_numpy(), return_inverse=True)
    ev = pd.DataFrame({"acc": acc.astype(np.int32), "ts": df["ts"].to_numpy(np.int64), "prompt": df["prompt"]})
    ctx = LinkContext(events=ev, accounts=None, account_ids=ids, config=cfg)
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    P.build(ctx)
    dt = time.perf_counter() - t
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime  # all threads; less sensitive to load
    fam = ctx.artifacts["template_family"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # account-level recall: ring accounts that share a family with another account of their own template
    tpl = (df["source"] == "template").to_numpy() & (df["truth_near"].to_numpy() >= 0)
    g = pd.DataFrame({"t": df["truth_near"].to_numpy()[tpl], "a": df["account"].to_numpy()[tpl], "f": fam[tpl]})
    linked = g[g["f"] >= 0].drop_duplicates().groupby(["t", "f"])["a"].transform("size") >= 2
    linked_acc = g[g["f"] >= 0].drop_duplicates()[linked.to_numpy()]["a"].nunique()
    sampled = fam >= 0
    out = {"k_per_account_day": k, "variant": variant, "load": _load(), "threads": P._threads(cfg.prompts.threads),
           "n_prompts": len(df), "prompts_through_extraction": ctx.artifacts["prompts_sampled"],
           "seconds": round(dt, 2), "prompts_per_second": round(len(df) / dt), "cpu_seconds": round(cpu, 1),
           "peak_rss_gb": round(peak / 1e6, 2), "rss_after_load_gb": round(rss0 / 1e6, 2),
           "mean_chars": round(float(df["prompt"].str.len().mean()), 1),
           "ring_accounts_linked_by_own_template": round(linked_acc / g["a"].nunique(), 4),
           "n_families": int(len(ctx.artifacts["template_families"]))}
    out["pairs_truth_near"] = pdx.pair_scores(df["truth_near"].to_numpy(), fam)
    if k:
        # the same on the sampled events only (what the sample itself recovers)
        sidx = P.sample_per_account_day(acc, df["ts"].to_numpy(np.int64), k, cfg.prompts.seed)
        out["pairs_truth_near_sampled_events"] = pdx.pair_scores(df["truth_near"].to_numpy()[sidx], fam[sidx])
    out["share_with_family"] = round(float(sampled.mean()), 4)
    print(json.dumps(out))


def throughput(n: int = 1_000_000, seed: int = 0, ks=(0, 20, 5), variant: str = "default") -> dict:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"graphhunt_prompts_{n}_{seed}.parquet"
    if not path.exists():
        t = time.perf_counter()
        _make_big(path, n, seed)
        print(f"generated {path} in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    runs = []
    for k in ks:
        p = subprocess.run([sys.executable, __file__, "_worker", str(path), str(k), variant], capture_output=True,
                           text=True)
        if p.returncode:
            raise RuntimeError(p.stderr[-2000:])
        runs.append(json.loads(p.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), file=sys.stderr)
    return {"runs": runs}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "_worker":
        _stage_worker(argv[1], int(argv[2]), argv[3] if len(argv) > 3 else "default")
        return
    what = argv[0] if argv else "all"
    res = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    res["machine"] = f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB"
    if what in ("recovery", "all"):
        res["recovery"] = recovery()
        print(json.dumps(res["recovery"], indent=1))
    if what == "wordings":
        res["wordings"] = wordings()
        print(json.dumps(res["wordings"], indent=1))
    if what == "system":
        res["system"] = system_message()
        print(json.dumps(res["system"], indent=1))
    if what == "oracle":
        res["oracle"] = oracle()
        print(json.dumps(res["oracle"], indent=1))
    if what in ("exact", "all"):
        res["exact"] = exact()
        print(json.dumps(res["exact"], indent=1))
    if what in ("throughput", "all"):
        n = int(argv[1]) if len(argv) > 1 else 1_000_000
        ks = tuple(int(x) for x in argv[2].split(",")) if len(argv) > 2 else (0, 20, 5)
        variant = argv[3] if len(argv) > 3 else "default"
        key = "throughput" if variant == "default" else f"throughput/{variant}"
        res[key] = throughput(n, ks=ks, variant=variant)
        print(json.dumps(res[key], indent=1))
    res["config"] = _kw()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(res, indent=1, sort_keys=True))
    os.replace(tmp, RESULTS)


if __name__ == "__main__":
    main(sys.argv[1:])
